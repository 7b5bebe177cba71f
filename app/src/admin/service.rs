//! Admin rules against the database. Every function checks the caller is an admin first.

use serde_json::json;
use sqlx::PgPool;
use uuid::Uuid;

use super::{AuditEntry, Stats, Totals, UserChange, UserFilter, WeekCount};
use crate::auth::service::USER_COLUMNS;
use crate::auth::{Role, User};
use crate::error::AppError;
use crate::pagination::{Counted, Page, PageRequest, into_page};
use crate::requests::service::{MENTORSHIP_SELECT, REQUEST_SELECT};
use crate::requests::{Mentorship, MentorshipRequest, RequestStatus, StatusCounts};
use crate::sessions::service::SESSION_SELECT;
use crate::sessions::{Scope, Session};

pub const LAST_ADMIN: &str = "There must always be at least one active admin: promote someone else first.";

pub fn require_admin(user: &User) -> Result<(), AppError> {
    if user.role != Role::Admin {
        return Err(AppError::forbidden("Only admins can do this."));
    }
    Ok(())
}

/// Users by name or email, role and state, newest first.
pub async fn users(pool: &PgPool, admin: &User, filter: &UserFilter) -> Result<Page<User>, AppError> {
    require_admin(admin)?;
    let q = filter.q.as_deref().map(str::trim).filter(|q| !q.is_empty()).map(|q| format!("%{}%", q.to_lowercase()));
    let page = PageRequest::new(filter.page, filter.per_page);
    let rows: Vec<Counted<User>> = sqlx::query_as(&format!(
        "SELECT {USER_COLUMNS}, count(*) OVER () AS total FROM users
         WHERE ($1::text IS NULL OR lower(name) LIKE $1 OR lower(email) LIKE $1)
           AND ($2::user_role IS NULL OR role = $2)
           AND ($3::boolean IS NULL OR active = $3)
         ORDER BY created_at DESC, id LIMIT $4 OFFSET $5"
    ))
    .bind(q)
    .bind(filter.role)
    .bind(filter.active)
    .bind(page.limit())
    .bind(page.offset())
    .fetch_all(pool)
    .await?;
    Ok(into_page(rows, page))
}

/// Changes a user's role and/or active state, recording each change in the audit log in the
/// same transaction. The change applies on the user's next request (every request re-reads the
/// user). The platform never loses its last active admin: every change first locks the active
/// admins' rows (always in id order, so concurrent changes queue instead of deadlocking), so two
/// admins demoting each other at once cannot both succeed.
pub async fn change_user(pool: &PgPool, admin: &User, target_id: Uuid, change: &UserChange) -> Result<User, AppError> {
    require_admin(admin)?;
    let mut tx = pool.begin().await?;
    let active_admins: Vec<Uuid> =
        sqlx::query_scalar("SELECT id FROM users WHERE role = 'admin' AND active ORDER BY id FOR UPDATE")
            .fetch_all(&mut *tx)
            .await?;
    // The caller was an admin when the request was authenticated; another admin may have
    // demoted or deactivated them while this waited for the lock.
    if !active_admins.contains(&admin.id) {
        return Err(AppError::forbidden("You are no longer an active admin."));
    }
    let before: User = sqlx::query_as(&format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1 FOR UPDATE"))
        .bind(target_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| AppError::not_found("There is no user with this id."))?;
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
    let after: User = sqlx::query_as(&format!(
        "UPDATE users SET role = $2, active = $3, updated_at = now() WHERE id = $1 RETURNING {USER_COLUMNS}"
    ))
    .bind(target_id)
    .bind(role)
    .bind(active)
    .fetch_one(&mut *tx)
    .await?;
    // Mentors and mentees need a profile; an account created as an admin has none yet.
    sqlx::query("INSERT INTO profiles (user_id) VALUES ($1) ON CONFLICT (user_id) DO NOTHING")
        .bind(target_id)
        .execute(&mut *tx)
        .await?;
    let mut entries = Vec::new();
    if before.role != after.role {
        entries.push(("user.role_changed", json!({"role": before.role}), json!({"role": after.role})));
    }
    if before.active != after.active {
        let action = if after.active { "user.reactivated" } else { "user.deactivated" };
        entries.push((action, json!({"active": before.active}), json!({"active": after.active})));
    }
    for (action, old, new) in entries {
        sqlx::query(
            "INSERT INTO audit_log (admin_id, action, target_user_id, before, after) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(admin.id)
        .bind(action)
        .bind(target_id)
        .bind(old)
        .bind(new)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(after)
}

/// The audit log, newest first.
pub async fn audit(pool: &PgPool, admin: &User, page: PageRequest) -> Result<Page<AuditEntry>, AppError> {
    require_admin(admin)?;
    let rows: Vec<Counted<AuditEntry>> = sqlx::query_as(
        "SELECT a.id, a.admin_id, admin.name AS admin_name, a.action, a.target_user_id,
                target.name AS target_name, a.before, a.after, a.created_at, count(*) OVER () AS total
         FROM audit_log a
         JOIN users admin ON admin.id = a.admin_id
         LEFT JOIN users target ON target.id = a.target_user_id
         ORDER BY a.created_at DESC, a.id DESC LIMIT $1 OFFSET $2",
    )
    .bind(page.limit())
    .bind(page.offset())
    .fetch_all(pool)
    .await?;
    Ok(into_page(rows, page))
}

/// All requests, newest first, optionally of one status.
pub async fn requests(
    pool: &PgPool,
    admin: &User,
    status: Option<RequestStatus>,
    page: PageRequest,
) -> Result<Page<MentorshipRequest>, AppError> {
    require_admin(admin)?;
    let rows: Vec<Counted<MentorshipRequest>> = sqlx::query_as(&format!(
        "SELECT listed.*, count(*) OVER () AS total FROM ({REQUEST_SELECT}
         WHERE ($1::request_status IS NULL OR r.status = $1)) listed
         ORDER BY listed.created_at DESC, listed.id LIMIT $2 OFFSET $3"
    ))
    .bind(status)
    .bind(page.limit())
    .bind(page.offset())
    .fetch_all(pool)
    .await?;
    Ok(into_page(rows, page))
}

/// All mentorships, newest first; `active` picks ongoing (true) or ended (false) ones.
pub async fn mentorships(
    pool: &PgPool,
    admin: &User,
    active: Option<bool>,
    page: PageRequest,
) -> Result<Page<Mentorship>, AppError> {
    require_admin(admin)?;
    let rows: Vec<Counted<Mentorship>> = sqlx::query_as(&format!(
        "SELECT listed.*, count(*) OVER () AS total FROM ({MENTORSHIP_SELECT}
         WHERE ($1::boolean IS NULL OR (m.ended_at IS NULL) = $1)) listed
         ORDER BY listed.started_at DESC, listed.id LIMIT $2 OFFSET $3"
    ))
    .bind(active)
    .bind(page.limit())
    .bind(page.offset())
    .fetch_all(pool)
    .await?;
    Ok(into_page(rows, page))
}

/// All sessions: upcoming soonest first, or past latest first.
pub async fn sessions(
    pool: &PgPool,
    admin: &User,
    scope: Scope,
    page: PageRequest,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Page<Session>, AppError> {
    require_admin(admin)?;
    let (condition, order) = match scope {
        Scope::Upcoming => ("s.ends_at > $1", "listed.starts_at ASC, listed.id"),
        Scope::Past => ("s.ends_at <= $1", "listed.starts_at DESC, listed.id"),
    };
    let rows: Vec<Counted<Session>> = sqlx::query_as(&format!(
        "SELECT listed.*, count(*) OVER () AS total FROM ({SESSION_SELECT} WHERE {condition}) listed
         ORDER BY {order} LIMIT $2 OFFSET $3"
    ))
    .bind(now)
    .bind(page.limit())
    .bind(page.offset())
    .fetch_all(pool)
    .await?;
    Ok(into_page(rows, page))
}

/// Weekly series over the last 12 weeks (Mondays, UTC), zero-filled.
async fn weekly(
    pool: &PgPool,
    table_and_filter: &str,
    column: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Vec<WeekCount>, AppError> {
    Ok(sqlx::query_as(&format!(
        "SELECT to_char(weeks.week, 'YYYY-MM-DD') AS week, count(t.{column}) AS count
         FROM generate_series(date_trunc('week', $1::timestamptz AT TIME ZONE 'UTC') - interval '11 weeks',
                              date_trunc('week', $1::timestamptz AT TIME ZONE 'UTC'), interval '1 week') AS weeks(week)
         LEFT JOIN {table_and_filter}
                AND date_trunc('week', t.{column} AT TIME ZONE 'UTC') = weeks.week
         GROUP BY weeks.week ORDER BY weeks.week"
    ))
    .bind(now)
    .fetch_all(pool)
    .await?)
}

pub async fn stats(pool: &PgPool, admin: &User, now: chrono::DateTime<chrono::Utc>) -> Result<Stats, AppError> {
    require_admin(admin)?;
    let (mentors, mentees, admins, deactivated): (i64, i64, i64, i64) = sqlx::query_as(
        "SELECT count(*) FILTER (WHERE role = 'mentor' AND active), count(*) FILTER (WHERE role = 'mentee' AND active),
                count(*) FILTER (WHERE role = 'admin' AND active), count(*) FILTER (WHERE NOT active)
         FROM users",
    )
    .fetch_one(pool)
    .await?;
    let (active_mentorships, upcoming_sessions, ratings): (i64, i64, i64) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM mentorships WHERE ended_at IS NULL),
                (SELECT count(*) FROM sessions WHERE status = 'scheduled' AND starts_at > $1),
                (SELECT count(*) FROM feedback)",
    )
    .bind(now)
    .fetch_one(pool)
    .await?;
    let by_status: Vec<(RequestStatus, i64)> =
        sqlx::query_as("SELECT status, count(*) FROM mentorship_requests GROUP BY status").fetch_all(pool).await?;
    let mut requests_by_status = StatusCounts::default();
    for (status, n) in by_status {
        match status {
            RequestStatus::Pending => requests_by_status.pending = n,
            RequestStatus::Accepted => requests_by_status.accepted = n,
            RequestStatus::Declined => requests_by_status.declined = n,
            RequestStatus::Cancelled => requests_by_status.cancelled = n,
        }
    }
    let rating_distribution = crate::feedback::service::distribution(pool, None).await?;
    Ok(Stats {
        totals: Totals { mentors, mentees, admins, deactivated, active_mentorships, upcoming_sessions, ratings },
        signups_per_week: weekly(pool, "users t ON true", "created_at", now).await?,
        requests_by_status,
        sessions_per_week: weekly(pool, "sessions t ON t.status = 'scheduled'", "starts_at", now).await?,
        rating_distribution,
    })
}

#[cfg(test)]
#[path = "service_tests.rs"]
mod tests;
