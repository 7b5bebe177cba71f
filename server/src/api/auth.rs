//! `/auth/*` and `/me`.

use app::AppError;
use app::auth::User;
use app::auth::service::{self, NewAccount};
use app::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::extract::{ApiJson, AuthUser, Client};

#[derive(Deserialize, ToSchema)]
pub struct RegisterRequest {
    /// An address like `name@example.org` (up to 254 characters).
    #[schema(format = Email, max_length = 254)]
    pub email: String,
    /// 8 to 128 characters; common passwords, and your email or name, are refused.
    #[schema(min_length = 8, max_length = 128)]
    pub password: String,
    /// 1 to 100 characters.
    #[schema(
        min_length = 1,
        max_length = 100,
        pattern = r"^[^\x00-\x1f\x7f-\x9f]*[^\s\x00-\x1f\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*$"
    )]
    pub name: String,
    #[schema(schema_with = app::openapi_schema::signup_role)]
    pub role: String,
    /// The profile's time zone to start with (e.g. the device's); UTC when left out.
    #[serde(default)]
    #[schema(schema_with = app::openapi_schema::timezone, required = false)]
    pub timezone: Option<String>,
}

#[derive(Deserialize, ToSchema)]
pub struct LoginRequest {
    #[schema(min_length = 1, pattern = r"^[^\x00]*\S[^\x00]*$")]
    pub email: String,
    #[schema(min_length = 1)]
    pub password: String,
    /// The `device_token` of an earlier login on this device, if you kept it: the device is then
    /// spared the limits that someone guessing elsewhere runs up. Anything else is ignored.
    #[serde(default)]
    pub device_token: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct AuthResponse {
    /// Send as `Authorization: Bearer <token>`.
    pub token: String,
    pub user: User,
    pub expires_at: chrono::DateTime<chrono::Utc>,
    /// Keep it and send it with later logins from this device (see `LoginRequest`).
    pub device_token: String,
}

#[utoipa::path(post, path = "/api/v1/auth/register", tag = "auth", request_body = RegisterRequest,
    responses(
        (status = 201, description = "Account created and signed in", body = AuthResponse),
        (status = 409, description = "Email already registered", body = app::ErrorBody),
        (status = 422, description = "Invalid fields (including role `admin`)", body = app::ErrorBody),
    ))]
pub async fn register(
    State(state): State<AppState>,
    Client(client): Client,
    ApiJson(body): ApiJson<RegisterRequest>,
) -> Result<(StatusCode, Json<AuthResponse>), AppError> {
    let user = service::register(
        &state.pool,
        NewAccount {
            email: body.email,
            password: body.password,
            name: body.name,
            role: body.role,
            timezone: body.timezone,
        },
        state.clock.now(),
    )
    .await?;
    let issued = service::start_session(&state.pool, &state.auth, &state.clock, user, &client).await?;
    Ok((
        StatusCode::CREATED,
        Json(AuthResponse {
            token: issued.token,
            user: issued.user,
            expires_at: issued.expires_at,
            device_token: issued.device_token,
        }),
    ))
}

#[utoipa::path(post, path = "/api/v1/auth/login", tag = "auth", request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in", body = AuthResponse),
        (status = 401, description = "Email or password is incorrect", body = app::ErrorBody),
        (status = 403, description = "Account deactivated", body = app::ErrorBody),
        (status = 429, description = "Too many failed attempts", body = app::ErrorBody),
    ))]
pub async fn login(
    State(state): State<AppState>,
    Client(mut client): Client,
    ApiJson(body): ApiJson<LoginRequest>,
) -> Result<Json<AuthResponse>, AppError> {
    client.device_token = body.device_token;
    let issued = service::login(&state.pool, &state.auth, &state.clock, &body.email, &body.password, &client).await?;
    Ok(Json(AuthResponse {
        token: issued.token,
        user: issued.user,
        expires_at: issued.expires_at,
        device_token: issued.device_token,
    }))
}

#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "auth", security(("bearer" = [])),
    responses(
        (status = 204, description = "Token revoked"),
        (status = 401, description = "Not signed in", body = app::ErrorBody),
    ))]
pub async fn logout(State(state): State<AppState>, AuthUser(session): AuthUser) -> Result<StatusCode, AppError> {
    service::logout(&state.pool, &state.clock, session.session_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/v1/me", tag = "auth", security(("bearer" = [])),
    responses(
        (status = 200, description = "The signed-in user", body = User),
        (status = 401, description = "Not signed in", body = app::ErrorBody),
    ))]
pub async fn me(AuthUser(session): AuthUser) -> Json<User> {
    Json(session.user)
}
