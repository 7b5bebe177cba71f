//! A mentor's listing checklist, the programme settings and the admins' approval queue.

use app::AppError;
use app::listing::{ListingChecklist, PendingMentor, ProgrammeSettings, service};
use app::pagination::{Page, PageParams};
use app::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;

use super::extract::{ApiJson, AuthUser, Paging, parse_id};

#[utoipa::path(get, path = "/api/v1/me/listing", tag = "profiles", security(("bearer" = [])),
    responses(
        (status = 200, description = "What the signed-in mentor still needs before mentees can find them", body = ListingChecklist),
        (status = 401, description = "Not signed in", body = app::ErrorBody),
        (status = 404, description = "Not a mentor", body = app::ErrorBody),
    ))]
pub async fn my_listing(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
) -> Result<Json<ListingChecklist>, AppError> {
    service::checklist(&state.pool, &session.user).await.map(Json)
}

#[utoipa::path(get, path = "/api/v1/admin/settings", operation_id = "get_programme_settings", tag = "admin", security(("bearer" = [])),
    responses(
        (status = 200, description = "The programme settings", body = ProgrammeSettings),
        (status = 403, description = "Not an admin", body = app::ErrorBody),
    ))]
pub async fn settings(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
) -> Result<Json<ProgrammeSettings>, AppError> {
    service::settings(&state.pool, &session.user).await.map(Json)
}

#[utoipa::path(put, path = "/api/v1/admin/settings", operation_id = "put_programme_settings", tag = "admin", security(("bearer" = [])),
    request_body = ProgrammeSettings,
    responses(
        (status = 200, description = "Saved and recorded in the audit log; turning approval off approves everyone waiting", body = ProgrammeSettings),
        (status = 403, description = "Not an admin", body = app::ErrorBody),
    ))]
pub async fn put_settings(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
    ApiJson(settings): ApiJson<ProgrammeSettings>,
) -> Result<Json<ProgrammeSettings>, AppError> {
    service::update_settings(&state.pool, &session.user, &settings, state.clock.now()).await.map(Json)
}

#[utoipa::path(get, path = "/api/v1/admin/mentor-approvals", tag = "admin", security(("bearer" = [])), params(PageParams),
    responses(
        (status = 200, description = "Mentors waiting for approval, longest-waiting first", body = Page<PendingMentor>),
        (status = 403, description = "Not an admin", body = app::ErrorBody),
    ))]
pub async fn pending(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
    Paging(page): Paging,
) -> Result<Json<Page<PendingMentor>>, AppError> {
    service::pending(&state.pool, &session.user, page).await.map(Json)
}

#[utoipa::path(post, path = "/api/v1/admin/mentor-approvals/{id}/approve", tag = "admin", security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "The mentor's user id")),
    responses(
        (status = 204, description = "Approved (listed once their profile is complete); recorded in the audit log"),
        (status = 403, description = "Not an admin", body = app::ErrorBody),
        (status = 409, description = "Not a mentor waiting for approval", body = app::ErrorBody),
    ))]
pub async fn approve(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<String>,
) -> Result<StatusCode, AppError> {
    let id = parse_id(&id, "mentor")?;
    service::approve(&state.pool, &session.user, id, state.clock.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}
