//! Server functions behind the account pages. Every form is a plain post: on success the member
//! lands on a page saying what happened; a refusal comes back to the form, with what was typed
//! (never a password) and the error next to its field.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::LoginInfo;
use crate::error::AppError;
use crate::mail::NotificationPreferences;

#[cfg(feature = "ssr")]
use {
    super::{deletion, email_change, logins, passwords},
    crate::auth::web,
    crate::mail::{EmailKind, preferences},
    crate::state,
};

/// What the settings page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AccountSettings {
    pub email: String,
    pub logins: Vec<LoginInfo>,
    pub preferences: NotificationPreferences,
}

#[server(endpoint = "account/settings")]
pub async fn load_settings() -> Result<AccountSettings, AppError> {
    let (state, session) = web::require_session().await?;
    let now = state.clock.now();
    Ok(AccountSettings {
        email: session.user.email.clone(),
        logins: logins::list(&state.pool, &session, now).await?,
        preferences: preferences::get(&state.pool, session.user.id).await?,
    })
}

#[server(endpoint = "account/forgot")]
pub async fn forgot_password(email: String) -> Result<(), AppError> {
    let typed = [("email", email.clone())];
    let result = async {
        let state = state::from_context()?;
        let client = web::current_client(&state);
        passwords::forgot(&state.pool, &state.clock, &email, &client.ip).await?;
        leptos_axum::redirect("/forgot-password?sent=1");
        Ok(())
    }
    .await;
    web::respond_keeping(result, "forgot", &[("email", typed[0].1.as_str())])
}

#[server(endpoint = "account/reset")]
pub async fn reset_password(token: String, password: String) -> Result<(), AppError> {
    let result = async {
        let state = state::from_context()?;
        passwords::reset(&state.pool, &state.clock, &token, &password).await?;
        web::clear_session_cookie(&state);
        leptos_axum::redirect("/login?reset=1");
        Ok(())
    }
    .await;
    web::respond_keeping(result, "reset", &[])
}

#[server(endpoint = "account/password")]
pub async fn change_password(current_password: String, new_password: String) -> Result<(), AppError> {
    let result = async {
        let (state, session) = web::require_session().await?;
        passwords::change(&state.pool, &state.clock, &session, &current_password, &new_password).await?;
        leptos_axum::redirect("/settings?done=password");
        Ok(())
    }
    .await;
    web::respond_keeping(result, "password", &[])
}

#[server(endpoint = "account/email")]
pub async fn change_email(new_email: String, password: String) -> Result<(), AppError> {
    let typed = new_email.clone();
    let result = async {
        let (state, session) = web::require_session().await?;
        email_change::request(&state.pool, &state.clock, &session, &new_email, &password).await?;
        leptos_axum::redirect("/settings?done=email");
        Ok(())
    }
    .await;
    web::respond_keeping(result, "email", &[("new_email", typed.as_str())])
}

#[server(endpoint = "account/confirm-email")]
pub async fn confirm_email(token: String) -> Result<(), AppError> {
    web::respond(
        async {
            let state = state::from_context()?;
            email_change::confirm(&state.pool, &state.clock, &token).await?;
            leptos_axum::redirect("/confirm-email?done=1");
            Ok(())
        }
        .await,
    )
}

#[server(endpoint = "account/logins/end")]
pub async fn end_login(id: String) -> Result<(), AppError> {
    web::respond(
        async {
            let (state, session) = web::require_session().await?;
            let id = crate::error::parse_id(&id, "login")?;
            logins::end_one(&state.pool, &session, id, state.clock.now()).await?;
            leptos_axum::redirect("/settings?done=logout#logins");
            Ok(())
        }
        .await,
    )
}

#[server(endpoint = "account/logins/end-others")]
pub async fn end_other_logins() -> Result<(), AppError> {
    web::respond(
        async {
            let (state, session) = web::require_session().await?;
            logins::end_others(&state.pool, &session, state.clock.now()).await?;
            leptos_axum::redirect("/settings?done=logout-others#logins");
            Ok(())
        }
        .await,
    )
}

/// The preferences form: a checked box arrives as its name with any value, an unchecked one
/// not at all.
#[server(endpoint = "account/email-preferences")]
#[allow(clippy::too_many_arguments)]
pub async fn save_email_preferences(
    #[server(default)] request_received: Option<String>,
    #[server(default)] request_accepted: Option<String>,
    #[server(default)] request_declined: Option<String>,
    #[server(default)] session_booked: Option<String>,
    #[server(default)] session_cancelled: Option<String>,
    #[server(default)] session_reminder: Option<String>,
    #[server(default)] rate_session: Option<String>,
) -> Result<(), AppError> {
    let checked = [
        request_received,
        request_accepted,
        request_declined,
        session_booked,
        session_cancelled,
        session_reminder,
        rate_session,
    ];
    web::respond(
        async {
            let (state, session) = web::require_session().await?;
            let changes: Vec<(EmailKind, bool)> =
                EmailKind::ALL.into_iter().zip(checked).map(|(kind, value)| (kind, value.is_some())).collect();
            preferences::set(&state.pool, session.user.id, &changes, state.clock.now()).await?;
            leptos_axum::redirect("/settings?done=emails#emails");
            Ok(())
        }
        .await,
    )
}

#[server(endpoint = "account/unsubscribe")]
pub async fn unsubscribe(token: String) -> Result<(), AppError> {
    web::respond(
        async {
            let state = state::from_context()?;
            let done = preferences::unsubscribe(&state.pool, &token, state.clock.now()).await?;
            leptos_axum::redirect(&format!("/unsubscribe?done={}", done.kind.as_str()));
            Ok(())
        }
        .await,
    )
}

#[server(endpoint = "account/delete")]
pub async fn delete_account(password: String) -> Result<(), AppError> {
    let result = async {
        let (state, session) = web::require_session().await?;
        deletion::delete_own(&state.pool, &state.clock, &session, &password).await?;
        web::clear_session_cookie(&state);
        leptos_axum::redirect("/?deleted=1");
        Ok(())
    }
    .await;
    web::respond_keeping(result, "delete", &[])
}

#[server(endpoint = "admin/users/deletion-preview")]
pub async fn load_deletion_preview(id: String) -> Result<super::DeletionPreview, AppError> {
    let (state, session) = web::require_session().await?;
    let id = crate::error::parse_id(&id, "user")?;
    deletion::preview(&state.pool, &session.user, id, state.clock.now()).await
}

/// An admin deletes a member's account from its confirmation page.
#[server(endpoint = "admin/users/delete")]
pub async fn admin_delete_user(id: String, #[server(default)] reason: Option<String>) -> Result<(), AppError> {
    web::respond(
        async {
            let (state, session) = web::require_session().await?;
            let id = crate::error::parse_id(&id, "user")?;
            deletion::delete_by_admin(&state.pool, &state.clock, &session.user, id, reason.as_deref()).await?;
            leptos_axum::redirect("/admin/audit");
            Ok(())
        }
        .await,
    )
}

/// An admin sends a member a reset link, from the users page.
#[server(endpoint = "admin/users/send-reset")]
pub async fn admin_send_reset(id: String) -> Result<(), AppError> {
    web::respond(
        async {
            let (state, session) = web::require_session().await?;
            let id = crate::error::parse_id(&id, "user")?;
            passwords::admin_send_reset(&state.pool, &state.clock, &session.user, id).await?;
            leptos_axum::redirect("/admin/outbox?sent=reset");
            Ok(())
        }
        .await,
    )
}
