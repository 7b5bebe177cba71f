//! Server function behind the directory page.

use leptos::prelude::*;

use super::{DirectoryQuery, MentorCard};
use crate::error::AppError;
use crate::pagination::Page;

#[cfg(feature = "ssr")]
use {super::service, crate::auth::web, crate::state};

#[server(endpoint = "directory/search")]
pub async fn search_mentors(query: DirectoryQuery) -> Result<Page<MentorCard>, AppError> {
    web::respond(
        async move {
            let state = state::from_context()?;
            service::search(&state.pool, &query).await
        }
        .await,
    )
}

#[server(endpoint = "directory/suggested")]
pub async fn load_suggestions() -> Result<Vec<super::Suggestion>, AppError> {
    web::respond(
        async move {
            let (state, session) = web::require_session().await?;
            service::suggested(&state.pool, &session.user).await
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
