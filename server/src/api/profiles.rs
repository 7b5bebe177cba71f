//! `/me/profile` and `/mentors/{id}`.

use app::AppError;
use app::profiles::{MentorPublic, MyProfile, ProfileInput, service};
use app::state::AppState;
use axum::Json;
use axum::extract::{Path, State};

use super::extract::{ApiJson, AuthUser, parse_id};

#[utoipa::path(get, path = "/api/v1/me/profile", tag = "profiles", security(("bearer" = [])),
    responses(
        (status = 200, description = "Your account and profile", body = MyProfile),
        (status = 401, description = "Not signed in", body = app::ErrorBody),
    ))]
pub async fn get_mine(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
) -> Result<Json<MyProfile>, AppError> {
    service::own_profile(&state.pool, &session.user).await.map(Json)
}

#[utoipa::path(put, path = "/api/v1/me/profile", tag = "profiles", security(("bearer" = [])),
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
    service::update_own_profile(&state.pool, &session.user, input).await.map(Json)
}

#[utoipa::path(get, path = "/api/v1/mentors/{id}", tag = "profiles",
    params(("id" = uuid::Uuid, Path, description = "The mentor's user id")),
    responses(
        (status = 200, description = "A mentor's public profile", body = MentorPublic),
        (status = 404, description = "No such active mentor", body = app::ErrorBody),
    ))]
pub async fn mentor(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<MentorPublic>, AppError> {
    let id = parse_id(&id, "mentor")?;
    service::public_mentor(&state.pool, id).await.map(Json)
}
