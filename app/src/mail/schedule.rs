//! Mail that time, not a person, sends: the reminder a day before a session and the invitation
//! to rate it once it has ended. Each goes out once, whichever server process looks first: a
//! session is marked in the same statement that picks it (`FOR UPDATE SKIP LOCKED`), and its
//! mails are written in that transaction.

use chrono::{DateTime, Duration, Utc};
use sqlx::PgPool;

use super::EmailKind;
use super::compose::notice_mail;
use super::outbox::enqueue_for_member;
use crate::error::AppError;
use crate::time_display::{span_label, zone};

/// How long before a session its reminder goes out.
pub const REMINDER_AHEAD: Duration = Duration::hours(24);
/// Sessions that ended longer ago than this get no invitation to rate them.
pub const RATE_WITHIN: Duration = Duration::days(7);
const BATCH: i64 = 100;

/// Writes the reminders due at `now`; returns how many sessions were reminded.
pub async fn send_reminders(pool: &PgPool, now: DateTime<Utc>) -> Result<usize, AppError> {
    let mut tx = pool.begin().await?;
    let due = sqlx::query!(
        r#"WITH due AS (
               UPDATE sessions SET reminder_sent_at = $1
               WHERE id IN (SELECT id FROM sessions
                            WHERE status = 'scheduled' AND reminder_sent_at IS NULL
                              AND starts_at > $1 AND starts_at <= $2
                              -- Booked within a day of its start: the booking mail has just said it.
                              AND starts_at - created_at > make_interval(secs => $4)
                            ORDER BY starts_at LIMIT $3 FOR UPDATE SKIP LOCKED)
               RETURNING mentor_id, mentee_id, starts_at, ends_at)
           SELECT due.mentor_id, due.mentee_id, due.starts_at, due.ends_at,
                  mentor.name AS mentor_name, mentee.name AS mentee_name,
                  mentor_profile.timezone AS mentor_zone, mentee_profile.timezone AS mentee_zone
           FROM due
           JOIN users mentor ON mentor.id = due.mentor_id JOIN users mentee ON mentee.id = due.mentee_id
           JOIN profiles mentor_profile ON mentor_profile.user_id = due.mentor_id
           JOIN profiles mentee_profile ON mentee_profile.user_id = due.mentee_id"#,
        now,
        now + REMINDER_AHEAD,
        BATCH,
        REMINDER_AHEAD.num_seconds() as f64,
    )
    .fetch_all(&mut *tx)
    .await?;
    for session in &due {
        let sides = [
            (session.mentor_id, &session.mentee_name, &session.mentor_zone),
            (session.mentee_id, &session.mentor_name, &session.mentee_zone),
        ];
        for (recipient, other, recipient_zone) in sides {
            let when = span_label(session.starts_at, session.ends_at, zone(recipient_zone));
            let message = format!("Reminder: your session with {other} is on {when}.");
            let mail = notice_mail(EmailKind::SessionReminder, recipient, &message, "/sessions");
            enqueue_for_member(&mut *tx, recipient, EmailKind::SessionReminder.as_str(), &mail, now).await?;
        }
    }
    tx.commit().await?;
    Ok(due.len())
}

/// Writes the "rate your session" invitations due at `now` (sessions that ended, not yet rated,
/// to their mentees); returns how many were written.
pub async fn send_rating_invitations(pool: &PgPool, now: DateTime<Utc>) -> Result<usize, AppError> {
    let mut tx = pool.begin().await?;
    let due = sqlx::query!(
        r#"WITH due AS (
               UPDATE sessions SET feedback_prompt_sent_at = $1
               WHERE id IN (SELECT s.id FROM sessions s
                            WHERE s.status = 'scheduled' AND s.feedback_prompt_sent_at IS NULL
                              AND s.ends_at <= $1 AND s.ends_at > $2
                              AND NOT EXISTS (SELECT 1 FROM feedback f WHERE f.session_id = s.id)
                            ORDER BY s.ends_at LIMIT $3 FOR UPDATE SKIP LOCKED)
               RETURNING mentor_id, mentee_id, starts_at, ends_at)
           SELECT due.mentee_id, due.starts_at, due.ends_at, mentor.name AS mentor_name,
                  mentee_profile.timezone AS mentee_zone
           FROM due JOIN users mentor ON mentor.id = due.mentor_id
           JOIN profiles mentee_profile ON mentee_profile.user_id = due.mentee_id"#,
        now,
        now - RATE_WITHIN,
        BATCH,
    )
    .fetch_all(&mut *tx)
    .await?;
    for session in &due {
        let when = span_label(session.starts_at, session.ends_at, zone(&session.mentee_zone));
        let message = format!(
            "How was your session with {} ({when})? A rating and a few words help them and the programme.",
            session.mentor_name
        );
        let mail = notice_mail(EmailKind::RateSession, session.mentee_id, &message, "/sessions?scope=past");
        enqueue_for_member(&mut *tx, session.mentee_id, EmailKind::RateSession.as_str(), &mail, now).await?;
    }
    tx.commit().await?;
    Ok(due.len())
}
