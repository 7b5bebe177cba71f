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

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OutboxFilter {
    /// Only mail to this address (any letter case).
    #[param(pattern = r"^[^\x00]*$")]
    pub to: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/admin/outbox", tag = "admin", security(("bearer" = [])), params(OutboxFilter, PageParams),
    responses(
        (status = 200, description = "Outgoing mail, newest first: recipient, subject, status, attempts and both parts", body = Page<app::mail::OutboxMail>),
        (status = 403, description = "Not an admin", body = app::ErrorBody),
    ))]
pub async fn outbox(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
    ApiQuery(filter): ApiQuery<OutboxFilter>,
    Paging(page): Paging,
) -> Result<Json<Page<app::mail::OutboxMail>>, AppError> {
    session.require_role(app::auth::Role::Admin, "Only admins can read the outbox.")?;
    app::mail::outbox::list(&state.pool, filter.to.as_deref(), page).await.map(Json)
}

#[utoipa::path(post, path = "/api/v1/admin/users/{id}/password-reset", tag = "admin", security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path)),
    responses(
        (status = 202, description = "A reset link was written to the member's mail (recorded in the audit log)"),
        (status = 403, description = "Not an admin", body = app::ErrorBody),
        (status = 404, description = "No such user", body = app::ErrorBody),
        (status = 409, description = "The account is deactivated", body = app::ErrorBody),
    ))]
pub async fn send_password_reset(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<String>,
) -> Result<axum::http::StatusCode, AppError> {
    let id = parse_id(&id, "user")?;
    app::account::passwords::admin_send_reset(&state.pool, &state.clock, &session.user, id).await?;
    Ok(axum::http::StatusCode::ACCEPTED)
}

/// Why an admin deletes an account (optional), kept in the audit log.
#[derive(Deserialize, utoipa::ToSchema, Default)]
pub struct DeleteUser {
    #[serde(default)]
    #[schema(max_length = 1000, pattern = r"^[^\x00]*$")]
    pub reason: Option<String>,
}

#[utoipa::path(delete, path = "/api/v1/admin/users/{id}", tag = "admin", security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path)), request_body(content = Option<DeleteUser>),
    responses(
        (status = 204, description = "Deleted as if by the member (personal data erased, the other side told), recorded in the audit log"),
        (status = 403, description = "Not an admin", body = app::ErrorBody),
        (status = 404, description = "No such user, or already deleted", body = app::ErrorBody),
        (status = 409, description = "The only active admin", body = app::ErrorBody),
        (status = 422, description = "Reason over 1000 characters", body = app::ErrorBody),
    ))]
pub async fn delete_user(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<String>,
    super::extract::OptionalJson(body): super::extract::OptionalJson<DeleteUser>,
) -> Result<axum::http::StatusCode, AppError> {
    let id = parse_id(&id, "user")?;
    app::account::deletion::delete_by_admin(&state.pool, &state.clock, &session.user, id, body.reason.as_deref())
        .await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}
