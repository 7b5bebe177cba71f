//! The JSON API, `/api/v1`: the same services as the web app behind Bearer-token auth, with
//! errors as `{"error": {"code", "message", "fields"}}`.

use app::AppError;
use app::state::AppState;
use axum::Router;
use axum::routing::{get, post};

pub mod auth;
pub mod extract;
pub mod openapi;
pub mod profiles;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/auth/register", post(auth::register))
        .route("/auth/login", post(auth::login))
        .route("/auth/logout", post(auth::logout))
        .route("/me", get(auth::me))
        .route("/me/profile", get(profiles::get_mine).put(profiles::put_mine))
        .route("/mentors/{id}", get(profiles::mentor))
        .route("/openapi.json", get(openapi::document))
        .fallback(not_found)
}

async fn not_found() -> AppError {
    AppError::not_found("There is no such API endpoint. See /api/v1/openapi.json.")
}
