//! "Your logins": the member's open login sessions, and ending them one by one or all but this.

use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use super::LoginInfo;
use crate::auth::service::AuthSession;
use crate::error::AppError;

/// The member's logins that still work, most recently used first.
pub async fn list(pool: &PgPool, session: &AuthSession, now: DateTime<Utc>) -> Result<Vec<LoginInfo>, AppError> {
    Ok(sqlx::query_as!(
        LoginInfo,
        r#"SELECT id, user_agent, coalesce(ip, 'unknown') AS "address!", created_at, last_seen_at,
                  id = $2 AS "current!"
           FROM login_sessions WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > $3
           ORDER BY id = $2 DESC, last_seen_at DESC, id"#,
        session.user.id,
        session.session_id,
        now,
    )
    .fetch_all(pool)
    .await?)
}

/// Ends one of the member's logins (its token stops working on its next request).
pub async fn end_one(pool: &PgPool, session: &AuthSession, login_id: Uuid, now: DateTime<Utc>) -> Result<(), AppError> {
    let ended = sqlx::query!(
        "UPDATE login_sessions SET revoked_at = $3 WHERE id = $2 AND user_id = $1 AND revoked_at IS NULL",
        session.user.id,
        login_id,
        now,
    )
    .execute(pool)
    .await?
    .rows_affected();
    if ended == 0 {
        return Err(AppError::not_found("You have no open login with this id."));
    }
    Ok(())
}

/// Ends every login of the member but the one asking; returns how many ended.
pub async fn end_others(pool: &PgPool, session: &AuthSession, now: DateTime<Utc>) -> Result<u64, AppError> {
    let mut conn = pool.acquire().await?;
    let before = count_open(&mut conn, session.user.id).await?;
    end_all(&mut conn, session.user.id, Some(session.session_id), now).await?;
    Ok(before.saturating_sub(1))
}

async fn count_open(conn: &mut PgConnection, user_id: Uuid) -> Result<u64, AppError> {
    let n = sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!" FROM login_sessions WHERE user_id = $1 AND revoked_at IS NULL"#,
        user_id
    )
    .fetch_one(conn)
    .await?;
    Ok(n as u64)
}

/// Ends every login of `user_id`, but `keep` when given.
pub async fn end_all(
    conn: &mut PgConnection,
    user_id: Uuid,
    keep: Option<Uuid>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    sqlx::query!(
        "UPDATE login_sessions SET revoked_at = $3
         WHERE user_id = $1 AND revoked_at IS NULL AND ($2::uuid IS NULL OR id <> $2)",
        user_id,
        keep,
        now,
    )
    .execute(conn)
    .await?;
    Ok(())
}
