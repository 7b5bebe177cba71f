//! The mentor directory: search by text and skill, filter by availability, sort, paginate.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub mod pages;
pub mod server_fns;

#[cfg(feature = "ssr")]
pub mod service;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SortOrder {
    /// Best text match first (with a search term); otherwise mentors with room first.
    #[default]
    Match,
    /// Highest rated first (see `service::RATING_ORDER`); unrated mentors last.
    Rating,
    Newest,
    Name,
}

impl SortOrder {
    pub fn parse(raw: &str) -> Option<Self> {
        match raw.trim() {
            "" | "match" => Some(SortOrder::Match),
            "rating" => Some(SortOrder::Rating),
            "newest" => Some(SortOrder::Newest),
            "name" => Some(SortOrder::Name),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            SortOrder::Match => "match",
            SortOrder::Rating => "rating",
            SortOrder::Newest => "newest",
            SortOrder::Name => "name",
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DirectoryQuery {
    pub q: Option<String>,
    pub skill: Option<String>,
    /// Only mentors who accept new mentees and have a free place.
    pub accepting: bool,
    /// Only mentors who keep weekly bookable hours.
    pub has_hours: bool,
    pub sort: SortOrder,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

/// A mentor as listed in the directory.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MentorCard {
    pub id: Uuid,
    pub name: String,
    pub headline: String,
    pub skills: Vec<String>,
    pub timezone: String,
    pub accepting_mentees: bool,
    pub max_mentees: i32,
    pub active_mentees: i64,
    /// Mean rating, one decimal; absent until the first rating.
    pub rating_average: Option<f64>,
    pub rating_count: i32,
}

impl MentorCard {
    pub fn has_room(&self) -> bool {
        self.accepting_mentees && self.active_mentees < i64::from(self.max_mentees)
    }
}

/// A mentor suggested to a mentee, with the goals the mentor's skills cover.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Suggestion {
    pub mentor: MentorCard,
    /// The mentee's goals that are among the mentor's skills.
    pub matched: Vec<String>,
    /// One line for people: "matches rust, system design".
    pub reason: String,
}

/// "matches a, b and c".
pub fn reason_for(matched: &[String]) -> String {
    match matched {
        [] => "has room for new mentees".to_owned(),
        [one] => format!("matches {one}"),
        [init @ .., last] => format!("matches {} and {last}", init.join(", ")),
    }
}
