//! Server functions for the notifications page and the unread badge.

use leptos::prelude::*;

use super::NotificationList;
use crate::error::AppError;

#[cfg(feature = "ssr")]
use {super::service, crate::auth::web, crate::pagination::PageRequest, crate::state};

#[server(endpoint = "notifications/mine")]
pub async fn my_notifications(page: Option<u32>) -> Result<NotificationList, AppError> {
    web::respond(
        async move {
            let (state, session) = web::require_session().await?;
            service::list(&state.pool, &session.user, PageRequest::new(page, Some(20))).await
        }
        .await,
    )
}

/// The badge's number; nobody signed in has none.
#[server(endpoint = "notifications/unread")]
pub async fn unread_notifications() -> Result<i64, AppError> {
    web::respond(
        async move {
            let state = state::from_context()?;
            match web::optional_session(&state).await? {
                Some(session) => service::unread_count(&state.pool, &session.user).await,
                None => Ok(0),
            }
        }
        .await,
    )
}

/// Marks one notification read, or all of them when `id` is left out.
#[server(endpoint = "notifications/read")]
pub async fn mark_notifications_read(#[server(default)] id: Option<String>) -> Result<i64, AppError> {
    web::respond(
        async move {
            let (state, session) = web::require_session().await?;
            let ids = match id.as_deref().filter(|id| !id.is_empty()) {
                Some(raw) => Some(vec![crate::error::parse_id(raw, "notification")?]),
                None => None,
            };
            service::mark_read(&state.pool, &session.user, ids.as_deref(), state.clock.now()).await
        }
        .await,
    )
}
