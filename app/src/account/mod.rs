//! The account's life after sign-up: forgotten and changed passwords, a new email address,
//! the member's logins, email preferences, deleting the account and downloading its data.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub mod pages;
pub mod server_fns;

#[cfg(feature = "ssr")]
pub mod deletion;
#[cfg(feature = "ssr")]
pub mod email_change;
#[cfg(feature = "ssr")]
pub mod export;
#[cfg(feature = "ssr")]
pub mod logins;
#[cfg(feature = "ssr")]
pub mod passwords;
#[cfg(feature = "ssr")]
pub mod tokens;

/// What "Forgot password?" answers, whether or not the address has an account.
pub const RESET_SENT: &str =
    "If an account uses that address, we have sent it a link to choose a new password. The link works for one hour.";

/// What deleting an account will do, shown to the admin before they confirm.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeletionPreview {
    pub user: crate::auth::User,
    /// One sentence each.
    pub effects: Vec<String>,
}

/// The consequences of deleting `name`'s account with these ties, in words.
pub fn effects_of_deletion(name: &str, ties: &crate::admin::MemberTies) -> Vec<String> {
    let count = |n: i64, one: &str, many: &str| if n == 1 { format!("1 {one}") } else { format!("{n} {many}") };
    let mut effects = vec![
        format!(
            "{name}'s name, email, profile, availability and messages are erased; the people they dealt with keep \
             their history, with \"Deleted member\" in place of the name."
        ),
        format!("{name} is signed out everywhere, and the email address can sign up again as a new account."),
    ];
    if ties.upcoming_sessions > 0 {
        effects.push(format!(
            "{} cancelled, and the other members told.",
            count(ties.upcoming_sessions, "upcoming session is", "upcoming sessions are")
        ));
    }
    let mentorships = ties.mentoring + ties.mentored;
    if mentorships > 0 {
        effects.push(format!("{} end.", count(mentorships, "active mentorship", "active mentorships")));
    }
    if ties.pending_requests > 0 {
        effects.push(format!("{} closed.", count(ties.pending_requests, "pending request is", "pending requests are")));
    }
    effects
}

/// One open login of the member, for "Your logins".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct LoginInfo {
    pub id: Uuid,
    /// The browser or app that logged in, as it named itself.
    pub user_agent: Option<String>,
    /// The address it logged in from.
    pub address: String,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    /// This is the login making the request.
    pub current: bool,
}

/// A user agent in a few words: "Chrome on Linux", "Firefox on Windows".
pub fn describe_device(user_agent: Option<&str>) -> String {
    let Some(agent) = user_agent.filter(|agent| !agent.trim().is_empty()) else {
        return "Unknown device".to_owned();
    };
    let browser = [
        ("Edg/", "Edge"),
        ("OPR/", "Opera"),
        ("Firefox/", "Firefox"),
        ("Chrome/", "Chrome"),
        ("Chromium/", "Chromium"),
        ("Safari/", "Safari"),
        ("curl/", "curl"),
    ]
    .into_iter()
    .find(|(marker, _)| agent.contains(marker))
    .map(|(_, name)| name);
    let system = [
        ("Android", "Android"),
        ("iPhone", "iPhone"),
        ("iPad", "iPad"),
        ("Windows", "Windows"),
        ("Mac OS X", "macOS"),
        ("Linux", "Linux"),
    ]
    .into_iter()
    .find(|(marker, _)| agent.contains(marker))
    .map(|(_, name)| name);
    match (browser, system) {
        (Some(browser), Some(system)) => format!("{browser} on {system}"),
        (Some(browser), None) => browser.to_owned(),
        (None, Some(system)) => format!("A browser on {system}"),
        (None, None) => agent.chars().take(60).collect(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn devices_read_as_browser_on_system() {
        let chrome =
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36";
        assert_eq!(super::describe_device(Some(chrome)), "Chrome on Linux");
        let firefox = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0";
        assert_eq!(super::describe_device(Some(firefox)), "Firefox on Windows");
        assert_eq!(super::describe_device(Some("curl/8.5.0")), "curl");
        assert_eq!(super::describe_device(None), "Unknown device");
    }
}

#[cfg(all(test, feature = "ssr"))]
#[path = "service_tests.rs"]
mod service_tests;
