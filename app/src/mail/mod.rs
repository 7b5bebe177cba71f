//! Email: messages written to an outbox in the same transaction as the event that causes them
//! (a worker in the server sends them over SMTP, retrying), the members' email preferences with
//! one-click unsubscribe links, and the admin's view of the outbox.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub mod pages;
pub mod server_fns;

#[cfg(feature = "ssr")]
pub mod compose;
#[cfg(feature = "ssr")]
pub mod outbox;
#[cfg(feature = "ssr")]
pub mod preferences;
#[cfg(feature = "ssr")]
pub mod schedule;
#[cfg(feature = "ssr")]
pub mod settings;

/// The kinds of notification email a member can switch off, one by one. Account mail (reset
/// links, email change) always goes out; in-app notices always stay on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EmailKind {
    RequestReceived,
    RequestAccepted,
    RequestDeclined,
    SessionBooked,
    SessionCancelled,
    SessionReminder,
    RateSession,
}

impl EmailKind {
    pub const ALL: [EmailKind; 7] = [
        EmailKind::RequestReceived,
        EmailKind::RequestAccepted,
        EmailKind::RequestDeclined,
        EmailKind::SessionBooked,
        EmailKind::SessionCancelled,
        EmailKind::SessionReminder,
        EmailKind::RateSession,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EmailKind::RequestReceived => "request_received",
            EmailKind::RequestAccepted => "request_accepted",
            EmailKind::RequestDeclined => "request_declined",
            EmailKind::SessionBooked => "session_booked",
            EmailKind::SessionCancelled => "session_cancelled",
            EmailKind::SessionReminder => "session_reminder",
            EmailKind::RateSession => "rate_session",
        }
    }

    pub fn parse(value: &str) -> Option<EmailKind> {
        EmailKind::ALL.into_iter().find(|kind| kind.as_str() == value)
    }

    /// What the setting reads like on the settings page.
    pub fn label(self) -> &'static str {
        match self {
            EmailKind::RequestReceived => "A mentee asks me for mentorship",
            EmailKind::RequestAccepted => "A mentor accepts my request",
            EmailKind::RequestDeclined => "A mentor declines my request",
            EmailKind::SessionBooked => "A session with me is booked",
            EmailKind::SessionCancelled => "A session with me is cancelled",
            EmailKind::SessionReminder => "A reminder 24 hours before a session",
            EmailKind::RateSession => "An invitation to rate a session after it ends",
        }
    }
}

/// Which notification emails a member receives (`true`: sent). The body of
/// `GET|PUT /api/v1/me/notification-preferences`; in a PUT, kinds left out stay as they are.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NotificationPreferences {
    pub request_received: bool,
    pub request_accepted: bool,
    pub request_declined: bool,
    pub session_booked: bool,
    pub session_cancelled: bool,
    pub session_reminder: bool,
    pub rate_session: bool,
}

impl NotificationPreferences {
    pub fn get(&self, kind: EmailKind) -> bool {
        match kind {
            EmailKind::RequestReceived => self.request_received,
            EmailKind::RequestAccepted => self.request_accepted,
            EmailKind::RequestDeclined => self.request_declined,
            EmailKind::SessionBooked => self.session_booked,
            EmailKind::SessionCancelled => self.session_cancelled,
            EmailKind::SessionReminder => self.session_reminder,
            EmailKind::RateSession => self.rate_session,
        }
    }

    pub fn set(&mut self, kind: EmailKind, on: bool) {
        let slot = match kind {
            EmailKind::RequestReceived => &mut self.request_received,
            EmailKind::RequestAccepted => &mut self.request_accepted,
            EmailKind::RequestDeclined => &mut self.request_declined,
            EmailKind::SessionBooked => &mut self.session_booked,
            EmailKind::SessionCancelled => &mut self.session_cancelled,
            EmailKind::SessionReminder => &mut self.session_reminder,
            EmailKind::RateSession => &mut self.rate_session,
        };
        *slot = on;
    }

    /// Everything on: a new member's preferences.
    pub fn all_on() -> Self {
        let mut prefs = NotificationPreferences {
            request_received: false,
            request_accepted: false,
            request_declined: false,
            session_booked: false,
            session_cancelled: false,
            session_reminder: false,
            rate_session: false,
        };
        EmailKind::ALL.into_iter().for_each(|kind| prefs.set(kind, true));
        prefs
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ssr", derive(sqlx::Type, utoipa::ToSchema))]
#[cfg_attr(feature = "ssr", sqlx(type_name = "mail_status", rename_all = "lowercase"))]
pub enum MailStatus {
    /// Waiting for its (next) attempt.
    Pending,
    Sent,
    /// The mail server refused it for good (e.g. no such mailbox); not retried.
    Failed,
}

/// One message of the outbox, as the admin's Outbox page and `GET /api/v1/admin/outbox` show it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct OutboxMail {
    pub id: Uuid,
    pub to_address: String,
    pub subject: String,
    /// `password_reset`, `email_change`, `request_received`, `session_reminder`, `test`, …
    pub kind: String,
    pub status: MailStatus,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub next_attempt_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    pub text_body: String,
    pub html_body: String,
}
