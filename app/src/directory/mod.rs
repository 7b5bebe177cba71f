//! The mentor directory: search by text and skill, filter by availability, sort, paginate.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub mod pages;
pub mod server_fns;

#[cfg(feature = "ssr")]
pub mod service;

/// How the directory orders mentors: `match` (default), `rating`, `newest` or `name`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
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
    pub fn as_str(self) -> &'static str {
        match self {
            SortOrder::Match => "match",
            SortOrder::Rating => "rating",
            SortOrder::Newest => "newest",
            SortOrder::Name => "name",
        }
    }
}

/// A directory search: the directory page and `GET /api/v1/mentors` both fill it from their
/// query strings, and `service::search` decides the defaults and refusals.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "ssr", into_params(parameter_in = Query))]
pub struct DirectoryQuery {
    /// Free text over name, headline, bio and skills (at most 100 characters).
    #[cfg_attr(feature = "ssr", param(pattern = r"^[^\x00]*$"))]
    pub q: Option<String>,
    /// One skill tag, e.g. `rust`.
    #[cfg_attr(feature = "ssr", param(pattern = r"^[^\x00]*$"))]
    pub skill: Option<String>,
    /// `true`: only mentors accepting mentees with a free place.
    #[serde(default)]
    pub accepting: bool,
    /// `true`: only mentors who keep weekly bookable hours.
    #[serde(default)]
    pub has_hours: bool,
    #[serde(default)]
    #[cfg_attr(feature = "ssr", param(inline))]
    pub sort: SortOrder,
    /// Page number, from 1 (at most 1 000 000).
    #[cfg_attr(feature = "ssr", param(minimum = 1, maximum = 1000000))]
    pub page: Option<u32>,
    /// Items per page, 1 to 100 (default 20).
    #[cfg_attr(feature = "ssr", param(minimum = 1, maximum = 100))]
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
    /// Accepting and below `max_mentees`: a request can be sent now (the database's
    /// `has_free_place` decides, the same rule that accepting a request checks).
    pub has_free_place: bool,
    /// Mean rating, one decimal; absent until the first rating.
    pub rating_average: Option<f64>,
    pub rating_count: i32,
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

/// The programme in numbers, for the landing page.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ProgrammeNumbers {
    /// Mentors a mentee can find now (listed), and of them those with a free place.
    pub listed_mentors: i64,
    pub mentors_with_room: i64,
    /// Sessions that took place (scheduled and ended).
    pub sessions_held: i64,
    /// Mean of all ratings, one decimal; absent before the first.
    pub rating_average: Option<f64>,
    pub rating_count: i64,
}
