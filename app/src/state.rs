//! Server-side shared state, handed to axum handlers as router state and to server functions
//! through Leptos context.

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;
use sqlx::PgPool;

use crate::auth::token::TokenKeys;
use crate::clock::Clock;
use crate::error::AppError;

#[derive(Clone)]
pub struct AppState {
    pub pool: PgPool,
    pub auth: Arc<AuthSettings>,
    pub leptos_options: LeptosOptions,
    pub clock: Clock,
}

/// How tokens are signed and how long a login lasts.
pub struct AuthSettings {
    pub keys: TokenKeys,
    pub token_ttl: chrono::Duration,
    /// Mark the session cookie `Secure`: set when the public URL is https.
    pub secure_cookies: bool,
    /// Reverse proxies whose `X-Forwarded-For` names the real client (`TRUSTED_PROXIES`).
    pub trusted_proxies: Vec<ipnet::IpNet>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// The state inside a server function or a server-rendered component.
pub fn from_context() -> Result<AppState, AppError> {
    leptos::prelude::use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from the Leptos context");
        AppError::Internal
    })
}
