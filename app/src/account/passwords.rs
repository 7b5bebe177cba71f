//! Forgotten and changed passwords. A reset link goes to the account's address (the answer is
//! the same whether or not there is an account), works once within an hour and ends every
//! login; changing the password needs the current one and ends every other login.

use chrono::{DateTime, Duration, Utc};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use super::tokens::{self, Purpose};
use crate::auth::service::AuthSession;
use crate::auth::{User, login_limits, password};
use crate::clock::Clock;
use crate::error::AppError;
use crate::mail::compose::{Draft, compose};
use crate::mail::outbox;

/// "Forgot password?" requests allowed per email address, and per client address, per hour.
pub const FORGOT_PER_EMAIL: i64 = 3;
pub const FORGOT_PER_ADDRESS: i64 = 20;
const FORGOT_WINDOW: Duration = Duration::hours(1);

const INVALID_RESET_LINK: &str =
    "This reset link is not valid or was already used. Ask for a new one on the login page.";

/// Sends a reset link to the account behind `email`, if there is one (and it is active). The
/// answer is the same either way; only the limits can refuse, and they count every request.
pub async fn forgot(pool: &PgPool, clock: &Clock, email: &str, client_ip: &str) -> Result<(), AppError> {
    let email = email.trim();
    if email.is_empty() {
        return Err(AppError::invalid_field("email", "Enter the email address of your account."));
    }
    if email.contains('\0') || email.chars().count() > 254 {
        return Err(AppError::invalid_field("email", "Enter an email address like name@example.org."));
    }
    let now = clock.now();
    let address = login_limits::address_key(client_ip);
    let mut tx = pool.begin().await?;
    let email_lower = sqlx::query_scalar!(r#"SELECT lower($1::text) AS "lower!""#, email).fetch_one(&mut *tx).await?;
    // One request at a time per email, so the count below cannot be outrun by a burst.
    sqlx::query!("SELECT pg_advisory_xact_lock(hashtextextended('password-reset:' || $1, 0))", email_lower)
        .execute(&mut *tx)
        .await?;
    let counts = sqlx::query!(
        r#"SELECT count(*) FILTER (WHERE email_lower = $1) AS "by_email!",
                  count(*) FILTER (WHERE address_key = $2) AS "by_address!",
                  min(requested_at) FILTER (WHERE email_lower = $1) AS oldest_by_email,
                  min(requested_at) FILTER (WHERE address_key = $2) AS oldest_by_address
           FROM password_reset_requests
           WHERE (email_lower = $1 OR address_key = $2) AND requested_at > $3"#,
        email_lower,
        address,
        now - FORGOT_WINDOW,
    )
    .fetch_one(&mut *tx)
    .await?;
    let oldest = if counts.by_email >= FORGOT_PER_EMAIL {
        counts.oldest_by_email
    } else if counts.by_address >= FORGOT_PER_ADDRESS {
        counts.oldest_by_address
    } else {
        None
    };
    if let Some(oldest) = oldest {
        let wait = (oldest + FORGOT_WINDOW - now).num_seconds().max(1) as u64;
        return Err(AppError::RateLimited {
            message: format!("Too many reset requests. Try again in {} minutes.", wait.div_ceil(60)),
            retry_after_secs: wait,
        });
    }
    sqlx::query!(
        "INSERT INTO password_reset_requests (email_lower, address_key, requested_at) VALUES ($1, $2, $3)",
        email_lower,
        address,
        now,
    )
    .execute(&mut *tx)
    .await?;
    let account = sqlx::query!(
        "SELECT id, email, name FROM users WHERE lower(email) = $1 AND active AND deleted_at IS NULL",
        email_lower
    )
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(account) = account {
        send_reset_link(&mut tx, account.id, &account.email, &account.name, None, now).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Writes a reset link for the account to the outbox. `by_admin`: the admin who sent it.
async fn send_reset_link(
    conn: &mut PgConnection,
    user_id: Uuid,
    email: &str,
    name: &str,
    by_admin: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let token = tokens::issue(conn, user_id, Purpose::PasswordReset, None, now).await?;
    let why = match by_admin {
        Some(admin) => format!("{admin}, an administrator of the programme, sent you a link to choose a new password."),
        None => "Someone (we hope you) asked to reset the password of your account.".to_owned(),
    };
    let draft = Draft {
        subject: "Choose a new password".to_owned(),
        paragraphs: vec![
            format!("Hello {name},"),
            why,
            "The link works once, for one hour. Choosing a new password logs you out everywhere else.".to_owned(),
            "If you did not ask for this, ignore this email: your password stays as it is.".to_owned(),
        ],
        action: Some(("Choose a new password".to_owned(), format!("/reset-password?token={token}"))),
    };
    outbox::enqueue(conn, Some(user_id), email, "password_reset", &compose(&draft, None), now).await?;
    Ok(())
}

/// An admin sends a member a reset link (recorded in the audit log).
pub async fn admin_send_reset(pool: &PgPool, clock: &Clock, admin: &User, user_id: Uuid) -> Result<(), AppError> {
    if admin.role != crate::auth::Role::Admin {
        return Err(AppError::forbidden("Only admins can send reset links."));
    }
    let now = clock.now();
    let mut tx = pool.begin().await?;
    let account =
        sqlx::query!("SELECT id, email, name, active FROM users WHERE id = $1 AND deleted_at IS NULL", user_id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or_else(|| AppError::not_found("There is no user with this id."))?;
    if !account.active {
        return Err(AppError::conflict("This account is deactivated: reactivate it before sending a reset link."));
    }
    send_reset_link(&mut tx, account.id, &account.email, &account.name, Some(&admin.name), now).await?;
    sqlx::query!(
        "INSERT INTO audit_log (admin_id, action, target_user_id, created_at) VALUES ($1, 'user.password_reset_sent', $2, $3)",
        admin.id,
        user_id,
        now
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Sets a new password through a reset link, ends every login of the account, and uses up the
/// link (and any other reset link of the account).
pub async fn reset(pool: &PgPool, clock: &Clock, token: &str, new_password: &str) -> Result<User, AppError> {
    if token.trim().is_empty() {
        return Err(AppError::invalid_field("token", INVALID_RESET_LINK));
    }
    let now = clock.now();
    // Check the link before the (slow) hash, and again under the lock after it.
    let user = {
        let mut conn = pool.acquire().await?;
        let open = tokens::take(&mut conn, token, Purpose::PasswordReset, now, INVALID_RESET_LINK).await?;
        crate::auth::service::find_user(pool, open.user_id).await?
    };
    password::check_policy(new_password, &user.email, &user.name)
        .map_err(|msg| AppError::invalid_field("password", msg))?;
    let hash = password::hash(new_password.to_owned()).await?;
    let mut tx = pool.begin().await?;
    let open = tokens::take(&mut tx, token, Purpose::PasswordReset, now, INVALID_RESET_LINK).await?;
    set_password(&mut tx, open.user_id, &hash, None, now).await?;
    tokens::use_up(&mut tx, &open, Purpose::PasswordReset, now).await?;
    tell_password_changed(&mut tx, &user, now).await?;
    tx.commit().await?;
    tracing::info!(user_id = %user.id, "password reset through a mail link");
    Ok(user)
}

/// Changes the signed-in member's password; every other login ends, this one stays.
pub async fn change(
    pool: &PgPool,
    clock: &Clock,
    session: &AuthSession,
    current_password: &str,
    new_password: &str,
) -> Result<(), AppError> {
    let user = &session.user;
    if current_password.is_empty() {
        return Err(AppError::invalid_field("current_password", "Enter your current password."));
    }
    if !is_own_password(pool, user.id, current_password).await? {
        return Err(AppError::invalid_field("current_password", "That is not your current password."));
    }
    password::check_policy(new_password, &user.email, &user.name)
        .map_err(|msg| AppError::invalid_field("new_password", msg))?;
    if new_password == current_password {
        return Err(AppError::invalid_field("new_password", "Choose a password different from the current one."));
    }
    let now = clock.now();
    let hash = password::hash(new_password.to_owned()).await?;
    let mut tx = pool.begin().await?;
    set_password(&mut tx, user.id, &hash, Some(session.session_id), now).await?;
    tell_password_changed(&mut tx, user, now).await?;
    tx.commit().await?;
    Ok(())
}

/// Whether `password` is the account's own: what a member confirms a change with (a new
/// password or email, deleting the account) while signed in.
pub async fn is_own_password(pool: &PgPool, user_id: Uuid, password: &str) -> Result<bool, AppError> {
    let stored = sqlx::query_scalar!("SELECT password_hash FROM users WHERE id = $1", user_id).fetch_one(pool).await?;
    password::verify(password.to_owned(), stored).await
}

/// Stores `hash` and ends the account's logins, all of them or all but `keep`.
async fn set_password(
    conn: &mut PgConnection,
    user_id: Uuid,
    hash: &str,
    keep: Option<Uuid>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    sqlx::query!("UPDATE users SET password_hash = $2, updated_at = $3 WHERE id = $1", user_id, hash, now)
        .execute(&mut *conn)
        .await?;
    super::logins::end_all(conn, user_id, keep, now).await
}

async fn tell_password_changed(conn: &mut PgConnection, user: &User, now: DateTime<Utc>) -> Result<(), AppError> {
    let draft = Draft {
        subject: "Your password was changed".to_owned(),
        paragraphs: vec![
            format!("Hello {},", user.name),
            "The password of your account was just changed, and your other logins were ended.".to_owned(),
            "If this was not you, ask for a reset link on the login page at once and tell the programme's \
             administrators."
                .to_owned(),
        ],
        action: Some(("Log in".to_owned(), "/login".to_owned())),
    };
    outbox::enqueue(conn, Some(user.id), &user.email, "password_changed", &compose(&draft, None), now).await?;
    Ok(())
}
