//! Fixtures for the database tests: people, pairings and weekly sets written straight to the
//! database (no password hashing), so tests that need fifty mentees stay quick.

use chrono::{DateTime, TimeZone, Utc};
use sqlx::PgPool;
use uuid::Uuid;

use crate::auth::User;
use crate::auth::service::find_user;
use crate::availability::{Availability, WeeklyBlock};

/// An active user with a profile in `timezone`; not able to log in (no real password hash).
pub async fn person(pool: &PgPool, name: &str, role: &str, timezone: &str) -> User {
    let now = Utc::now();
    let id = sqlx::query_scalar!(
        "INSERT INTO users (email, password_hash, name, role, created_at, updated_at)
         VALUES ($1 || '-' || gen_random_uuid() || '@example.org', 'fixture: no login', $1, $2::text::user_role, $3, $3)
         RETURNING id",
        name,
        role,
        now,
    )
    .fetch_one(pool)
    .await
    .unwrap();
    sqlx::query!(
        "INSERT INTO profiles (user_id, timezone, max_mentees, updated_at) VALUES ($1, $2, 50, $3)",
        id,
        timezone,
        now,
    )
    .execute(pool)
    .await
    .unwrap();
    find_user(pool, id).await.unwrap()
}

/// An active mentorship (with the accepted request it came from); returns its id.
pub async fn pair(pool: &PgPool, mentor: &User, mentee: &User) -> Uuid {
    let now = Utc::now();
    let request_id = sqlx::query_scalar!(
        "INSERT INTO mentorship_requests (mentee_id, mentor_id, message, status, created_at, decided_at, decided_by)
         VALUES ($1, $2, 'Fixture request', 'accepted', $3, $3, $2) RETURNING id",
        mentee.id,
        mentor.id,
        now,
    )
    .fetch_one(pool)
    .await
    .unwrap();
    sqlx::query_scalar!(
        "INSERT INTO mentorships (request_id, mentor_id, mentee_id, started_at) VALUES ($1, $2, $3, $4) RETURNING id",
        request_id,
        mentor.id,
        mentee.id,
        now,
    )
    .fetch_one(pool)
    .await
    .unwrap()
}

/// The same block every day of the week, `HH:MM`–`HH:MM` in the mentor's zone.
pub async fn every_day(pool: &PgPool, mentor: &User, start: &str, end: &str) {
    let blocks = (1..=7).map(|weekday| WeeklyBlock { weekday, start: start.into(), end: end.into() }).collect();
    crate::availability::service::replace(
        pool,
        mentor,
        &Availability { timezone: String::new(), blocks, days_off: vec![] },
    )
    .await
    .unwrap();
}

pub fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
}

/// Monday 3 June 2030, 06:00 UTC, the "now" of the directory and matching tests: "this week"
/// runs to Monday 10 June; Berlin is UTC+2, Tokyo UTC+9 (the fixtures' Tuesday hours fall in it).
pub fn monday() -> DateTime<Utc> {
    utc(2030, 6, 3, 6, 0)
}

/// A scheduled session of `minutes` from `starts_at`, booked at `created_at`, written by SQL
/// (no booking rules, no notices).
pub async fn session(
    pool: &PgPool,
    mentorship: Uuid,
    mentor: &User,
    mentee: &User,
    starts_at: DateTime<Utc>,
    minutes: i64,
    created_at: DateTime<Utc>,
) -> Uuid {
    sqlx::query_scalar!(
        "INSERT INTO sessions (mentorship_id, mentor_id, mentee_id, starts_at, ends_at, agenda, created_at)
         VALUES ($1, $2, $3, $4, $5, 'Booked', $6) RETURNING id",
        mentorship,
        mentor.id,
        mentee.id,
        starts_at,
        starts_at + chrono::Duration::minutes(minutes),
        created_at,
    )
    .fetch_one(pool)
    .await
    .unwrap()
}
