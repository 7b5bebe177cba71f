//! Instants shown in a person's own time zone. Formatting happens on the server (where the zone
//! database lives) so the browser bundle stays small and an island shows what its page showed.

/// `24 Nov 2026, 09:30 UTC`: for times shown without a viewer's zone (no zone database needed,
/// so the browser renders it the same way).
pub fn utc_label(instant: chrono::DateTime<chrono::Utc>) -> String {
    instant.format("%-d %b %Y, %H:%M UTC").to_string()
}

#[cfg(feature = "ssr")]
mod zoned {
    use std::str::FromStr;

    use chrono::{DateTime, Utc};
    use chrono_tz::Tz;

    /// A stored zone name as a zone; stored names are validated, so UTC is only a safety net.
    pub fn zone(name: &str) -> Tz {
        Tz::from_str(name).unwrap_or(Tz::UTC)
    }

    /// `09:30`
    pub fn time_label(instant: DateTime<Utc>, tz: Tz) -> String {
        instant.with_timezone(&tz).format("%H:%M").to_string()
    }

    /// `Tue 25 Nov 2025, 09:00–10:00 GMT`
    pub fn span_label(start: DateTime<Utc>, end: DateTime<Utc>, tz: Tz) -> String {
        let local_start = start.with_timezone(&tz);
        format!(
            "{}, {}–{} {}",
            local_start.format("%a %-d %b %Y"),
            local_start.format("%H:%M"),
            end.with_timezone(&tz).format("%H:%M"),
            local_start.format("%Z"),
        )
    }

    /// How `theirs` reads against `mine` at `now`: `4 h 45 min ahead of you`, `5 h behind you`,
    /// `the same time as you`.
    pub fn time_difference(mine: Tz, theirs: Tz, now: DateTime<Utc>) -> String {
        use chrono::Offset;
        let offset = |tz: Tz| i64::from(now.with_timezone(&tz).offset().fix().local_minus_utc()) / 60;
        let minutes = offset(theirs) - offset(mine);
        if minutes == 0 {
            return "the same time as you".to_owned();
        }
        let (hours, rest) = (minutes.abs() / 60, minutes.abs() % 60);
        let amount = match (hours, rest) {
            (0, m) => format!("{m} min"),
            (h, 0) => format!("{h} h"),
            (h, m) => format!("{h} h {m} min"),
        };
        format!("{amount} {} you", if minutes > 0 { "ahead of" } else { "behind" })
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use chrono::TimeZone;

        #[test]
        fn differences_read_as_words() {
            let now = Utc.with_ymd_and_hms(2026, 12, 1, 12, 0, 0).unwrap();
            let ny = zone("America/New_York");
            assert_eq!(time_difference(ny, zone("Asia/Kathmandu"), now), "10 h 45 min ahead of you");
            assert_eq!(time_difference(zone("Europe/London"), ny, now), "5 h behind you");
            assert_eq!(time_difference(ny, ny, now), "the same time as you");
        }

        #[test]
        fn spans_read_in_the_viewers_zone() {
            let start = Utc.with_ymd_and_hms(2025, 11, 25, 14, 0, 0).unwrap();
            let end = Utc.with_ymd_and_hms(2025, 11, 25, 15, 0, 0).unwrap();
            assert_eq!(span_label(start, end, zone("America/New_York")), "Tue 25 Nov 2025, 09:00–10:00 EST");
            assert_eq!(time_label(start, zone("Asia/Kolkata")), "19:30");
            assert_eq!(zone("Not/AZone"), Tz::UTC);
        }
    }
}

#[cfg(feature = "ssr")]
pub use zoned::*;
