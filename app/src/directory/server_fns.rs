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
