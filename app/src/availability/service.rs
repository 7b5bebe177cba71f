//! Reading and replacing a mentor's weekly set, and listing open slots from it.

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use sqlx::{PgExecutor, PgPool};
use uuid::Uuid;

use super::slots::{Block, BookingWindow, Busy, Schedule, first_instant_from, open_slots};
use super::validate::check;
use super::{Availability, BookingOptions, DURATIONS, HORIZON_DAYS, SlotChoice, SlotDay, WeeklyBlock, format_minutes};
use crate::auth::{Role, User};
use crate::error::{AppError, OnConstraint};
use crate::profiles::service::public_mentor;
use crate::time_display::{time_label, zone};

/// The longest span one slot listing may cover.
pub const MAX_RANGE_DAYS: i64 = 62;

/// A mentor's weekly set as stored, in their time zone.
pub struct StoredSchedule {
    pub timezone: Tz,
    pub timezone_name: String,
    pub blocks: Vec<Block>,
    pub days_off: BTreeSet<NaiveDate>,
}

/// The signed-in mentor's own weekly set.
pub async fn mine(pool: &PgPool, user: &User) -> Result<Availability, AppError> {
    ensure_mentor(user)?;
    let stored = load(pool, user.id).await?;
    Ok(to_public(&stored))
}

fn ensure_mentor(user: &User) -> Result<(), AppError> {
    if user.role != Role::Mentor {
        return Err(AppError::forbidden("Only mentors keep weekly availability."));
    }
    Ok(())
}

fn to_public(stored: &StoredSchedule) -> Availability {
    Availability {
        timezone: stored.timezone_name.clone(),
        blocks: stored
            .blocks
            .iter()
            .map(|block| WeeklyBlock {
                weekday: block.weekday,
                start: format_minutes(block.start),
                end: format_minutes(block.end),
            })
            .collect(),
        days_off: stored.days_off.iter().map(|day| day.format("%Y-%m-%d").to_string()).collect(),
    }
}

/// Replaces the whole weekly set and the days off in one transaction. Concurrent saves by the
/// same mentor are serialised on their profile row, so the last one wins whole.
pub async fn replace(pool: &PgPool, user: &User, input: &Availability) -> Result<Availability, AppError> {
    ensure_mentor(user)?;
    let checked = check(input)?;
    let mut tx = pool.begin().await?;
    sqlx::query_scalar!("SELECT user_id FROM profiles WHERE user_id = $1 FOR UPDATE", user.id)
        .fetch_optional(&mut *tx)
        .await?;
    sqlx::query!("DELETE FROM availability_blocks WHERE mentor_id = $1", user.id).execute(&mut *tx).await?;
    sqlx::query!("DELETE FROM availability_days_off WHERE mentor_id = $1", user.id).execute(&mut *tx).await?;
    if !checked.blocks.is_empty() {
        let weekdays: Vec<i16> = checked.blocks.iter().map(|b| i16::from(b.weekday)).collect();
        let starts: Vec<String> = checked.blocks.iter().map(|b| format_minutes(b.start)).collect();
        let ends: Vec<String> = checked.blocks.iter().map(|b| format_minutes(b.end)).collect();
        sqlx::query!(
            "INSERT INTO availability_blocks (mentor_id, weekday, starts_at, ends_at)
             SELECT $1, weekday, start::time, finish::time
             FROM unnest($2::smallint[], $3::text[], $4::text[]) AS b(weekday, start, finish)",
            user.id,
            &weekdays,
            &starts,
            &ends,
        )
        .execute(&mut *tx)
        .await
        .on_constraint("availability_blocks_no_overlap", || {
            AppError::conflict_on("blocks", "Two blocks on the same day overlap.")
        })?;
    }
    if !checked.days_off.is_empty() {
        let days: Vec<NaiveDate> = checked.days_off.iter().copied().collect();
        sqlx::query!(
            "INSERT INTO availability_days_off (mentor_id, day) SELECT $1, unnest($2::date[])",
            user.id,
            &days
        )
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    mine(pool, user).await
}

/// The weekly set of an active mentor; anyone else is "no such mentor".
pub async fn load(pool: &PgPool, mentor_id: Uuid) -> Result<StoredSchedule, AppError> {
    let timezone_name = sqlx::query_scalar!(
        "SELECT p.timezone FROM profiles p JOIN users u ON u.id = p.user_id
         WHERE p.user_id = $1 AND u.role = 'mentor' AND u.active",
        mentor_id,
    )
    .fetch_optional(pool)
    .await?
    .ok_or_else(|| AppError::not_found("There is no mentor with this id."))?;
    // Minutes after midnight, so that a block ending at 24:00 reads as 1440.
    let rows = sqlx::query!(
        r#"SELECT weekday, (extract(epoch FROM starts_at) / 60)::int AS "start!",
                  (extract(epoch FROM ends_at) / 60)::int AS "end!"
           FROM availability_blocks WHERE mentor_id = $1 ORDER BY weekday, starts_at"#,
        mentor_id,
    )
    .fetch_all(pool)
    .await?;
    let days_off =
        sqlx::query_scalar!("SELECT day FROM availability_days_off WHERE mentor_id = $1 ORDER BY day", mentor_id)
            .fetch_all(pool)
            .await?;
    Ok(StoredSchedule {
        timezone: zone(&timezone_name),
        timezone_name,
        blocks: rows
            .into_iter()
            .map(|row| Block { weekday: row.weekday as u8, start: row.start as u32, end: row.end as u32 })
            .collect(),
        days_off: days_off.into_iter().collect(),
    })
}

/// The mentor's scheduled sessions overlapping `[from, to)`.
pub async fn busy_between<'e>(
    executor: impl PgExecutor<'e>,
    mentor_id: Uuid,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<Busy>, AppError> {
    Ok(sqlx::query_as!(
        Busy,
        "SELECT starts_at, ends_at FROM sessions
         WHERE mentor_id = $1 AND status = 'scheduled' AND starts_at < $3 AND ends_at > $2",
        mentor_id,
        from,
        to,
    )
    .fetch_all(executor)
    .await?)
}

pub fn check_duration(minutes: u32) -> Result<u32, AppError> {
    if DURATIONS.contains(&minutes) {
        Ok(minutes)
    } else {
        Err(AppError::invalid_field("duration_minutes", "Sessions last 30, 45 or 60 minutes."))
    }
}

/// A mentor's open start times and the zone their weekly blocks are kept in.
#[derive(Debug)]
pub struct OpenSlots {
    pub timezone: String,
    pub starts: Vec<DateTime<Utc>>,
}

/// Open start times of a mentor's sessions of `duration_minutes` within `[from, to)`.
pub async fn open_slots_between(
    pool: &PgPool,
    mentor_id: Uuid,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    duration_minutes: u32,
    now: DateTime<Utc>,
) -> Result<OpenSlots, AppError> {
    let duration_minutes = check_duration(duration_minutes)?;
    if to <= from {
        return Err(AppError::invalid_field("to", "`to` must be after `from`."));
    }
    if to - from > Duration::days(MAX_RANGE_DAYS) {
        return Err(AppError::invalid_field("to", format!("Ask for at most {MAX_RANGE_DAYS} days at a time.")));
    }
    let stored = load(pool, mentor_id).await?;
    let busy = busy_between(pool, mentor_id, from, to + Duration::minutes(i64::from(duration_minutes))).await?;
    let schedule =
        Schedule { timezone: stored.timezone, blocks: &stored.blocks, days_off: &stored.days_off, busy: &busy };
    let starts = open_slots(&schedule, BookingWindow::default(), now, from, to, duration_minutes);
    Ok(OpenSlots { timezone: stored.timezone_name, starts })
}

/// One week of a mentor's open slots in the viewer's zone (a visitor's: their browser's, when
/// known), for the booking page: the week starts
/// on `week` (a local date, clamped to today … the horizon) or today.
pub async fn booking_week(
    pool: &PgPool,
    viewer: Option<&User>,
    browser_zone: Option<String>,
    mentor_id: Uuid,
    week: Option<&str>,
    duration: Option<u32>,
    now: DateTime<Utc>,
) -> Result<BookingOptions, AppError> {
    let mentor = public_mentor(pool, mentor_id, now).await?;
    let duration_minutes = check_duration(duration.unwrap_or(60))?;
    let viewer_timezone = crate::profiles::service::display_zone(pool, viewer, browser_zone).await?;
    let tz = zone(&viewer_timezone);
    let today = now.with_timezone(&tz).date_naive();
    let last_day = (now + Duration::days(HORIZON_DAYS)).with_timezone(&tz).date_naive();
    let week_start = week
        .and_then(|raw| NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d").ok())
        .unwrap_or(today)
        .clamp(today, last_day);
    let week_end = week_start + Duration::days(7);
    let from = first_instant_from(tz, week_start, 0).unwrap_or(now);
    let to = first_instant_from(tz, week_end, 0).unwrap_or(from + Duration::days(7));
    let slots = open_slots_between(pool, mentor.id, from, to, duration_minutes, now).await?.starts;

    let mut days: Vec<SlotDay> = Vec::new();
    for start in slots {
        let local = start.with_timezone(&tz);
        let date = local.date_naive().format("%Y-%m-%d").to_string();
        if days.last().is_none_or(|day| day.date != date) {
            days.push(SlotDay { date: date.clone(), label: local.format("%a %-d %b").to_string(), slots: vec![] });
        }
        if let Some(day) = days.last_mut() {
            day.slots.push(SlotChoice { starts_at: start, label: time_label(start, tz) });
        }
    }
    let cannot_book = match viewer {
        None => Some("Log in as one of this mentor's mentees to book a session.".to_owned()),
        Some(user) if user.role != Role::Mentee => Some("Only mentees book sessions.".to_owned()),
        Some(user) => {
            let paired = sqlx::query_scalar!(
                r#"SELECT EXISTS (SELECT 1 FROM mentorships
                                  WHERE mentor_id = $1 AND mentee_id = $2 AND ended_at IS NULL) AS "paired!""#,
                mentor.id,
                user.id,
            )
            .fetch_one(pool)
            .await?;
            (!paired).then(|| "You can book once this mentor has accepted you as a mentee.".to_owned())
        }
    };
    let format_date = |date: NaiveDate| date.format("%Y-%m-%d").to_string();
    Ok(BookingOptions {
        mentor_id: mentor.id,
        mentor_name: mentor.name,
        mentor_timezone: mentor.timezone,
        viewer_timezone,
        duration_minutes,
        cannot_book,
        week_start: format_date(week_start),
        previous_week: (week_start > today).then(|| format_date((week_start - Duration::days(7)).max(today))),
        next_week: (week_end <= last_day).then(|| format_date(week_end)),
        days,
    })
}

#[cfg(test)]
#[path = "service_tests.rs"]
mod tests;
