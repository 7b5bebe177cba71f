//! One-time links sent by mail (password reset, email change). The link carries 256 random
//! bits; the database keeps only their SHA-256, and a token is good once, until it expires.

use chrono::{DateTime, Duration, Utc};
use sha2::{Digest, Sha256};
use sqlx::PgConnection;
use uuid::Uuid;

use crate::error::AppError;

#[derive(Clone, Copy, Debug, PartialEq, Eq, sqlx::Type)]
#[sqlx(type_name = "account_token_purpose", rename_all = "snake_case")]
pub enum Purpose {
    PasswordReset,
    EmailChange,
}

pub const RESET_VALID_FOR: Duration = Duration::hours(1);
pub const EMAIL_CHANGE_VALID_FOR: Duration = Duration::hours(24);

fn digest(token: &str) -> Vec<u8> {
    Sha256::digest(token.trim().as_bytes()).to_vec()
}

/// Creates a token for `user_id` and returns the text to put in the link.
pub async fn issue(
    conn: &mut PgConnection,
    user_id: Uuid,
    purpose: Purpose,
    new_email: Option<&str>,
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    let token: String = rand::random::<[u8; 32]>().iter().map(|byte| format!("{byte:02x}")).collect();
    let valid_for = match purpose {
        Purpose::PasswordReset => RESET_VALID_FOR,
        Purpose::EmailChange => EMAIL_CHANGE_VALID_FOR,
    };
    sqlx::query!(
        "INSERT INTO account_tokens (user_id, purpose, token_hash, new_email, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
        user_id,
        purpose as Purpose,
        digest(&token),
        new_email,
        now,
        now + valid_for,
    )
    .execute(conn)
    .await?;
    Ok(token)
}

/// A token that is still good, locked until the transaction ends.
pub struct OpenToken {
    pub id: Uuid,
    pub user_id: Uuid,
    pub new_email: Option<String>,
}

/// Finds the unused, unexpired token of `purpose` behind `token` and locks it, so two uses at
/// once cannot both succeed. `invalid` is the message for a link that never was or was used.
pub async fn take(
    conn: &mut PgConnection,
    token: &str,
    purpose: Purpose,
    now: DateTime<Utc>,
    invalid: &str,
) -> Result<OpenToken, AppError> {
    let row = sqlx::query!(
        r#"SELECT t.id, t.user_id, t.new_email, t.expires_at, t.used_at
           FROM account_tokens t JOIN users u ON u.id = t.user_id
           WHERE t.token_hash = $1 AND t.purpose = $2 AND u.deleted_at IS NULL
           FOR UPDATE OF t"#,
        digest(token),
        purpose as Purpose,
    )
    .fetch_optional(&mut *conn)
    .await?
    .filter(|row| row.used_at.is_none())
    .ok_or_else(|| AppError::invalid_field("token", invalid))?;
    if row.expires_at <= now {
        return Err(AppError::invalid_field("token", "This link has expired. Ask for a new one."));
    }
    Ok(OpenToken { id: row.id, user_id: row.user_id, new_email: row.new_email })
}

/// Marks `id` used, and with it every other open token of the same user and purpose: a newer
/// link or a completed change makes older links useless.
pub async fn use_up(
    conn: &mut PgConnection,
    token: &OpenToken,
    purpose: Purpose,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    sqlx::query!(
        "UPDATE account_tokens SET used_at = $3 WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL",
        token.user_id,
        purpose as Purpose,
        now,
    )
    .execute(conn)
    .await?;
    Ok(())
}
