//! Login limits that stop password guessing without locking members out.
//!
//! What an attacker gains from a login attempt is the answer to one password check, so only
//! checks that answered "wrong" (or are still running) count; correct logins leave no trace. The
//! limits, all kept in PostgreSQL so they hold across server processes:
//!
//! 1. **Per account and address**: at most [`PER_PAIR`] wrong guesses per [`WINDOW`]. A check
//!    is *reserved* (counted as pending) before it runs, under an advisory lock on the pair, so
//!    parallel guesses cannot outrun the limit. Reservations are taken only once the password
//!    hasher has a free turn, so concurrent correct logins to one account are never refused: at
//!    most the hasher's concurrency of them is pending at any moment.
//! 2. **Per account, from anywhere**: past [`ACCOUNT_FREE_FAILURES`] wrong guesses in the window,
//!    each further attempt must wait a delay that doubles with every failure (up to
//!    [`MAX_DELAY`]) — but only from addresses the member has never signed in from. The
//!    member's own network keeps working while someone elsewhere guesses.
//! 3. **Per address, over all accounts** (password spraying): past [`PER_ADDRESS`] wrong guesses
//!    in the window, the address may only sign in to accounts that have signed in from it
//!    before. Correct logins do not count, so 500 members behind one campus address all get in.

use chrono::{DateTime, Duration, Utc};
use sqlx::PgPool;

use crate::clock::Clock;
use crate::error::AppError;

pub const WINDOW: Duration = Duration::minutes(15);
pub const PER_PAIR: i64 = 5;
pub const ACCOUNT_FREE_FAILURES: i64 = 10;
pub const MAX_DELAY: Duration = Duration::minutes(15);
pub const PER_ADDRESS: i64 = 100;
/// A reservation whose check never finished (the process died) stops counting after this.
const PENDING_EXPIRY: Duration = Duration::seconds(60);
/// How long a successful sign-in from an address makes it "known" for that account.
const KNOWN_ADDRESS_FOR: Duration = Duration::days(90);

/// A reserved password check; report its outcome with [`succeeded`] or [`failed`].
#[derive(Debug)]
pub struct Reservation {
    id: i64,
    email_lower: String,
    ip: String,
}

#[derive(sqlx::FromRow)]
struct Standing {
    pair_count: i64,
    pair_oldest_failure: Option<DateTime<Utc>>,
    account_failures: i64,
    account_last_failure: Option<DateTime<Utc>>,
    address_failures: i64,
    address_oldest_failure: Option<DateTime<Utc>>,
    known_address: bool,
}

/// Refuses at once (429) when the attempt could not be reserved now, without reserving: lets a
/// flood of refused attempts be answered without waiting in line for the password hasher.
pub async fn check(pool: &PgPool, clock: &Clock, email_lower: &str, ip: &str) -> Result<(), AppError> {
    let now = clock.now();
    let standing = standing(pool, email_lower, ip, now).await?;
    match refusal(&standing, now) {
        Some(wait) => Err(too_many(wait)),
        None => Ok(()),
    }
}

/// Reserves one password check for `email_lower` from `ip`, or refuses with 429 and the number
/// of seconds until the attempt would be allowed.
pub async fn reserve(pool: &PgPool, clock: &Clock, email_lower: &str, ip: &str) -> Result<Reservation, AppError> {
    let now = clock.now();
    let mut tx = pool.begin().await?;
    // Serialises reservations for one account and address, so "count, then insert" is atomic.
    sqlx::query("SELECT pg_advisory_xact_lock(hashtextextended($1 || ' ' || $2, 7041))")
        .bind(email_lower)
        .bind(ip)
        .execute(&mut *tx)
        .await?;
    let standing = standing(&mut *tx, email_lower, ip, now).await?;
    if let Some(wait) = refusal(&standing, now) {
        return Err(too_many(wait));
    }
    let id: i64 =
        sqlx::query_scalar("INSERT INTO login_attempts (email_lower, ip, started_at) VALUES ($1, $2, $3) RETURNING id")
            .bind(email_lower)
            .bind(ip)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
    tx.commit().await?;
    Ok(Reservation { id, email_lower: email_lower.to_owned(), ip: ip.to_owned() })
}

async fn standing<'e>(
    db: impl sqlx::PgExecutor<'e>,
    email_lower: &str,
    ip: &str,
    now: DateTime<Utc>,
) -> Result<Standing, AppError> {
    Ok(sqlx::query_as(
        "SELECT
            (SELECT count(*) FROM login_attempts
              WHERE email_lower = $1 AND ip = $2 AND started_at > $3 - $4
                AND (failed_at IS NOT NULL OR started_at > $3 - $5)) AS pair_count,
            (SELECT min(failed_at) FROM login_attempts
              WHERE email_lower = $1 AND ip = $2 AND failed_at > $3 - $4) AS pair_oldest_failure,
            (SELECT count(*) FROM login_attempts
              WHERE email_lower = $1 AND failed_at > $3 - $4) AS account_failures,
            (SELECT max(failed_at) FROM login_attempts
              WHERE email_lower = $1 AND failed_at > $3 - $4) AS account_last_failure,
            (SELECT count(*) FROM login_attempts
              WHERE ip = $2 AND failed_at > $3 - $4) AS address_failures,
            (SELECT min(failed_at) FROM login_attempts
              WHERE ip = $2 AND failed_at > $3 - $4) AS address_oldest_failure,
            EXISTS (SELECT 1 FROM login_sessions s JOIN users u ON u.id = s.user_id
                     WHERE lower(u.email) = $1 AND s.ip = $2 AND s.created_at > $3 - $6)
              AS known_address",
    )
    .bind(email_lower)
    .bind(ip)
    .bind(now)
    .bind(WINDOW)
    .bind(PENDING_EXPIRY)
    .bind(KNOWN_ADDRESS_FOR)
    .fetch_one(db)
    .await?)
}

/// How long the attempt must wait, if it may not run now.
fn refusal(standing: &Standing, now: DateTime<Utc>) -> Option<Duration> {
    let until_window_passes = |oldest: Option<DateTime<Utc>>| {
        // Only pending checks fill the pair: they finish within seconds.
        oldest.map_or(Duration::seconds(2), |oldest| oldest + WINDOW - now)
    };
    if standing.pair_count >= PER_PAIR {
        return Some(until_window_passes(standing.pair_oldest_failure));
    }
    if standing.known_address {
        return None;
    }
    if standing.account_failures >= ACCOUNT_FREE_FAILURES {
        let delay = account_delay(standing.account_failures);
        let allowed_at = standing.account_last_failure.map_or(now, |last| last + delay);
        if allowed_at > now {
            return Some(allowed_at - now);
        }
    }
    if standing.address_failures >= PER_ADDRESS {
        return Some(until_window_passes(standing.address_oldest_failure));
    }
    None
}

/// The wait after the account's latest failure once it has `failures` in the window:
/// 1 s at the ceiling, then doubling with every further failure, at most [`MAX_DELAY`].
pub fn account_delay(failures: i64) -> Duration {
    let excess = (failures - ACCOUNT_FREE_FAILURES).clamp(0, 20) as u32;
    Duration::seconds(1i64 << excess).min(MAX_DELAY)
}

fn too_many(wait: Duration) -> AppError {
    // Rounded up: a client that waits exactly this long is let through.
    let secs = ((wait.num_milliseconds() + 999) / 1000).max(1) as u64;
    AppError::RateLimited {
        message: format!(
            "Too many failed attempts. Try again in {}.",
            if secs < 60 { format!("{secs} second(s)") } else { format!("{} minute(s)", secs.div_ceil(60)) }
        ),
        retry_after_secs: secs,
    }
}

/// The check answered "right": this address's failures for the account are forgiven.
pub async fn succeeded(pool: &PgPool, reservation: Reservation) -> Result<(), AppError> {
    sqlx::query("DELETE FROM login_attempts WHERE email_lower = $1 AND ip = $2")
        .bind(&reservation.email_lower)
        .bind(&reservation.ip)
        .execute(pool)
        .await?;
    Ok(())
}

/// The check answered "wrong": it counts against every limit for the window.
pub async fn failed(pool: &PgPool, clock: &Clock, reservation: Reservation) -> Result<(), AppError> {
    sqlx::query("UPDATE login_attempts SET failed_at = $2 WHERE id = $1")
        .bind(reservation.id)
        .bind(clock.now())
        .execute(pool)
        .await?;
    // Old rows are of no use to any limit; trimming them here keeps the table small.
    sqlx::query("DELETE FROM login_attempts WHERE started_at < $1")
        .bind(clock.now() - Duration::days(1))
        .execute(pool)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_account_delay_doubles_up_to_fifteen_minutes() {
        assert_eq!(account_delay(ACCOUNT_FREE_FAILURES), Duration::seconds(1));
        assert_eq!(account_delay(ACCOUNT_FREE_FAILURES + 1), Duration::seconds(2));
        assert_eq!(account_delay(ACCOUNT_FREE_FAILURES + 5), Duration::seconds(32));
        assert_eq!(account_delay(ACCOUNT_FREE_FAILURES + 40), MAX_DELAY);
    }
}
