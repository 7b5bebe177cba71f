//! `/admin/*`: admins only (403 for mentors and mentees, 401 without a token).

use app::AppError;
use app::admin::{AuditEntry, Stats, UserChange, UserFilter, service};
use app::auth::{Role, User};
use app::pagination::{Page, PageRequest};
use app::requests::{Mentorship, MentorshipRequest, RequestStatus};
use app::sessions::{Scope, Session};
use app::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use serde::Deserialize;
use utoipa::IntoParams;

use super::extract::{ApiJson, ApiQuery, AuthUser, one_of, parse_id};
use app::openapi_schema as words;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UserParams {
    /// Part of a name or email.
    #[param(pattern = r"^[^\x00]*$")]
    pub q: Option<String>,
    #[param(schema_with = app::openapi_schema::any_role)]
    pub role: Option<String>,
    /// `true` for active accounts, `false` for deactivated ones.
    pub active: Option<bool>,
    /// Page number, from 1 (at most 1 000 000).
    #[param(minimum = 1, maximum = 1000000)]
    pub page: Option<u32>,
    /// Items per page, 1 to 100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<u32>,
}

#[utoipa::path(get, path = "/api/v1/admin/users", operation_id = "admin_users", tag = "admin", security(("bearer" = [])), params(UserParams),
    responses(
        (status = 200, description = "Users, newest first", body = Page<User>),
        (status = 400, description = "Unknown role", body = app::ErrorBody),
        (status = 401, description = "Not signed in", body = app::ErrorBody),
        (status = 403, description = "Not an admin", body = app::ErrorBody),
    ))]
pub async fn users(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
    ApiQuery(params): ApiQuery<UserParams>,
) -> Result<Json<Page<User>>, AppError> {
    let role = one_of(params.role.as_deref(), "role", words::ROLES)?.and_then(Role::parse);
    PageRequest::checked(params.page, params.per_page)?;
    let filter = UserFilter { q: params.q, role, active: params.active, page: params.page, per_page: params.per_page };
    service::users(&state.pool, &session.user, &filter).await.map(Json)
}

#[utoipa::path(patch, path = "/api/v1/admin/users/{id}", tag = "admin", security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path)), request_body = UserChange,
    responses(
        (status = 200, description = "Changed (effective on the user's next request) and recorded in the audit log", body = User),
        (status = 403, description = "Not an admin", body = app::ErrorBody),
        (status = 404, description = "No such user", body = app::ErrorBody),
        (status = 409, description = "Would leave no active admin", body = app::ErrorBody),
        (status = 422, description = "Unknown role", body = app::ErrorBody),
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

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// Page number, from 1 (at most 1 000 000).
    #[param(minimum = 1, maximum = 1000000)]
    pub page: Option<u32>,
    /// Items per page, 1 to 100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<u32>,
}

#[utoipa::path(get, path = "/api/v1/admin/audit", tag = "admin", security(("bearer" = [])), params(PageParams),
    responses(
        (status = 200, description = "Admin actions, newest first", body = Page<AuditEntry>),
        (status = 403, description = "Not an admin", body = app::ErrorBody),
    ))]
pub async fn audit(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
    ApiQuery(params): ApiQuery<PageParams>,
) -> Result<Json<Page<AuditEntry>>, AppError> {
    service::audit(&state.pool, &session.user, PageRequest::checked(params.page, params.per_page)?).await.map(Json)
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RequestParams {
    #[param(schema_with = app::openapi_schema::request_status)]
    pub status: Option<String>,
    /// Page number, from 1 (at most 1 000 000).
    #[param(minimum = 1, maximum = 1000000)]
    pub page: Option<u32>,
    /// Items per page, 1 to 100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<u32>,
}

#[utoipa::path(get, path = "/api/v1/admin/requests", operation_id = "admin_requests", tag = "admin", security(("bearer" = [])), params(RequestParams),
    responses(
        (status = 200, description = "All requests, newest first", body = Page<MentorshipRequest>),
        (status = 400, description = "Unknown status", body = app::ErrorBody),
        (status = 403, description = "Not an admin", body = app::ErrorBody),
    ))]
pub async fn requests(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
    ApiQuery(params): ApiQuery<RequestParams>,
) -> Result<Json<Page<MentorshipRequest>>, AppError> {
    let status = one_of(params.status.as_deref(), "status", words::REQUEST_STATUSES)?.and_then(RequestStatus::parse);
    let page = PageRequest::checked(params.page, params.per_page)?;
    service::requests(&state.pool, &session.user, status, page).await.map(Json)
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MentorshipParams {
    /// `true` for ongoing mentorships, `false` for ended ones.
    pub active: Option<bool>,
    /// Page number, from 1 (at most 1 000 000).
    #[param(minimum = 1, maximum = 1000000)]
    pub page: Option<u32>,
    /// Items per page, 1 to 100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<u32>,
}

#[utoipa::path(get, path = "/api/v1/admin/mentorships", operation_id = "admin_mentorships", tag = "admin", security(("bearer" = [])), params(MentorshipParams),
    responses(
        (status = 200, description = "All mentorships, newest first", body = Page<Mentorship>),
        (status = 403, description = "Not an admin", body = app::ErrorBody),
    ))]
pub async fn mentorships(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
    ApiQuery(params): ApiQuery<MentorshipParams>,
) -> Result<Json<Page<Mentorship>>, AppError> {
    let page = PageRequest::checked(params.page, params.per_page)?;
    service::mentorships(&state.pool, &session.user, params.active, page).await.map(Json)
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SessionParams {
    #[param(schema_with = app::openapi_schema::session_scope)]
    pub scope: Option<String>,
    /// Page number, from 1 (at most 1 000 000).
    #[param(minimum = 1, maximum = 1000000)]
    pub page: Option<u32>,
    /// Items per page, 1 to 100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<u32>,
}

#[utoipa::path(get, path = "/api/v1/admin/sessions", operation_id = "admin_sessions", tag = "admin", security(("bearer" = [])), params(SessionParams),
    responses(
        (status = 200, description = "All sessions: upcoming soonest first, or past latest first", body = Page<Session>),
        (status = 400, description = "Unknown scope", body = app::ErrorBody),
        (status = 403, description = "Not an admin", body = app::ErrorBody),
    ))]
pub async fn sessions(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
    ApiQuery(params): ApiQuery<SessionParams>,
) -> Result<Json<Page<Session>>, AppError> {
    let scope = one_of(params.scope.as_deref(), "scope", words::SESSION_SCOPES)?
        .and_then(Scope::parse)
        .unwrap_or(Scope::Upcoming);
    let page = PageRequest::checked(params.page, params.per_page)?;
    service::sessions(&state.pool, &session.user, scope, page, state.clock.now()).await.map(Json)
}
