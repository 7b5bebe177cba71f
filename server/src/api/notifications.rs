//! `/notifications`.

use app::AppError;
use app::notifications::{NotificationList, service};
use app::pagination::PageRequest;
use app::state::AppState;
use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::extract::{ApiQuery, AuthUser, OptionalJson};

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// Page number, from 1 (at most 1 000 000).
    #[param(minimum = 1, maximum = 1000000)]
    pub page: Option<u32>,
    /// Items per page, 1 to 100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<u32>,
}

#[utoipa::path(get, path = "/api/v1/notifications", operation_id = "list_notifications", tag = "notifications", security(("bearer" = [])), params(ListParams),
    responses(
        (status = 200, description = "Your notifications, newest first, with the unread count", body = NotificationList),
        (status = 401, description = "Not signed in", body = app::ErrorBody),
    ))]
pub async fn list(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
    ApiQuery(params): ApiQuery<ListParams>,
) -> Result<Json<NotificationList>, AppError> {
    service::list(&state.pool, &session.user, PageRequest::checked(params.page, params.per_page)?).await.map(Json)
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
