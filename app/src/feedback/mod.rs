//! Feedback: after a session has ended its mentee rates it 1–5 with a comment, once; the
//! ratings make up the mentor's average and appear on the mentor page.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::pagination::Page;

pub mod pages;
pub mod server_fns;

#[cfg(feature = "ssr")]
pub mod service;

pub const COMMENT_MAX: usize = 2000;

/// A rating's optional comment, checked.
pub type Comment = crate::text::BoundedText<COMMENT_MAX>;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FeedbackInput {
    /// 1 (poor) to 5 (excellent).
    #[cfg_attr(feature = "ssr", schema(minimum = 1, maximum = 5))]
    #[serde(deserialize_with = "crate::whole_number::deserialize")]
    pub rating: i64,
    /// Optional, up to 2000 characters.
    #[serde(default)]
    #[cfg_attr(feature = "ssr", schema(max_length = 2000, pattern = r"^[^\x00]*$"))]
    pub comment: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Feedback {
    pub session_id: Uuid,
    pub mentor_id: Uuid,
    pub mentee_id: Uuid,
    pub rating: i16,
    pub comment: String,
    pub created_at: DateTime<Utc>,
}

/// One comment as shown on the mentor page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FeedbackComment {
    pub rating: i16,
    pub comment: String,
    /// First name and initial ("Ada L."); the full name only when the mentor themself or an
    /// admin asks.
    pub mentee_name: String,
    pub created_at: DateTime<Utc>,
}

/// How a mentee is named in public: first name and the initial of the last ("Ada L."), the one
/// name someone gave, or "A mentee" for none.
pub fn public_name(full: &str) -> String {
    let mut words = full.split_whitespace();
    match (words.next(), words.next_back()) {
        (None, _) => "A mentee".to_owned(),
        (Some(first), None) => first.to_owned(),
        (Some(first), Some(last)) => format!("{first} {}.", last.chars().next().unwrap_or_default()),
    }
}

/// A mentor's ratings at a glance.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RatingSummary {
    /// Mean rating, one decimal; absent until the first rating.
    pub average: Option<f64>,
    pub count: i64,
    /// How many ratings of 1, 2, 3, 4 and 5 (index 0 is 1 star).
    pub distribution: Vec<i64>,
}

/// `GET /mentors/{id}/feedback`: the summary and a page of comments, newest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MentorFeedback {
    pub summary: RatingSummary,
    pub comments: Page<FeedbackComment>,
}

#[cfg(test)]
mod tests {
    #[test]
    fn public_names_keep_the_first_name_and_an_initial() {
        assert_eq!(super::public_name("Ada King Lovelace"), "Ada L.");
        assert_eq!(super::public_name("  Zoë   Ångström "), "Zoë Å.");
        assert_eq!(super::public_name("Cher"), "Cher");
        assert_eq!(super::public_name("   "), "A mentee");
    }
}
