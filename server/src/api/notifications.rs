//! `/notifications`.

use app::AppError;
use app::notifications::{NotificationList, service};
use app::pagination::PageParams;
use app::state::AppState;
use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::extract::{AuthUser, OptionalJson, Paging};

#[utoipa::path(get, path = "/api/v1/notifications", operation_id = "list_notifications", tag = "notifications", security(("bearer" = [])), params(PageParams),
    responses(
        (status = 200, description = "Your notifications, newest first, with the unread count", body = NotificationList),
        (status = 401, description = "Not signed in", body = app::ErrorBody),
    ))]
pub async fn list(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
    Paging(page): Paging,
) -> Result<Json<NotificationList>, AppError> {
    service::list(&state.pool, &session.user, page).await.map(Json)
}

#[derive(Deserialize, Default, ToSchema)]
pub struct MarkRead {
    /// The notifications to mark read; all of yours when left out.
    pub ids: Option<Vec<uuid::Uuid>>,
}

#[derive(Serialize, ToSchema)]
pub struct Unread {
    pub unread: i64,
}

#[utoipa::path(post, path = "/api/v1/notifications/read", tag = "notifications", security(("bearer" = [])),
    request_body(content = Option<MarkRead>, description = "Optional: without a body, all your notifications are marked read"),
    responses(
        (status = 200, description = "Marked; how many are still unread", body = Unread),
        (status = 401, description = "Not signed in", body = app::ErrorBody),
    ))]
pub async fn mark_read(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
    OptionalJson(body): OptionalJson<MarkRead>,
) -> Result<Json<Unread>, AppError> {
    let unread = service::mark_read(&state.pool, &session.user, body.ids.as_deref(), state.clock.now()).await?;
    Ok(Json(Unread { unread }))
}
