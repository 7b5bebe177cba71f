//! Instants shown in a person's own time zone. Formatting happens on the server (where the zone
//! database lives) so the browser bundle stays small and an island shows what its page showed.

/// `24 Nov 2026, 09:30 UTC`: for times shown without a viewer's zone (no zone database needed,
/// so the browser renders it the same way).
pub fn utc_label(instant: chrono::DateTime<chrono::Utc>) -> String {
    instant.format("%-d %b %Y, %H:%M UTC").to_string()
}

/// An instant as the page shows it to a viewer in `zone` (an IANA name): `Tue 1 Dec 2026, 09:30
/// EST`. Pages render on the server, which has the zone database; the browser build has none
/// and falls back to UTC, named as such (islands get their times pre-formatted instead).
pub fn at(instant: chrono::DateTime<chrono::Utc>, zone_name: &str) -> String {
    #[cfg(feature = "ssr")]
    {
        zoned::moment_label(instant, zoned::zone(zone_name))
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = zone_name;
        utc_label(instant)
    }
}

/// The day of an instant for a viewer in `zone`: `Tue 25 Nov` (this year's) or `Tue 25 Nov 2025`.
/// Like `at`, formatted on the server; the browser build falls back to the UTC day.
pub fn day_at(instant: chrono::DateTime<chrono::Utc>, zone_name: &str, now: chrono::DateTime<chrono::Utc>) -> String {
    use chrono::Datelike;
    #[cfg(feature = "ssr")]
    let (local, today) = {
        let tz = zoned::zone(zone_name);
        (instant.with_timezone(&tz).naive_local(), now.with_timezone(&tz).naive_local())
    };
    #[cfg(not(feature = "ssr"))]
    let (local, today) = {
        let _ = zone_name;
        (instant.naive_utc(), now.naive_utc())
    };
    if local.year() == today.year() {
        local.format("%a %-d %b").to_string()
    } else {
        local.format("%a %-d %b %Y").to_string()
    }
}

/// Old zone names browsers still report (ICU keeps them; `Asia/Katmandu` in Chromium) and the
/// IANA names the app shows and stores instead.
const LEGACY_ZONES: [(&str, &str); 20] = [
    ("Asia/Calcutta", "Asia/Kolkata"),
    ("Asia/Katmandu", "Asia/Kathmandu"),
    ("Asia/Saigon", "Asia/Ho_Chi_Minh"),
    ("Asia/Rangoon", "Asia/Yangon"),
    ("Asia/Dacca", "Asia/Dhaka"),
    ("Asia/Ulan_Bator", "Asia/Ulaanbaatar"),
    ("Europe/Kiev", "Europe/Kyiv"),
    ("Atlantic/Faeroe", "Atlantic/Faroe"),
    ("America/Buenos_Aires", "America/Argentina/Buenos_Aires"),
    ("America/Catamarca", "America/Argentina/Catamarca"),
    ("America/Cordoba", "America/Argentina/Cordoba"),
    ("America/Jujuy", "America/Argentina/Jujuy"),
    ("America/Mendoza", "America/Argentina/Mendoza"),
    ("America/Indianapolis", "America/Indiana/Indianapolis"),
    ("America/Louisville", "America/Kentucky/Louisville"),
    ("America/Godthab", "America/Nuuk"),
    ("Pacific/Ponape", "Pacific/Pohnpei"),
    ("Pacific/Truk", "Pacific/Chuuk"),
    ("Pacific/Enderbury", "Pacific/Kanton"),
    ("Etc/UTC", "UTC"),
];

/// A zone name in its current IANA spelling (`Asia/Katmandu` → `Asia/Kathmandu`).
pub fn current_zone_name(name: &str) -> &str {
    LEGACY_ZONES.iter().find(|(old, _)| *old == name).map_or(name, |(_, new)| new)
}

/// The name of the cookie that remembers a visitor's browser time zone, so pages rendered on
/// the server show times in it (see `ui::app::HydratedMarker`).
pub const BROWSER_ZONE_COOKIE: &str = "tz";

// Three lines of JavaScript instead of the generated Intl and Document bindings, which cost
// every page's main module about 20 KB (bench/first-visit.sh).
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen(inline_js = "
export function browserZone() { try { return Intl.DateTimeFormat().resolvedOptions().timeZone || ''; } catch (e) { return ''; } }
export function documentCookie() { return document.cookie; }
export function setDocumentCookie(value) { document.cookie = value; }
")]
extern "C" {
    #[wasm_bindgen(js_name = browserZone)]
    fn browser_zone_js() -> String;
    #[wasm_bindgen(js_name = documentCookie)]
    fn document_cookie() -> String;
    #[wasm_bindgen(js_name = setDocumentCookie)]
    fn set_document_cookie(value: &str);
}

/// The browser's IANA time zone (`Intl.DateTimeFormat().resolvedOptions().timeZone`).
#[cfg(feature = "hydrate")]
pub fn browser_zone() -> Option<String> {
    let zone = browser_zone_js();
    (!zone.is_empty()).then(|| current_zone_name(&zone).to_owned())
}

/// Stores the browser's zone in its cookie (a year, whole site) unless it is already there.
#[cfg(feature = "hydrate")]
pub fn remember_browser_zone() {
    let Some(zone) = browser_zone() else { return };
    // IANA names are letters, digits and `/_+-`: all fine in a cookie value as they are.
    let pair = format!("{BROWSER_ZONE_COOKIE}={zone}");
    if document_cookie().split(';').any(|existing| existing.trim() == pair) {
        return;
    }
    set_document_cookie(&format!("{pair}; path=/; max-age=31536000; samesite=lax"));
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

    /// `Tue 1 Dec 2026, 09:30 EST`
    pub fn moment_label(instant: DateTime<Utc>, tz: Tz) -> String {
        instant.with_timezone(&tz).format("%a %-d %b %Y, %H:%M %Z").to_string()
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
            assert_eq!(moment_label(start, zone("Asia/Kathmandu")), "Tue 25 Nov 2025, 19:45 +0545");
            assert_eq!(super::super::at(start, "America/New_York"), "Tue 25 Nov 2025, 09:00 EST");
            let late = Utc.with_ymd_and_hms(2025, 11, 25, 23, 30, 0).unwrap();
            assert_eq!(super::super::day_at(late, "Asia/Tokyo", start), "Wed 26 Nov");
            assert_eq!(super::super::day_at(late, "UTC", start + chrono::Duration::days(400)), "Tue 25 Nov 2025");
            assert_eq!(zone("Not/AZone"), Tz::UTC);
            assert_eq!(super::super::current_zone_name("Asia/Katmandu"), "Asia/Kathmandu");
            assert_eq!(super::super::current_zone_name("Europe/Berlin"), "Europe/Berlin");
            // Every replacement is a zone the server knows.
            for (_, new) in super::super::LEGACY_ZONES {
                assert!(new.parse::<Tz>().is_ok(), "{new}");
            }
        }
    }
}

#[cfg(feature = "ssr")]
pub use zoned::*;
