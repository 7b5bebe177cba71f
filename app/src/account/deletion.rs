//! Deleting an account. The row stays (the other side's requests, sessions and feedback point
//! at it) as "Deleted member", with every piece of personal data erased and the email freed for
//! a new account. What was still open ends first, and the people on the other side are told.

use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use crate::auth::service::AuthSession;
use crate::auth::{Role, User};
use crate::clock::Clock;
use crate::error::AppError;
use crate::notifications::NotificationKind;
use crate::notifications::service::{mark_read_for_request, notify, notify_about_request};
use crate::time_display::{span_label, zone};

pub const DELETED_NAME: &str = "Deleted member";
const LAST_ADMIN: &str = "This is the only active admin: make another admin first, so the programme keeps one.";

/// The member deletes their own account, confirming with their password.
pub async fn delete_own(
    pool: &PgPool,
    clock: &Clock,
    session: &AuthSession,
    current_password: &str,
) -> Result<(), AppError> {
    if current_password.is_empty() {
        return Err(AppError::invalid_field("password", "Enter your password to confirm."));
    }
    if !super::passwords::is_own_password(pool, session.user.id, current_password).await? {
        return Err(AppError::invalid_field("password", "That is not your password."));
    }
    let mut tx = pool.begin().await?;
    erase(&mut tx, &session.user, "deleted their account", clock.now()).await?;
    tx.commit().await?;
    tracing::info!(user_id = %session.user.id, "account deleted by its member");
    Ok(())
}

/// What deleting `user_id`'s account would do (for the admin's confirmation page).
pub async fn preview(
    pool: &PgPool,
    admin: &User,
    user_id: Uuid,
    now: DateTime<Utc>,
) -> Result<super::DeletionPreview, AppError> {
    crate::admin::service::require_admin(admin)?;
    let user = crate::auth::service::find_user(pool, user_id).await?;
    let deleted = sqlx::query_scalar!("SELECT deleted_at FROM users WHERE id = $1", user_id).fetch_one(pool).await?;
    if deleted.is_some() {
        return Err(AppError::not_found("This account was already deleted."));
    }
    let ties = crate::admin::service::member_ties(pool, user_id, now).await?;
    Ok(super::DeletionPreview { effects: super::effects_of_deletion(&user.name, &ties), user })
}

/// An admin deletes a member's account; the audit log keeps who, whom (by id) and why.
pub async fn delete_by_admin(
    pool: &PgPool,
    clock: &Clock,
    admin: &User,
    user_id: Uuid,
    reason: Option<&str>,
) -> Result<(), AppError> {
    if admin.role != Role::Admin {
        return Err(AppError::forbidden("Only admins can delete other members' accounts."));
    }
    let reason = crate::admin::AdminReason::parse(reason.unwrap_or_default(), "reason")
        .map_err(|msg| AppError::invalid_field("reason", msg))?;
    let reason = Some(reason.as_str()).filter(|text| !text.is_empty());
    let now = clock.now();
    let mut tx = pool.begin().await?;
    let user = crate::auth::service::find_user(&mut *tx, user_id).await?;
    // `erase` refuses an account already deleted, under the row's lock.
    let before = serde_json::json!({ "role": user.role, "active": user.active });
    erase(&mut tx, &user, "'s account was deleted by the programme", now).await?;
    sqlx::query!(
        "INSERT INTO audit_log (admin_id, action, target_user_id, before, after, reason, created_at)
         VALUES ($1, 'user.deleted', $2, $3, '{\"deleted\": true}', $4, $5)",
        admin.id,
        user_id,
        before,
        reason,
        now,
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Ends what `user` had open, tells the other side (`what_happened` completes "Ana …"), then
/// erases the account's personal data.
async fn erase(tx: &mut PgConnection, user: &User, what_happened: &str, now: DateTime<Utc>) -> Result<(), AppError> {
    // The account row first, locked: two deletions (or a deletion and a booking) queue here.
    let locked =
        sqlx::query!("SELECT role::text AS \"role!\", active, deleted_at FROM users WHERE id = $1 FOR UPDATE", user.id)
            .fetch_one(&mut *tx)
            .await?;
    if locked.deleted_at.is_some() {
        return Err(AppError::not_found("This account was already deleted."));
    }
    if locked.role == "admin" && locked.active {
        let other_admins = sqlx::query_scalar!(
            r#"SELECT count(*) AS "n!" FROM users WHERE role = 'admin' AND active AND id <> $1"#,
            user.id
        )
        .fetch_one(&mut *tx)
        .await?;
        if other_admins == 0 {
            return Err(AppError::conflict(LAST_ADMIN));
        }
    }
    let who = if what_happened.starts_with('\'') {
        format!("{}{what_happened}", user.name)
    } else {
        format!("{} {what_happened}", user.name)
    };
    cancel_future_sessions(tx, user, &who, now).await?;
    close_requests(tx, user, &who, now).await?;
    end_mentorships(tx, user, &who, now).await?;
    erase_personal_data(tx, user.id, now).await
}

async fn cancel_future_sessions(
    tx: &mut PgConnection,
    user: &User,
    who: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let cancelled = sqlx::query!(
        "UPDATE sessions SET status = 'cancelled', cancelled_at = $2, cancelled_by = $1,
                             cancel_reason = 'The account was deleted.'
         WHERE (mentor_id = $1 OR mentee_id = $1) AND status = 'scheduled' AND starts_at > $2
         RETURNING mentor_id, mentee_id, starts_at, ends_at",
        user.id,
        now,
    )
    .fetch_all(&mut *tx)
    .await?;
    for session in cancelled {
        let other = if session.mentor_id == user.id { session.mentee_id } else { session.mentor_id };
        let other_zone = zone(&crate::profiles::service::timezone_of(&mut *tx, other).await?);
        let message = format!(
            "{who}, so the session of {} is cancelled.",
            span_label(session.starts_at, session.ends_at, other_zone)
        );
        notify(&mut *tx, other, NotificationKind::SessionCancelled, &message, "/sessions", now).await?;
    }
    Ok(())
}

async fn close_requests(tx: &mut PgConnection, user: &User, who: &str, now: DateTime<Utc>) -> Result<(), AppError> {
    // Sent by the member: withdrawn, and the mentor's notice about it needs no more attention.
    let withdrawn = sqlx::query!(
        "UPDATE mentorship_requests SET status = 'cancelled', open = false, decided_at = $2, decided_by = $1
         WHERE mentee_id = $1 AND status = 'pending' RETURNING id, mentor_id",
        user.id,
        now,
    )
    .fetch_all(&mut *tx)
    .await?;
    for request in withdrawn {
        mark_read_for_request(&mut *tx, request.mentor_id, request.id, now).await?;
    }
    // Addressed to the member as mentor: declined, and the mentee is told.
    let declined = sqlx::query!(
        "UPDATE mentorship_requests SET status = 'declined', open = false, decided_at = $2, decided_by = $1,
                                        decision_reason = 'The mentor''s account was deleted.'
         WHERE mentor_id = $1 AND status = 'pending' RETURNING id, mentee_id",
        user.id,
        now,
    )
    .fetch_all(&mut *tx)
    .await?;
    for request in declined {
        let message = format!("{who}, so your request to them is closed. Other mentors are waiting in the directory.");
        notify_about_request(
            &mut *tx,
            request.mentee_id,
            request.id,
            NotificationKind::RequestDeclined,
            &message,
            "/mentors",
            now,
        )
        .await?;
    }
    Ok(())
}

async fn end_mentorships(tx: &mut PgConnection, user: &User, who: &str, now: DateTime<Utc>) -> Result<(), AppError> {
    let ended = sqlx::query!(
        "UPDATE mentorships SET ended_at = $2, ended_by = $1, end_reason = 'The account was deleted.'
         WHERE (mentor_id = $1 OR mentee_id = $1) AND ended_at IS NULL
         RETURNING request_id, mentor_id, mentee_id",
        user.id,
        now,
    )
    .fetch_all(&mut *tx)
    .await?;
    for mentorship in ended {
        sqlx::query!("UPDATE mentorship_requests SET open = false WHERE id = $1", mentorship.request_id)
            .execute(&mut *tx)
            .await?;
        let other = if mentorship.mentor_id == user.id { mentorship.mentee_id } else { mentorship.mentor_id };
        let message = format!("{who}, so your mentorship with them has ended.");
        notify(&mut *tx, other, NotificationKind::MentorshipEnded, &message, "/mentorships", now).await?;
    }
    Ok(())
}

/// Name, email, password, profile text, availability, messages and comments written, logins,
/// notices, mail and tokens: all gone. The row keeps its id, role and dates.
async fn erase_personal_data(tx: &mut PgConnection, user_id: Uuid, now: DateTime<Utc>) -> Result<(), AppError> {
    let email_lower = sqlx::query_scalar!("SELECT lower(email) AS \"e!\" FROM users WHERE id = $1", user_id)
        .fetch_one(&mut *tx)
        .await?;
    sqlx::query!(
        "UPDATE users SET email = 'deleted-' || id || '@deleted.invalid', name = $2, password_hash = '!deleted',
                          active = false, deleted_at = $3, updated_at = $3 WHERE id = $1",
        user_id,
        DELETED_NAME,
        now
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "UPDATE profiles SET headline = '', bio = '', skills = '{}', goals = '{}', meeting_place = '',
                             accepting_mentees = false, updated_at = $2 WHERE user_id = $1",
        user_id,
        now
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!("UPDATE mentorship_requests SET message = '(deleted)' WHERE mentee_id = $1", user_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query!(
        "UPDATE mentorship_requests SET decision_reason = NULL WHERE decided_by = $1 AND decision_reason IS NOT NULL
                  AND decision_reason <> 'The mentor''s account was deleted.'",
        user_id
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!("UPDATE feedback SET comment = '' WHERE mentee_id = $1", user_id).execute(&mut *tx).await?;
    sqlx::query!("DELETE FROM availability_blocks WHERE mentor_id = $1", user_id).execute(&mut *tx).await?;
    sqlx::query!("DELETE FROM availability_days_off WHERE mentor_id = $1", user_id).execute(&mut *tx).await?;
    sqlx::query!("DELETE FROM notifications WHERE user_id = $1", user_id).execute(&mut *tx).await?;
    sqlx::query!("DELETE FROM mail_outbox WHERE user_id = $1", user_id).execute(&mut *tx).await?;
    sqlx::query!("DELETE FROM account_tokens WHERE user_id = $1", user_id).execute(&mut *tx).await?;
    sqlx::query!("DELETE FROM email_opt_outs WHERE user_id = $1", user_id).execute(&mut *tx).await?;
    sqlx::query!("DELETE FROM login_sessions WHERE user_id = $1", user_id).execute(&mut *tx).await?;
    sqlx::query!("DELETE FROM login_attempts WHERE email_lower = $1", email_lower).execute(&mut *tx).await?;
    sqlx::query!("DELETE FROM password_reset_requests WHERE email_lower = $1", email_lower).execute(&mut *tx).await?;
    Ok(())
}
