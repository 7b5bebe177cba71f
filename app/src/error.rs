//! The one error type of the application.
//!
//! Services return `AppError`; the JSON API turns it into `{"error": {code, message, fields}}` with
//! the matching status, and server functions carry it to the browser unchanged so the page can put
//! each field's message next to its input. Internal causes are logged on the server and never sent.

use std::collections::BTreeMap;

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// Per-field messages, keyed by the input's name (`email`, `password`, ...).
pub type FieldErrors = BTreeMap<String, String>;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AppError {
    /// Malformed request (unparseable body, bad query parameter).
    #[error("{message}")]
    BadRequest { message: String },
    /// Well-formed but breaks a rule about its content.
    #[error("{message}")]
    Validation { message: String, fields: FieldErrors },
    #[error("{message}")]
    Unauthorized { message: String },
    #[error("{message}")]
    Forbidden { message: String },
    #[error("{message}")]
    NotFound { message: String },
    /// Clashes with existing state: duplicates, overlaps, decisions already taken.
    #[error("{message}")]
    Conflict { message: String, fields: FieldErrors },
    #[error("{message}")]
    RateLimited { message: String, retry_after_secs: u64 },
    /// A dependency is down or the server is saturated (database unreachable, hashing queue
    /// full). Temporary: clients should retry after `retry_after_secs`.
    #[error("{message}")]
    Unavailable { message: String, retry_after_secs: u64 },
    /// Anything unexpected. The cause is logged with the request id, never shown.
    #[error("Something went wrong on our side. Please try again in a moment.")]
    Internal,
    /// The server-function transport failed (network down, server unreachable).
    #[error("Could not reach the server: {message}")]
    Transport { message: String },
}

impl AppError {
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::BadRequest { message: message.into() }
    }

    /// A validation error attached to one field.
    pub fn invalid_field(field: &str, message: impl Into<String>) -> Self {
        let message = message.into();
        let mut fields = FieldErrors::new();
        fields.insert(field.to_owned(), message.clone());
        Self::Validation { message, fields }
    }

    /// A validation error for several fields at once; the summary names how many need attention.
    pub fn invalid_fields(fields: FieldErrors) -> Self {
        let message = match fields.len() {
            1 => fields.values().next().cloned().unwrap_or_default(),
            n => format!("{n} fields need your attention."),
        };
        Self::Validation { message, fields }
    }

    pub fn unavailable(message: impl Into<String>, retry_after_secs: u64) -> Self {
        Self::Unavailable { message: message.into(), retry_after_secs }
    }

    /// The database cannot be reached right now.
    pub fn database_unavailable() -> Self {
        Self::unavailable(
            "The service is temporarily unavailable (its database cannot be reached). Please try again in a minute.",
            10,
        )
    }

    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::Unauthorized { message: message.into() }
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::Forbidden { message: message.into() }
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::NotFound { message: message.into() }
    }

    pub fn conflict(message: impl Into<String>) -> Self {
        Self::Conflict { message: message.into(), fields: FieldErrors::new() }
    }

    pub fn conflict_on(field: &str, message: impl Into<String>) -> Self {
        let message = message.into();
        let mut fields = FieldErrors::new();
        fields.insert(field.to_owned(), message.clone());
        Self::Conflict { message, fields }
    }

    /// Stable machine-readable code for API clients.
    pub fn code(&self) -> &'static str {
        match self {
            Self::BadRequest { .. } => "bad_request",
            Self::Validation { .. } => "validation_failed",
            Self::Unauthorized { .. } => "unauthorized",
            Self::Forbidden { .. } => "forbidden",
            Self::NotFound { .. } => "not_found",
            Self::Conflict { .. } => "conflict",
            Self::RateLimited { .. } => "rate_limited",
            Self::Unavailable { .. } => "unavailable",
            Self::Internal => "internal_error",
            Self::Transport { .. } => "transport_error",
        }
    }

    pub fn status_code(&self) -> u16 {
        match self {
            Self::BadRequest { .. } => 400,
            Self::Validation { .. } => 422,
            Self::Unauthorized { .. } => 401,
            Self::Forbidden { .. } => 403,
            Self::NotFound { .. } => 404,
            Self::Conflict { .. } => 409,
            Self::RateLimited { .. } => 429,
            Self::Unavailable { .. } => 503,
            Self::Internal => 500,
            Self::Transport { .. } => 503,
        }
    }

    /// Per-field messages, empty for errors that concern the whole request.
    pub fn fields(&self) -> FieldErrors {
        match self {
            Self::Validation { fields, .. } | Self::Conflict { fields, .. } => fields.clone(),
            _ => FieldErrors::new(),
        }
    }

    /// The message for one field, if this error names it.
    pub fn field(&self, name: &str) -> Option<String> {
        match self {
            Self::Validation { fields, .. } | Self::Conflict { fields, .. } => fields.get(name).cloned(),
            _ => None,
        }
    }
}

/// An id from a URL or a form. Anything that is not a UUID names no resource: 404, not 400.
pub fn parse_id(raw: &str, what: &str) -> Result<uuid::Uuid, AppError> {
    uuid::Uuid::parse_str(raw.trim()).map_err(|_| AppError::not_found(format!("There is no {what} with this id.")))
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // Arguments that failed to decode are the client's fault, not ours.
            ServerFnErrorErr::Args(message) | ServerFnErrorErr::MissingArg(message) => Self::BadRequest { message },
            ServerFnErrorErr::Request(message) => Self::Transport { message },
            other => Self::Transport { message: other.to_string() },
        }
    }
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::*;
    use axum::Json;
    use axum::http::{HeaderValue, StatusCode, header};
    use axum::response::{IntoResponse, Response};

    /// For a feature's service: a violation of the named constraint becomes the feature's own
    /// error (the field and message a person can act on); anything else the generic way below.
    /// Each feature knows its constraints; this module knows none of them.
    pub trait OnConstraint<T> {
        fn on_constraint(self, constraint: &str, error: impl FnOnce() -> AppError) -> Result<T, AppError>;
    }

    impl<T> OnConstraint<T> for Result<T, sqlx::Error> {
        fn on_constraint(self, constraint: &str, error: impl FnOnce() -> AppError) -> Result<T, AppError> {
            self.map_err(|err| match &err {
                sqlx::Error::Database(db) if db.constraint() == Some(constraint) => error(),
                _ => AppError::from(err),
            })
        }
    }

    /// Errors that mean "the database is not there right now" rather than "this query is wrong":
    /// the pool could not hand out a connection in time, the socket failed, or the server is
    /// shutting down or starting up, or has no connection slot left (SQLSTATE class 08,
    /// 57P01–57P03, 53300).
    fn is_database_outage(err: &sqlx::Error) -> bool {
        match err {
            sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => true,
            sqlx::Error::Database(db) => db.code().is_some_and(|code| {
                code.starts_with("08") || matches!(code.as_ref(), "57P01" | "57P02" | "57P03" | "53300")
            }),
            _ => false,
        }
    }

    impl From<sqlx::Error> for AppError {
        fn from(err: sqlx::Error) -> Self {
            if is_database_outage(&err) {
                tracing::warn!(error = %err, "database unavailable");
                return AppError::database_unavailable();
            }
            if let sqlx::Error::Database(db) = &err {
                // 22021 / 22P05: text PostgreSQL cannot store, such as a NUL character.
                if matches!(db.code().as_deref(), Some("22021") | Some("22P05")) {
                    return AppError::bad_request("The input contains characters that cannot be stored (such as NUL).");
                }
                // 22008: a date or time outside what PostgreSQL can store.
                if db.code().as_deref() == Some("22008") {
                    return AppError::bad_request("A date or time in the input is out of range.");
                }
                if let Some(name) = db.constraint() {
                    // A duplicate or an overlap no feature has named: still the input's clash
                    // with what exists, not our bug.
                    if matches!(db.kind(), sqlx::error::ErrorKind::UniqueViolation)
                        || db.code().as_deref() == Some("23P01")
                    {
                        tracing::warn!(constraint = name, "a constraint no feature maps was violated");
                        return AppError::conflict("This clashes with something that already exists.");
                    }
                    // Check constraints back up the service-level validation; hitting one means
                    // the input slipped past it, which is still the input's fault.
                    if db.kind() == sqlx::error::ErrorKind::CheckViolation {
                        return AppError::Validation {
                            message: format!("The input breaks the rule `{name}`."),
                            fields: FieldErrors::new(),
                        };
                    }
                }
            }
            tracing::error!(error = %err, "database error");
            AppError::Internal
        }
    }

    impl From<tokio::task::JoinError> for AppError {
        fn from(err: tokio::task::JoinError) -> Self {
            tracing::error!(error = %err, "background task failed");
            AppError::Internal
        }
    }

    /// The JSON API's error body: `{"error": {"code", "message", "fields"}}`.
    #[derive(Serialize, utoipa::ToSchema)]
    pub struct ErrorBody {
        pub error: ErrorDetail,
    }

    #[derive(Serialize, utoipa::ToSchema)]
    pub struct ErrorDetail {
        /// Stable code, e.g. `validation_failed`, `conflict`, `unauthorized`.
        pub code: String,
        /// A sentence a person can read.
        pub message: String,
        /// Messages per input field, when the error concerns specific fields.
        pub fields: FieldErrors,
    }

    impl IntoResponse for AppError {
        fn into_response(self) -> Response {
            let status = StatusCode::from_u16(self.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let body = ErrorBody {
                error: ErrorDetail { code: self.code().to_owned(), message: self.to_string(), fields: self.fields() },
            };
            let mut response = (status, Json(body)).into_response();
            if let AppError::RateLimited { retry_after_secs, .. } | AppError::Unavailable { retry_after_secs, .. } =
                self
                && let Ok(value) = HeaderValue::from_str(&retry_after_secs.to_string())
            {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
            if status == StatusCode::UNAUTHORIZED {
                response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            response
        }
    }
}

#[cfg(feature = "ssr")]
pub use ssr::{ErrorBody, ErrorDetail, OnConstraint};
