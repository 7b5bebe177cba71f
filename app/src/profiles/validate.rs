//! Profile input rules. Every problem is collected so the form can show them all at once.

use std::str::FromStr;

use super::{Bio, Headline, MAX_MENTEES_LIMIT, MeetingPlace, ProfileInput, TAG_MAX_CHARS, TAGS_MAX};
use crate::auth::Role;
use crate::error::{AppError, FieldErrors};

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
        fields.insert(
            "timezone".into(),
            "Choose a time zone from the list, such as Europe/Berlin or America/New_York.".into(),
        );
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
