//! Profile input rules. Every problem is collected so the form can show them all at once.

use std::str::FromStr;

use super::{Bio, Headline, MAX_MENTEES_LIMIT, MeetingPlace, ProfileInput, TAG_MAX_CHARS, TAGS_MAX};
use crate::auth::Role;
use crate::error::{AppError, FieldErrors};

pub const UNKNOWN_ZONE: &str = "Choose a time zone from the list, such as Europe/Berlin or America/New_York.";

/// A zone as typed into a form, in the IANA spelling when only the letter case differs
/// (`europe/berlin` → `Europe/Berlin`); anything else is returned trimmed, for the rules to refuse.
pub fn canonical_zone(typed: &str) -> String {
    let typed = crate::time_display::current_zone_name(typed.trim());
    if chrono_tz::Tz::from_str(typed).is_ok() {
        return typed.to_owned();
    }
    chrono_tz::TZ_VARIANTS
        .iter()
        .find(|tz| tz.name().eq_ignore_ascii_case(typed))
        .map_or_else(|| typed.to_owned(), |tz| tz.name().to_owned())
}

/// The zones a form offers, with their offset from UTC at `now`: every region's zones
/// (`Asia/Kathmandu`, …) and UTC, without the old aliases (`US/Eastern`, `Etc/GMT+5`).
pub fn zone_choices(now: chrono::DateTime<chrono::Utc>) -> Vec<(String, String)> {
    const REGIONS: [&str; 9] =
        ["Africa/", "America/", "Antarctica/", "Asia/", "Atlantic/", "Australia/", "Europe/", "Indian/", "Pacific/"];
    let mut zones: Vec<(String, String)> = chrono_tz::TZ_VARIANTS
        .iter()
        .map(|tz| tz.name())
        .filter(|name| *name == "UTC" || REGIONS.iter().any(|region| name.starts_with(region)))
        .map(|name| (name.to_owned(), super::service::current_utc_offset(name, now)))
        .collect();
    zones.sort();
    zones
}

/// A profile update that has passed every rule.
#[derive(Debug, Clone, PartialEq)]
pub struct CleanProfile {
    pub headline: Headline,
    pub bio: Bio,
    pub skills: Vec<String>,
    pub goals: Vec<String>,
    pub timezone: String,
    pub accepting_mentees: Option<bool>,
    pub max_mentees: Option<i32>,
    pub meeting_place: Option<MeetingPlace>,
}

pub fn profile(input: ProfileInput, role: Role) -> Result<CleanProfile, AppError> {
    let mut fields = FieldErrors::new();
    let headline =
        Headline::parse(&input.headline, "headline").map_err(|msg| fields.insert("headline".into(), msg)).ok();
    let bio = Bio::parse(&input.bio, "bio").map_err(|msg| fields.insert("bio".into(), msg)).ok();
    let skills = tags(&input.skills).map_err(|msg| fields.insert("skills".into(), msg)).ok();
    let goals = tags(&input.goals).map_err(|msg| fields.insert("goals".into(), msg)).ok();
    let timezone = input.timezone.trim().to_owned();
    if chrono_tz::Tz::from_str(&timezone).is_err() {
        fields.insert("timezone".into(), UNKNOWN_ZONE.into());
    }
    // Checked whoever sends it (the API promises 1 to 50), but only a mentor's is kept.
    if let Some(max) = input.max_mentees
        && !(1..=MAX_MENTEES_LIMIT).contains(&max)
    {
        fields.insert("max_mentees".into(), format!("Enter a number of mentees between 1 and {MAX_MENTEES_LIMIT}."));
    }
    let meeting_place = match input.meeting_place.as_deref() {
        Some(raw) => MeetingPlace::parse(raw).map_err(|msg| fields.insert("meeting_place".into(), msg)).ok(),
        None => None,
    };
    let (accepting_mentees, max_mentees, meeting_place) = if role == Role::Mentor {
        (input.accepting_mentees, input.max_mentees, meeting_place)
    } else {
        // Capacity settings and a meeting place mean nothing for mentees and admins; ignored.
        (None, None, None)
    };
    match (headline, bio, skills, goals, fields.is_empty()) {
        (Some(headline), Some(bio), Some(skills), Some(goals), true) => {
            Ok(CleanProfile { headline, bio, skills, goals, timezone, accepting_mentees, max_mentees, meeting_place })
        }
        _ => Err(AppError::invalid_fields(fields)),
    }
}

/// Trims, lower-cases and de-duplicates tags (keeping their order), and checks the limits.
pub fn tags(raw: &[String]) -> Result<Vec<String>, String> {
    let mut clean: Vec<String> = Vec::new();
    for tag in raw {
        let tag = tag.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
        if tag.is_empty() {
            continue;
        }
        if tag.chars().count() > TAG_MAX_CHARS {
            return Err(format!("Keep each tag to {TAG_MAX_CHARS} characters (\"{tag}\" is longer)."));
        }
        if tag.chars().any(char::is_control) {
            return Err("Tags cannot contain control characters.".into());
        }
        if !clean.contains(&tag) {
            clean.push(tag);
        }
    }
    if clean.len() > TAGS_MAX {
        return Err(format!("Use at most {TAGS_MAX} tags."));
    }
    Ok(clean)
}

#[cfg(test)]
mod zone_tests {
    use super::*;

    #[test]
    fn zones_are_taken_in_any_case_and_offered_with_their_offsets() {
        assert_eq!(canonical_zone(" europe/berlin "), "Europe/Berlin");
        assert_eq!(canonical_zone("ASIA/KATHMANDU"), "Asia/Kathmandu");
        assert_eq!(canonical_zone("Asia/Katmandu"), "Asia/Kathmandu");
        assert_eq!(canonical_zone("Moon/Base"), "Moon/Base");
        let now = chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 12, 1, 12, 0, 0).unwrap();
        let choices = zone_choices(now);
        assert!(choices.len() > 300, "every region's zones: {}", choices.len());
        assert!(choices.contains(&("Asia/Kathmandu".to_owned(), "UTC+05:45".to_owned())));
        assert!(choices.iter().all(|(name, _)| !name.starts_with("US/") && !name.starts_with("Etc/")));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> ProfileInput {
        ProfileInput {
            headline: "Staff engineer".into(),
            bio: "I like helping.".into(),
            skills: vec!["Rust".into(), " rust ".into(), "System   Design".into()],
            goals: vec![],
            timezone: "Europe/Berlin".into(),
            accepting_mentees: Some(true),
            max_mentees: Some(4),
            meeting_place: None,
        }
    }

    #[test]
    fn tags_are_normalised_and_deduplicated() {
        let clean = profile(input(), Role::Mentor).unwrap();
        assert_eq!(clean.skills, vec!["rust", "system design"]);
        assert_eq!(clean.max_mentees, Some(4));
    }

    #[test]
    fn bad_time_zone_and_long_fields_are_named() {
        let mut bad = input();
        bad.timezone = "Mars/Olympus".into();
        bad.headline = "h".repeat(crate::profiles::HEADLINE_MAX + 1);
        bad.bio = "b".repeat(crate::profiles::BIO_MAX + 1);
        bad.skills = (0..=TAGS_MAX).map(|i| format!("tag{i}")).collect();
        bad.max_mentees = Some(0);
        let fields = profile(bad, Role::Mentor).unwrap_err().fields();
        for field in ["timezone", "headline", "bio", "skills", "max_mentees"] {
            assert!(fields.contains_key(field), "{field} missing from {fields:?}");
        }
    }

    #[test]
    fn mentees_cannot_set_capacity() {
        let clean = profile(input(), Role::Mentee).unwrap();
        assert_eq!((clean.accepting_mentees, clean.max_mentees), (None, None));
    }
}
