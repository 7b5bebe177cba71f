//! Server functions for the request button, the requests page and the mentorships page.

use leptos::prelude::*;

use super::{EndPreview, Mentorship, MentorshipRequest, RequestAbility, RequestListQuery, RequestsOverview};
use crate::error::AppError;
use crate::pagination::PageParams;

#[cfg(feature = "ssr")]
use {super::service, crate::auth::web, crate::error::parse_id, crate::state};

#[server(endpoint = "requests/ability")]
pub async fn load_request_ability(mentor_id: String) -> Result<RequestAbility, AppError> {
    web::respond(
        async move {
            let state = state::from_context()?;
            let session = web::optional_session(&state).await?;
            let mentor_id = parse_id(&mentor_id, "mentor")?;
            service::ability(&state.pool, session.as_ref().map(|s| &s.user), mentor_id).await
        }
        .await,
    )
}

#[server(endpoint = "requests/send")]
pub async fn send_request(mentor_id: String, message: String) -> Result<MentorshipRequest, AppError> {
    web::respond(
        async move {
            let (state, session) = web::require_session().await?;
            let mentor_id = parse_id(&mentor_id, "mentor")?;
            service::send(&state.pool, &session.user, mentor_id, &message, state.clock.now()).await
        }
        .await,
    )
}

#[server(endpoint = "requests/mine")]
pub async fn my_requests(
    #[server(default)] query: RequestListQuery,
    #[server(default)] page: PageParams,
) -> Result<RequestsOverview, AppError> {
    web::respond(
        async move {
            let (state, session) = web::require_session().await?;
            service::list(&state.pool, &session.user, query, page.checked()?).await
        }
        .await,
    )
}

#[server(endpoint = "requests/accept")]
pub async fn accept_request(id: String) -> Result<(), AppError> {
    web::respond(
        async move {
            let (state, session) = web::require_session().await?;
            service::accept(&state.pool, &session.user, parse_id(&id, "request")?, state.clock.now()).await.map(|_| ())
        }
        .await,
    )
}

#[server(endpoint = "requests/decline")]
pub async fn decline_request(id: String, reason: Option<String>) -> Result<(), AppError> {
    web::respond(
        async move {
            let (state, session) = web::require_session().await?;
            service::decline(
                &state.pool,
                &session.user,
                parse_id(&id, "request")?,
                reason.as_deref(),
                state.clock.now(),
            )
            .await
            .map(|_| ())
        }
        .await,
    )
}

#[server(endpoint = "requests/cancel")]
pub async fn cancel_request(id: String) -> Result<(), AppError> {
    web::respond(
        async move {
            let (state, session) = web::require_session().await?;
            service::cancel(&state.pool, &session.user, parse_id(&id, "request")?, state.clock.now()).await.map(|_| ())
        }
        .await,
    )
}

#[server(endpoint = "mentorships/mine")]
pub async fn my_mentorships() -> Result<Vec<Mentorship>, AppError> {
    web::respond(
        async move {
            let (state, session) = web::require_session().await?;
            service::mentorships(&state.pool, &session.user).await
        }
        .await,
    )
}

#[server(endpoint = "mentorships/end-preview")]
pub async fn load_end_preview(id: String) -> Result<EndPreview, AppError> {
    web::respond(
        async move {
            let (state, session) = web::require_session().await?;
            service::end_preview(&state.pool, &session.user, parse_id(&id, "mentorship")?, state.clock.now()).await
        }
        .await,
    )
}

/// Ends a mentorship from its confirmation page; afterwards the member is back on their list.
#[server(endpoint = "mentorships/end")]
pub async fn end_mentorship(id: String, #[server(default)] reason: Option<String>) -> Result<(), AppError> {
    web::respond(
        async move {
            let (state, session) = web::require_session().await?;
            let id = parse_id(&id, "mentorship")?;
            service::end_mentorship(&state.pool, &session.user, id, reason.as_deref(), state.clock.now()).await?;
            leptos_axum::redirect("/mentorships");
            Ok(())
        }
        .await,
    )
}
