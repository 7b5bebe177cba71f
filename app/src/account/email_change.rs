//! Changing the account's email: confirmed through a link sent to the new address (so nobody
//! moves an account to an address they cannot read), and the old address is told.

use sqlx::PgPool;

use super::tokens::{self, Purpose};
use crate::auth::User;
use crate::auth::service::AuthSession;
use crate::auth::validate::Email;
use crate::clock::Clock;
use crate::error::{AppError, OnConstraint};
use crate::mail::compose::{Draft, compose};
use crate::mail::outbox;

const TAKEN: &str = "An account with this email already exists.";
const INVALID_LINK: &str =
    "This confirmation link is not valid or was already used. Change your email again in your settings.";

/// Sends a confirmation link to `new_email`; the address changes once it is followed.
pub async fn request(
    pool: &PgPool,
    clock: &Clock,
    session: &AuthSession,
    new_email: &str,
    current_password: &str,
) -> Result<(), AppError> {
    let user = &session.user;
    let email = Email::parse(new_email).map_err(|msg| AppError::invalid_field("new_email", msg))?;
    if email.as_str().to_lowercase() == user.email.to_lowercase() {
        return Err(AppError::invalid_field("new_email", "This is already your email address."));
    }
    if current_password.is_empty() {
        return Err(AppError::invalid_field("password", "Enter your password to confirm it is you."));
    }
    if !super::passwords::is_own_password(pool, user.id, current_password).await? {
        return Err(AppError::invalid_field("password", "That is not your password."));
    }
    let taken = sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM users WHERE lower(email) = lower($1)) AS "taken!""#,
        email.as_str()
    )
    .fetch_one(pool)
    .await?;
    if taken {
        return Err(AppError::conflict_on("new_email", TAKEN));
    }
    let now = clock.now();
    let mut tx = pool.begin().await?;
    let token = tokens::issue(&mut tx, user.id, Purpose::EmailChange, Some(email.as_str()), now).await?;
    let draft = Draft {
        subject: "Confirm your new email address".to_owned(),
        paragraphs: vec![
            format!("Hello {},", user.name),
            format!("Confirm that {} is the new email address of your account.", email.as_str()),
            "The link works once, for 24 hours. Until you follow it, your account keeps its old address.".to_owned(),
        ],
        action: Some(("Confirm my new address".to_owned(), format!("/confirm-email?token={token}"))),
    };
    outbox::enqueue(&mut *tx, Some(user.id), email.as_str(), "email_change", &compose(&draft, None), now).await?;
    tx.commit().await?;
    Ok(())
}

/// Follows a confirmation link: the account takes the new address, the old one is told.
pub async fn confirm(pool: &PgPool, clock: &Clock, token: &str) -> Result<User, AppError> {
    if token.trim().is_empty() {
        return Err(AppError::invalid_field("token", INVALID_LINK));
    }
    let now = clock.now();
    let mut tx = pool.begin().await?;
    let open = tokens::take(&mut tx, token, Purpose::EmailChange, now, INVALID_LINK).await?;
    let new_email = open.new_email.clone().ok_or(AppError::Internal)?;
    let old = crate::auth::service::find_user(&mut *tx, open.user_id).await?;
    let user = sqlx::query_as!(
        User,
        r#"UPDATE users SET email = $2, updated_at = $3 WHERE id = $1
           RETURNING id, email, name, role AS "role: crate::auth::Role", active, created_at"#,
        open.user_id,
        new_email,
        now,
    )
    .fetch_one(&mut *tx)
    .await
    .on_constraint("users_email_lower_key", || AppError::conflict_on("token", TAKEN))?;
    tokens::use_up(&mut tx, &open, Purpose::EmailChange, now).await?;
    let draft = Draft {
        subject: "Your email address was changed".to_owned(),
        paragraphs: vec![
            format!("Hello {},", old.name),
            format!("Your account's email address is now {new_email}: this address gets no more mail from us."),
            "If this was not you, tell the programme's administrators at once.".to_owned(),
        ],
        action: None,
    };
    outbox::enqueue(&mut *tx, Some(old.id), &old.email, "email_changed", &compose(&draft, None), now).await?;
    tx.commit().await?;
    tracing::info!(user_id = %user.id, "email address changed");
    Ok(user)
}
