//! Server functions for rating a session and for the mentor page's ratings.

use leptos::prelude::*;

use super::{Feedback, MentorFeedback};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use {
    super::{FeedbackInput, service},
    crate::auth::web,
    crate::error::parse_id,
    crate::pagination::PageRequest,
    crate::state,
};

/// `rating` is optional here only so that a form sent without a choice gets "choose a
/// rating" next to the stars rather than a decoding error.
#[server(endpoint = "feedback/rate")]
pub async fn rate_session(
    session_id: String,
    #[server(default)] rating: Option<i64>,
    #[server(default)] comment: String,
) -> Result<Feedback, AppError> {
    web::respond(
        async move {
            let (state, session) = web::require_session().await?;
            let input = FeedbackInput { rating: rating.unwrap_or(0), comment };
            service::submit(&state.pool, &session.user, parse_id(&session_id, "session")?, &input, state.clock.now())
                .await
        }
        .await,
    )
}

#[server(endpoint = "feedback/mentor")]
pub async fn load_mentor_feedback(mentor_id: String) -> Result<MentorFeedback, AppError> {
    web::respond(
        async move {
            let state = state::from_context()?;
            let viewer = web::optional_session(&state).await?.map(|session| session.user);
            let mentor_id = parse_id(&mentor_id, "mentor")?;
            service::for_mentor(&state.pool, mentor_id, viewer.as_ref(), PageRequest::new(Some(1), Some(5))).await
        }
        .await,
    )
}
