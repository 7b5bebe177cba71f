//! The admins' matching rounds: a group of mentees placed with the mentors taking part by the
//! assignment with the highest total match score (`assignment`; the score is the one of
//! "Suggested for you", in words in `directory::score`), reviewed and edited, then published as
//! requests.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub mod pages;
pub mod server_fns;

#[cfg(feature = "ssr")]
pub mod assignment;
#[cfg(feature = "ssr")]
pub mod rounds;

/// The most mentees and mentors one round takes (the assignment of 1 000 × 300 takes a tenth of
/// a second; these bounds keep a round's pairs to a few million at most).
pub const MAX_ROUND_MENTEES: usize = 2_000;
pub const MAX_ROUND_MENTORS: usize = 1_000;

/// `POST /admin/rounds`: a new round and who takes part.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NewRound {
    /// 1 to 120 characters, e.g. "Spring cohort".
    pub name: String,
    /// The mentees to place (at most 2 000).
    pub mentee_ids: Vec<Uuid>,
    /// The mentors taking part (at most 1 000).
    pub mentor_ids: Vec<Uuid>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ssr", derive(sqlx::Type, utoipa::ToSchema))]
#[cfg_attr(feature = "ssr", sqlx(type_name = "round_status", rename_all = "lowercase"))]
pub enum RoundStatus {
    /// Pairs may be computed and edited.
    Draft,
    /// The pairs were sent as requests; the round is kept as it was.
    Published,
}

/// A member of a round.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RoundMember {
    pub id: Uuid,
    pub name: String,
    /// Mentors: the free places they have now (what the round may fill).
    pub free_places: Option<i32>,
}

/// A pair: a mentee and a mentor with their match score and its reasons.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RoundPair {
    pub mentee_id: Uuid,
    pub mentor_id: Uuid,
    pub score: i32,
    pub reasons: Vec<String>,
}

/// A mentee the round leaves without a mentor, and why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Unplaced {
    pub mentee_id: Uuid,
    pub reason: String,
}

/// `POST /admin/rounds/{id}/compute` and `PUT /admin/rounds/{id}/pairs`: the round's pairs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Assignment {
    pub pairs: Vec<RoundPair>,
    pub total_score: i64,
    pub unplaced: Vec<Unplaced>,
}

/// A "never pair these two" rule of a round.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Exclusion {
    pub mentee_id: Uuid,
    pub mentor_id: Uuid,
}

/// `PUT /admin/rounds/{id}/pairs`: the pairs as the admin wants them (each mentee at most once,
/// no mentor over their free places, only eligible pairs).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PairsInput {
    pub pairs: Vec<Exclusion>,
}

/// A round as `GET /admin/rounds/{id}` shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Round {
    pub id: Uuid,
    pub name: String,
    pub status: RoundStatus,
    pub created_at: DateTime<Utc>,
    /// When pairs were last proposed or edited; absent before the first compute.
    pub computed_at: Option<DateTime<Utc>>,
    pub published_at: Option<DateTime<Utc>>,
    pub mentees: Vec<RoundMember>,
    pub mentors: Vec<RoundMember>,
    pub exclusions: Vec<Exclusion>,
    pub assignment: Assignment,
    /// Once published: how many requests were sent.
    pub requests_sent: i64,
}

/// A round in the list of rounds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RoundSummary {
    pub id: Uuid,
    pub name: String,
    pub status: RoundStatus,
    pub created_at: DateTime<Utc>,
    pub mentees: i64,
    pub mentors: i64,
    pub pairs: i64,
}

/// `POST /admin/rounds/{id}/publish`: what publishing did.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Published {
    /// Requests sent, one per pair.
    pub requests_sent: i64,
    /// Pairs that could not be sent, with why (e.g. a request between them opened meanwhile).
    pub skipped: Vec<Unplaced>,
}
