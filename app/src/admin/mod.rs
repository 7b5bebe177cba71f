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
    /// Why (optional, up to 1000 characters); kept in the audit log.
    #[serde(default)]
    #[cfg_attr(feature = "ssr", schema(max_length = 1000, pattern = r"^[^\x00]*$"))]
    pub reason: Option<String>,
}

pub const REASON_MAX: usize = 1000;
/// An admin's reason for a change, checked.
pub type AdminReason = crate::text::BoundedText<REASON_MAX>;

/// What a change would do, shown to the admin before they confirm it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChangePreview {
    pub user: crate::auth::User,
    /// The role and state after the change.
    pub role: crate::auth::Role,
    pub active: bool,
    /// What follows, one sentence each.
    pub effects: Vec<String>,
}

/// What ties a member has that a change could touch.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MemberTies {
    pub upcoming_sessions: i64,
    /// Active mentorships as the mentor, and as the mentee.
    pub mentoring: i64,
    pub mentored: i64,
    pub pending_requests: i64,
}

/// "3 upcoming sessions", "1 active mentorship".
fn count_of(n: i64, one: &str, many: &str) -> String {
    if n == 1 { format!("1 {one}") } else { format!("{n} {many}") }
}

/// The consequences of giving `user` the role `role` and state `active`, in the words the
/// confirmation shows (and the rules `service::change_user` applies).
pub fn effects_of_change(
    user: &crate::auth::User,
    role: crate::auth::Role,
    active: bool,
    ties: &MemberTies,
) -> Vec<String> {
    use crate::auth::Role;
    let name = &user.name;
    let mut effects = Vec::new();
    if user.active && !active {
        effects.push(format!("{name} is signed out at once and can no longer log in."));
        effects.push(if ties.upcoming_sessions == 0 {
            "They have no upcoming sessions to cancel.".to_owned()
        } else {
            format!(
                "{} will be cancelled, and the other member of each is told.",
                count_of(ties.upcoming_sessions, "upcoming session", "upcoming sessions")
            )
        });
        let mentorships = ties.mentoring + ties.mentored;
        if mentorships > 0 {
            effects.push(format!(
                "{} stay{} as {} — reactivating {name} resumes {}.",
                count_of(mentorships, "active mentorship", "active mentorships"),
                if mentorships == 1 { "s" } else { "" },
                if mentorships == 1 { "it is" } else { "they are" },
                if mentorships == 1 { "it" } else { "them" },
            ));
        }
    }
    if !user.active && active {
        effects.push(format!("{name} can log in again. Sessions cancelled when they were deactivated stay cancelled."));
    }
    if role != user.role {
        effects.push(match role {
            Role::Mentor => format!(
                "{name} is listed in the mentor directory once their profile is complete, and can receive requests."
            ),
            Role::Mentee => format!("{name} can send mentorship requests and book sessions with their mentors."),
            Role::Admin => format!("{name} gets the admin console: every member's data and these same powers."),
        });
        if user.role == Role::Mentor && ties.mentoring > 0 {
            effects.push(format!(
                "Their {} as a mentor stay{} active until ended, but they no longer appear in the directory.",
                count_of(ties.mentoring, "mentorship", "mentorships"),
                if ties.mentoring == 1 { "s" } else { "" },
            ));
        }
        if user.role == Role::Mentee && ties.mentored > 0 {
            effects.push(format!(
                "Their {} with a mentor stay{} active, but they can no longer book new sessions.",
                count_of(ties.mentored, "mentorship", "mentorships"),
                if ties.mentored == 1 { "s" } else { "" },
            ));
        }
        if ties.pending_requests > 0 {
            effects.push(format!(
                "{} stay{} pending.",
                count_of(ties.pending_requests, "request", "requests"),
                if ties.pending_requests == 1 { "s" } else { "" },
            ));
        }
    }
    effects
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
    /// The admin's reason, when they gave one.
    pub reason: Option<String>,
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
            "mentor.approved" => ("Approved mentor".to_owned(), "waiting → approved".to_owned()),
            "user.password_reset_sent" => ("Sent a reset link".to_owned(), "password reset link mailed".to_owned()),
            "user.deleted" => ("Deleted account".to_owned(), "personal data erased".to_owned()),
            "programme.settings_changed" => {
                let on_off = |value: &serde_json::Value| {
                    if value.get("require_mentor_approval").and_then(serde_json::Value::as_bool) == Some(true) {
                        "required"
                    } else {
                        "not required"
                    }
                };
                (
                    "Changed settings".to_owned(),
                    format!("mentor approval: {} → {}", on_off(&self.before), on_off(&self.after)),
                )
            }
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
            reason: None,
            created_at: chrono::DateTime::UNIX_EPOCH,
        }
    }

    fn member(role: crate::auth::Role, active: bool) -> crate::auth::User {
        crate::auth::User {
            id: uuid::Uuid::nil(),
            email: "grace@example.org".into(),
            name: "Grace".into(),
            role,
            active,
            created_at: chrono::DateTime::UNIX_EPOCH,
        }
    }

    #[test]
    fn deactivating_says_what_is_cancelled_and_what_stays() {
        use super::{MemberTies, effects_of_change};
        use crate::auth::Role;
        let ties = MemberTies { upcoming_sessions: 3, mentoring: 1, mentored: 0, pending_requests: 2 };
        let effects = effects_of_change(&member(Role::Mentor, true), Role::Mentor, false, &ties);
        assert_eq!(
            effects,
            [
                "Grace is signed out at once and can no longer log in.",
                "3 upcoming sessions will be cancelled, and the other member of each is told.",
                "1 active mentorship stays as it is — reactivating Grace resumes it.",
            ]
        );
        let none = effects_of_change(&member(Role::Mentee, true), Role::Mentee, false, &MemberTies::default());
        assert_eq!(none[1], "They have no upcoming sessions to cancel.");
    }

    #[test]
    fn a_role_change_says_what_the_member_gains_and_keeps() {
        use super::{MemberTies, effects_of_change};
        use crate::auth::Role;
        let ties = MemberTies { upcoming_sessions: 0, mentoring: 2, mentored: 0, pending_requests: 1 };
        let effects = effects_of_change(&member(Role::Mentor, true), Role::Mentee, true, &ties);
        assert_eq!(
            effects,
            [
                "Grace can send mentorship requests and book sessions with their mentors.",
                "Their 2 mentorships as a mentor stay active until ended, but they no longer appear in the directory.",
                "1 request stays pending.",
            ]
        );
    }

    #[test]
    fn audit_entries_read_as_words() {
        let role = entry("user.role_changed", json!({"role": "mentee"}), json!({"role": "mentor"}));
        assert_eq!(role.in_words(), ("Changed role".to_owned(), "mentee → mentor".to_owned()));
        let off = entry("user.deactivated", json!({"active": true}), json!({"active": false}));
        assert_eq!(off.in_words(), ("Deactivated".to_owned(), "active → deactivated".to_owned()));
        let setting = entry(
            "programme.settings_changed",
            json!({"require_mentor_approval": false}),
            json!({"require_mentor_approval": true}),
        );
        assert_eq!(setting.in_words().1, "mentor approval: not required → required");
        let unknown = entry("user.renamed", json!({"name": "A"}), json!({"name": "B"}));
        assert_eq!(unknown.in_words().0, "user.renamed");
    }
}
