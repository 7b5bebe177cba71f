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

    #[cfg(test)]
    mod tests {
        use super::*;
        use chrono::TimeZone;

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
