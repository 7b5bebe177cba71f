//! `/requests` and `/mentorships`.

use app::AppError;
use app::auth::Role;
use app::pagination::{Page, PageRequest};
use app::requests::{Direction, Mentorship, MentorshipRequest, RequestStatus, StatusCounts, service};
use app::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::extract::{ApiJson, ApiQuery, AuthUser, OptionalJson, parse_id};
use app::openapi_schema as words;

#[derive(Deserialize, ToSchema)]
pub struct NewRequest {
    pub mentor_id: uuid::Uuid,
    /// 1 to 2000 characters: who you are and what you hope to get from the mentorship.
    #[schema(min_length = 1, max_length = 2000, pattern = r"^[^\x00]*[^\s\x00][^\x00]*$")]
    pub message: String,
}

#[utoipa::path(post, path = "/api/v1/requests", tag = "requests", security(("bearer" = [])),
    request_body = NewRequest,
    responses(
        (status = 201, description = "Request sent", body = MentorshipRequest),
        (status = 403, description = "Only mentees send requests", body = app::ErrorBody),
        (status = 404, description = "No such mentor", body = app::ErrorBody),
        (status = 409, description = "Already open with this mentor, or the mentor is full or not accepting", body = app::ErrorBody),
        (status = 422, description = "Empty or over-long message, or a request to yourself", body = app::ErrorBody),
    ))]
pub async fn create(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
    ApiJson(body): ApiJson<NewRequest>,
) -> Result<(StatusCode, Json<MentorshipRequest>), AppError> {
    let request = service::send(&state.pool, &session.user, body.mentor_id, &body.message, state.clock.now()).await?;
    Ok((StatusCode::CREATED, Json(request)))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// `incoming` (requests to you, as a mentor) or `outgoing` (yours, as a mentee). Defaults
    /// to the side that fits your role.
    #[param(schema_with = app::openapi_schema::request_direction)]
    pub direction: Option<String>,
    /// `pending`, `accepted`, `declined` or `cancelled`; all when left out.
    #[param(schema_with = app::openapi_schema::request_status)]
    pub status: Option<String>,
    /// Page number, from 1 (at most 1 000 000).
    #[param(minimum = 1, maximum = 1000000)]
    pub page: Option<u32>,
    /// Items per page, 1 to 100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<u32>,
}

#[derive(Serialize, ToSchema)]
pub struct RequestList {
    #[serde(flatten)]
    pub page: Page<MentorshipRequest>,
    /// Counts per status on this side, for filter tabs.
    pub counts: StatusCounts,
}

#[utoipa::path(get, path = "/api/v1/requests", operation_id = "list_requests", tag = "requests", security(("bearer" = [])),
    params(ListQuery),
    responses(
        (status = 200, description = "Your requests, newest first", body = RequestList),
        (status = 400, description = "Unknown direction or status", body = app::ErrorBody),
    ))]
pub async fn list(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> Result<Json<RequestList>, AppError> {
    let direction = match super::extract::one_of(query.direction.as_deref(), "direction", words::REQUEST_DIRECTIONS)? {
        Some("incoming") => Direction::Incoming,
        Some(_) => Direction::Outgoing,
        None if session.user.role == Role::Mentor => Direction::Incoming,
        None => Direction::Outgoing,
    };
    let status = super::extract::one_of(query.status.as_deref(), "status", words::REQUEST_STATUSES)?
        .and_then(RequestStatus::parse);
    let (page, counts) =
        service::list(&state.pool, &session.user, direction, status, PageRequest::checked(query.page, query.per_page)?)
            .await?;
    Ok(Json(RequestList { page, counts }))
}

#[derive(Serialize, ToSchema)]
pub struct Accepted {
    pub request: MentorshipRequest,
    pub mentorship: Mentorship,
}

#[utoipa::path(post, path = "/api/v1/requests/{id}/accept", tag = "requests", security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "Request id")),
    responses(
        (status = 200, description = "Accepted; the mentorship is active", body = Accepted),
        (status = 404, description = "No such request addressed to you", body = app::ErrorBody),
        (status = 409, description = "Already decided, or you are full or not accepting", body = app::ErrorBody),
    ))]
pub async fn accept(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<String>,
) -> Result<Json<Accepted>, AppError> {
    let id = parse_id(&id, "request")?;
    let (request, mentorship) = service::accept(&state.pool, &session.user, id, state.clock.now()).await?;
    Ok(Json(Accepted { request, mentorship }))
}

#[derive(Deserialize, Default, ToSchema)]
pub struct Decline {
    /// Optional, up to 1000 characters; the mentee sees it.
    #[schema(max_length = 1000, pattern = r"^[^\x00]*$")]
    pub reason: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/requests/{id}/decline", tag = "requests", security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "Request id")),
    request_body(content = Option<Decline>, description = "Optional; the body may be left out"),
    responses(
        (status = 200, description = "Declined", body = MentorshipRequest),
        (status = 404, description = "No such request addressed to you", body = app::ErrorBody),
        (status = 409, description = "Already decided", body = app::ErrorBody),
    ))]
pub async fn decline(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<String>,
    OptionalJson(body): OptionalJson<Decline>,
) -> Result<Json<MentorshipRequest>, AppError> {
    let id = parse_id(&id, "request")?;
    service::decline(&state.pool, &session.user, id, body.reason.as_deref(), state.clock.now()).await.map(Json)
}

#[utoipa::path(post, path = "/api/v1/requests/{id}/cancel", operation_id = "cancel_request", tag = "requests", security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "Request id")),
    responses(
        (status = 200, description = "Cancelled", body = MentorshipRequest),
        (status = 404, description = "No such request of yours", body = app::ErrorBody),
        (status = 409, description = "No longer pending", body = app::ErrorBody),
    ))]
pub async fn cancel(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<String>,
) -> Result<Json<MentorshipRequest>, AppError> {
    let id = parse_id(&id, "request")?;
    service::cancel(&state.pool, &session.user, id, state.clock.now()).await.map(Json)
}

#[utoipa::path(get, path = "/api/v1/mentorships", operation_id = "list_mentorships", tag = "mentorships", security(("bearer" = [])),
    responses((status = 200, description = "Your mentorships, active first", body = Vec<Mentorship>)))]
pub async fn mentorships(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
) -> Result<Json<Vec<Mentorship>>, AppError> {
    service::mentorships(&state.pool, &session.user).await.map(Json)
}

#[utoipa::path(post, path = "/api/v1/mentorships/{id}/end", tag = "mentorships", security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "Mentorship id")),
    responses(
        (status = 200, description = "Ended", body = Mentorship),
        (status = 404, description = "No such mentorship of yours", body = app::ErrorBody),
        (status = 409, description = "Already ended", body = app::ErrorBody),
    ))]
pub async fn end_mentorship(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<String>,
) -> Result<Json<Mentorship>, AppError> {
    let id = parse_id(&id, "mentorship")?;
    service::end_mentorship(&state.pool, &session.user, id, state.clock.now()).await.map(Json)
}
