//! The admin console: users (search, filter, change role, deactivate), overviews of requests,
//! mentorships and sessions, platform statistics, and the audit log of admin actions.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub mod charts;
pub mod pages;
pub mod server_fns;

#[cfg(feature = "ssr")]
pub mod service;

/// Which users to list; the users page and `GET /api/v1/admin/users` both fill it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "ssr", into_params(parameter_in = Query))]
pub struct UserFilter {
    /// Part of a name or email.
    #[cfg_attr(feature = "ssr", param(pattern = r"^[^\x00]*$"))]
    pub q: Option<String>,
    /// Only users with this role.
    #[cfg_attr(feature = "ssr", param(inline))]
    pub role: Option<crate::auth::Role>,
    /// `true` for active accounts, `false` for deactivated ones.
    pub active: Option<bool>,
}

/// What an admin changes about a user; fields left out stay as they are.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct UserChange {
    pub role: Option<crate::auth::Role>,
    pub active: Option<bool>,
}

/// One admin action as recorded.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    pub id: i64,
    pub admin_id: Uuid,
    pub admin_name: String,
    /// `user.role_changed`, `user.deactivated` or `user.reactivated`.
    pub action: String,
    pub target_user_id: Option<Uuid>,
    pub target_name: Option<String>,
    #[cfg_attr(feature = "ssr", schema(value_type = Object))]
    pub before: serde_json::Value,
    #[cfg_attr(feature = "ssr", schema(value_type = Object))]
    pub after: serde_json::Value,
    pub created_at: DateTime<Utc>,
}

impl AuditEntry {
    /// What the admin did, in words (`Changed role`), and the change (`mentee → mentor`), for
    /// people reading the log; the API keeps the machine names and the raw before/after.
    pub fn in_words(&self) -> (String, String) {
        let field = |value: &serde_json::Value, key: &str| {
            value.get(key).map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
        };
        match self.action.as_str() {
            "user.role_changed" => (
                "Changed role".to_owned(),
                format!(
                    "{} → {}",
                    field(&self.before, "role").unwrap_or_default(),
                    field(&self.after, "role").unwrap_or_default()
                ),
            ),
            "user.deactivated" => ("Deactivated".to_owned(), "active → deactivated".to_owned()),
            "user.reactivated" => ("Reactivated".to_owned(), "deactivated → active".to_owned()),
            other => (other.to_owned(), format!("{} → {}", self.before, self.after)),
        }
    }
}

/// A count for the week starting on `week` (a Monday, `YYYY-MM-DD`, UTC).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct WeekCount {
    pub week: String,
    pub count: i64,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Totals {
    pub mentors: i64,
    pub mentees: i64,
    pub admins: i64,
    pub deactivated: i64,
    pub active_mentorships: i64,
    pub upcoming_sessions: i64,
    pub ratings: i64,
}

/// Platform statistics for the admin dashboard.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Stats {
    pub totals: Totals,
    /// The last 12 weeks, oldest first, including weeks with none.
    pub signups_per_week: Vec<WeekCount>,
    pub requests_by_status: crate::requests::StatusCounts,
    /// The last 12 weeks of scheduled (not cancelled) sessions by start, oldest first.
    pub sessions_per_week: Vec<WeekCount>,
    /// How many ratings of 1 … 5 stars.
    pub rating_distribution: Vec<i64>,
}

/// What the activity overview lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ActivityView {
    Requests,
    Mentorships,
    Sessions,
}

/// One page of the activity overview.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Activity {
    Requests(crate::pagination::Page<crate::requests::MentorshipRequest>),
    Mentorships(crate::pagination::Page<crate::requests::Mentorship>),
    Sessions(crate::pagination::Page<crate::sessions::Session>),
}

#[cfg(test)]
mod tests {
    use super::AuditEntry;
    use serde_json::json;

    fn entry(action: &str, before: serde_json::Value, after: serde_json::Value) -> AuditEntry {
        AuditEntry {
            id: 1,
            admin_id: uuid::Uuid::nil(),
            admin_name: "Root".into(),
            action: action.into(),
            target_user_id: None,
            target_name: None,
            before,
            after,
            created_at: chrono::DateTime::UNIX_EPOCH,
        }
    }

    #[test]
    fn audit_entries_read_as_words() {
        let role = entry("user.role_changed", json!({"role": "mentee"}), json!({"role": "mentor"}));
        assert_eq!(role.in_words(), ("Changed role".to_owned(), "mentee → mentor".to_owned()));
        let off = entry("user.deactivated", json!({"active": true}), json!({"active": false}));
        assert_eq!(off.in_words(), ("Deactivated".to_owned(), "active → deactivated".to_owned()));
        let unknown = entry("user.renamed", json!({"name": "A"}), json!({"name": "B"}));
        assert_eq!(unknown.in_words().0, "user.renamed");
    }
}
