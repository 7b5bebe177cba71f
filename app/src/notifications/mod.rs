//! In-app notifications: stored per user, created with the event they report (a request
//! received or decided, a session booked or cancelled, feedback received), shown with an unread
//! badge in the navigation and listed on their own page.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::pagination::Page;

pub mod pages;
pub mod server_fns;

#[cfg(feature = "ssr")]
pub mod service;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", derive(sqlx::Type, utoipa::ToSchema))]
#[cfg_attr(feature = "ssr", sqlx(type_name = "notification_kind", rename_all = "snake_case"))]
pub enum NotificationKind {
    RequestReceived,
    RequestAccepted,
    RequestDeclined,
    SessionBooked,
    SessionCancelled,
    FeedbackReceived,
    MentorshipEnded,
    MentorApproved,
    /// A matching round proposed a mentor for the mentee (the mentor decides).
    MatchProposed,
}

impl NotificationKind {
    /// The email that goes with a notice of this kind, if any (the member may switch it off).
    pub fn email_kind(self) -> Option<crate::mail::EmailKind> {
        use crate::mail::EmailKind;
        match self {
            NotificationKind::RequestReceived => Some(EmailKind::RequestReceived),
            NotificationKind::RequestAccepted => Some(EmailKind::RequestAccepted),
            NotificationKind::RequestDeclined => Some(EmailKind::RequestDeclined),
            NotificationKind::SessionBooked => Some(EmailKind::SessionBooked),
            NotificationKind::SessionCancelled => Some(EmailKind::SessionCancelled),
            NotificationKind::FeedbackReceived
            | NotificationKind::MentorshipEnded
            | NotificationKind::MentorApproved
            | NotificationKind::MatchProposed => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Notification {
    pub id: Uuid,
    pub kind: NotificationKind,
    pub message: String,
    /// The app page the notice is about, e.g. `/requests`.
    pub link: String,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
}

/// A page of notifications, newest first, with how many are unread in all.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NotificationList {
    pub unread: i64,
    #[serde(flatten)]
    pub page: Page<Notification>,
}
