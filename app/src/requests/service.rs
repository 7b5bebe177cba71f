//! Request and mentorship rules against the database. The rules that must hold under
//! concurrency live in PostgreSQL: the one-open-request-per-pair unique index, compare-and-swap
//! status updates, and a row lock on the mentor's profile while capacity is checked.

use sqlx::{PgPool, Postgres, Transaction};
use uuid::Uuid;

use super::{Direction, MESSAGE_MAX, Mentorship, MentorshipRequest, REASON_MAX, RequestStatus, StatusCounts};
use crate::auth::{Role, User};
use crate::error::{AppError, OnConstraint};
use crate::notifications::NotificationKind;
use crate::notifications::service::notify;
use crate::pagination::{Page, PageRequest};

pub(crate) const REQUEST_SELECT: &str = "
    SELECT r.id, r.mentee_id, mentee.name AS mentee_name, r.mentor_id, mentor.name AS mentor_name,
           r.message, r.status, r.decision_reason, r.created_at, r.decided_at
    FROM mentorship_requests r
    JOIN users mentee ON mentee.id = r.mentee_id
    JOIN users mentor ON mentor.id = r.mentor_id";

pub(crate) const MENTORSHIP_SELECT: &str = "
    SELECT m.id, m.request_id, m.mentor_id, mentor.name AS mentor_name,
           m.mentee_id, mentee.name AS mentee_name, m.started_at, m.ended_at
    FROM mentorships m
    JOIN users mentee ON mentee.id = m.mentee_id
    JOIN users mentor ON mentor.id = m.mentor_id";

const ALREADY_OPEN: &str = "You already have an open request or an active mentorship with this mentor.";

/// A mentee asks a mentor for mentorship.
pub async fn send(pool: &PgPool, sender: &User, mentor_id: Uuid, message: &str) -> Result<MentorshipRequest, AppError> {
    if sender.role != Role::Mentee {
        return Err(AppError::forbidden("Only mentees can send mentorship requests."));
    }
    if sender.id == mentor_id {
        return Err(AppError::invalid_field("mentor_id", "You cannot send a request to yourself."));
    }
    let message = message.trim();
    if message.is_empty() {
        return Err(AppError::invalid_field("message", "Write a short message to the mentor."));
    }
    if message.chars().count() > MESSAGE_MAX {
        return Err(AppError::invalid_field("message", format!("Keep the message to {MESSAGE_MAX} characters.")));
    }
    let mut tx = pool.begin().await?;
    ensure_mentor_has_room(&mut tx, mentor_id, false).await?;
    let id: Uuid = sqlx::query_scalar(
        "INSERT INTO mentorship_requests (mentee_id, mentor_id, message)
         VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(sender.id)
    .bind(mentor_id)
    .bind(message)
    .fetch_one(&mut *tx)
    .await
    .on_constraint("requests_one_open_per_pair", || AppError::conflict(ALREADY_OPEN))?;
    notify(
        &mut *tx,
        mentor_id,
        NotificationKind::RequestReceived,
        &format!("{} asked you for mentorship.", sender.name),
        "/requests?status=pending",
    )
    .await?;
    tx.commit().await?;
    find(pool, id).await
}

/// Checks that `mentor_id` is an active mentor who is accepting and below capacity. With
/// `lock`, the mentor's profile row stays locked until the transaction ends, so two concurrent
/// accepts for the last place are decided one after the other.
async fn ensure_mentor_has_room(
    tx: &mut Transaction<'_, Postgres>,
    mentor_id: Uuid,
    lock: bool,
) -> Result<(), AppError> {
    match mentor_room(tx, mentor_id, lock).await? {
        Room::Free => Ok(()),
        Room::NotAccepting => Err(AppError::conflict("This mentor is not accepting new mentees right now.")),
        Room::Full => Err(AppError::conflict("This mentor has no places left for new mentees.")),
    }
}

/// Whether a mentor can take one more mentee, and if not, why not.
enum Room {
    Free,
    NotAccepting,
    Full,
}

async fn mentor_room(tx: &mut Transaction<'_, Postgres>, mentor_id: Uuid, lock: bool) -> Result<Room, AppError> {
    let (accepting, max_mentees): (bool, i32) = sqlx::query_as(&format!(
        "SELECT p.accepting_mentees, p.max_mentees FROM profiles p JOIN users u ON u.id = p.user_id
         WHERE p.user_id = $1 AND u.role = 'mentor' AND u.active {}",
        if lock { "FOR UPDATE OF p" } else { "" }
    ))
    .bind(mentor_id)
    .fetch_optional(&mut **tx)
    .await?
    .ok_or_else(|| AppError::not_found("There is no mentor with this id."))?;
    if !accepting {
        return Ok(Room::NotAccepting);
    }
    let active: i64 = sqlx::query_scalar("SELECT count(*) FROM mentorships WHERE mentor_id = $1 AND ended_at IS NULL")
        .bind(mentor_id)
        .fetch_one(&mut **tx)
        .await?;
    Ok(if active >= i64::from(max_mentees) { Room::Full } else { Room::Free })
}

pub async fn find(pool: &PgPool, id: Uuid) -> Result<MentorshipRequest, AppError> {
    sqlx::query_as(&format!("{REQUEST_SELECT} WHERE r.id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await?
        .ok_or_else(|| AppError::not_found("There is no such request."))
}

/// The addressed mentor accepts: in one transaction the request becomes accepted and an
/// active mentorship is created.
pub async fn accept(
    pool: &PgPool,
    mentor: &User,
    request_id: Uuid,
) -> Result<(MentorshipRequest, Mentorship), AppError> {
    let mut tx = pool.begin().await?;
    let (mentee_id, status) = lock_request_for(&mut tx, request_id, mentor.id, Party::Mentor).await?;
    if status != RequestStatus::Pending {
        return Err(already_decided(status));
    }
    let mentee_active: bool =
        sqlx::query_scalar("SELECT active AND role = 'mentee' FROM users WHERE id = $1 FOR SHARE")
            .bind(mentee_id)
            .fetch_one(&mut *tx)
            .await?;
    if !mentee_active {
        return Err(AppError::conflict("This mentee's account is no longer active."));
    }
    ensure_mentor_has_room(&mut tx, mentor.id, true).await?;
    sqlx::query(
        "UPDATE mentorship_requests
         SET status = 'accepted', decided_at = now(), decided_by = $2
         WHERE id = $1",
    )
    .bind(request_id)
    .bind(mentor.id)
    .execute(&mut *tx)
    .await?;
    let mentorship_id: Uuid = sqlx::query_scalar(
        "INSERT INTO mentorships (request_id, mentor_id, mentee_id) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(request_id)
    .bind(mentor.id)
    .bind(mentee_id)
    .fetch_one(&mut *tx)
    .await?;
    notify(
        &mut *tx,
        mentee_id,
        NotificationKind::RequestAccepted,
        &format!("{} accepted your mentorship request. You can now book sessions.", mentor.name),
        "/mentorships",
    )
    .await?;
    tx.commit().await?;
    Ok((find(pool, request_id).await?, find_mentorship(pool, mentorship_id).await?))
}

/// Which side of a request the caller must be on.
#[derive(Clone, Copy)]
enum Party {
    Mentor,
    Mentee,
}

/// Locks the request row if `user_id` is its mentor (or mentee, per `party`); anyone else gets
/// the same 404 as for a request that does not exist.
async fn lock_request_for(
    tx: &mut Transaction<'_, Postgres>,
    request_id: Uuid,
    user_id: Uuid,
    party: Party,
) -> Result<(Uuid, RequestStatus), AppError> {
    let column = match party {
        Party::Mentor => "mentor_id",
        Party::Mentee => "mentee_id",
    };
    sqlx::query_as(&format!(
        "SELECT mentee_id, status FROM mentorship_requests WHERE id = $1 AND {column} = $2 FOR UPDATE"
    ))
    .bind(request_id)
    .bind(user_id)
    .fetch_optional(&mut **tx)
    .await?
    .ok_or_else(|| AppError::not_found("There is no such request."))
}

fn already_decided(status: RequestStatus) -> AppError {
    AppError::conflict(format!("This request was already {}.", status.as_str()))
}

/// The addressed mentor declines, optionally saying why.
pub async fn decline(
    pool: &PgPool,
    mentor: &User,
    request_id: Uuid,
    reason: Option<&str>,
) -> Result<MentorshipRequest, AppError> {
    let reason = reason.map(str::trim).filter(|r| !r.is_empty());
    if reason.is_some_and(|r| r.chars().count() > REASON_MAX) {
        return Err(AppError::invalid_field("reason", format!("Keep the reason to {REASON_MAX} characters.")));
    }
    let mut tx = pool.begin().await?;
    let (mentee_id, status) = lock_request_for(&mut tx, request_id, mentor.id, Party::Mentor).await?;
    if status != RequestStatus::Pending {
        return Err(already_decided(status));
    }
    sqlx::query(
        "UPDATE mentorship_requests
         SET status = 'declined', open = false, decision_reason = $3, decided_at = now(), decided_by = $2
         WHERE id = $1",
    )
    .bind(request_id)
    .bind(mentor.id)
    .bind(reason)
    .execute(&mut *tx)
    .await?;
    let message = match reason {
        Some(reason) => format!("{} declined your mentorship request: {reason}", mentor.name),
        None => format!("{} declined your mentorship request.", mentor.name),
    };
    notify(&mut *tx, mentee_id, NotificationKind::RequestDeclined, &message, "/requests").await?;
    tx.commit().await?;
    find(pool, request_id).await
}

/// The mentee withdraws a request that is still pending.
pub async fn cancel(pool: &PgPool, mentee: &User, request_id: Uuid) -> Result<MentorshipRequest, AppError> {
    let mut tx = pool.begin().await?;
    let (_, status) = lock_request_for(&mut tx, request_id, mentee.id, Party::Mentee).await?;
    if status != RequestStatus::Pending {
        return Err(already_decided(status));
    }
    sqlx::query(
        "UPDATE mentorship_requests
         SET status = 'cancelled', open = false, decided_at = now(), decided_by = $2
         WHERE id = $1",
    )
    .bind(request_id)
    .bind(mentee.id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    find(pool, request_id).await
}

/// The caller's requests: incoming for mentors, outgoing for mentees, newest first.
pub async fn list(
    pool: &PgPool,
    user: &User,
    direction: Direction,
    status: Option<RequestStatus>,
    page: PageRequest,
) -> Result<(Page<MentorshipRequest>, StatusCounts), AppError> {
    let side = match direction {
        Direction::Incoming => "r.mentor_id",
        Direction::Outgoing => "r.mentee_id",
    };
    let items: Vec<MentorshipRequest> = sqlx::query_as(&format!(
        "{REQUEST_SELECT} WHERE {side} = $1 AND ($2::request_status IS NULL OR r.status = $2)
         ORDER BY r.created_at DESC, r.id LIMIT $3 OFFSET $4"
    ))
    .bind(user.id)
    .bind(status)
    .bind(page.limit())
    .bind(page.offset())
    .fetch_all(pool)
    .await?;
    let rows: Vec<(RequestStatus, i64)> = sqlx::query_as(&format!(
        "SELECT r.status, count(*) FROM mentorship_requests r WHERE {side} = $1 GROUP BY r.status"
    ))
    .bind(user.id)
    .fetch_all(pool)
    .await?;
    let mut counts = StatusCounts::default();
    for (status, count) in rows {
        match status {
            RequestStatus::Pending => counts.pending = count,
            RequestStatus::Accepted => counts.accepted = count,
            RequestStatus::Declined => counts.declined = count,
            RequestStatus::Cancelled => counts.cancelled = count,
        }
    }
    let total = match status {
        Some(RequestStatus::Pending) => counts.pending,
        Some(RequestStatus::Accepted) => counts.accepted,
        Some(RequestStatus::Declined) => counts.declined,
        Some(RequestStatus::Cancelled) => counts.cancelled,
        None => counts.pending + counts.accepted + counts.declined + counts.cancelled,
    };
    Ok((Page { items, total, page: page.page, per_page: page.per_page }, counts))
}

pub async fn find_mentorship(pool: &PgPool, id: Uuid) -> Result<Mentorship, AppError> {
    sqlx::query_as(&format!("{MENTORSHIP_SELECT} WHERE m.id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await?
        .ok_or_else(|| AppError::not_found("There is no such mentorship."))
}

/// The caller's mentorships, active ones first, then ended ones by end date.
pub async fn mentorships(pool: &PgPool, user: &User) -> Result<Vec<Mentorship>, AppError> {
    Ok(sqlx::query_as(&format!(
        "{MENTORSHIP_SELECT} WHERE m.mentor_id = $1 OR m.mentee_id = $1
         ORDER BY m.ended_at IS NOT NULL, m.ended_at DESC, m.started_at DESC"
    ))
    .bind(user.id)
    .fetch_all(pool)
    .await?)
}

/// Either side ends an active mentorship; its request stops being open, so the pair may start
/// again with a new request later.
pub async fn end_mentorship(
    pool: &PgPool,
    user: &User,
    mentorship_id: Uuid,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Mentorship, AppError> {
    let mut tx = pool.begin().await?;
    let row: Option<(Uuid, bool)> = sqlx::query_as(
        "SELECT request_id, ended_at IS NOT NULL FROM mentorships
         WHERE id = $1 AND (mentor_id = $2 OR mentee_id = $2) FOR UPDATE",
    )
    .bind(mentorship_id)
    .bind(user.id)
    .fetch_optional(&mut *tx)
    .await?;
    let (request_id, ended) = row.ok_or_else(|| AppError::not_found("There is no such mentorship."))?;
    if ended {
        return Err(AppError::conflict("This mentorship has already ended."));
    }
    sqlx::query("UPDATE mentorships SET ended_at = $3, ended_by = $2 WHERE id = $1")
        .bind(mentorship_id)
        .bind(user.id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    sqlx::query("UPDATE mentorship_requests SET open = false WHERE id = $1").bind(request_id).execute(&mut *tx).await?;
    // Sessions still to come belong to the mentorship: they are cancelled with it, and the
    // other side is told about each.
    let cancelled: Vec<(Uuid, Uuid, chrono::DateTime<chrono::Utc>, chrono::DateTime<chrono::Utc>)> = sqlx::query_as(
        "UPDATE sessions SET status = 'cancelled', cancelled_at = $3, cancelled_by = $2,
                cancel_reason = 'The mentorship ended.'
         WHERE mentorship_id = $1 AND status = 'scheduled' AND starts_at > $3
         RETURNING mentor_id, mentee_id, starts_at, ends_at",
    )
    .bind(mentorship_id)
    .bind(user.id)
    .bind(now)
    .fetch_all(&mut *tx)
    .await?;
    for (mentor_id, mentee_id, starts_at, ends_at) in cancelled {
        let other = if user.id == mentor_id { mentee_id } else { mentor_id };
        let zone = crate::time_display::zone(&crate::profiles::service::timezone_of(&mut *tx, other).await?);
        let message = format!(
            "{} ended the mentorship, so the session of {} was cancelled.",
            user.name,
            crate::time_display::span_label(starts_at, ends_at, zone)
        );
        notify(&mut *tx, other, NotificationKind::SessionCancelled, &message, "/sessions").await?;
    }
    tx.commit().await?;
    find_mentorship(pool, mentorship_id).await
}

#[cfg(test)]
#[path = "service_tests.rs"]
mod tests;

/// Whether `viewer` may request `mentor_id` now, and if not, why not.
pub async fn ability(pool: &PgPool, viewer: Option<&User>, mentor_id: Uuid) -> Result<super::RequestAbility, AppError> {
    use super::RequestAbility;
    let Some(viewer) = viewer else { return Ok(RequestAbility::SignInFirst) };
    if viewer.role != Role::Mentee {
        return Ok(RequestAbility::NotAMentee);
    }
    let open: Option<(Uuid, RequestStatus)> =
        sqlx::query_as("SELECT id, status FROM mentorship_requests WHERE mentor_id = $1 AND mentee_id = $2 AND open")
            .bind(mentor_id)
            .bind(viewer.id)
            .fetch_optional(pool)
            .await?;
    match open {
        Some((request_id, RequestStatus::Pending)) => return Ok(RequestAbility::Pending { request_id }),
        Some(_) => return Ok(RequestAbility::Paired),
        None => {}
    }
    let mut tx = pool.begin().await?;
    let verdict = match mentor_room(&mut tx, mentor_id, false).await? {
        Room::Free => RequestAbility::CanRequest,
        Room::NotAccepting => RequestAbility::NotAccepting,
        Room::Full => RequestAbility::Full,
    };
    tx.rollback().await?;
    Ok(verdict)
}
