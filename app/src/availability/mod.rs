//! Weekly availability: mentors keep blocks of local wall-clock time per weekday, in their own
//! time zone, plus whole days off. `slots` turns them into concrete bookable UTC instants.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub mod pages;
pub mod server_fns;

#[cfg(feature = "ssr")]
pub mod overlap;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod slots;
#[cfg(feature = "ssr")]
pub mod validate;

/// Session lengths a mentee may book, in minutes.
pub const DURATIONS: [u32; 3] = [30, 45, 60];
/// Bookable starts are this far apart inside a block, counted from the block's start.
pub const SLOT_STEP_MINUTES: u32 = 30;
/// Block edges must fall on this grid (09:00, 09:15, …).
pub const BLOCK_GRID_MINUTES: u32 = 15;
/// A session must be booked at least this long before it starts.
pub const MIN_NOTICE_HOURS: i64 = 12;
/// … and starts no further ahead than this.
pub const HORIZON_DAYS: i64 = 56;
pub const MAX_BLOCKS: usize = 70;
pub const MAX_DAYS_OFF: usize = 366;

pub const WEEKDAY_NAMES: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/// One weekly block as the API and the form carry it: ISO weekday (1 = Monday … 7 = Sunday) and
/// local times `HH:MM`; `end` may be `24:00`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct WeeklyBlock {
    /// 1 (Monday) to 7 (Sunday).
    #[cfg_attr(feature = "ssr", schema(minimum = 1, maximum = 7))]
    #[serde(deserialize_with = "crate::whole_number::deserialize")]
    pub weekday: u8,
    /// `HH:MM` on the quarter hour.
    #[cfg_attr(feature = "ssr", schema(pattern = r"^([01][0-9]|2[0-3]):(00|15|30|45)$"))]
    pub start: String,
    /// `HH:MM` on the quarter hour, after `start`; `24:00` (or `00:00`) is midnight.
    #[cfg_attr(feature = "ssr", schema(pattern = r"^(([01][0-9]|2[0-3]):(00|15|30|45)|24:00)$"))]
    pub end: String,
}

/// A mentor's whole weekly set, as shown and as replaced by `PUT /me/availability`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Availability {
    /// The mentor's IANA time zone (from the profile); every time here is local to it.
    #[serde(default)]
    pub timezone: String,
    /// At most 70 blocks; blocks of one day must not overlap.
    #[serde(default)]
    #[cfg_attr(feature = "ssr", schema(max_items = 70))]
    pub blocks: Vec<WeeklyBlock>,
    /// Local dates `YYYY-MM-DD` without any slots.
    #[serde(default)]
    #[cfg_attr(feature = "ssr", schema(value_type = Vec<chrono::NaiveDate>, max_items = 366))]
    pub days_off: Vec<String>,
}

/// Open start times of one mentor, grouped by the viewer's local date for the slot picker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SlotDay {
    /// `YYYY-MM-DD` in the viewer's time zone.
    pub date: String,
    /// e.g. `Tue 25 Nov`.
    pub label: String,
    pub slots: Vec<SlotChoice>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SlotChoice {
    pub starts_at: DateTime<Utc>,
    /// Local time in the viewer's zone, e.g. `09:30`.
    pub label: String,
}

/// Everything the booking page needs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BookingOptions {
    pub mentor_id: Uuid,
    pub mentor_name: String,
    pub mentor_timezone: String,
    /// The zone the times are shown in: the viewer's profile zone.
    pub viewer_timezone: String,
    pub duration_minutes: u32,
    /// Why the viewer cannot book, when they cannot (not signed in, no active mentorship).
    pub cannot_book: Option<String>,
    /// First day of the week shown, `YYYY-MM-DD` in the viewer's zone, and the neighbours.
    pub week_start: String,
    pub previous_week: Option<String>,
    pub next_week: Option<String>,
    pub days: Vec<SlotDay>,
}

/// Whether an instant is in the years this app can reason about (1–9999). Far outside them,
/// date arithmetic overflows and PostgreSQL refuses the value, so such input is refused early.
pub fn plausible_instant(instant: DateTime<Utc>) -> bool {
    use chrono::Datelike;
    (1..=9999).contains(&instant.year())
}

/// An instant given as an RFC 3339 time or as a `YYYY-MM-DD` date (its midnight UTC), in the
/// years 1–9999: the slot listing's `from` and `to`. Deserialising is the check, so a handler
/// receives an instant or the request is refused with a 400 saying what was expected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateOrInstant(DateTime<Utc>);

impl DateOrInstant {
    pub fn instant(self) -> DateTime<Utc> {
        self.0
    }

    pub fn parse(raw: &str) -> Option<Self> {
        let raw = raw.trim();
        DateTime::parse_from_rfc3339(raw)
            .map(|instant| instant.to_utc())
            .ok()
            .or_else(|| {
                chrono::NaiveDate::parse_from_str(raw, "%Y-%m-%d")
                    .ok()
                    .and_then(|date| date.and_hms_opt(0, 0, 0))
                    .map(|midnight| midnight.and_utc())
            })
            .filter(|instant| plausible_instant(*instant))
            .map(Self)
    }
}

impl<'de> Deserialize<'de> for DateOrInstant {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(deserializer)?;
        Self::parse(&raw).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "expected an RFC 3339 time or a YYYY-MM-DD date between the years 1 and 9999, not `{}`",
                raw.trim()
            ))
        })
    }
}

/// `HH:MM` for minutes after local midnight (1440 → `24:00`).
pub fn format_minutes(minutes: u32) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// Minutes after local midnight for `HH:MM` (or `HH:MM:SS` with zero seconds); `24:00` allowed.
pub fn parse_minutes(raw: &str) -> Option<u32> {
    let raw = raw.trim();
    let raw = raw.strip_suffix(":00").filter(|r| r.len() == 5).unwrap_or(raw);
    let (hours, minutes) = raw.split_once(':')?;
    if hours.len() != 2 || minutes.len() != 2 {
        return None;
    }
    let (hours, minutes): (u32, u32) = (hours.parse().ok()?, minutes.parse().ok()?);
    match (hours, minutes) {
        (24, 0) => Some(1440),
        (0..=23, 0..=59) => Some(hours * 60 + minutes),
        _ => None,
    }
}

/// The session lengths one can book, as an OpenAPI enum (the API refuses any other).
#[cfg(feature = "ssr")]
pub fn duration_schema() -> utoipa::openapi::schema::Object {
    use utoipa::openapi::schema::{ObjectBuilder, Type};
    ObjectBuilder::new()
        .schema_type(Type::Integer)
        .enum_values(Some(DURATIONS.iter().copied()))
        .description(Some("Minutes: 30, 45 or 60."))
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_times_round_trip() {
        assert_eq!(parse_minutes("09:30"), Some(570));
        assert_eq!(parse_minutes("24:00"), Some(1440));
        assert_eq!(parse_minutes("09:30:00"), Some(570));
        assert_eq!(parse_minutes("24:30"), None);
        assert_eq!(parse_minutes("9:30"), None);
        assert_eq!(parse_minutes("ab:cd"), None);
        assert_eq!(format_minutes(1440), "24:00");
        assert_eq!(format_minutes(545), "09:05");
    }
}
