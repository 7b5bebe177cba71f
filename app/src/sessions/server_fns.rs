//! Server functions for booking, the sessions page and cancelling.

use leptos::prelude::*;

use super::{Session, SessionCard, SessionListQuery, SessionsOverview};
use crate::error::AppError;
use crate::pagination::PageParams;

#[cfg(feature = "ssr")]
use {
    super::{NewSession, service},
    crate::auth::web,
    crate::error::parse_id,
};

#[server(endpoint = "sessions/book")]
pub async fn book_session(
    mentor_id: String,
    #[server(default)] starts_at: String,
    duration_minutes: u32,
    agenda: String,
) -> Result<SessionCard, AppError> {
    web::respond(
        async move {
            let (state, session) = web::require_session().await?;
            let starts_at = chrono::DateTime::parse_from_rfc3339(starts_at.trim())
                .map_err(|_| AppError::invalid_field("starts_at", "Pick one of the open times."))?
                .to_utc();
            let input = NewSession { mentor_id: parse_id(&mentor_id, "mentor")?, starts_at, duration_minutes, agenda };
            let now = state.clock.now();
            let booked = service::book(&state.pool, &session.user, &input, now).await?;
            // Answered as the mentee sees it, so the confirmation can say when, in their zone.
            service::card_for(&state.pool, booked, &session.user, now).await
        }
        .await,
    )
}

#[server(endpoint = "sessions/mine")]
pub async fn my_sessions(
    #[server(default)] query: SessionListQuery,
    #[server(default)] page: PageParams,
) -> Result<SessionsOverview, AppError> {
    web::respond(
        async move {
            let (state, session) = web::require_session().await?;
            let scope = query.scope.unwrap_or_default();
            service::overview(&state.pool, &session.user, scope, page.checked()?, state.clock.now()).await
        }
        .await,
    )
}

/// The mentor's place for one session, from the sessions page (a plain form: back to the list).
#[server(endpoint = "sessions/meeting-place")]
pub async fn set_meeting_place(id: String, #[server(default)] meeting_place: String) -> Result<Session, AppError> {
    web::respond(
        async move {
            let (state, session) = web::require_session().await?;
            let id = parse_id(&id, "session")?;
            service::set_meeting_place(&state.pool, &session.user, id, &meeting_place, state.clock.now()).await
        }
        .await,
    )
}

#[server(endpoint = "sessions/cancel")]
pub async fn cancel_session(id: String, #[server(default)] reason: String) -> Result<Session, AppError> {
    web::respond(
        async move {
            let (state, session) = web::require_session().await?;
            service::cancel(&state.pool, &session.user, parse_id(&id, "session")?, &reason, state.clock.now()).await
        }
        .await,
    )
}
