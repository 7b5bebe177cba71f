//! Extractors that turn every kind of bad request into the API's JSON error body.

use app::AppError;
use app::auth::service::{self, AuthSession, ClientInfo};
use app::state::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

/// The signed-in caller, from `Authorization: Bearer <token>`, checked against the database.
pub struct AuthUser(pub AuthSession);

impl FromRequestParts<AppState> for AuthUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let token = bearer_token(parts)?;
        service::authenticate(&state.pool, &state.auth, token).await.map(AuthUser)
    }
}

pub fn bearer_token(parts: &Parts) -> Result<&str, AppError> {
    let header = parts
        .headers
        .get(AUTHORIZATION)
        .ok_or_else(|| AppError::unauthorized("Send an `Authorization: Bearer <token>` header."))?;
    header
        .to_str()
        .ok()
        .and_then(|value| value.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|token| !token.is_empty())
        .ok_or_else(|| AppError::unauthorized("The Authorization header must be `Bearer <token>`."))
}

/// Who is calling, for the per-address login limit.
pub struct Client(pub ClientInfo);

impl FromRequestParts<AppState> for Client {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        Ok(Client(app::auth::web::client_info(parts, &state.auth.trusted_proxies)))
    }
}

/// `Json<T>` whose rejections are API errors: malformed JSON → 400, wrong shape → 422.
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => Ok(ApiJson(value)),
            Err(JsonRejection::JsonDataError(err)) => Err(AppError::Validation {
                message: format!("The request body does not have the expected fields: {}", err.body_text()),
                fields: Default::default(),
            }),
            Err(JsonRejection::MissingJsonContentType(_)) => {
                Err(AppError::bad_request("Send the body as JSON with `Content-Type: application/json`."))
            }
            Err(other) => Err(AppError::bad_request(format!("The request body is not valid JSON: {}", other.body_text()))),
        }
    }
}

pub use app::error::parse_id;

/// `Query<T>` whose rejection is a 400 in the API's error format.
pub struct ApiQuery<T>(pub T);

impl<S, T> FromRequestParts<S> for ApiQuery<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Query(value)| ApiQuery(value))
            .map_err(|err| AppError::bad_request(format!("Invalid query parameters: {}", err.body_text())))
    }
}

/// A JSON body that may be left out entirely (an empty body reads as `T::default()`).
pub struct OptionalJson<T>(pub T);

impl<S, T> FromRequest<S> for OptionalJson<T>
where
    T: DeserializeOwned + Default,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(|err| AppError::bad_request(err.body_text()))?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(OptionalJson(T::default()));
        }
        serde_json::from_slice(&bytes)
            .map(OptionalJson)
            .map_err(|err| AppError::bad_request(format!("The request body is not valid JSON: {err}")))
    }
}
