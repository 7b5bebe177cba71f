//! The outbox: mail written with its event, claimed by one worker at a time, retried with
//! backoff until the mail server takes it, and listed for admins.

use chrono::{DateTime, Duration, Utc};
use sqlx::{PgExecutor, PgPool};
use uuid::Uuid;

use super::compose::Composed;
use super::{MailStatus, OutboxMail};
use crate::error::AppError;
use crate::pagination::{Page, PageRequest};

/// How long a claimed mail is left to its worker before another may try it (a worker that died
/// mid-send leaves its mail to be retried after this).
pub const CLAIM_LEASE: Duration = Duration::minutes(2);

/// Writes `mail` to the outbox for `to_address`, due at once. Pass the transaction of the event
/// the mail reports, so it is sent exactly when the event happened.
pub async fn enqueue<'e>(
    executor: impl PgExecutor<'e>,
    user_id: Option<Uuid>,
    to_address: &str,
    kind: &str,
    mail: &Composed,
    now: DateTime<Utc>,
) -> Result<Uuid, AppError> {
    let id = sqlx::query_scalar!(
        "INSERT INTO mail_outbox (user_id, to_address, subject, text_body, html_body, unsubscribe_url, kind,
                                  next_attempt_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
        user_id,
        to_address,
        subject_line(&mail.subject),
        mail.text_body,
        mail.html_body,
        mail.unsubscribe_url,
        kind,
        now,
    )
    .fetch_one(executor)
    .await?;
    Ok(id)
}

/// Writes `mail` for the member `user_id` at their current address, unless they switched its
/// kind off or their account is deactivated or deleted. `kind` is an email kind's name.
pub async fn enqueue_for_member<'e>(
    executor: impl PgExecutor<'e>,
    user_id: Uuid,
    kind: &str,
    mail: &Composed,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    sqlx::query!(
        "INSERT INTO mail_outbox (user_id, to_address, subject, text_body, html_body, unsubscribe_url, kind,
                                  next_attempt_at, created_at)
         SELECT u.id, u.email, $2, $3, $4, $5, $6, $7, $7 FROM users u
         WHERE u.id = $1 AND u.active AND u.deleted_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM email_opt_outs o WHERE o.user_id = u.id AND o.kind = $6)",
        user_id,
        subject_line(&mail.subject),
        mail.text_body,
        mail.html_body,
        mail.unsubscribe_url,
        kind,
        now,
    )
    .execute(executor)
    .await?;
    Ok(())
}

/// An operator's test mail (`server send-test-mail --to`), to check the mail settings.
pub async fn enqueue_test_mail(pool: &PgPool, to_address: &str, now: DateTime<Utc>) -> Result<Uuid, AppError> {
    let to_address = to_address.trim();
    if to_address.len() < 3 || !to_address.contains('@') {
        return Err(AppError::invalid_field("to", "Give an address like name@example.org."));
    }
    let draft = super::compose::Draft {
        subject: "Test mail".to_owned(),
        paragraphs: vec!["This is a test mail: the server's mail settings work.".to_owned()],
        action: Some(("Open the app".to_owned(), "/".to_owned())),
    };
    enqueue(pool, None, to_address, "test", &super::compose::compose(&draft, None), now).await
}

/// A mail's status and its last error.
pub async fn status_of(pool: &PgPool, id: Uuid) -> Result<(MailStatus, Option<String>), AppError> {
    let row = sqlx::query!(r#"SELECT status AS "status: MailStatus", last_error FROM mail_outbox WHERE id = $1"#, id)
        .fetch_optional(pool)
        .await?
        .ok_or_else(|| AppError::not_found("There is no such mail."))?;
    Ok((row.status, row.last_error))
}

/// Subjects quote names; keep them on one line and within the column's limit.
fn subject_line(subject: &str) -> String {
    subject.chars().map(|c| if c.is_control() { ' ' } else { c }).take(200).collect()
}

/// A mail a worker has claimed and now sends.
#[derive(Clone, Debug)]
pub struct ClaimedMail {
    pub id: Uuid,
    pub to_address: String,
    pub subject: String,
    pub text_body: String,
    pub html_body: String,
    pub unsubscribe_url: Option<String>,
    /// This attempt's number (1 for the first).
    pub attempts: i32,
}

/// Claims up to `limit` due mails for this worker. Other workers skip rows being claimed
/// (`SKIP LOCKED`) and, once the claim is committed, find them due only after the lease.
pub async fn claim_due(pool: &PgPool, now: DateTime<Utc>, limit: i64) -> Result<Vec<ClaimedMail>, AppError> {
    Ok(sqlx::query_as!(
        ClaimedMail,
        "UPDATE mail_outbox SET attempts = attempts + 1, next_attempt_at = $2
         WHERE id IN (SELECT id FROM mail_outbox WHERE status = 'pending' AND next_attempt_at <= $1
                      ORDER BY next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED)
         RETURNING id, to_address, subject, text_body, html_body, unsubscribe_url, attempts",
        now,
        now + CLAIM_LEASE,
        limit,
    )
    .fetch_all(pool)
    .await?)
}

/// Records a mail as sent. The link of an account mail (reset, email change) is taken out of the
/// stored copy: once it is in the member's mailbox, the database keeps only the token's hash,
/// and nobody reading the outbox can use it.
pub async fn mark_sent(pool: &PgPool, id: Uuid, now: DateTime<Utc>) -> Result<(), AppError> {
    sqlx::query!(
        r#"UPDATE mail_outbox SET status = 'sent', sent_at = $2, last_error = NULL,
                  text_body = CASE WHEN kind IN ('password_reset', 'email_change')
                                   THEN regexp_replace(text_body, 'token=[0-9a-f]+', 'token=(removed once sent)', 'g')
                                   ELSE text_body END,
                  html_body = CASE WHEN kind IN ('password_reset', 'email_change')
                                   THEN regexp_replace(html_body, 'token=[0-9a-f]+', 'token=(removed once sent)', 'g')
                                   ELSE html_body END
           WHERE id = $1"#,
        id,
        now
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// How long to wait after the `attempts`-th failed attempt: 30 s, doubling, at most an hour.
pub fn backoff(attempts: i32) -> Duration {
    let doublings = attempts.clamp(1, 8) - 1;
    (Duration::seconds(30) * 2_i32.pow(doublings as u32)).min(Duration::hours(1))
}

/// Records a failed attempt: retried after the backoff, or, when the mail server refused the
/// message for good (`permanent`), never again.
pub async fn mark_failed(
    pool: &PgPool,
    mail: &ClaimedMail,
    error: &str,
    permanent: bool,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let error: String = error.chars().take(1000).collect();
    let status = if permanent { MailStatus::Failed } else { MailStatus::Pending };
    sqlx::query!(
        "UPDATE mail_outbox SET status = $2, last_error = $3, next_attempt_at = $4 WHERE id = $1",
        mail.id,
        status as MailStatus,
        error,
        now + backoff(mail.attempts),
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// The outbox, newest first, optionally only for one recipient address.
pub async fn list(pool: &PgPool, to: Option<&str>, page: PageRequest) -> Result<Page<OutboxMail>, AppError> {
    let to = to.map(str::trim).filter(|to| !to.is_empty());
    let items = sqlx::query_as!(
        OutboxMail,
        r#"SELECT id, to_address, subject, kind, status AS "status: MailStatus", attempts, last_error, created_at,
                  next_attempt_at, sent_at, text_body, html_body
           FROM mail_outbox WHERE ($1::text IS NULL OR lower(to_address) = lower($1))
           ORDER BY created_at DESC, id LIMIT $2 OFFSET $3"#,
        to,
        page.limit(),
        page.offset(),
    )
    .fetch_all(pool)
    .await?;
    let total = sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!" FROM mail_outbox WHERE ($1::text IS NULL OR lower(to_address) = lower($1))"#,
        to
    )
    .fetch_one(pool)
    .await?;
    Ok(Page { items, total, page: page.page, per_page: page.per_page })
}

#[cfg(test)]
#[path = "outbox_tests.rs"]
mod tests;
