//! Server function behind the directory page.

use leptos::prelude::*;

use super::{DirectoryQuery, DirectoryResults};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use {super::service, crate::auth::web, crate::state};

#[server(endpoint = "directory/search")]
pub async fn search_mentors(query: DirectoryQuery) -> Result<DirectoryResults, AppError> {
    web::respond(
        async move {
            let state = state::from_context()?;
            // "Within N hours of me": the member's profile zone, or a visitor's browser zone.
            let zone = match query.tz_within {
                None => None,
                Some(_) => match web::optional_session(&state).await? {
                    Some(session) => service::member_zone(&state.pool, session.user.id).await?,
                    None => web::browser_zone(),
                },
            };
            service::search(&state.pool, &query, zone.as_deref(), state.clock.now()).await
        }
        .await,
    )
}

#[server(endpoint = "directory/suggested")]
pub async fn load_suggestions() -> Result<Vec<super::Suggestion>, AppError> {
    web::respond(
        async move {
            let (state, session) = web::require_session().await?;
            service::suggested(&state.pool, &session.user, state.clock.now()).await
        }
        .await,
    )
}

/// "Not for me" on a suggestion (`mentor` is the mentor's id).
#[server(endpoint = "directory/dismiss")]
pub async fn dismiss_suggestion(mentor: String) -> Result<(), AppError> {
    web::respond(
        async move {
            let (state, session) = web::require_session().await?;
            let mentor = crate::error::parse_id(&mentor, "mentor")?;
            service::dismiss_suggestion(&state.pool, &session.user, mentor, state.clock.now()).await
        }
        .await,
    )
}

/// The landing page's numbers (public).
#[server(endpoint = "directory/numbers")]
pub async fn load_programme_numbers() -> Result<super::ProgrammeNumbers, AppError> {
    web::respond(
        async {
            let state = crate::state::from_context()?;
            service::programme_numbers(&state.pool, state.clock.now()).await
        }
        .await,
    )
}
