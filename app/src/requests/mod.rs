//! Mentorship requests and mentorships: a mentee asks, the addressed mentor decides, an accepted
//! request becomes an active mentorship that either side can end.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[cfg(feature = "ssr")]
pub mod service;

pub const MESSAGE_MAX: usize = 2000;
pub const REASON_MAX: usize = 1000;

/// A request's message to the mentor, checked.
pub type RequestMessage = crate::text::BoundedText<MESSAGE_MAX>;
/// A mentor's optional reason for declining, checked.
pub type DeclineReason = crate::text::BoundedText<REASON_MAX>;
/// Why a member ended a mentorship (optional), checked; the other side reads it.
pub type EndReason = crate::text::BoundedText<REASON_MAX>;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ssr", derive(sqlx::Type, utoipa::ToSchema))]
#[cfg_attr(feature = "ssr", sqlx(type_name = "request_status", rename_all = "lowercase"))]
pub enum RequestStatus {
    Pending,
    Accepted,
    Declined,
    Cancelled,
}

impl RequestStatus {
    pub const ALL: [RequestStatus; 4] =
        [RequestStatus::Pending, RequestStatus::Accepted, RequestStatus::Declined, RequestStatus::Cancelled];

    pub fn as_str(self) -> &'static str {
        match self {
            RequestStatus::Pending => "pending",
            RequestStatus::Accepted => "accepted",
            RequestStatus::Declined => "declined",
            RequestStatus::Cancelled => "cancelled",
        }
    }
}

/// Which side of the requests to list: `incoming` (requests to you, as a mentor) or
/// `outgoing` (yours, as a mentee).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum Direction {
    Incoming,
    Outgoing,
}

/// Which requests a list shows. The requests page and `GET /api/v1/requests` both fill it
/// (from their query strings, by the same words), and `service::list` decides the defaults.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "ssr", into_params(parameter_in = Query))]
pub struct RequestListQuery {
    /// `incoming` (requests to you, as a mentor) or `outgoing` (yours, as a mentee). Defaults
    /// to the side that fits your role.
    #[cfg_attr(feature = "ssr", param(inline))]
    pub direction: Option<Direction>,
    /// Only requests in this status; all when left out.
    #[cfg_attr(feature = "ssr", param(inline))]
    pub status: Option<RequestStatus>,
}

/// A request with both people's names, as both sides see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MentorshipRequest {
    pub id: Uuid,
    pub mentee_id: Uuid,
    pub mentee_name: String,
    pub mentor_id: Uuid,
    pub mentor_name: String,
    pub message: String,
    pub status: RequestStatus,
    pub decision_reason: Option<String>,
    pub created_at: DateTime<Utc>,
    pub decided_at: Option<DateTime<Utc>>,
}

/// Per-status counts for the inbox/outbox filter tabs.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct StatusCounts {
    pub pending: i64,
    pub accepted: i64,
    pub declined: i64,
    pub cancelled: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Mentorship {
    pub id: Uuid,
    pub request_id: Uuid,
    pub mentor_id: Uuid,
    pub mentor_name: String,
    pub mentee_id: Uuid,
    pub mentee_name: String,
    pub started_at: DateTime<Utc>,
    pub ended_at: Option<DateTime<Utc>>,
    /// Why it was ended, when the member who ended it said.
    pub end_reason: Option<String>,
}

/// What ending a mentorship would do, shown before the member confirms.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EndPreview {
    pub mentorship: Mentorship,
    /// The sessions still to come that ending cancels, each as a time span in the viewer's zone.
    pub upcoming_sessions: Vec<String>,
}

pub mod pages;
pub mod server_fns;

/// What the viewer of a mentor's page can do about a request, for the button's state.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RequestAbility {
    SignInFirst,
    /// Mentors and admins do not send requests.
    NotAMentee,
    CanRequest,
    Pending {
        request_id: Uuid,
    },
    Paired,
    NotAccepting,
    Full,
}

/// One side's requests with its per-status counts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RequestsOverview {
    pub direction: Direction,
    pub page: crate::pagination::Page<MentorshipRequest>,
    pub counts: StatusCounts,
}
