//! Which notification emails a member gets, and one-click unsubscribe links that work without
//! logging in: the link names the member and the kind, signed, so nobody can forge one for
//! somebody else.

use chrono::{DateTime, Utc};
use sqlx::PgPool;
use uuid::Uuid;

use super::{EmailKind, NotificationPreferences, settings};
use crate::error::AppError;

const UNSUBSCRIBE_PURPOSE: &str = "unsubscribe";

/// The token of an unsubscribe link: `<member>.<kind>.<signature>` (URL-safe as it is).
pub fn unsubscribe_token(user_id: Uuid, kind: EmailKind) -> String {
    let text = format!("{}.{}", user_id.simple(), kind.as_str());
    let signature = settings::get().keys.sign_text(UNSUBSCRIBE_PURPOSE, &text);
    format!("{text}.{signature}")
}

/// The member and kind an unsubscribe token names, if it is one the app signed.
pub fn read_unsubscribe_token(token: &str) -> Option<(Uuid, EmailKind)> {
    let (text, signature) = token.trim().rsplit_once('.')?;
    let (user, kind) = text.split_once('.')?;
    if !settings::get().keys.verify_text(UNSUBSCRIBE_PURPOSE, text, signature) {
        return None;
    }
    Some((Uuid::try_parse(user).ok()?, EmailKind::parse(kind)?))
}

pub async fn get(pool: &PgPool, user_id: Uuid) -> Result<NotificationPreferences, AppError> {
    let off =
        sqlx::query_scalar!("SELECT kind FROM email_opt_outs WHERE user_id = $1", user_id).fetch_all(pool).await?;
    let mut prefs = NotificationPreferences::all_on();
    off.iter().filter_map(|kind| EmailKind::parse(kind)).for_each(|kind| prefs.set(kind, false));
    Ok(prefs)
}

/// Switches each named kind on or off; kinds not named stay as they are.
pub async fn set(
    pool: &PgPool,
    user_id: Uuid,
    changes: &[(EmailKind, bool)],
    now: DateTime<Utc>,
) -> Result<NotificationPreferences, AppError> {
    let mut tx = pool.begin().await?;
    for (kind, on) in changes {
        set_one(&mut tx, user_id, *kind, *on, now).await?;
    }
    tx.commit().await?;
    get(pool, user_id).await
}

async fn set_one(
    conn: &mut sqlx::PgConnection,
    user_id: Uuid,
    kind: EmailKind,
    on: bool,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    if on {
        sqlx::query!("DELETE FROM email_opt_outs WHERE user_id = $1 AND kind = $2", user_id, kind.as_str())
            .execute(conn)
            .await?;
    } else {
        sqlx::query!(
            "INSERT INTO email_opt_outs (user_id, kind, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            user_id,
            kind.as_str(),
            now
        )
        .execute(conn)
        .await?;
    }
    Ok(())
}

/// What an unsubscribe link did: which kind of mail stops.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Unsubscribed {
    pub user_id: Uuid,
    pub kind: EmailKind,
}

/// Follows an unsubscribe link: switches its kind off for its member. Using it twice is fine.
pub async fn unsubscribe(pool: &PgPool, token: &str, now: DateTime<Utc>) -> Result<Unsubscribed, AppError> {
    let (user_id, kind) = read_unsubscribe_token(token).ok_or_else(|| {
        AppError::invalid_field(
            "token",
            "This unsubscribe link is not valid. Change your emails in your settings instead.",
        )
    })?;
    let exists = sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM users WHERE id = $1 AND deleted_at IS NULL) AS "exists!""#,
        user_id
    )
    .fetch_one(pool)
    .await?;
    if !exists {
        return Err(AppError::not_found("This account no longer exists, so it gets no email."));
    }
    let mut conn = pool.acquire().await?;
    set_one(&mut conn, user_id, kind, false, now).await?;
    tracing::info!(%user_id, kind = kind.as_str(), "unsubscribed through a mail link");
    Ok(Unsubscribed { user_id, kind })
}
