//! Creating, listing and marking notifications.

use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgExecutor, PgPool};
use uuid::Uuid;

use super::{Notification, NotificationKind, NotificationList};
use crate::auth::User;
use crate::error::AppError;
use crate::pagination::{Page, PageRequest};

/// Records a notice for `user_id`, dated `now` (the event's time on the app clock). Callers pass
/// their transaction, so the notice exists exactly when the event it reports was committed.
pub async fn notify(
    conn: &mut PgConnection,
    user_id: Uuid,
    kind: NotificationKind,
    message: &str,
    link: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    insert(conn, user_id, kind, message, link, None, now).await
}

/// Records a notice about a mentorship request: once the request is decided, its notices to the
/// one who decided are marked read (see `mark_read_for_request`).
pub async fn notify_about_request(
    conn: &mut PgConnection,
    user_id: Uuid,
    request_id: Uuid,
    kind: NotificationKind,
    message: &str,
    link: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    insert(conn, user_id, kind, message, link, Some(request_id), now).await
}

async fn insert(
    conn: &mut PgConnection,
    user_id: Uuid,
    kind: NotificationKind,
    message: &str,
    link: &str,
    request_id: Option<Uuid>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    // Messages quote user text (names, reasons); keep them within the column's limit.
    let message: String = message.chars().take(500).collect();
    sqlx::query!(
        "INSERT INTO notifications (user_id, kind, message, link, request_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
        user_id,
        kind as NotificationKind,
        message,
        link,
        request_id,
        now,
    )
    .execute(&mut *conn)
    .await?;
    // Its email, in the same transaction, unless the member switched this kind off (or cannot
    // receive any): the outbox's own rule for member mail.
    if let Some(email_kind) = kind.email_kind() {
        let mail = crate::mail::compose::notice_mail(email_kind, user_id, &message, link);
        crate::mail::outbox::enqueue_for_member(&mut *conn, user_id, email_kind.as_str(), &mail, now).await?;
    }
    Ok(())
}

/// `user_id` has acted on the request, so its notices to them need no more attention.
pub async fn mark_read_for_request<'e>(
    executor: impl PgExecutor<'e>,
    user_id: Uuid,
    request_id: Uuid,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    sqlx::query!(
        "UPDATE notifications SET read_at = $3 WHERE request_id = $2 AND user_id = $1 AND read_at IS NULL",
        user_id,
        request_id,
        now,
    )
    .execute(executor)
    .await?;
    Ok(())
}

pub async fn list(pool: &PgPool, user: &User, page: PageRequest) -> Result<NotificationList, AppError> {
    let items = sqlx::query_as!(
        Notification,
        r#"SELECT id, kind AS "kind: NotificationKind", message, link, created_at, read_at FROM notifications
           WHERE user_id = $1 ORDER BY created_at DESC, id LIMIT $2 OFFSET $3"#,
        user.id,
        page.limit(),
        page.offset(),
    )
    .fetch_all(pool)
    .await?;
    let counts = sqlx::query!(
        r#"SELECT count(*) AS "total!", count(*) FILTER (WHERE read_at IS NULL) AS "unread!"
           FROM notifications WHERE user_id = $1"#,
        user.id,
    )
    .fetch_one(pool)
    .await?;
    Ok(NotificationList {
        unread: counts.unread,
        page: Page { items, total: counts.total, page: page.page, per_page: page.per_page },
    })
}

pub async fn unread_count(pool: &PgPool, user: &User) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar!(
        r#"SELECT count(*) AS "unread!" FROM notifications WHERE user_id = $1 AND read_at IS NULL"#,
        user.id,
    )
    .fetch_one(pool)
    .await?)
}

/// Marks the given notifications (or, with `None`, all of them) read; only the user's own are
/// touched, and dated `now`. Returns how many are still unread.
pub async fn mark_read(pool: &PgPool, user: &User, ids: Option<&[Uuid]>, now: DateTime<Utc>) -> Result<i64, AppError> {
    sqlx::query!(
        "UPDATE notifications SET read_at = $3
         WHERE user_id = $1 AND read_at IS NULL AND ($2::uuid[] IS NULL OR id = ANY ($2))",
        user.id,
        ids,
        now,
    )
    .execute(pool)
    .await?;
    unread_count(pool, user).await
}

#[cfg(test)]
#[path = "service_tests.rs"]
mod tests;
