//! The JSON API, `/api/v1`: the same services as the web app behind Bearer-token auth, with
//! errors as `{"error": {"code", "message", "fields"}}`.

use app::AppError;
use app::state::AppState;
use axum::Router;
use axum::routing::{get, post, put};

pub mod account;
pub mod admin;
pub mod auth;
pub mod availability;
pub mod extract;
pub mod listing;
pub mod notifications;
pub mod openapi;
pub mod profiles;
pub mod requests;
pub mod rounds;
pub mod sessions;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/auth/register", post(auth::register))
        .route("/auth/login", post(auth::login))
        .route("/auth/logout", post(auth::logout))
        .route("/me", get(auth::me).delete(account::delete_me))
        .route("/auth/password/forgot", post(account::forgot_password))
        .route("/auth/password/reset", post(account::reset_password))
        .route("/auth/email/confirm", post(account::confirm_email))
        .route("/me/password", put(account::change_password))
        .route("/me/email", put(account::change_email))
        .route("/me/logins", get(account::my_logins))
        .route("/me/logins/revoke-others", post(account::end_other_logins))
        .route("/me/logins/{id}", axum::routing::delete(account::end_login))
        .route("/me/notification-preferences", get(account::get_preferences).put(account::put_preferences))
        .route("/me/export", get(account::export_me))
        .route("/unsubscribe", get(account::unsubscribe).post(account::unsubscribe_one_click))
        .route("/admin/outbox", get(admin::outbox))
        .route("/admin/users/{id}/password-reset", post(admin::send_password_reset))
        .route("/me/profile", get(profiles::get_mine).put(profiles::put_mine))
        .route("/mentors", get(profiles::directory))
        .route("/mentors/suggested", get(profiles::suggested))
        .route("/mentors/suggested/{id}/dismiss", post(profiles::dismiss_suggestion))
        .route("/mentors/{id}", get(profiles::mentor))
        .route("/mentees/{id}", get(profiles::mentee))
        .route("/mentors/{id}/slots", get(availability::slots))
        .route("/mentors/{id}/feedback", get(sessions::mentor_feedback))
        .route("/me/availability", get(availability::get_mine).put(availability::put_mine))
        .route("/sessions", post(sessions::book).get(sessions::list))
        .route("/sessions/{id}/cancel", post(sessions::cancel))
        .route("/sessions/{id}/meeting-place", put(sessions::set_meeting_place))
        .route("/sessions/{id}/ics", get(sessions::calendar))
        .route("/sessions/{id}/feedback", post(sessions::rate))
        .route("/requests", post(requests::create).get(requests::list))
        .route("/requests/{id}/accept", post(requests::accept))
        .route("/requests/{id}/decline", post(requests::decline))
        .route("/requests/{id}/cancel", post(requests::cancel))
        .route("/mentorships", get(requests::mentorships))
        .route("/mentorships/{id}/end", post(requests::end_mentorship))
        .route("/notifications", get(notifications::list))
        .route("/notifications/read", post(notifications::mark_read))
        .route("/me/listing", get(listing::my_listing))
        .route("/admin/settings", get(listing::settings).put(listing::put_settings))
        .route("/admin/mentor-approvals", get(listing::pending))
        .route("/admin/mentor-approvals/{id}/approve", post(listing::approve))
        .route("/admin/users", get(admin::users))
        .route("/admin/users/{id}", axum::routing::patch(admin::change_user).delete(admin::delete_user))
        .route("/admin/stats", get(admin::stats))
        .route("/admin/audit", get(admin::audit))
        .route("/admin/requests", get(admin::requests))
        .route("/admin/mentorships", get(admin::mentorships))
        .route("/admin/sessions", get(admin::sessions))
        .route("/admin/rounds", get(rounds::list).post(rounds::create))
        .route("/admin/rounds/{id}", get(rounds::get))
        .route("/admin/rounds/{id}/scores", get(rounds::scores))
        .route("/admin/rounds/{id}/exclusions", post(rounds::exclude))
        .route("/admin/rounds/{id}/compute", post(rounds::compute))
        .route("/admin/rounds/{id}/pairs", axum::routing::put(rounds::set_pairs))
        .route("/admin/rounds/{id}/publish", post(rounds::publish))
        .route("/openapi.json", get(openapi::document))
        .fallback(not_found)
}

async fn not_found() -> AppError {
    AppError::not_found("There is no such API endpoint. See /api/v1/openapi.json.")
}
