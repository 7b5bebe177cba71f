//! Request and mentorship rules against the database. The rules that must hold under
//! concurrency live in PostgreSQL: the one-open-request-per-pair unique index, compare-and-swap
//! status updates, and a row lock on the mentor's profile while capacity is checked.

use chrono::{DateTime, Utc};
use sqlx::{PgExecutor, PgPool, Postgres, Transaction};
use uuid::Uuid;

use super::{
    DeclineReason, Direction, EndPreview, EndReason, Mentorship, MentorshipRequest, RequestListQuery, RequestMessage,
    RequestStatus, RequestsOverview, StatusCounts,
};
use crate::auth::{Role, User};
use crate::error::{AppError, OnConstraint};
use crate::notifications::NotificationKind;
use crate::notifications::service::{mark_read_for_request, notify, notify_about_request};
use crate::pagination::{Page, PageRequest};

const ALREADY_OPEN: &str = "You already have an open request or an active mentorship with this mentor.";

/// A mentee asks a mentor for mentorship.
pub async fn send(
    pool: &PgPool,
    sender: &User,
    mentor_id: Uuid,
    message: &str,
    now: DateTime<Utc>,
) -> Result<MentorshipRequest, AppError> {
    if sender.role != Role::Mentee {
        return Err(AppError::forbidden("Only mentees can send mentorship requests."));
    }
    if sender.id == mentor_id {
        return Err(AppError::invalid_field("mentor_id", "You cannot send a request to yourself."));
    }
    let message = RequestMessage::parse_required(message, "message", "Write a short message to the mentor.")
        .map_err(|msg| AppError::invalid_field("message", msg))?;
    let mut tx = pool.begin().await?;
    ensure_mentor_has_room(&mut tx, mentor_id, false).await?;
    let id = sqlx::query_scalar!(
        "INSERT INTO mentorship_requests (mentee_id, mentor_id, message, created_at)
         VALUES ($1, $2, $3, $4) RETURNING id",
        sender.id,
        mentor_id,
        message.as_str(),
        now,
    )
    .fetch_one(&mut *tx)
    .await
    .on_constraint("requests_one_open_per_pair", || AppError::conflict(ALREADY_OPEN))?;
    notify_about_request(
        &mut tx,
        mentor_id,
        id,
        NotificationKind::RequestReceived,
        &format!("{} asked you for mentorship.", sender.name),
        "/requests?status=pending",
        now,
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

/// The capacity rule itself is `has_free_place` (migrations/0007), shared with the directory.
async fn mentor_room(tx: &mut Transaction<'_, Postgres>, mentor_id: Uuid, lock: bool) -> Result<Room, AppError> {
    if lock {
        // Taken before the read below, which then (a new statement under READ COMMITTED) sees
        // the mentorships of whoever held the lock before us.
        sqlx::query!("SELECT user_id FROM profiles WHERE user_id = $1 FOR UPDATE", mentor_id)
            .fetch_optional(&mut **tx)
            .await?;
    }
    let room = sqlx::query!(
        r#"SELECT p.accepting_mentees, p.awaiting_approval,
                  has_free_place(p.accepting_mentees, p.max_mentees, active_mentee_count(p.user_id)) AS "free!"
           FROM profiles p JOIN users u ON u.id = p.user_id
           WHERE p.user_id = $1 AND u.role = 'mentor' AND u.active"#,
        mentor_id,
    )
    .fetch_optional(&mut **tx)
    .await?
    .ok_or_else(|| AppError::not_found("There is no mentor with this id."))?;
    Ok(if !room.accepting_mentees || room.awaiting_approval {
        Room::NotAccepting
    } else if !room.free {
        Room::Full
    } else {
        Room::Free
    })
}

pub async fn find(pool: &PgPool, id: Uuid) -> Result<MentorshipRequest, AppError> {
    requests_where(pool, Some(id), None, None, None, 1, 0)
        .await?
        .pop()
        .ok_or_else(|| AppError::not_found("There is no such request."))
}

/// Requests with both people's names, newest first. Each `None` leaves its filter out, so one
/// query serves `find` (by `id`) and `list` (one side's, optionally of one status).
async fn requests_where(
    pool: &PgPool,
    id: Option<Uuid>,
    mentor_id: Option<Uuid>,
    mentee_id: Option<Uuid>,
    status: Option<RequestStatus>,
    limit: i64,
    offset: i64,
) -> Result<Vec<MentorshipRequest>, AppError> {
    Ok(sqlx::query_as!(
        MentorshipRequest,
        r#"SELECT r.id, r.mentee_id, mentee.name AS mentee_name, r.mentor_id, mentor.name AS mentor_name,
                  r.message, r.status AS "status: RequestStatus", r.decision_reason, r.created_at, r.decided_at
           FROM mentorship_requests r
           JOIN users mentee ON mentee.id = r.mentee_id
           JOIN users mentor ON mentor.id = r.mentor_id
           WHERE ($1::uuid IS NULL OR r.id = $1)
             AND ($2::uuid IS NULL OR r.mentor_id = $2) AND ($3::uuid IS NULL OR r.mentee_id = $3)
             AND ($4::request_status IS NULL OR r.status = $4)
           ORDER BY r.created_at DESC, r.id LIMIT $5 OFFSET $6"#,
        id,
        mentor_id,
        mentee_id,
        status as Option<RequestStatus>,
        limit,
        offset,
    )
    .fetch_all(pool)
    .await?)
}

/// The addressed mentor accepts: in one transaction the request becomes accepted and an
/// active mentorship is created.
pub async fn accept(
    pool: &PgPool,
    mentor: &User,
    request_id: Uuid,
    now: DateTime<Utc>,
) -> Result<(MentorshipRequest, Mentorship), AppError> {
    let mut tx = pool.begin().await?;
    let (mentee_id, status) = lock_request_for(&mut tx, request_id, mentor.id, Party::Mentor).await?;
    if status != RequestStatus::Pending {
        return Err(already_decided(status));
    }
    let mentee_active = sqlx::query_scalar!(
        r#"SELECT active AND role = 'mentee' AS "ok!" FROM users WHERE id = $1 FOR SHARE"#,
        mentee_id
    )
    .fetch_one(&mut *tx)
    .await?;
    if !mentee_active {
        return Err(AppError::conflict("This mentee's account is no longer active."));
    }
    ensure_mentor_has_room(&mut tx, mentor.id, true).await?;
    sqlx::query!(
        "UPDATE mentorship_requests
         SET status = 'accepted', decided_at = $3, decided_by = $2
         WHERE id = $1",
        request_id,
        mentor.id,
        now,
    )
    .execute(&mut *tx)
    .await?;
    let mentorship_id = sqlx::query_scalar!(
        "INSERT INTO mentorships (request_id, mentor_id, mentee_id, started_at) VALUES ($1, $2, $3, $4) RETURNING id",
        request_id,
        mentor.id,
        mentee_id,
        now,
    )
    .fetch_one(&mut *tx)
    .await?;
    notify_about_request(
        &mut tx,
        mentee_id,
        request_id,
        NotificationKind::RequestAccepted,
        &format!("{} accepted your mentorship request. You can now book sessions.", mentor.name),
        &format!("/mentors/{}/book", mentor.id),
        now,
    )
    .await?;
    mark_read_for_request(&mut *tx, mentor.id, request_id, now).await?;
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
    let as_mentor = matches!(party, Party::Mentor);
    let row = sqlx::query!(
        r#"SELECT mentee_id, status AS "status: RequestStatus" FROM mentorship_requests
           WHERE id = $1 AND CASE WHEN $3 THEN mentor_id ELSE mentee_id END = $2 FOR UPDATE"#,
        request_id,
        user_id,
        as_mentor,
    )
    .fetch_optional(&mut **tx)
    .await?
    .ok_or_else(|| AppError::not_found("There is no such request."))?;
    Ok((row.mentee_id, row.status))
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
    now: DateTime<Utc>,
) -> Result<MentorshipRequest, AppError> {
    let reason = DeclineReason::parse(reason.unwrap_or_default(), "reason")
        .map_err(|msg| AppError::invalid_field("reason", msg))?;
    let reason = Some(reason.as_str()).filter(|text| !text.is_empty());
    let mut tx = pool.begin().await?;
    let (mentee_id, status) = lock_request_for(&mut tx, request_id, mentor.id, Party::Mentor).await?;
    if status != RequestStatus::Pending {
        return Err(already_decided(status));
    }
    sqlx::query!(
        "UPDATE mentorship_requests
         SET status = 'declined', open = false, decision_reason = $3, decided_at = $4, decided_by = $2
         WHERE id = $1",
        request_id,
        mentor.id,
        reason,
        now,
    )
    .execute(&mut *tx)
    .await?;
    let message = match reason {
        Some(reason) => format!("{} declined your mentorship request: {reason}", mentor.name),
        None => format!("{} declined your mentorship request.", mentor.name),
    };
    notify_about_request(&mut tx, mentee_id, request_id, NotificationKind::RequestDeclined, &message, "/requests", now)
        .await?;
    mark_read_for_request(&mut *tx, mentor.id, request_id, now).await?;
    tx.commit().await?;
    find(pool, request_id).await
}

/// The mentee withdraws a request that is still pending.
pub async fn cancel(
    pool: &PgPool,
    mentee: &User,
    request_id: Uuid,
    now: DateTime<Utc>,
) -> Result<MentorshipRequest, AppError> {
    let mut tx = pool.begin().await?;
    let (_, status) = lock_request_for(&mut tx, request_id, mentee.id, Party::Mentee).await?;
    if status != RequestStatus::Pending {
        return Err(already_decided(status));
    }
    sqlx::query!(
        "UPDATE mentorship_requests
         SET status = 'cancelled', open = false, decided_at = $3, decided_by = $2
         WHERE id = $1",
        request_id,
        mentee.id,
        now,
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    find(pool, request_id).await
}

/// The caller's requests: incoming for mentors, outgoing for mentees, newest first.
/// One side's requests, newest first, with the counts per status for the filter tabs. The side
/// defaults to the one that fits the user's role (a mentor's inbox, a mentee's outbox).
pub async fn list(
    pool: &PgPool,
    user: &User,
    query: RequestListQuery,
    page: PageRequest,
) -> Result<RequestsOverview, AppError> {
    let direction = query.direction.unwrap_or(match user.role {
        Role::Mentor => Direction::Incoming,
        _ => Direction::Outgoing,
    });
    let (mentor_id, mentee_id) = side(user, direction);
    let (page, counts) = requests_page(pool, mentor_id, mentee_id, query.status, page).await?;
    Ok(RequestsOverview { direction, page, counts })
}

/// One page of requests, newest first, with the counts per status it was taken from: of one
/// mentor and/or one mentee (both `None`: everyone's, for the admin console), optionally of
/// one status.
pub(crate) async fn requests_page(
    pool: &PgPool,
    mentor_id: Option<Uuid>,
    mentee_id: Option<Uuid>,
    status: Option<RequestStatus>,
    page: PageRequest,
) -> Result<(Page<MentorshipRequest>, StatusCounts), AppError> {
    let items = requests_where(pool, None, mentor_id, mentee_id, status, page.limit(), page.offset()).await?;
    let counts = status_counts(pool, mentor_id, mentee_id).await?;
    let total = match status {
        Some(RequestStatus::Pending) => counts.pending,
        Some(RequestStatus::Accepted) => counts.accepted,
        Some(RequestStatus::Declined) => counts.declined,
        Some(RequestStatus::Cancelled) => counts.cancelled,
        None => counts.pending + counts.accepted + counts.declined + counts.cancelled,
    };
    Ok((Page { items, total, page: page.page, per_page: page.per_page }, counts))
}

/// `(mentor_id, mentee_id)` filters for one side's requests: the user on that side, the other open.
fn side(user: &User, direction: Direction) -> (Option<Uuid>, Option<Uuid>) {
    match direction {
        Direction::Incoming => (Some(user.id), None),
        Direction::Outgoing => (None, Some(user.id)),
    }
}

/// Requests per status, of one mentor and/or one mentee (both `None`: all requests, for the
/// admin statistics).
pub async fn status_counts(
    executor: impl PgExecutor<'_>,
    mentor_id: Option<Uuid>,
    mentee_id: Option<Uuid>,
) -> Result<StatusCounts, AppError> {
    Ok(sqlx::query_as!(
        StatusCounts,
        r#"SELECT count(*) FILTER (WHERE status = 'pending') AS "pending!",
                  count(*) FILTER (WHERE status = 'accepted') AS "accepted!",
                  count(*) FILTER (WHERE status = 'declined') AS "declined!",
                  count(*) FILTER (WHERE status = 'cancelled') AS "cancelled!"
           FROM mentorship_requests
           WHERE ($1::uuid IS NULL OR mentor_id = $1) AND ($2::uuid IS NULL OR mentee_id = $2)"#,
        mentor_id,
        mentee_id,
    )
    .fetch_one(executor)
    .await?)
}

pub async fn find_mentorship(pool: &PgPool, id: Uuid) -> Result<Mentorship, AppError> {
    mentorships_where(pool, Some(id), None)
        .await?
        .pop()
        .ok_or_else(|| AppError::not_found("There is no such mentorship."))
}

/// The caller's mentorships, active ones first, then ended ones by end date.
pub async fn mentorships(pool: &PgPool, user: &User) -> Result<Vec<Mentorship>, AppError> {
    mentorships_where(pool, None, Some(user.id)).await
}

/// Mentorships with both people's names: the one with `id`, and/or those `user_id` is on
/// either side of (`None` leaves a filter out), active ones first, then ended ones by end date.
async fn mentorships_where(
    pool: &PgPool,
    id: Option<Uuid>,
    user_id: Option<Uuid>,
) -> Result<Vec<Mentorship>, AppError> {
    Ok(sqlx::query_as!(
        Mentorship,
        "SELECT m.id, m.request_id, m.mentor_id, mentor.name AS mentor_name,
                m.mentee_id, mentee.name AS mentee_name, m.started_at, m.ended_at, m.end_reason
         FROM mentorships m
         JOIN users mentee ON mentee.id = m.mentee_id
         JOIN users mentor ON mentor.id = m.mentor_id
         WHERE ($1::uuid IS NULL OR m.id = $1) AND ($2::uuid IS NULL OR m.mentor_id = $2 OR m.mentee_id = $2)
         ORDER BY m.ended_at IS NOT NULL, m.ended_at DESC, m.started_at DESC",
        id,
        user_id,
    )
    .fetch_all(pool)
    .await?)
}

/// What ending `mentorship_id` would do, for the confirmation `user` (on either side) sees:
/// who is told, and which sessions still to come get cancelled (in `user`'s time zone).
pub async fn end_preview(
    pool: &PgPool,
    user: &User,
    mentorship_id: Uuid,
    now: DateTime<Utc>,
) -> Result<EndPreview, AppError> {
    let mentorship = find_mentorship(pool, mentorship_id).await?;
    if user.id != mentorship.mentor_id && user.id != mentorship.mentee_id {
        return Err(AppError::not_found("There is no such mentorship."));
    }
    let zone = crate::time_display::zone(&crate::profiles::service::timezone_of(pool, user.id).await?);
    let upcoming_sessions = sqlx::query!(
        "SELECT starts_at, ends_at FROM sessions
         WHERE mentorship_id = $1 AND status = 'scheduled' AND starts_at > $2 ORDER BY starts_at",
        mentorship_id,
        now,
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|s| crate::time_display::span_label(s.starts_at, s.ends_at, zone))
    .collect();
    Ok(EndPreview { mentorship, upcoming_sessions })
}

/// Either side ends an active mentorship, optionally saying why; its request stops being open,
/// so the pair may start again with a new request later. Sessions still to come are cancelled
/// with it, and the other side is told in one notice (with the reason and those sessions).
pub async fn end_mentorship(
    pool: &PgPool,
    user: &User,
    mentorship_id: Uuid,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Mentorship, AppError> {
    let reason =
        EndReason::parse(reason.unwrap_or_default(), "reason").map_err(|msg| AppError::invalid_field("reason", msg))?;
    let reason = Some(reason.as_str()).filter(|text| !text.is_empty());
    let mut tx = pool.begin().await?;
    let row = sqlx::query!(
        r#"SELECT request_id, mentor_id, mentee_id, ended_at IS NOT NULL AS "ended!" FROM mentorships
           WHERE id = $1 AND (mentor_id = $2 OR mentee_id = $2) FOR UPDATE"#,
        mentorship_id,
        user.id,
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(|| AppError::not_found("There is no such mentorship."))?;
    if row.ended {
        return Err(AppError::conflict("This mentorship has already ended."));
    }
    sqlx::query!(
        "UPDATE mentorships SET ended_at = $3, ended_by = $2, end_reason = $4 WHERE id = $1",
        mentorship_id,
        user.id,
        now,
        reason,
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!("UPDATE mentorship_requests SET open = false WHERE id = $1", row.request_id).execute(&mut *tx).await?;
    let session_reason = match reason {
        Some(reason) => format!("The mentorship ended: {reason}"),
        None => "The mentorship ended.".to_owned(),
    };
    let session_reason: String = session_reason.chars().take(crate::sessions::CANCEL_REASON_MAX).collect();
    let cancelled = sqlx::query!(
        "UPDATE sessions SET status = 'cancelled', cancelled_at = $3, cancelled_by = $2, cancel_reason = $4
         WHERE mentorship_id = $1 AND status = 'scheduled' AND starts_at > $3
         RETURNING starts_at, ends_at",
        mentorship_id,
        user.id,
        now,
        session_reason,
    )
    .fetch_all(&mut *tx)
    .await?;
    let other = if user.id == row.mentor_id { row.mentee_id } else { row.mentor_id };
    let zone = crate::time_display::zone(&crate::profiles::service::timezone_of(&mut *tx, other).await?);
    let cancelled: Vec<String> =
        cancelled.iter().map(|s| crate::time_display::span_label(s.starts_at, s.ends_at, zone)).collect();
    let message = ended_notice(&user.name, reason, &cancelled);
    notify(&mut tx, other, NotificationKind::MentorshipEnded, &message, "/mentorships", now).await?;
    tx.commit().await?;
    find_mentorship(pool, mentorship_id).await
}

/// "Grace ended your mentorship: Moving abroad. Cancelled: Tue 4 Jun 2030, 09:00–10:00 UTC."
fn ended_notice(who: &str, reason: Option<&str>, cancelled: &[String]) -> String {
    let mut message = match reason {
        Some(reason) => format!("{who} ended your mentorship: {reason}"),
        None => format!("{who} ended your mentorship."),
    };
    if !message.ends_with(['.', '!', '?']) {
        message.push('.');
    }
    match cancelled {
        [] => {}
        [one] => message.push_str(&format!(" Your session of {one} was cancelled.")),
        many => message.push_str(&format!(
            " Your {} sessions still to come were cancelled: {}.",
            many.len(),
            many.join("; ")
        )),
    }
    message
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
    let open = sqlx::query!(
        r#"SELECT id, status AS "status: RequestStatus" FROM mentorship_requests
           WHERE mentor_id = $1 AND mentee_id = $2 AND open"#,
        mentor_id,
        viewer.id,
    )
    .fetch_optional(pool)
    .await?
    .map(|row| (row.id, row.status));
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
