//! Server functions for the profile editor and the public mentor page.

use leptos::prelude::*;

use super::{MenteeProfile, MentorPublic, MyProfile, ZoneChoices};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use {super::service, crate::auth::web, crate::state};

#[server(endpoint = "profile/mine")]
pub async fn load_my_profile() -> Result<MyProfile, AppError> {
    web::respond(
        async {
            let (state, session) = web::require_session().await?;
            service::own_profile(&state.pool, &session.user).await
        }
        .await,
    )
}

pub use save_form::{SaveProfile, save_profile};

/// The profile form's server function takes one argument per form field: more than clippy's
/// default limit, on the server and in the browser build the macro generates.
#[allow(clippy::too_many_arguments)]
mod save_form {
    use leptos::prelude::*;

    use super::MyProfile;
    use crate::error::AppError;
    #[cfg(feature = "ssr")]
    use {super::super::ProfileInput, super::super::service, crate::auth::Role, crate::auth::web};

    /// Saves the profile form. Tags arrive comma-separated; the checkbox is absent when unticked,
    /// which for a mentor's form means "not accepting". One argument per form field.
    #[server(endpoint = "profile/save")]
    pub async fn save_profile(
        headline: String,
        bio: String,
        skills: String,
        goals: String,
        timezone: String,
        accepting_mentees: Option<String>,
        max_mentees: Option<String>,
        #[server(default)] meeting_place: Option<String>,
    ) -> Result<MyProfile, AppError> {
        // Without JavaScript a refusal reloads the page: it comes back with what was typed.
        let typed = [
            ("headline", headline.clone()),
            ("bio", bio.clone()),
            ("skills", skills.clone()),
            ("goals", goals.clone()),
            ("timezone", timezone.clone()),
            ("accepting_mentees", accepting_mentees.clone().unwrap_or_default()),
            ("max_mentees", max_mentees.clone().unwrap_or_default()),
            ("meeting_place", meeting_place.clone().unwrap_or_default()),
        ];
        let typed: Vec<(&str, &str)> = typed.iter().map(|(name, value)| (*name, value.as_str())).collect();
        web::respond_keeping(
            async move {
                let (state, session) = web::require_session().await?;
                let is_mentor = session.user.role == Role::Mentor;
                let max_mentees = match max_mentees.as_deref().map(str::trim) {
                    Some(raw) if is_mentor => Some(raw.parse::<i32>().map_err(|_| {
                        AppError::invalid_field("max_mentees", "Enter a whole number of mentees, such as 3.")
                    })?),
                    _ => None,
                };
                let input = ProfileInput {
                    headline,
                    bio,
                    skills: super::super::split_tags(&skills),
                    goals: super::super::split_tags(&goals),
                    timezone: super::super::validate::canonical_zone(&timezone),
                    accepting_mentees: is_mentor.then_some(accepting_mentees.is_some()),
                    max_mentees,
                    meeting_place,
                };
                service::update_own_profile(&state.pool, &session.user, input, state.clock.now()).await
            }
            .await,
            "profile",
            &typed,
        )
    }
}

#[server(endpoint = "profile/mentor")]
pub async fn mentor_profile(id: String) -> Result<MentorPublic, AppError> {
    web::respond(
        async {
            let state = state::from_context()?;
            let id = uuid::Uuid::parse_str(id.trim())
                .map_err(|_| AppError::not_found("There is no mentor with this address."))?;
            service::public_mentor(&state.pool, id, state.clock.now()).await
        }
        .await,
    )
}

#[server(endpoint = "profile/mentee")]
pub async fn load_mentee_profile(id: String) -> Result<MenteeProfile, AppError> {
    web::respond(
        async {
            let (state, session) = web::require_session().await?;
            let id = uuid::Uuid::parse_str(id.trim())
                .map_err(|_| AppError::not_found("There is no mentee here you can see."))?;
            service::mentee_for(&state.pool, &session.user, id, state.clock.now()).await
        }
        .await,
    )
}

/// The zone the viewer's times are shown in (see `service::display_zone`).
#[server(endpoint = "profile/display-zone")]
pub async fn viewer_timezone() -> Result<String, AppError> {
    web::respond(
        async {
            let state = state::from_context()?;
            let viewer = web::optional_session(&state).await?.map(|s| s.user);
            service::display_zone(&state.pool, viewer.as_ref(), web::browser_zone()).await
        }
        .await,
    )
}

/// Every zone a form offers, with its current offset (`("Asia/Kathmandu", "UTC+05:45")`), and the
/// browser's zone when its cookie says.
#[server(endpoint = "profile/zones")]
pub async fn load_zone_choices() -> Result<ZoneChoices, AppError> {
    let state = state::from_context()?;
    Ok(ZoneChoices { zones: super::validate::zone_choices(state.clock.now()), browser: web::browser_zone() })
}

/// The viewer's zone (as `viewer_timezone`) and the app clock's now.
#[server(endpoint = "profile/display-zone-now")]
pub async fn viewer_timezone_and_now() -> Result<(String, chrono::DateTime<chrono::Utc>), AppError> {
    let zone = viewer_timezone().await?;
    Ok((zone, state::from_context()?.clock.now()))
}
