//! `/me/profile` and `/mentors/{id}`.

use app::AppError;
use app::profiles::{MenteeProfile, MentorPublic, MyProfile, ProfileInput, service};
use app::state::AppState;
use axum::Json;
use axum::extract::{Path, State};

use super::extract::{ApiJson, AuthUser, parse_id};

#[utoipa::path(get, path = "/api/v1/me/profile", operation_id = "get_my_profile", tag = "profiles", security(("bearer" = [])),
    responses(
        (status = 200, description = "Your account and profile", body = MyProfile),
        (status = 401, description = "Not signed in", body = app::ErrorBody),
    ))]
pub async fn get_mine(State(state): State<AppState>, AuthUser(session): AuthUser) -> Result<Json<MyProfile>, AppError> {
    service::own_profile(&state.pool, &session.user).await.map(Json)
}

#[utoipa::path(put, path = "/api/v1/me/profile", operation_id = "put_my_profile", tag = "profiles", security(("bearer" = [])),
    request_body = ProfileInput,
    responses(
        (status = 200, description = "Saved", body = MyProfile),
        (status = 401, description = "Not signed in", body = app::ErrorBody),
        (status = 422, description = "Invalid fields", body = app::ErrorBody),
    ))]
pub async fn put_mine(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
    ApiJson(input): ApiJson<ProfileInput>,
) -> Result<Json<MyProfile>, AppError> {
    service::update_own_profile(&state.pool, &session.user, input, state.clock.now()).await.map(Json)
}

#[utoipa::path(get, path = "/api/v1/mentors/{id}", tag = "profiles",
    params(("id" = uuid::Uuid, Path, description = "The mentor's user id")),
    responses(
        (status = 200, description = "A mentor's public profile", body = MentorPublic),
        (status = 404, description = "No such active mentor", body = app::ErrorBody),
    ))]
pub async fn mentor(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<MentorPublic>, AppError> {
    let id = parse_id(&id, "mentor")?;
    service::public_mentor(&state.pool, id, state.clock.now()).await.map(Json)
}

#[utoipa::path(get, path = "/api/v1/mentees/{id}", tag = "profiles", security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "The mentee's user id")),
    responses(
        (status = 200, description = "A mentee's profile, for a mentor they asked (with the mentor's hours in the mentee's day), an admin, or themself", body = MenteeProfile),
        (status = 401, description = "Not signed in", body = app::ErrorBody),
        (status = 404, description = "No such mentee, or not one you may see", body = app::ErrorBody),
    ))]
pub async fn mentee(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<String>,
) -> Result<Json<MenteeProfile>, AppError> {
    let id = parse_id(&id, "mentee")?;
    service::mentee_for(&state.pool, &session.user, id, state.clock.now()).await.map(Json)
}

#[utoipa::path(get, path = "/api/v1/mentors", tag = "profiles", params(app::directory::DirectoryQuery),
    responses(
        (status = 200, description = "Mentors, paginated, with the total count, the skill facets and what matched the search words", body = app::directory::DirectoryResults),
        (status = 400, description = "Unknown sort or malformed parameter", body = app::ErrorBody),
        (status = 401, description = "An Authorization header without a live token (visitors send none)", body = app::ErrorBody),
        (status = 422, description = "A search longer than 100 characters, an unknown time zone, or a number out of range", body = app::ErrorBody),
    ))]
pub async fn directory(
    State(state): State<AppState>,
    caller: Option<AuthUser>,
    super::extract::ApiQuery(query): super::extract::ApiQuery<app::directory::DirectoryQuery>,
) -> Result<Json<app::directory::DirectoryResults>, AppError> {
    let zone = match (&query.tz_within, caller) {
        (Some(_), Some(AuthUser(session))) => {
            app::directory::service::member_zone(&state.pool, session.user.id).await?
        }
        _ => None,
    };
    app::directory::service::search(&state.pool, &query, zone.as_deref(), state.clock.now()).await.map(Json)
}

#[utoipa::path(get, path = "/api/v1/mentors/suggested", tag = "profiles", security(("bearer" = [])),
    responses(
        (status = 200, description = "Mentors whose skills cover your goals, best match score first, each with the score's reasons; dismissed mentors are left out", body = Vec<app::directory::Suggestion>),
        (status = 401, description = "Not signed in", body = app::ErrorBody),
        (status = 403, description = "Only for mentees", body = app::ErrorBody),
    ))]
pub async fn suggested(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
) -> Result<Json<Vec<app::directory::Suggestion>>, AppError> {
    app::directory::service::suggested(&state.pool, &session.user, state.clock.now()).await.map(Json)
}

#[utoipa::path(post, path = "/api/v1/mentors/suggested/{id}/dismiss", tag = "profiles", security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "The suggested mentor")),
    responses(
        (status = 204, description = "Dismissed: this mentor is not suggested to you again"),
        (status = 401, description = "Not signed in", body = app::ErrorBody),
        (status = 403, description = "Only for mentees", body = app::ErrorBody),
        (status = 404, description = "No such mentor", body = app::ErrorBody),
    ))]
pub async fn dismiss_suggestion(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<String>,
) -> Result<axum::http::StatusCode, AppError> {
    let mentor = parse_id(&id, "mentor")?;
    app::directory::service::dismiss_suggestion(&state.pool, &session.user, mentor, state.clock.now()).await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}
