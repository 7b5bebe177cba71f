//! Account lifecycle: forgotten and changed passwords, email change, logins, email
//! preferences and unsubscribe links, deleting one's account and downloading one's data.

use app::AppError;
use app::account::{LoginInfo, RESET_SENT, deletion, email_change, export, logins, passwords};
use app::mail::{EmailKind, NotificationPreferences, preferences};
use app::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::extract::{ApiJson, ApiQuery, AuthUser, Client, parse_id};

#[derive(Deserialize, ToSchema)]
pub struct ForgotPassword {
    #[schema(max_length = 254, pattern = r"^[^\x00]*$")]
    pub email: String,
}

/// A sentence for the person, the same whatever happened behind it.
#[derive(Serialize, ToSchema)]
pub struct Accepted {
    pub message: String,
}

#[utoipa::path(post, path = "/api/v1/auth/password/forgot", tag = "auth", request_body = ForgotPassword,
    responses(
        (status = 202, description = "A reset link was mailed if the address has an account (the same answer either way)", body = Accepted),
        (status = 422, description = "No email given", body = app::ErrorBody),
        (status = 429, description = "Too many requests for this address or from this client in the last hour", body = app::ErrorBody),
    ))]
pub async fn forgot_password(
    State(state): State<AppState>,
    Client(client): Client,
    ApiJson(body): ApiJson<ForgotPassword>,
) -> Result<(StatusCode, Json<Accepted>), AppError> {
    passwords::forgot(&state.pool, &state.clock, &body.email, &client.ip).await?;
    Ok((StatusCode::ACCEPTED, Json(Accepted { message: RESET_SENT.to_owned() })))
}

#[derive(Deserialize, ToSchema)]
pub struct ResetPassword {
    /// From the link in the mail (`/reset-password?token=…`).
    #[schema(max_length = 200, pattern = r"^[^\x00]*$")]
    pub token: String,
    /// The new password: 8 to 128 characters, as at sign-up.
    #[schema(min_length = 8, max_length = 128)]
    pub password: String,
}

#[utoipa::path(post, path = "/api/v1/auth/password/reset", tag = "auth", request_body = ResetPassword,
    responses(
        (status = 204, description = "Password set; every login of the account has ended"),
        (status = 422, description = "Link invalid, used or expired (`token`), or password refused (`password`)", body = app::ErrorBody),
    ))]
pub async fn reset_password(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<ResetPassword>,
) -> Result<StatusCode, AppError> {
    passwords::reset(&state.pool, &state.clock, &body.token, &body.password).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
pub struct ChangePassword {
    pub current_password: String,
    #[schema(min_length = 8, max_length = 128)]
    pub new_password: String,
}

#[utoipa::path(put, path = "/api/v1/me/password", tag = "account", security(("bearer" = [])), request_body = ChangePassword,
    responses(
        (status = 204, description = "Changed; every other login has ended, this one stays"),
        (status = 422, description = "Current password wrong (`current_password`) or new one refused (`new_password`)", body = app::ErrorBody),
    ))]
pub async fn change_password(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
    ApiJson(body): ApiJson<ChangePassword>,
) -> Result<StatusCode, AppError> {
    passwords::change(&state.pool, &state.clock, &session, &body.current_password, &body.new_password).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
pub struct ChangeEmail {
    #[schema(format = Email, max_length = 254)]
    pub new_email: String,
    /// The current password, to confirm it is the member.
    pub password: String,
}

#[utoipa::path(put, path = "/api/v1/me/email", tag = "account", security(("bearer" = [])), request_body = ChangeEmail,
    responses(
        (status = 202, description = "A confirmation link was mailed to the new address; the email changes once it is followed", body = Accepted),
        (status = 409, description = "Another account uses that address", body = app::ErrorBody),
        (status = 422, description = "Address invalid or unchanged (`new_email`), password wrong (`password`)", body = app::ErrorBody),
    ))]
pub async fn change_email(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
    ApiJson(body): ApiJson<ChangeEmail>,
) -> Result<(StatusCode, Json<Accepted>), AppError> {
    email_change::request(&state.pool, &state.clock, &session, &body.new_email, &body.password).await?;
    let message = "We have sent a confirmation link to the new address. Your email changes once you follow it.";
    Ok((StatusCode::ACCEPTED, Json(Accepted { message: message.to_owned() })))
}

#[derive(Deserialize, ToSchema)]
pub struct ConfirmEmail {
    #[schema(max_length = 200, pattern = r"^[^\x00]*$")]
    pub token: String,
}

#[utoipa::path(post, path = "/api/v1/auth/email/confirm", tag = "auth", request_body = ConfirmEmail,
    responses(
        (status = 204, description = "The account's email is now the new address; the old one was told"),
        (status = 409, description = "Another account took that address meanwhile", body = app::ErrorBody),
        (status = 422, description = "Link invalid, used or expired", body = app::ErrorBody),
    ))]
pub async fn confirm_email(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<ConfirmEmail>,
) -> Result<StatusCode, AppError> {
    email_change::confirm(&state.pool, &state.clock, &body.token).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/v1/me/logins", tag = "account", security(("bearer" = [])),
    responses((status = 200, description = "Open logins, this one first, then by last use", body = [LoginInfo])))]
pub async fn my_logins(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
) -> Result<Json<Vec<LoginInfo>>, AppError> {
    logins::list(&state.pool, &session, state.clock.now()).await.map(Json)
}

#[utoipa::path(delete, path = "/api/v1/me/logins/{id}", tag = "account", security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path)),
    responses(
        (status = 204, description = "That login has ended (its token stops working)"),
        (status = 404, description = "No open login of yours with this id", body = app::ErrorBody),
    ))]
pub async fn end_login(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<String>,
) -> Result<StatusCode, AppError> {
    logins::end_one(&state.pool, &session, parse_id(&id, "login")?, state.clock.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
pub struct LoginsEnded {
    /// How many other logins ended.
    pub ended: u64,
}

#[utoipa::path(post, path = "/api/v1/me/logins/revoke-others", tag = "account", security(("bearer" = [])),
    responses((status = 200, description = "Every other login has ended; this one stays", body = LoginsEnded)))]
pub async fn end_other_logins(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
) -> Result<Json<LoginsEnded>, AppError> {
    let ended = logins::end_others(&state.pool, &session, state.clock.now()).await?;
    Ok(Json(LoginsEnded { ended }))
}

#[utoipa::path(get, path = "/api/v1/me/notification-preferences", tag = "account", security(("bearer" = [])),
    responses((status = 200, description = "Which notification emails you get (in-app notices always stay on)", body = NotificationPreferences)))]
pub async fn get_preferences(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
) -> Result<Json<NotificationPreferences>, AppError> {
    preferences::get(&state.pool, session.user.id).await.map(Json)
}

/// The kinds to switch on (`true`) or off; kinds left out stay as they are.
#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct PreferenceChanges {
    pub request_received: Option<bool>,
    pub request_accepted: Option<bool>,
    pub request_declined: Option<bool>,
    pub session_booked: Option<bool>,
    pub session_cancelled: Option<bool>,
    pub session_reminder: Option<bool>,
    pub rate_session: Option<bool>,
}

impl PreferenceChanges {
    fn changes(&self) -> Vec<(EmailKind, bool)> {
        let values = [
            self.request_received,
            self.request_accepted,
            self.request_declined,
            self.session_booked,
            self.session_cancelled,
            self.session_reminder,
            self.rate_session,
        ];
        EmailKind::ALL.into_iter().zip(values).filter_map(|(kind, on)| on.map(|on| (kind, on))).collect()
    }
}

#[utoipa::path(put, path = "/api/v1/me/notification-preferences", tag = "account", security(("bearer" = [])),
    request_body = PreferenceChanges,
    responses((status = 200, description = "The preferences after the change", body = NotificationPreferences)))]
pub async fn put_preferences(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
    ApiJson(body): ApiJson<PreferenceChanges>,
) -> Result<Json<NotificationPreferences>, AppError> {
    preferences::set(&state.pool, session.user.id, &body.changes(), state.clock.now()).await.map(Json)
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UnsubscribeQuery {
    /// From the link in a notification mail.
    #[param(pattern = r"^[^\x00]*$")]
    pub token: String,
}

#[derive(Serialize, ToSchema)]
pub struct Unsubscribed {
    /// The kind of email that stops (e.g. `request_received`).
    pub kind: String,
    pub message: String,
}

#[utoipa::path(get, path = "/api/v1/unsubscribe", tag = "account", params(UnsubscribeQuery),
    responses(
        (status = 200, description = "That kind of email is switched off for the link's member (no login needed)", body = Unsubscribed),
        (status = 404, description = "The account no longer exists", body = app::ErrorBody),
        (status = 422, description = "Not a valid unsubscribe link", body = app::ErrorBody),
    ))]
pub async fn unsubscribe(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<UnsubscribeQuery>,
) -> Result<Json<Unsubscribed>, AppError> {
    let done = preferences::unsubscribe(&state.pool, &query.token, state.clock.now()).await?;
    Ok(Json(Unsubscribed {
        kind: done.kind.as_str().to_owned(),
        message: format!("You will get no more emails for: {}.", done.kind.label().to_lowercase()),
    }))
}

/// RFC 8058 one-click: mail programs POST `List-Unsubscribe=One-Click` to the header's link.
#[utoipa::path(post, path = "/api/v1/unsubscribe", operation_id = "unsubscribe_one_click", tag = "account", params(UnsubscribeQuery),
    responses(
        (status = 200, description = "That kind of email is switched off (the body, if any, is ignored)", body = Unsubscribed),
        (status = 404, description = "The account no longer exists", body = app::ErrorBody),
        (status = 422, description = "Not a valid unsubscribe link", body = app::ErrorBody),
    ))]
pub async fn unsubscribe_one_click(
    state: State<AppState>,
    query: ApiQuery<UnsubscribeQuery>,
) -> Result<Json<Unsubscribed>, AppError> {
    unsubscribe(state, query).await
}

#[derive(Deserialize, ToSchema)]
pub struct DeleteAccount {
    /// Your password, to confirm.
    pub password: String,
}

#[utoipa::path(delete, path = "/api/v1/me", tag = "account", security(("bearer" = [])), request_body = DeleteAccount,
    responses(
        (status = 204, description = "Deleted: personal data erased, open requests and upcoming sessions cancelled (the other side told), every login ended; the email can register again"),
        (status = 409, description = "You are the only active admin", body = app::ErrorBody),
        (status = 422, description = "Password wrong", body = app::ErrorBody),
    ))]
pub async fn delete_me(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
    ApiJson(body): ApiJson<DeleteAccount>,
) -> Result<StatusCode, AppError> {
    deletion::delete_own(&state.pool, &state.clock, &session, &body.password).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/v1/me/export", tag = "account", security(("bearer" = [])),
    responses((status = 200, description = "Everything the app holds about you, as one JSON document (a download)", body = Object)))]
pub async fn export_me(State(state): State<AppState>, AuthUser(session): AuthUser) -> Result<Response, AppError> {
    export_response(&state, session.user.id).await
}

/// The same download for the web app's cookie session (a plain link on the settings page).
pub async fn export_for_cookie_session(
    State(state): State<AppState>,
    parts: axum::http::request::Parts,
) -> Result<Response, AppError> {
    let token =
        app::auth::web::cookie_token(&parts).ok_or_else(|| AppError::unauthorized("Log in to download your data."))?;
    let session = app::auth::service::authenticate(&state.pool, &state.auth, &state.clock, &token).await?;
    export_response(&state, session.user.id).await
}

async fn export_response(state: &AppState, user_id: uuid::Uuid) -> Result<Response, AppError> {
    let now = state.clock.now();
    let document = export::export(&state.pool, user_id, now).await?;
    let body = serde_json::to_string_pretty(&document).map_err(|_| AppError::Internal)?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/json".to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"my-data-{}.json\"", now.format("%Y-%m-%d"))),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        body,
    )
        .into_response())
}
