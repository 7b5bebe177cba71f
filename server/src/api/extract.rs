//! Extractors that turn every kind of bad request into the API's JSON error body.

use app::AppError;
use app::auth::service::{self, AuthSession, ClientInfo};
use app::pagination::{PageParams, PageRequest};
use app::state::AppState;
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
        service::authenticate(&state.pool, &state.auth, &state.clock, token).await.map(AuthUser)
    }
}

/// For endpoints anyone may call that answer a signed-in caller more fully: no Authorization
/// header is a visitor; a header that does not hold a live token is still refused.
impl axum::extract::OptionalFromRequestParts<AppState> for AuthUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Option<Self>, AppError> {
        if !parts.headers.contains_key(AUTHORIZATION) {
            return Ok(None);
        }
        <Self as FromRequestParts<AppState>>::from_request_parts(parts, state).await.map(Some)
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
        let is_json = has_json_content_type(&req);
        let bytes =
            axum::body::Bytes::from_request(req, state).await.map_err(|err| AppError::bad_request(err.body_text()))?;
        if !is_json {
            return Err(not_json());
        }
        decode_object(&bytes).map(ApiJson)
    }
}

fn not_json() -> AppError {
    AppError::bad_request("Send the body as JSON with `Content-Type: application/json`.")
}

fn has_json_content_type(req: &Request) -> bool {
    req.headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|mime| mime.trim().eq_ignore_ascii_case("application/json"))
}

/// Every request body of the API is a JSON object. serde would also read a struct from an array
/// of its fields (`[null, null]`), which the document does not allow, so that is refused first.
/// Unreadable JSON is a 400; JSON of the wrong shape a 422.
fn decode_object<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    let wrong_shape = |detail: String| AppError::Validation {
        message: format!("The request body does not have the expected fields: {detail}"),
        fields: Default::default(),
    };
    let first = bytes.iter().find(|byte| !byte.is_ascii_whitespace());
    if first.is_some_and(|byte| *byte != b'{') && serde_json::from_slice::<serde::de::IgnoredAny>(bytes).is_ok() {
        return Err(wrong_shape("expected a JSON object".into()));
    }
    serde_json::from_slice(bytes).map_err(|err| match err.classify() {
        serde_json::error::Category::Data => wrong_shape(err.to_string()),
        _ => AppError::bad_request(format!("The request body is not valid JSON: {err}")),
    })
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

/// `page` and `per_page` from the query, checked against their documented bounds (422 outside).
/// List handlers take it beside their own filters' `ApiQuery` (both read the same query string)
/// and list `app::pagination::PageParams` in their document's `params`.
pub struct Paging(pub PageRequest);

impl<S> FromRequestParts<S> for Paging
where
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        let ApiQuery(params) = ApiQuery::<PageParams>::from_request_parts(parts, state).await?;
        params.checked().map(Paging)
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
        let is_json = has_json_content_type(&req);
        let bytes =
            axum::body::Bytes::from_request(req, state).await.map_err(|err| AppError::bad_request(err.body_text()))?;
        // No body, or JSON `null` (what the document's optional body allows), means "none".
        let text = std::str::from_utf8(&bytes).map(str::trim).unwrap_or("-");
        if text.is_empty() || (is_json && text == "null") {
            return Ok(OptionalJson(T::default()));
        }
        if !is_json {
            return Err(not_json());
        }
        decode_object(&bytes).map(OptionalJson)
    }
}
