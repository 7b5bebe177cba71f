//! `/requests` and `/mentorships`.

use app::AppError;
use app::pagination::{Page, PageParams};
use app::requests::{Mentorship, MentorshipRequest, RequestListQuery, StatusCounts, service};
use app::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::extract::{ApiJson, ApiQuery, AuthUser, OptionalJson, Paging, parse_id};

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

#[derive(Serialize, ToSchema)]
pub struct RequestList {
    #[serde(flatten)]
    pub page: Page<MentorshipRequest>,
    /// Counts per status on this side, for filter tabs.
    pub counts: StatusCounts,
}

#[utoipa::path(get, path = "/api/v1/requests", operation_id = "list_requests", tag = "requests", security(("bearer" = [])),
    params(RequestListQuery, PageParams),
    responses(
        (status = 200, description = "Your requests, newest first", body = RequestList),
        (status = 400, description = "Unknown direction or status", body = app::ErrorBody),
    ))]
pub async fn list(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
    ApiQuery(query): ApiQuery<RequestListQuery>,
    Paging(page): Paging,
) -> Result<Json<RequestList>, AppError> {
    let overview = service::list(&state.pool, &session.user, query, page).await?;
    Ok(Json(RequestList { page: overview.page, counts: overview.counts }))
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

/// Why the mentorship ends; the other member reads it.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct EndMentorship {
    /// Optional, up to 1000 characters.
    #[schema(max_length = 1000, pattern = r"^[^\x00]*$")]
    pub reason: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/mentorships/{id}/end", tag = "mentorships", security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "Mentorship id")),
    request_body(content = Option<EndMentorship>, description = "Optional; the body may be left out"),
    responses(
        (status = 200, description = "Ended", body = Mentorship),
        (status = 404, description = "No such mentorship of yours", body = app::ErrorBody),
        (status = 409, description = "Already ended", body = app::ErrorBody),
    ))]
pub async fn end_mentorship(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<String>,
    OptionalJson(body): OptionalJson<EndMentorship>,
) -> Result<Json<Mentorship>, AppError> {
    let id = parse_id(&id, "mentorship")?;
    service::end_mentorship(&state.pool, &session.user, id, body.reason.as_deref(), state.clock.now()).await.map(Json)
}
