//! One session as an iCalendar (RFC 5545) file for "Add to calendar".

use chrono::{DateTime, Utc};

use super::{Session, SessionStatus};

pub fn calendar(session: &Session, now: DateTime<Utc>) -> String {
    let (status, sequence) = match session.status {
        SessionStatus::Scheduled => ("CONFIRMED", 0),
        SessionStatus::Cancelled => ("CANCELLED", 1),
    };
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        "PRODID:-//Mentorship Pairing Platform//Sessions//EN".to_owned(),
        "CALSCALE:GREGORIAN".to_owned(),
        "METHOD:PUBLISH".to_owned(),
        "BEGIN:VEVENT".to_owned(),
        format!("UID:{}@mentorship-pairing-platform", session.id),
        format!("DTSTAMP:{}", stamp(now)),
        format!("DTSTART:{}", stamp(session.starts_at)),
        format!("DTEND:{}", stamp(session.ends_at)),
        format!("SUMMARY:{}", escape(&format!("Mentoring: {} and {}", session.mentor_name, session.mentee_name))),
        format!("DESCRIPTION:{}", escape(&session.agenda)),
    ];
    // Where the pair meets: every calendar shows LOCATION; a video link is also the event's URL.
    if let Some(place) = session.meeting_place.as_deref() {
        lines.push(format!("LOCATION:{}", escape(place)));
        if let Some(link) = crate::profiles::link_of(place) {
            lines.push(format!("URL:{link}"));
        }
    }
    lines.extend([
        format!("STATUS:{status}"),
        format!("SEQUENCE:{sequence}"),
        "END:VEVENT".to_owned(),
        "END:VCALENDAR".to_owned(),
    ]);
    lines.iter().map(|line| fold(line)).collect::<Vec<_>>().join("\r\n") + "\r\n"
}

fn stamp(instant: DateTime<Utc>) -> String {
    instant.format("%Y%m%dT%H%M%SZ").to_string()
}

/// TEXT values escape backslashes, separators and line breaks.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            other => out.push(other),
        }
    }
    out
}

/// Lines longer than 75 octets continue on the next line after a space, never inside a
/// UTF-8 character.
fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3);
    let mut octets_on_line = 0;
    for ch in line.chars() {
        if octets_on_line + ch.len_utf8() > 75 {
            out.push_str("\r\n ");
            octets_on_line = 1;
        }
        out.push(ch);
        octets_on_line += ch.len_utf8();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn session(agenda: &str) -> Session {
        Session {
            id: uuid::Uuid::nil(),
            mentorship_id: uuid::Uuid::nil(),
            mentor_id: uuid::Uuid::nil(),
            mentor_name: "Grace".into(),
            mentee_id: uuid::Uuid::nil(),
            mentee_name: "Ada".into(),
            starts_at: Utc.with_ymd_and_hms(2025, 11, 25, 14, 0, 0).unwrap(),
            ends_at: Utc.with_ymd_and_hms(2025, 11, 25, 15, 0, 0).unwrap(),
            duration_minutes: 60,
            agenda: agenda.into(),
            status: SessionStatus::Scheduled,
            created_at: Utc::now(),
            cancelled_at: None,
            cancelled_by: None,
            cancel_reason: None,
            rating: None,
            meeting_place: None,
        }
    }

    #[test]
    fn the_meeting_place_is_the_location_and_a_link_also_the_url() {
        let now = Utc.with_ymd_and_hms(2025, 11, 1, 0, 0, 0).unwrap();
        let mut online = session("Talk");
        online.meeting_place = Some("https://meet.example.org/grace-ada".into());
        let text = calendar(&online, now);
        assert!(text.contains("\r\nLOCATION:https://meet.example.org/grace-ada\r\n"));
        assert!(text.contains("\r\nURL:https://meet.example.org/grace-ada\r\n"));
        let mut room = session("Talk");
        room.meeting_place = Some("Library, room 2; by the window".into());
        let text = calendar(&room, now);
        assert!(text.contains("\r\nLOCATION:Library\\, room 2\\; by the window\r\n"));
        assert!(!text.contains("URL:"));
        assert!(!calendar(&session("Talk"), now).contains("LOCATION:"));
    }

    #[test]
    fn an_event_with_utc_times_and_escaped_text() {
        let text =
            calendar(&session("Career; next steps,\nand Rust\\"), Utc.with_ymd_and_hms(2025, 11, 1, 0, 0, 0).unwrap());
        assert!(text.starts_with("BEGIN:VCALENDAR\r\n"));
        assert!(text.ends_with("END:VCALENDAR\r\n"));
        assert!(text.contains("\r\nDTSTART:20251125T140000Z\r\n"));
        assert!(text.contains("\r\nDTEND:20251125T150000Z\r\n"));
        assert!(text.contains("\r\nDESCRIPTION:Career\\; next steps\\,\\nand Rust\\\\\r\n"));
        assert!(text.contains("STATUS:CONFIRMED"));
    }

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_characters() {
        let text = calendar(&session(&"é".repeat(100)), Utc::now());
        for line in text.split("\r\n") {
            assert!(line.len() <= 75, "{line:?} is {} octets", line.len());
        }
        let unfolded = text.replace("\r\n ", "");
        assert!(unfolded.contains(&format!("DESCRIPTION:{}", "é".repeat(100))));
    }
}
