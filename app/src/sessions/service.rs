//! Booking and cancelling sessions. The slot rules come from `availability::slots::open_slots`,
//! the same function the listing uses; "never two overlapping sessions" is enforced by the two
//! exclusion constraints on `sessions`, so it also holds between concurrent requests and
//! across server processes.

use chrono::{DateTime, Duration, Utc};
use sqlx::PgPool;
use uuid::Uuid;

use super::{Agenda, CancelReason, NewSession, Scope, Session, SessionCard, SessionStatus, SessionsOverview};
use crate::auth::{Role, User};
use crate::availability::plausible_instant;
use crate::availability::service::{busy_between, check_duration, load};
use crate::availability::slots::{BookingWindow, Schedule, open_slots};
use crate::error::AppError;
use crate::notifications::NotificationKind;
use crate::notifications::service::notify;
use crate::pagination::{Page, PageRequest, paged};
use crate::profiles::service::timezone_of;
use crate::time_display::{span_label, zone};

/// Shown when the mentor's time was taken between listing and booking.
pub const SLOT_TAKEN: &str = "That time has just been booked. Please pick another slot.";
/// Shown when the mentee is already in another session at that time.
pub const MENTEE_BUSY: &str = "You already have another session at that time.";

/// The two exclusion constraints on `sessions`, as the person booking should read them.
fn booking_clash(err: sqlx::Error) -> AppError {
    let constraint = match &err {
        sqlx::Error::Database(db) => db.constraint().map(str::to_owned),
        _ => None,
    };
    match constraint.as_deref() {
        Some("sessions_no_mentor_overlap") => AppError::conflict_on("starts_at", SLOT_TAKEN),
        Some("sessions_no_mentee_overlap") => AppError::conflict_on("starts_at", MENTEE_BUSY),
        _ => err.into(),
    }
}

/// A mentee books one of their mentor's open slots.
pub async fn book(pool: &PgPool, mentee: &User, input: &NewSession, now: DateTime<Utc>) -> Result<Session, AppError> {
    if mentee.role != Role::Mentee {
        return Err(AppError::forbidden("Only mentees book sessions."));
    }
    let duration_minutes = check_duration(input.duration_minutes)?;
    let agenda = Agenda::parse_required(&input.agenda, "agenda", "Say briefly what you would like to talk about.")
        .map_err(|msg| AppError::invalid_field("agenda", msg))?;
    const NOT_PAIRED: &str = "You can book sessions only with a mentor you are paired with.";
    sqlx::query_scalar!(
        "SELECT id FROM mentorships WHERE mentor_id = $1 AND mentee_id = $2 AND ended_at IS NULL",
        input.mentor_id,
        mentee.id,
    )
    .fetch_optional(pool)
    .await?
    .ok_or_else(|| AppError::forbidden(NOT_PAIRED))?;

    let starts_at = input.starts_at;
    let not_a_slot = || {
        AppError::invalid_field(
            "starts_at",
            "That time is not one of the mentor's open slots. Please pick a time from the list.",
        )
    };
    let ends_at = Some(starts_at)
        .filter(|start| plausible_instant(*start))
        .and_then(|start| start.checked_add_signed(Duration::minutes(i64::from(duration_minutes))))
        .ok_or_else(not_a_slot)?;
    // Is it one of the mentor's slots at all, ignoring other bookings? If not, the request is
    // wrong (422); if it is but someone holds it, the request clashes with another (409).
    if !is_open_slot(pool, input.mentor_id, starts_at, duration_minutes, now).await? {
        return Err(not_a_slot());
    }
    if !busy_between(pool, input.mentor_id, starts_at, ends_at).await?.is_empty() {
        return Err(AppError::conflict_on("starts_at", SLOT_TAKEN));
    }
    // PostgreSQL documents that two concurrent inserts clashing on an exclusion constraint can
    // deadlock, aborting one of them. Trying that one again turns the clash into the ordinary
    // constraint violation, which becomes a 409 with the right message.
    let mut attempts = 0;
    let id = loop {
        attempts += 1;
        let mut tx = pool.begin().await?;
        // Held until commit, so the mentorship cannot end (and cancel its future sessions)
        // between this check and the insert.
        let mentorship_id = sqlx::query_scalar!(
            "SELECT id FROM mentorships WHERE mentor_id = $1 AND mentee_id = $2 AND ended_at IS NULL FOR SHARE",
            input.mentor_id,
            mentee.id,
        )
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| AppError::forbidden(NOT_PAIRED))?;
        let inserted = sqlx::query_scalar!(
            "INSERT INTO sessions (mentorship_id, mentor_id, mentee_id, starts_at, ends_at, agenda, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            mentorship_id,
            input.mentor_id,
            mentee.id,
            starts_at,
            ends_at,
            agenda.as_str(),
            now,
        )
        .fetch_one(&mut *tx)
        .await;
        match inserted {
            Err(sqlx::Error::Database(db)) if db.code().as_deref() == Some("40P01") && attempts < 3 => continue,
            Err(err) => return Err(booking_clash(err)),
            Ok(id) => {
                let mentor_zone = zone(&timezone_of(&mut *tx, input.mentor_id).await?);
                let message = format!(
                    "{} booked a session with you: {}.",
                    mentee.name,
                    span_label(starts_at, ends_at, mentor_zone)
                );
                notify(&mut tx, input.mentor_id, NotificationKind::SessionBooked, &message, "/sessions", now).await?;
                tx.commit().await?;
                break id;
            }
        }
    };
    find(pool, id).await
}

/// Whether `starts_at` is an open slot of the mentor's weekly set, leaving bookings aside.
async fn is_open_slot(
    pool: &PgPool,
    mentor_id: Uuid,
    starts_at: DateTime<Utc>,
    duration_minutes: u32,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    let stored = load(pool, mentor_id).await?;
    let schedule =
        Schedule { timezone: stored.timezone, blocks: &stored.blocks, days_off: &stored.days_off, busy: &[] };
    let slots = open_slots(
        &schedule,
        BookingWindow::default(),
        now,
        starts_at,
        starts_at + Duration::seconds(1),
        duration_minutes,
    );
    Ok(slots.contains(&starts_at))
}

pub async fn find(pool: &PgPool, id: Uuid) -> Result<Session, AppError> {
    sqlx::query_as!(
        Session,
        r#"SELECT s.id, s.mentorship_id, s.mentor_id, mentor.name AS mentor_name,
                  s.mentee_id, mentee.name AS mentee_name, s.starts_at, s.ends_at,
                  (extract(epoch FROM s.ends_at - s.starts_at) / 60)::int AS "duration_minutes!",
                  s.agenda, s.status AS "status: SessionStatus", s.created_at, s.cancelled_at,
                  s.cancelled_by, s.cancel_reason, f.rating AS "rating?",
                  COALESCE(s.meeting_place, NULLIF(place.meeting_place, '')) AS meeting_place
           FROM sessions s
           JOIN users mentor ON mentor.id = s.mentor_id
           JOIN users mentee ON mentee.id = s.mentee_id
           LEFT JOIN profiles place ON place.user_id = s.mentor_id
           LEFT JOIN feedback f ON f.session_id = s.id
           WHERE s.id = $1"#,
        id,
    )
    .fetch_optional(pool)
    .await?
    .ok_or_else(|| AppError::not_found("There is no such session."))
}

/// A session the user takes part in; anyone else gets the same 404 as for a missing one.
pub async fn find_for(pool: &PgPool, user: &User, id: Uuid) -> Result<Session, AppError> {
    let session = find(pool, id).await?;
    if session.mentor_id != user.id && session.mentee_id != user.id {
        return Err(AppError::not_found("There is no such session."));
    }
    Ok(session)
}

/// The mentor says where one session happens (instead of their default); empty text goes back
/// to the default. Only for a scheduled session that has not started.
pub async fn set_meeting_place(
    pool: &PgPool,
    user: &User,
    id: Uuid,
    place: &str,
    now: DateTime<Utc>,
) -> Result<Session, AppError> {
    let place =
        crate::profiles::MeetingPlace::parse(place).map_err(|msg| AppError::invalid_field("meeting_place", msg))?;
    let place = Some(place.as_str()).filter(|text| !text.is_empty());
    let row = sqlx::query!(
        r#"SELECT mentor_id, status AS "status: SessionStatus", starts_at FROM sessions
           WHERE id = $1 AND (mentor_id = $2 OR mentee_id = $2)"#,
        id,
        user.id,
    )
    .fetch_optional(pool)
    .await?
    .ok_or_else(|| AppError::not_found("There is no such session."))?;
    if row.mentor_id != user.id {
        return Err(AppError::forbidden("Only the mentor says where a session happens."));
    }
    if row.status == SessionStatus::Cancelled || row.starts_at <= now {
        return Err(AppError::conflict("This session is cancelled or has already started."));
    }
    sqlx::query!("UPDATE sessions SET meeting_place = $2 WHERE id = $1", id, place).execute(pool).await?;
    find(pool, id).await
}

/// Either participant cancels a scheduled session before it starts, saying why.
pub async fn cancel(
    pool: &PgPool,
    user: &User,
    id: Uuid,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<Session, AppError> {
    let mut tx = pool.begin().await?;
    let locked = sqlx::query!(
        r#"SELECT status AS "status: SessionStatus", starts_at, ends_at, mentor_id, mentee_id FROM sessions
           WHERE id = $1 AND (mentor_id = $2 OR mentee_id = $2) FOR UPDATE"#,
        id,
        user.id,
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(|| AppError::not_found("There is no such session."))?;
    let (status, starts_at, ends_at, mentor_id, mentee_id) =
        (locked.status, locked.starts_at, locked.ends_at, locked.mentor_id, locked.mentee_id);
    let reason = CancelReason::parse_required(reason, "reason", "Let the other person know why you are cancelling.")
        .map_err(|msg| AppError::invalid_field("reason", msg))?;
    if status == SessionStatus::Cancelled {
        return Err(AppError::conflict("This session was already cancelled."));
    }
    if starts_at <= now {
        return Err(AppError::conflict("This session has already started, so it can no longer be cancelled."));
    }
    sqlx::query!(
        "UPDATE sessions SET status = 'cancelled', cancelled_at = $2, cancelled_by = $3, cancel_reason = $4
         WHERE id = $1",
        id,
        now,
        user.id,
        reason.as_str(),
    )
    .execute(&mut *tx)
    .await?;
    let other = if user.id == mentor_id { mentee_id } else { mentor_id };
    let other_zone = zone(&timezone_of(&mut *tx, other).await?);
    let message =
        format!("{} cancelled the session of {}: {reason}", user.name, span_label(starts_at, ends_at, other_zone));
    notify(&mut tx, other, NotificationKind::SessionCancelled, &message, "/sessions", now).await?;
    tx.commit().await?;
    find(pool, id).await
}

/// The user's sessions on either side: upcoming (not yet ended) soonest first, or past (ended)
/// latest first. Cancelled sessions stay in the lists, marked.
pub async fn list(
    pool: &PgPool,
    user: &User,
    scope: Scope,
    page: PageRequest,
    now: DateTime<Utc>,
) -> Result<Page<Session>, AppError> {
    sessions_page(pool, Some(user.id), scope, page, now).await
}

/// One page of the sessions `participant` is on either side of (everyone's with `None`, for the
/// admin console), upcoming soonest first or past latest first.
pub(crate) async fn sessions_page(
    pool: &PgPool,
    participant: Option<Uuid>,
    scope: Scope,
    page: PageRequest,
    now: DateTime<Utc>,
) -> Result<Page<Session>, AppError> {
    // `id` breaks ties (a cancelled session and its rebooking share a start) so pages never
    // repeat or skip a row. `$5` picks the scope; one of the two CASE sort keys is NULL on every
    // row, so only the other one orders.
    let upcoming = scope == Scope::Upcoming;
    paged(page, move |limit, offset| async move {
        let rows = sqlx::query!(
            r#"SELECT count(*) OVER () AS "total!",
                      s.id, s.mentorship_id, s.mentor_id, mentor.name AS mentor_name,
                      s.mentee_id, mentee.name AS mentee_name, s.starts_at, s.ends_at,
                      (extract(epoch FROM s.ends_at - s.starts_at) / 60)::int AS "duration_minutes!",
                      s.agenda, s.status AS "status: SessionStatus", s.created_at, s.cancelled_at,
                      s.cancelled_by, s.cancel_reason, f.rating AS "rating?",
                      -- Members only: the console (no participant) does not show where pairs meet.
                      CASE WHEN $1::uuid IS NOT NULL
                           THEN COALESCE(s.meeting_place, NULLIF(place.meeting_place, '')) END AS meeting_place
               FROM sessions s
               JOIN users mentor ON mentor.id = s.mentor_id
               JOIN users mentee ON mentee.id = s.mentee_id
               LEFT JOIN profiles place ON place.user_id = s.mentor_id
               LEFT JOIN feedback f ON f.session_id = s.id
               WHERE ($1::uuid IS NULL OR s.mentor_id = $1 OR s.mentee_id = $1)
                 AND CASE WHEN $5 THEN s.ends_at > $2 ELSE s.ends_at <= $2 END
               ORDER BY CASE WHEN $5 THEN s.starts_at END ASC,
                        CASE WHEN $5 THEN NULL ELSE s.starts_at END DESC,
                        s.id
               LIMIT $3 OFFSET $4"#,
            participant,
            now,
            limit,
            offset,
            upcoming,
        )
        .fetch_all(pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| {
                let session = Session {
                    id: r.id,
                    mentorship_id: r.mentorship_id,
                    mentor_id: r.mentor_id,
                    mentor_name: r.mentor_name,
                    mentee_id: r.mentee_id,
                    mentee_name: r.mentee_name,
                    starts_at: r.starts_at,
                    ends_at: r.ends_at,
                    duration_minutes: r.duration_minutes,
                    agenda: r.agenda,
                    status: r.status,
                    created_at: r.created_at,
                    cancelled_at: r.cancelled_at,
                    cancelled_by: r.cancelled_by,
                    cancel_reason: r.cancel_reason,
                    rating: r.rating,
                    meeting_place: r.meeting_place,
                };
                (r.total, session)
            })
            .collect())
    })
    .await
}

/// The user's sessions as cards: times in their own zone and what they may do with each.
pub async fn overview(
    pool: &PgPool,
    user: &User,
    scope: Scope,
    page: PageRequest,
    now: DateTime<Utc>,
) -> Result<SessionsOverview, AppError> {
    let timezone = timezone_of(pool, user.id).await?;
    let tz = zone(&timezone);
    let sessions = list(pool, user, scope, page, now).await?;
    let items = sessions.items.into_iter().map(|session| card(session, user, tz, now)).collect();
    Ok(SessionsOverview {
        scope,
        timezone,
        page: Page { items, total: sessions.total, page: sessions.page, per_page: sessions.per_page },
    })
}

/// One session as `viewer` sees it (e.g. the one just booked, for the confirmation).
pub async fn card_for(
    pool: &PgPool,
    session: Session,
    viewer: &User,
    now: DateTime<Utc>,
) -> Result<SessionCard, AppError> {
    let tz = zone(&timezone_of(pool, viewer.id).await?);
    Ok(card(session, viewer, tz, now))
}

fn card(session: Session, viewer: &User, tz: chrono_tz::Tz, now: DateTime<Utc>) -> SessionCard {
    let viewer_is_mentee = session.mentee_id == viewer.id;
    let scheduled = session.status == SessionStatus::Scheduled;
    let (with_id, with_name) = if viewer_is_mentee {
        (session.mentor_id, session.mentor_name.clone())
    } else {
        (session.mentee_id, session.mentee_name.clone())
    };
    SessionCard {
        when: span_label(session.starts_at, session.ends_at, tz),
        with_id,
        with_name,
        viewer_is_mentee,
        can_cancel: scheduled && session.starts_at > now,
        can_rate: viewer_is_mentee && scheduled && session.ends_at <= now && session.rating.is_none(),
        has_ended: session.ends_at <= now,
        session,
    }
}

#[cfg(test)]
#[path = "service_tests.rs"]
mod tests;
