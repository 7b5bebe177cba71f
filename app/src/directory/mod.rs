//! The mentor directory: search by text and skill, filter by availability, sort, paginate.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub mod pages;
pub mod query_text;
pub mod score;
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
    /// Search words, as in a web search (at most 100 characters): every word counts, in any
    /// order and in any field (name, skills, headline, goals, bio); `"quoted words"` must appear
    /// together; `-word` or `-"some words"` leaves out mentors who mention them. Word forms
    /// match (`leads` finds `lead`), accents are ignored (`zoe` finds `Zoë`), and a misspelt
    /// word of four or more letters also finds the words it is one or two letters away from
    /// (`pyhton` finds `python`). Mentors matching more of the words come first; a match in
    /// the name or skills counts most, then the headline, then goals, then the bio.
    #[cfg_attr(feature = "ssr", param(pattern = r"^[^\x00]*$"))]
    pub q: Option<String>,
    /// Skill tags the mentor must all have, separated by commas, e.g. `rust,system design`.
    #[cfg_attr(feature = "ssr", param(pattern = r"^[^\x00]*$"))]
    pub skill: Option<String>,
    /// `true`: only mentors accepting mentees with a free place.
    #[serde(default)]
    pub accepting: bool,
    /// `true`: only mentors with at least 30 open minutes to book in the next 7 days.
    #[serde(default)]
    pub has_hours: bool,
    /// Only mentors whose time zone is at most this many hours from `tz` now (0 to 12).
    #[cfg_attr(feature = "ssr", param(minimum = 0, maximum = 12))]
    pub tz_within: Option<u32>,
    /// The IANA time zone `tz_within` measures from; default the caller's profile zone, or UTC.
    #[cfg_attr(feature = "ssr", param(pattern = r"^[^\x00]*$"))]
    pub tz: Option<String>,
    /// Only mentors whose average rating is at least this (1 to 5).
    #[cfg_attr(feature = "ssr", param(minimum = 1, maximum = 5))]
    pub min_rating: Option<f64>,
    #[serde(default)]
    #[cfg_attr(feature = "ssr", param(inline))]
    pub sort: SortOrder,
    /// `true`: also count the skills among all matching mentors (`facets`, at most 12). Off by
    /// default, as it costs a pass over every match.
    #[serde(default)]
    pub facets: bool,
    /// Page number, from 1 (at most 1 000 000).
    #[cfg_attr(feature = "ssr", param(minimum = 1, maximum = 1000000))]
    pub page: Option<u32>,
    /// Items per page, 1 to 100 (default 20).
    #[cfg_attr(feature = "ssr", param(minimum = 1, maximum = 100))]
    pub per_page: Option<u32>,
}

/// A piece of text that matched the search (`hit`) or not.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TextPart {
    pub text: String,
    pub hit: bool,
}

/// What of a mentor matched the search words, for highlighting on the card.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SearchMatch {
    /// The search terms (words or phrases, as typed) this mentor matched.
    pub terms: Vec<String>,
    /// The headline in parts, the matching words marked.
    pub headline: Vec<TextPart>,
    /// The mentor's skills that match.
    pub skills: Vec<String>,
    /// A short excerpt of the bio around the matching words, when the bio matches.
    pub bio: Vec<TextPart>,
}

/// A skill among the current results, with how many of them have it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SkillFacet {
    pub skill: String,
    pub mentors: i64,
}

/// One page of directory results.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DirectoryResults {
    pub items: Vec<MentorCard>,
    /// How many mentors match in all pages.
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
    /// With `facets=true`: the skills most common among all matching mentors (at most 12),
    /// most common first. Empty otherwise.
    pub facets: Vec<SkillFacet>,
}

impl DirectoryResults {
    pub fn total_pages(&self) -> u32 {
        (self.total.max(0) as u64).div_ceil(u64::from(self.per_page.max(1))) as u32
    }
}

/// The skill tags of `DirectoryQuery::skill`: split at commas, trimmed, lower-cased, no blanks
/// or repeats (as profiles store them).
pub fn skill_list(raw: Option<&str>) -> Vec<String> {
    let mut skills: Vec<String> = Vec::new();
    for tag in raw.unwrap_or_default().split(',') {
        let tag = tag.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
        if !tag.is_empty() && !skills.contains(&tag) {
            skills.push(tag);
        }
    }
    skills
}

/// `skill_list` written back for a URL.
pub fn skill_param(skills: &[String]) -> Option<String> {
    (!skills.is_empty()).then(|| skills.join(","))
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
    /// With search words: what matched. Absent without search words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matched: Option<SearchMatch>,
}

/// A mentor suggested to a mentee, with the match score and its reasons.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Suggestion {
    pub mentor: MentorCard,
    /// The mentee's goals that are among the mentor's skills.
    pub matched: Vec<String>,
    /// The match score in points (see `match_points` in the migrations: goals covered weigh
    /// most, then shared skills, time-zone distance, open hours this week, free places and
    /// rating).
    pub score: i32,
    /// What the score was made of, in words, most important first.
    pub reasons: Vec<String>,
    /// The reasons as one line for people: "Shares your goal system design; 2 h time-zone
    /// difference; Free this week".
    pub reason: String,
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
