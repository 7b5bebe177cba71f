//! `/sessions`, calendar export and feedback.

use app::AppError;
use app::auth::service::authenticate;
use app::feedback::{Feedback, FeedbackInput, MentorFeedback, service as feedback};
use app::pagination::{Page, PageParams};
use app::sessions::{NewSession, Session, SessionListQuery, ics, service};
use app::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use utoipa::ToSchema;

use super::extract::{ApiJson, ApiQuery, AuthUser, OptionalJson, Paging, parse_id};

#[utoipa::path(post, path = "/api/v1/sessions", tag = "sessions", security(("bearer" = [])),
    request_body = NewSession,
    responses(
        (status = 201, description = "Booked", body = Session),
        (status = 403, description = "Not a mentee, or no active mentorship with this mentor", body = app::ErrorBody),
        (status = 409, description = "The time was just taken, or you have another session then", body = app::ErrorBody),
        (status = 422, description = "Not one of the mentor's open slots, unsupported duration, or empty agenda", body = app::ErrorBody),
    ))]
pub async fn book(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
    ApiJson(body): ApiJson<NewSession>,
) -> Result<(StatusCode, Json<Session>), AppError> {
    let booked = service::book(&state.pool, &session.user, &body, state.clock.now()).await?;
    Ok((StatusCode::CREATED, Json(booked)))
}

#[utoipa::path(get, path = "/api/v1/sessions", operation_id = "list_sessions", tag = "sessions", security(("bearer" = [])), params(SessionListQuery, PageParams),
    responses(
        (status = 200, description = "Your sessions on either side, cancelled ones included and marked", body = Page<Session>),
        (status = 400, description = "Unknown scope", body = app::ErrorBody),
    ))]
pub async fn list(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
    ApiQuery(query): ApiQuery<SessionListQuery>,
    Paging(page): Paging,
) -> Result<Json<Page<Session>>, AppError> {
    service::list(&state.pool, &session.user, query.scope.unwrap_or_default(), page, state.clock.now()).await.map(Json)
}

#[derive(Deserialize, Default, ToSchema)]
pub struct CancelBody {
    /// Why you are cancelling (required, up to 1000 characters).
    #[schema(min_length = 1, max_length = 1000, pattern = r"^[^\x00]*[^\s\x00][^\x00]*$")]
    pub reason: String,
}

#[utoipa::path(post, path = "/api/v1/sessions/{id}/cancel", operation_id = "cancel_session", tag = "sessions", security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path)), request_body = CancelBody,
    responses(
        (status = 200, description = "Cancelled", body = Session),
        (status = 404, description = "No such session of yours", body = app::ErrorBody),
        (status = 409, description = "Already cancelled or already started", body = app::ErrorBody),
        (status = 422, description = "No reason given", body = app::ErrorBody),
    ))]
pub async fn cancel(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<String>,
    OptionalJson(body): OptionalJson<CancelBody>,
) -> Result<Json<Session>, AppError> {
    let id = parse_id(&id, "session")?;
    service::cancel(&state.pool, &session.user, id, &body.reason, state.clock.now()).await.map(Json)
}

/// Where one session happens.
#[derive(Debug, Deserialize, ToSchema)]
pub struct MeetingPlaceBody {
    /// A video link (`https://…`) or a place, up to 300 characters; empty goes back to the
    /// mentor's default from their profile.
    #[schema(max_length = 300, pattern = r"^[^\x00-\x1f\x7f-\x9f]*$")]
    pub meeting_place: String,
}

#[utoipa::path(put, path = "/api/v1/sessions/{id}/meeting-place", tag = "sessions", security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path)), request_body = MeetingPlaceBody,
    responses(
        (status = 200, description = "Saved; the session as both members now see it", body = Session),
        (status = 403, description = "Only the session's mentor says where it happens", body = app::ErrorBody),
        (status = 404, description = "No such session of yours", body = app::ErrorBody),
        (status = 409, description = "Cancelled or already started", body = app::ErrorBody),
        (status = 422, description = "Not a whole link, or too long", body = app::ErrorBody),
    ))]
pub async fn set_meeting_place(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<MeetingPlaceBody>,
) -> Result<Json<Session>, AppError> {
    let id = parse_id(&id, "session")?;
    service::set_meeting_place(&state.pool, &session.user, id, &body.meeting_place, state.clock.now()).await.map(Json)
}

#[utoipa::path(get, path = "/api/v1/sessions/{id}/ics", tag = "sessions", security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path)),
    responses(
        (status = 200, description = "The session as an iCalendar event", content_type = "text/calendar", body = String),
        (status = 404, description = "No such session of yours", body = app::ErrorBody),
    ))]
pub async fn calendar(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    calendar_response(&state, &session.user, &id).await
}

/// The same file for the web app's "Add to calendar" link, signed in by the session cookie.
pub async fn calendar_for_cookie_session(
    State(state): State<AppState>,
    parts: Parts,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let token = app::auth::web::cookie_token(&parts)
        .ok_or_else(|| AppError::unauthorized("Log in to download this session."))?;
    let session = authenticate(&state.pool, &state.auth, &state.clock, &token).await?;
    calendar_response(&state, &session.user, &id).await
}

async fn calendar_response(state: &AppState, user: &app::auth::User, id: &str) -> Result<Response, AppError> {
    let found = service::find_for(&state.pool, user, parse_id(id, "session")?).await?;
    let body = ics::calendar(&found, state.clock.now());
    Ok((
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"session-{}.ics\"", found.id)),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        body,
    )
        .into_response())
}

#[utoipa::path(post, path = "/api/v1/sessions/{id}/feedback", tag = "feedback", security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path)), request_body = FeedbackInput,
    responses(
        (status = 201, description = "Rated", body = Feedback),
        (status = 403, description = "Only the session's mentee rates it", body = app::ErrorBody),
        (status = 404, description = "No such session", body = app::ErrorBody),
        (status = 409, description = "Already rated", body = app::ErrorBody),
        (status = 422, description = "Rating outside 1–5, comment too long, session not ended or cancelled", body = app::ErrorBody),
    ))]
pub async fn rate(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<FeedbackInput>,
) -> Result<(StatusCode, Json<Feedback>), AppError> {
    let id = parse_id(&id, "session")?;
    let saved = feedback::submit(&state.pool, &session.user, id, &body, state.clock.now()).await?;
    Ok((StatusCode::CREATED, Json(saved)))
}

/// Anyone may read a mentor's ratings; the mentor themself and admins (with their token) read
/// the mentees' full names, everyone else first name and initial.
#[utoipa::path(get, path = "/api/v1/mentors/{id}/feedback", tag = "feedback", params(("id" = uuid::Uuid, Path), PageParams),
    security((), ("bearer" = [])),
    responses(
        (status = 200, description = "Average, count, distribution and comments, newest first", body = MentorFeedback),
        (status = 401, description = "An Authorization header was sent that does not hold a live token", body = app::ErrorBody),
        (status = 404, description = "No such mentor", body = app::ErrorBody),
    ))]
pub async fn mentor_feedback(
    State(state): State<AppState>,
    Path(id): Path<String>,
    viewer: Option<AuthUser>,
    Paging(page): Paging,
) -> Result<Json<MentorFeedback>, AppError> {
    let mentor_id = parse_id(&id, "mentor")?;
    let viewer = viewer.map(|AuthUser(session)| session.user);
    feedback::for_mentor(&state.pool, mentor_id, viewer.as_ref(), page).await.map(Json)
}
