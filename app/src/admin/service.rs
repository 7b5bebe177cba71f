//! Admin rules against the database. Every function checks the caller is an admin first.

use chrono::{DateTime, Utc};
use serde_json::json;
use sqlx::PgPool;
use uuid::Uuid;

use super::{AdminReason, AuditEntry, ChangePreview, Stats, Totals, UserChange, UserFilter, WeekCount};
use crate::auth::{Role, User};
use crate::error::AppError;
use crate::notifications::NotificationKind;
use crate::notifications::service::notify;
use crate::pagination::{Page, PageRequest, paged};
use crate::requests::{Mentorship, MentorshipRequest, RequestStatus};
use crate::sessions::{Scope, Session};

pub const LAST_ADMIN: &str = "There must always be at least one active admin: promote someone else first.";

pub fn require_admin(user: &User) -> Result<(), AppError> {
    if user.role != Role::Admin {
        return Err(AppError::forbidden("Only admins can do this."));
    }
    Ok(())
}

/// Users by name or email, role and state, newest first.
pub async fn users(
    pool: &PgPool,
    admin: &User,
    filter: &UserFilter,
    page: PageRequest,
) -> Result<Page<User>, AppError> {
    require_admin(admin)?;
    let q = filter.q.as_deref().map(str::trim).filter(|q| !q.is_empty()).map(|q| format!("%{}%", q.to_lowercase()));
    let q = q.as_deref();
    paged(page, |limit, offset| async move {
        let rows = sqlx::query!(
            r#"SELECT id, email, name, role AS "role: Role", active, created_at, count(*) OVER () AS "total!"
               FROM users
               WHERE ($1::text IS NULL OR lower(name) LIKE $1 OR lower(email) LIKE $1)
                 AND ($2::user_role IS NULL OR role = $2)
                 AND ($3::boolean IS NULL OR active = $3)
               ORDER BY created_at DESC, id LIMIT $4 OFFSET $5"#,
            q,
            filter.role as Option<Role>,
            filter.active,
            limit,
            offset,
        )
        .fetch_all(pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| {
                let user = User {
                    id: r.id,
                    email: r.email,
                    name: r.name,
                    role: r.role,
                    active: r.active,
                    created_at: r.created_at,
                };
                (r.total, user)
            })
            .collect())
    })
    .await
}

/// Changes a user's role and/or active state, recording each change in the audit log in the
/// same transaction. The change applies on the user's next request (every request re-reads the
/// user). The platform never loses its last active admin: every change first locks the active
/// admins' rows (always in id order, so concurrent changes queue instead of deadlocking), so two
/// admins demoting each other at once cannot both succeed. `now` (the app clock) dates the
/// change and its audit entries.
pub async fn change_user(
    pool: &PgPool,
    admin: &User,
    target_id: Uuid,
    change: &UserChange,
    now: DateTime<Utc>,
) -> Result<User, AppError> {
    require_admin(admin)?;
    let reason = AdminReason::parse(change.reason.as_deref().unwrap_or_default(), "reason")
        .map_err(|msg| AppError::invalid_field("reason", msg))?;
    let reason = Some(reason.as_str()).filter(|text| !text.is_empty());
    let mut tx = pool.begin().await?;
    let active_admins =
        sqlx::query_scalar!("SELECT id FROM users WHERE role = 'admin' AND active ORDER BY id FOR UPDATE")
            .fetch_all(&mut *tx)
            .await?;
    // The caller was an admin when the request was authenticated; another admin may have
    // demoted or deactivated them while this waited for the lock.
    if !active_admins.contains(&admin.id) {
        return Err(AppError::forbidden("You are no longer an active admin."));
    }
    let before = sqlx::query_as!(
        User,
        r#"SELECT id, email, name, role AS "role: Role", active, created_at FROM users WHERE id = $1 FOR UPDATE"#,
        target_id,
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(|| AppError::not_found("There is no user with this id."))?;
    let deleted =
        sqlx::query_scalar!("SELECT deleted_at FROM users WHERE id = $1", target_id).fetch_one(&mut *tx).await?;
    if deleted.is_some() {
        return Err(AppError::conflict("This account was deleted: there is nothing left to change."));
    }
    let role = change.role.unwrap_or(before.role);
    let active = change.active.unwrap_or(before.active);
    let stays_active_admin = role == Role::Admin && active;
    if before.role == Role::Admin
        && before.active
        && !stays_active_admin
        && active_admins.iter().all(|id| *id == target_id)
    {
        return Err(AppError::conflict(LAST_ADMIN));
    }
    let after = sqlx::query_as!(
        User,
        r#"UPDATE users SET role = $2, active = $3, updated_at = $4 WHERE id = $1
           RETURNING id, email, name, role AS "role: Role", active, created_at"#,
        target_id,
        role as Role,
        active,
        now,
    )
    .fetch_one(&mut *tx)
    .await?;
    // Mentors and mentees need a profile; an account created as an admin has none yet.
    sqlx::query!(
        "INSERT INTO profiles (user_id, updated_at) VALUES ($1, $2) ON CONFLICT (user_id) DO NOTHING",
        target_id,
        now,
    )
    .execute(&mut *tx)
    .await?;
    if before.active && !after.active {
        cancel_sessions_of_deactivated(&mut tx, admin, &after, now).await?;
    }
    let mut entries = Vec::new();
    if before.role != after.role {
        entries.push(("user.role_changed", json!({"role": before.role}), json!({"role": after.role})));
    }
    if before.active != after.active {
        let action = if after.active { "user.reactivated" } else { "user.deactivated" };
        entries.push((action, json!({"active": before.active}), json!({"active": after.active})));
    }
    for (action, old, new) in entries {
        sqlx::query!(
            "INSERT INTO audit_log (admin_id, action, target_user_id, before, after, reason, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
            admin.id,
            action,
            target_id,
            old,
            new,
            reason,
            now,
        )
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(after)
}

/// A deactivated member cannot attend: their sessions still to come are cancelled and each other
/// member is told. (Their mentorships stay, so reactivating them restores the pairing.) The
/// admin's reason stays in the audit log; the other side only reads that the account was closed.
async fn cancel_sessions_of_deactivated(
    tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
    admin: &User,
    member: &User,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let reason = format!("{}'s account was deactivated.", member.name);
    let cancelled = sqlx::query!(
        "UPDATE sessions SET status = 'cancelled', cancelled_at = $3, cancelled_by = $2, cancel_reason = $4
         WHERE (mentor_id = $1 OR mentee_id = $1) AND status = 'scheduled' AND starts_at > $3
         RETURNING mentor_id, mentee_id, starts_at, ends_at",
        member.id,
        admin.id,
        now,
        reason,
    )
    .fetch_all(&mut **tx)
    .await?;
    for session in cancelled {
        let other = if session.mentor_id == member.id { session.mentee_id } else { session.mentor_id };
        let zone = crate::time_display::zone(&crate::profiles::service::timezone_of(&mut **tx, other).await?);
        let message = format!(
            "Your session of {} was cancelled: {reason}",
            crate::time_display::span_label(session.starts_at, session.ends_at, zone)
        );
        notify(tx, other, NotificationKind::SessionCancelled, &message, "/sessions", now).await?;
    }
    Ok(())
}

/// What `change` would do to the user `target_id`, in sentences, for the admin to confirm. A
/// change the platform would refuse (demoting the last admin) is refused here already.
pub async fn change_preview(
    pool: &PgPool,
    admin: &User,
    target_id: Uuid,
    change: &UserChange,
    now: DateTime<Utc>,
) -> Result<ChangePreview, AppError> {
    require_admin(admin)?;
    let user = sqlx::query_as!(
        User,
        r#"SELECT id, email, name, role AS "role: Role", active, created_at FROM users WHERE id = $1"#,
        target_id,
    )
    .fetch_optional(pool)
    .await?
    .ok_or_else(|| AppError::not_found("There is no user with this id."))?;
    let role = change.role.unwrap_or(user.role);
    let active = change.active.unwrap_or(user.active);
    if role == user.role && active == user.active {
        return Err(AppError::conflict(format!(
            "{} is already {}.",
            user.name,
            if active { user.role.label().to_lowercase() } else { "deactivated".to_owned() }
        )));
    }
    if user.role == Role::Admin && user.active && !(role == Role::Admin && active) {
        let other_admins = sqlx::query_scalar!(
            r#"SELECT count(*) AS "n!" FROM users WHERE role = 'admin' AND active AND id <> $1"#,
            target_id
        )
        .fetch_one(pool)
        .await?;
        if other_admins == 0 {
            return Err(AppError::conflict(LAST_ADMIN));
        }
    }
    let ties = member_ties(pool, target_id, now).await?;
    let effects = super::effects_of_change(&user, role, active, &ties);
    Ok(ChangePreview { user, role, active, effects })
}

/// What a member has open that changing or deleting their account touches.
pub async fn member_ties(pool: &PgPool, user_id: Uuid, now: DateTime<Utc>) -> Result<super::MemberTies, AppError> {
    let counts = sqlx::query!(
        r#"SELECT
             (SELECT count(*) FROM sessions WHERE (mentor_id = $1 OR mentee_id = $1)
                AND status = 'scheduled' AND starts_at > $2) AS "upcoming_sessions!",
             (SELECT count(*) FROM mentorships WHERE mentor_id = $1 AND ended_at IS NULL) AS "mentoring!",
             (SELECT count(*) FROM mentorships WHERE mentee_id = $1 AND ended_at IS NULL) AS "mentored!",
             (SELECT count(*) FROM mentorship_requests WHERE (mentor_id = $1 OR mentee_id = $1)
                AND status = 'pending') AS "pending_requests!""#,
        user_id,
        now,
    )
    .fetch_one(pool)
    .await?;
    Ok(super::MemberTies {
        upcoming_sessions: counts.upcoming_sessions,
        mentoring: counts.mentoring,
        mentored: counts.mentored,
        pending_requests: counts.pending_requests,
    })
}

/// The audit log, newest first.
pub async fn audit(pool: &PgPool, admin: &User, page: PageRequest) -> Result<Page<AuditEntry>, AppError> {
    require_admin(admin)?;
    paged(page, |limit, offset| async move {
        let rows = sqlx::query!(
            r#"SELECT a.id, a.admin_id, admin.name AS admin_name, a.action, a.target_user_id,
                      target.name AS "target_name?", a.before, a.after, a.reason, a.created_at, count(*) OVER () AS "total!"
               FROM audit_log a
               JOIN users admin ON admin.id = a.admin_id
               LEFT JOIN users target ON target.id = a.target_user_id
               ORDER BY a.created_at DESC, a.id DESC LIMIT $1 OFFSET $2"#,
            limit,
            offset,
        )
        .fetch_all(pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| {
                let entry = AuditEntry {
                    id: r.id,
                    admin_id: r.admin_id,
                    admin_name: r.admin_name,
                    action: r.action,
                    target_user_id: r.target_user_id,
                    target_name: r.target_name,
                    before: r.before,
                    after: r.after,
                    reason: r.reason,
                    created_at: r.created_at,
                };
                (r.total, entry)
            })
            .collect())
    })
    .await
}

/// All requests, newest first, optionally of one status.
pub async fn requests(
    pool: &PgPool,
    admin: &User,
    status: Option<RequestStatus>,
    page: PageRequest,
) -> Result<Page<MentorshipRequest>, AppError> {
    require_admin(admin)?;
    let (page, _) = crate::requests::service::requests_page(pool, None, None, status, page).await?;
    Ok(page)
}

/// All mentorships, newest first; `active` picks ongoing (true) or ended (false) ones.
pub async fn mentorships(
    pool: &PgPool,
    admin: &User,
    active: Option<bool>,
    page: PageRequest,
) -> Result<Page<Mentorship>, AppError> {
    require_admin(admin)?;
    paged(page, |limit, offset| async move {
        let rows = sqlx::query!(
            r#"SELECT m.id, m.request_id, m.mentor_id, mentor.name AS mentor_name,
                      m.mentee_id, mentee.name AS mentee_name, m.started_at, m.ended_at, m.end_reason,
                      count(*) OVER () AS "total!"
               FROM mentorships m
               JOIN users mentee ON mentee.id = m.mentee_id
               JOIN users mentor ON mentor.id = m.mentor_id
               WHERE ($1::boolean IS NULL OR (m.ended_at IS NULL) = $1)
               ORDER BY m.started_at DESC, m.id LIMIT $2 OFFSET $3"#,
            active,
            limit,
            offset,
        )
        .fetch_all(pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| {
                let mentorship = Mentorship {
                    id: r.id,
                    request_id: r.request_id,
                    mentor_id: r.mentor_id,
                    mentor_name: r.mentor_name,
                    mentee_id: r.mentee_id,
                    mentee_name: r.mentee_name,
                    started_at: r.started_at,
                    ended_at: r.ended_at,
                    end_reason: r.end_reason,
                };
                (r.total, mentorship)
            })
            .collect())
    })
    .await
}

/// All sessions: upcoming (not yet over at `now`) soonest first, or past latest first.
pub async fn sessions(
    pool: &PgPool,
    admin: &User,
    scope: Scope,
    page: PageRequest,
    now: DateTime<Utc>,
) -> Result<Page<Session>, AppError> {
    require_admin(admin)?;
    crate::sessions::service::sessions_page(pool, None, scope, page, now).await
}

/// Weekly sign-ups and scheduled (not cancelled) sessions by start over the last 12 weeks
/// before `now` (Mondays, UTC), zero-filled, oldest first.
async fn weekly(pool: &PgPool, now: DateTime<Utc>) -> Result<(Vec<WeekCount>, Vec<WeekCount>), AppError> {
    let rows = sqlx::query!(
        r#"SELECT to_char(weeks.week, 'YYYY-MM-DD') AS "week!",
                  coalesce(signups.n, 0) AS "signups!", coalesce(booked.n, 0) AS "sessions!"
           FROM generate_series(date_trunc('week', $1::timestamptz AT TIME ZONE 'UTC') - interval '11 weeks',
                                date_trunc('week', $1::timestamptz AT TIME ZONE 'UTC'), interval '1 week') AS weeks(week)
           LEFT JOIN (SELECT date_trunc('week', created_at AT TIME ZONE 'UTC') AS week, count(*) AS n
                      FROM users GROUP BY 1) signups ON signups.week = weeks.week
           LEFT JOIN (SELECT date_trunc('week', starts_at AT TIME ZONE 'UTC') AS week, count(*) AS n
                      FROM sessions WHERE status = 'scheduled' GROUP BY 1) booked ON booked.week = weeks.week
           ORDER BY weeks.week"#,
        now,
    )
    .fetch_all(pool)
    .await?;
    let signups = rows.iter().map(|r| WeekCount { week: r.week.clone(), count: r.signups }).collect();
    let sessions = rows.into_iter().map(|r| WeekCount { week: r.week, count: r.sessions }).collect();
    Ok((signups, sessions))
}

pub async fn stats(pool: &PgPool, admin: &User, now: DateTime<Utc>) -> Result<Stats, AppError> {
    require_admin(admin)?;
    let users = sqlx::query!(
        r#"SELECT count(*) FILTER (WHERE role = 'mentor' AND active) AS "mentors!",
                  count(*) FILTER (WHERE role = 'mentee' AND active) AS "mentees!",
                  count(*) FILTER (WHERE role = 'admin' AND active) AS "admins!",
                  count(*) FILTER (WHERE NOT active) AS "deactivated!"
           FROM users"#,
    )
    .fetch_one(pool)
    .await?;
    let activity = sqlx::query!(
        r#"SELECT (SELECT count(*) FROM mentorships WHERE ended_at IS NULL) AS "active_mentorships!",
                  (SELECT count(*) FROM sessions WHERE status = 'scheduled' AND starts_at > $1) AS "upcoming_sessions!",
                  (SELECT count(*) FROM feedback) AS "ratings!""#,
        now,
    )
    .fetch_one(pool)
    .await?;
    let requests_by_status = crate::requests::service::status_counts(pool, None, None).await?;
    let rating_distribution = crate::feedback::service::distribution(pool, None).await?;
    let (signups_per_week, sessions_per_week) = weekly(pool, now).await?;
    Ok(Stats {
        totals: Totals {
            mentors: users.mentors,
            mentees: users.mentees,
            admins: users.admins,
            deactivated: users.deactivated,
            active_mentorships: activity.active_mentorships,
            upcoming_sessions: activity.upcoming_sessions,
            ratings: activity.ratings,
        },
        signups_per_week,
        requests_by_status,
        sessions_per_week,
        rating_distribution,
    })
}

#[cfg(test)]
#[path = "service_tests.rs"]
mod tests;
