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
    let id: Uuid = sqlx::query_scalar(
        "INSERT INTO users (email, password_hash, name, role)
         VALUES ($1 || '-' || gen_random_uuid() || '@example.org', 'fixture: no login', $1, $2::user_role)
         RETURNING id",
    )
    .bind(name)
    .bind(role)
    .fetch_one(pool)
    .await
    .unwrap();
    sqlx::query("INSERT INTO profiles (user_id, timezone, max_mentees) VALUES ($1, $2, 50)")
        .bind(id)
        .bind(timezone)
        .execute(pool)
        .await
        .unwrap();
    find_user(pool, id).await.unwrap()
}

/// An active mentorship (with the accepted request it came from); returns its id.
pub async fn pair(pool: &PgPool, mentor: &User, mentee: &User) -> Uuid {
    let request_id: Uuid = sqlx::query_scalar(
        "INSERT INTO mentorship_requests (mentee_id, mentor_id, message, status, decided_at, decided_by)
         VALUES ($1, $2, 'Fixture request', 'accepted', now(), $2) RETURNING id",
    )
    .bind(mentee.id)
    .bind(mentor.id)
    .fetch_one(pool)
    .await
    .unwrap();
    sqlx::query_scalar("INSERT INTO mentorships (request_id, mentor_id, mentee_id) VALUES ($1, $2, $3) RETURNING id")
        .bind(request_id)
        .bind(mentor.id)
        .bind(mentee.id)
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
