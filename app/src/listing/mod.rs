//! When mentees can find a mentor: the listing checklist a mentor sees (headline, a skill, weekly
//! hours, and an admin's approval when the programme asks for it), the programme setting, and the
//! admins' approval queue. The rule itself is the SQL function `mentor_is_listed`
//! (migrations/0010), which the directory and suggestions both call.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub mod pages;
pub mod server_fns;

#[cfg(feature = "ssr")]
pub mod service;

/// What a mentor still needs before mentees can find them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ListingChecklist {
    pub has_headline: bool,
    pub has_skill: bool,
    pub has_weekly_hours: bool,
    /// False only while the programme requires approval and no admin has approved yet.
    pub approved: bool,
}

impl ListingChecklist {
    /// Listed in the directory and suggestions: every item done.
    pub fn listed(&self) -> bool {
        self.has_headline && self.has_skill && self.has_weekly_hours && self.approved
    }
}

/// Programme-wide settings an admin controls.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ProgrammeSettings {
    /// New mentors are listed only after an admin approves them.
    pub require_mentor_approval: bool,
}

/// A mentor waiting for approval, for the admins' queue.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PendingMentor {
    pub id: Uuid,
    pub name: String,
    pub email: String,
    pub headline: String,
    pub skills: Vec<String>,
    pub joined_at: DateTime<Utc>,
    /// Whether their profile is otherwise complete (headline, skill, weekly hours).
    pub profile_complete: bool,
}
