//! Profiles: what mentors and mentees say about themselves, and the public mentor page.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::auth::User;

pub mod mentee_page;
pub mod pages;
pub mod server_fns;

#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod validate;

pub const HEADLINE_MAX: usize = 120;
pub const BIO_MAX: usize = 4000;

/// A profile's one-line headline, checked.
pub type Headline = crate::text::BoundedText<HEADLINE_MAX>;
/// A profile's bio, checked.
pub type Bio = crate::text::BoundedText<BIO_MAX>;
pub const MEETING_PLACE_MAX: usize = 300;

/// Where a mentor meets their mentees: a video link (`https://…`) or a place, in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MeetingPlace(crate::text::BoundedText<MEETING_PLACE_MAX>);

impl MeetingPlace {
    /// Trimmed; empty means "none". Something that starts like a link must be one whole
    /// `http(s)://` address (no spaces), so the app can offer it as a link.
    pub fn parse(raw: &str) -> Result<Self, String> {
        // Checked before trimming: a line break anywhere is refused, as the API schema says.
        if raw.chars().any(char::is_control) {
            return Err("Write the meeting place on one line.".into());
        }
        let text = crate::text::BoundedText::<MEETING_PLACE_MAX>::parse(raw, "meeting place")?;
        let lower = text.as_str().to_ascii_lowercase();
        let looks_like_link = lower.starts_with("http:") || lower.starts_with("https:") || lower.starts_with("www.");
        if looks_like_link && link_of(text.as_str()).is_none() {
            return Err("Write the whole link, starting with https:// and without spaces.".into());
        }
        Ok(Self(text))
    }

    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

/// The address when a meeting place is a video link (`https://…` without spaces).
pub fn link_of(place: &str) -> Option<&str> {
    let lower = place.to_ascii_lowercase();
    let rest = lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://"))?;
    (!rest.is_empty() && !place.contains(char::is_whitespace)).then_some(place)
}
pub const TAG_MAX_CHARS: usize = 40;
pub const TAGS_MAX: usize = 20;
pub const MAX_MENTEES_LIMIT: i32 = 50;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Profile {
    pub user_id: Uuid,
    pub headline: String,
    pub bio: String,
    /// Lower-case tags, e.g. `rust`, `system design`.
    pub skills: Vec<String>,
    /// Lower-case tags of what the person wants to learn or achieve.
    pub goals: Vec<String>,
    /// IANA time zone name, e.g. `Europe/Berlin`.
    pub timezone: String,
    /// Mentors only: whether new requests are welcome.
    pub accepting_mentees: bool,
    /// Mentors only: how many active mentees at most.
    pub max_mentees: i32,
    /// Mentors only: where sessions happen unless a session says otherwise — a video link or a
    /// place; empty when not set. Shown only to the mentor's session partners.
    pub meeting_place: String,
    pub updated_at: DateTime<Utc>,
}

/// What a user submits for their own profile. Mentor-only fields left out keep their value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ProfileInput {
    /// Up to 120 characters.
    #[serde(default)]
    #[cfg_attr(feature = "ssr", schema(max_length = 120, pattern = r"^[^\x00]*$"))]
    pub headline: String,
    /// Up to 4000 characters.
    #[serde(default)]
    #[cfg_attr(feature = "ssr", schema(max_length = 4000, pattern = r"^[^\x00]*$"))]
    pub bio: String,
    /// Up to 20 tags of up to 40 characters each (stored in lower case, duplicates dropped).
    #[serde(default)]
    #[cfg_attr(feature = "ssr", schema(schema_with = tags_schema))]
    pub skills: Vec<String>,
    /// Same rules as `skills`.
    #[serde(default)]
    #[cfg_attr(feature = "ssr", schema(schema_with = tags_schema))]
    pub goals: Vec<String>,
    #[cfg_attr(feature = "ssr", schema(schema_with = crate::openapi_schema::timezone))]
    pub timezone: String,
    /// Mentors only (ignored for others).
    #[serde(default)]
    pub accepting_mentees: Option<bool>,
    /// Mentors only (ignored for others): 1 to 50.
    #[serde(default, deserialize_with = "crate::whole_number::deserialize_option")]
    #[cfg_attr(feature = "ssr", schema(minimum = 1, maximum = 50))]
    pub max_mentees: Option<i32>,
    /// Mentors only (ignored for others; left out keeps it): a video link (`https://…`) or a
    /// place on one line, up to 300 characters; empty clears it.
    #[serde(default)]
    #[cfg_attr(feature = "ssr", schema(max_length = 300, pattern = r"^[^\x00-\x1f\x7f-\x9f]*$"))]
    pub meeting_place: Option<String>,
}

/// The signed-in user's account and profile together, for the edit page and `GET /me/profile`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MyProfile {
    pub user: User,
    pub profile: Profile,
}

/// A mentor as anyone may see them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MentorPublic {
    pub id: Uuid,
    pub name: String,
    pub headline: String,
    pub bio: String,
    pub skills: Vec<String>,
    pub timezone: String,
    /// The time zone's current offset from UTC, e.g. `UTC+02:00`.
    pub utc_offset: String,
    pub accepting_mentees: bool,
    pub max_mentees: i32,
    pub member_since: DateTime<Utc>,
    /// Mean rating, one decimal; absent until the first rating.
    pub rating_average: Option<f64>,
    pub rating_count: i32,
}

/// A mentee's profile as a mentor deciding on their request sees it (also the mentee themself
/// and admins): who they are, what they want, and when the two can meet.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MenteeProfile {
    pub id: Uuid,
    pub name: String,
    pub headline: String,
    pub bio: String,
    pub skills: Vec<String>,
    pub goals: Vec<String>,
    pub timezone: String,
    /// The time zone's current offset from UTC, e.g. `UTC+05:45`.
    pub utc_offset: String,
    /// Their clock against the viewer's, e.g. `4 h 45 min ahead of you`; absent for the mentee.
    pub time_difference: Option<String>,
    /// A mentor viewer's weekly hours over the next seven days that fall in the mentee's day
    /// (08:00–20:00 their time); empty for other viewers.
    pub shared_hours: Vec<SharedHours>,
    /// Whether the viewer keeps weekly hours at all (so an empty `shared_hours` can say why).
    pub viewer_has_hours: bool,
}

/// One stretch of time good for both, with its label in the viewer's zone.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SharedHours {
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// `Tue 1 Dec 2026, 09:00–15:00 EST`, in the viewer's zone.
    pub label: String,
}

/// Splits a comma-separated list typed into a form field into tags.
pub fn split_tags(raw: &str) -> Vec<String> {
    raw.split([',', '\n']).map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned).collect()
}

/// The zones a time zone field offers, each with its current offset from UTC.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ZoneChoices {
    pub zones: Vec<(String, String)>,
    /// The visitor's browser zone, when a cookie remembers it.
    pub browser: Option<String>,
}

/// Skills and goals in the OpenAPI document: up to 20 tags of up to 40 characters, no control
/// characters.
#[cfg(feature = "ssr")]
pub fn tags_schema() -> utoipa::openapi::schema::Array {
    use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, Type};
    ArrayBuilder::new()
        .items(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .max_length(Some(TAG_MAX_CHARS))
                .pattern(Some(crate::openapi_schema::NO_CONTROL_CHARACTERS)),
        )
        .max_items(Some(TAGS_MAX))
        .build()
}

#[cfg(test)]
mod meeting_place_tests {
    use super::{MeetingPlace, link_of};

    #[test]
    fn a_meeting_place_is_a_whole_link_or_words() {
        assert_eq!(
            MeetingPlace::parse("  https://meet.example.org/abc  ").unwrap().as_str(),
            "https://meet.example.org/abc"
        );
        assert_eq!(MeetingPlace::parse("Library, room 2").unwrap().as_str(), "Library, room 2");
        assert_eq!(MeetingPlace::parse("").unwrap().as_str(), "");
        for broken in ["https://", "https://meet example", "www.example.org", "http:/oops"] {
            assert!(MeetingPlace::parse(broken).is_err(), "{broken} is refused");
        }
        assert!(MeetingPlace::parse(&"x".repeat(301)).is_err());
        assert!(MeetingPlace::parse("Room\u{0}2").is_err());
        assert!(MeetingPlace::parse("Room 2\nupstairs").is_err());
        assert!(MeetingPlace::parse("Room 2\n").is_err());
        assert_eq!(link_of("HTTPS://Meet.Example.org/A"), Some("HTTPS://Meet.Example.org/A"));
        assert_eq!(link_of("javascript:alert(1)"), None);
        assert_eq!(link_of("Room 2"), None);
    }
}
