//! `/admin/*`: admins only (403 for mentors and mentees, 401 without a token).

use app::AppError;
use app::admin::{AuditEntry, Stats, UserChange, UserFilter, service};
use app::auth::User;
use app::pagination::{Page, PageParams};
use app::requests::{Mentorship, MentorshipRequest, RequestStatus};
use app::sessions::{Session, SessionListQuery};
use app::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use serde::Deserialize;
use utoipa::IntoParams;

use super::extract::{ApiJson, ApiQuery, AuthUser, Paging, parse_id};

#[utoipa::path(get, path = "/api/v1/admin/users", operation_id = "admin_users", tag = "admin", security(("bearer" = [])), params(UserFilter, PageParams),
    responses(
        (status = 200, description = "Users, newest first", body = Page<User>),
        (status = 400, description = "Unknown role", body = app::ErrorBody),
        (status = 401, description = "Not signed in", body = app::ErrorBody),
        (status = 403, description = "Not an admin", body = app::ErrorBody),
    ))]
pub async fn users(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
    ApiQuery(filter): ApiQuery<UserFilter>,
    Paging(page): Paging,
) -> Result<Json<Page<User>>, AppError> {
    service::users(&state.pool, &session.user, &filter, page).await.map(Json)
}

#[utoipa::path(patch, path = "/api/v1/admin/users/{id}", tag = "admin", security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path)), request_body = UserChange,
    responses(
        (status = 200, description = "Changed (effective on the user's next request; deactivating cancels their upcoming sessions and tells the other members) and recorded in the audit log with the reason", body = User),
        (status = 403, description = "Not an admin", body = app::ErrorBody),
        (status = 404, description = "No such user", body = app::ErrorBody),
        (status = 409, description = "Would leave no active admin", body = app::ErrorBody),
        (status = 422, description = "Unknown role, or a reason over 1000 characters", body = app::ErrorBody),
    ))]
pub async fn change_user(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<String>,
    ApiJson(change): ApiJson<UserChange>,
) -> Result<Json<User>, AppError> {
    let id = parse_id(&id, "user")?;
    service::change_user(&state.pool, &session.user, id, &change, state.clock.now()).await.map(Json)
}

#[utoipa::path(get, path = "/api/v1/admin/stats", tag = "admin", security(("bearer" = [])),
    responses(
        (status = 200, description = "Totals, weekly sign-ups and sessions, requests by status, rating distribution", body = Stats),
        (status = 403, description = "Not an admin", body = app::ErrorBody),
    ))]
pub async fn stats(State(state): State<AppState>, AuthUser(session): AuthUser) -> Result<Json<Stats>, AppError> {
    service::stats(&state.pool, &session.user, state.clock.now()).await.map(Json)
}

#[utoipa::path(get, path = "/api/v1/admin/audit", tag = "admin", security(("bearer" = [])), params(PageParams),
    responses(
        (status = 200, description = "Admin actions, newest first", body = Page<AuditEntry>),
        (status = 403, description = "Not an admin", body = app::ErrorBody),
    ))]
pub async fn audit(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
    Paging(page): Paging,
) -> Result<Json<Page<AuditEntry>>, AppError> {
    service::audit(&state.pool, &session.user, page).await.map(Json)
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RequestParams {
    /// Only requests in this status; all when left out.
    #[param(inline)]
    pub status: Option<RequestStatus>,
}

#[utoipa::path(get, path = "/api/v1/admin/requests", operation_id = "admin_requests", tag = "admin", security(("bearer" = [])), params(RequestParams, PageParams),
    responses(
        (status = 200, description = "All requests, newest first", body = Page<MentorshipRequest>),
        (status = 400, description = "Unknown status", body = app::ErrorBody),
        (status = 403, description = "Not an admin", body = app::ErrorBody),
    ))]
pub async fn requests(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
    ApiQuery(params): ApiQuery<RequestParams>,
    Paging(page): Paging,
) -> Result<Json<Page<MentorshipRequest>>, AppError> {
    service::requests(&state.pool, &session.user, params.status, page).await.map(Json)
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MentorshipParams {
    /// `true` for ongoing mentorships, `false` for ended ones.
    pub active: Option<bool>,
}

#[utoipa::path(get, path = "/api/v1/admin/mentorships", operation_id = "admin_mentorships", tag = "admin", security(("bearer" = [])), params(MentorshipParams, PageParams),
    responses(
        (status = 200, description = "All mentorships, newest first", body = Page<Mentorship>),
        (status = 403, description = "Not an admin", body = app::ErrorBody),
    ))]
pub async fn mentorships(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
    ApiQuery(params): ApiQuery<MentorshipParams>,
    Paging(page): Paging,
) -> Result<Json<Page<Mentorship>>, AppError> {
    service::mentorships(&state.pool, &session.user, params.active, page).await.map(Json)
}

#[utoipa::path(get, path = "/api/v1/admin/sessions", operation_id = "admin_sessions", tag = "admin", security(("bearer" = [])), params(SessionListQuery, PageParams),
    responses(
        (status = 200, description = "All sessions: upcoming soonest first, or past latest first", body = Page<Session>),
        (status = 400, description = "Unknown scope", body = app::ErrorBody),
        (status = 403, description = "Not an admin", body = app::ErrorBody),
    ))]
pub async fn sessions(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
    ApiQuery(query): ApiQuery<SessionListQuery>,
    Paging(page): Paging,
) -> Result<Json<Page<Session>>, AppError> {
    let scope = query.scope.unwrap_or_default();
    service::sessions(&state.pool, &session.user, scope, page, state.clock.now()).await.map(Json)
}
