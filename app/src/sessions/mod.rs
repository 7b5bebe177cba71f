//! Booked sessions between a mentee and their mentor: booking against the mentor's open slots,
//! cancelling before the start, upcoming and past lists, and calendar export.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub mod pages;
pub mod server_fns;

#[cfg(feature = "ssr")]
pub mod ics;
#[cfg(feature = "ssr")]
pub mod service;

pub const AGENDA_MAX: usize = 2000;
pub const CANCEL_REASON_MAX: usize = 1000;

/// What a session is to be about, checked.
pub type Agenda = crate::text::BoundedText<AGENDA_MAX>;
/// Why a session is cancelled (the other side reads it), checked.
pub type CancelReason = crate::text::BoundedText<CANCEL_REASON_MAX>;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ssr", derive(sqlx::Type, utoipa::ToSchema))]
#[cfg_attr(feature = "ssr", sqlx(type_name = "session_status", rename_all = "lowercase"))]
pub enum SessionStatus {
    Scheduled,
    Cancelled,
}

/// Which sessions to list: `upcoming` (the default: not yet ended, soonest first) or `past`
/// (ended, latest first).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum Scope {
    #[default]
    Upcoming,
    Past,
}

/// Which sessions a list shows; the sessions pages and the API's session lists all fill it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "ssr", into_params(parameter_in = Query))]
pub struct SessionListQuery {
    /// `upcoming` (default: not yet ended, soonest first) or `past` (ended, latest first).
    #[cfg_attr(feature = "ssr", param(inline))]
    pub scope: Option<Scope>,
}

/// A session as both of its participants see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Session {
    pub id: Uuid,
    pub mentorship_id: Uuid,
    pub mentor_id: Uuid,
    pub mentor_name: String,
    pub mentee_id: Uuid,
    pub mentee_name: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub duration_minutes: i32,
    pub agenda: String,
    pub status: SessionStatus,
    pub created_at: DateTime<Utc>,
    pub cancelled_at: Option<DateTime<Utc>>,
    pub cancelled_by: Option<Uuid>,
    pub cancel_reason: Option<String>,
    /// The mentee's rating, once given.
    pub rating: Option<i16>,
    /// Where the two meet: this session's own place, else the mentor's default (a video link or
    /// a place). Only in the members' own views; absent in the admin console.
    pub meeting_place: Option<String>,
}

/// What a mentee submits to book.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NewSession {
    pub mentor_id: Uuid,
    /// One of the mentor's open slots, RFC 3339.
    pub starts_at: DateTime<Utc>,
    /// 30, 45 or 60.
    #[cfg_attr(feature = "ssr", schema(schema_with = crate::availability::duration_schema))]
    #[serde(deserialize_with = "crate::whole_number::deserialize")]
    pub duration_minutes: u32,
    /// 1 to 2000 characters: what you would like to talk about.
    #[cfg_attr(feature = "ssr", schema(min_length = 1, max_length = 2000, pattern = r"^[^\x00]*[^\s\x00][^\x00]*$"))]
    pub agenda: String,
}

/// A session with what the viewer may do with it and its time in the viewer's zone.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SessionCard {
    pub session: Session,
    /// e.g. `Tue 25 Nov 2025, 09:00–10:00 GMT`.
    pub when: String,
    /// The other participant's name.
    pub with_name: String,
    pub with_id: Uuid,
    pub viewer_is_mentee: bool,
    pub can_cancel: bool,
    pub can_rate: bool,
    /// Its end is past (by the app clock): a scheduled session that ended took place.
    pub has_ended: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SessionsOverview {
    pub scope: Scope,
    pub timezone: String,
    pub page: crate::pagination::Page<SessionCard>,
}
