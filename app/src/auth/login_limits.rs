//! Login limits that stop password guessing without locking members out.
//!
//! What an attacker gains from a login attempt is the answer to one password check, so only
//! checks that answered "wrong" (or are still running) count; correct logins leave no trace. The
//! limits, all kept in PostgreSQL so they hold across server processes:
//!
//! 1. **Per account and address**: at most [`PER_PAIR`] wrong guesses per [`WINDOW`]. A check
//!    is *reserved* (counted as pending) before it runs, under an advisory lock on the pair, so
//!    parallel guesses cannot outrun the limit. Reservations are taken only once the password
//!    hasher has a free turn, and a pair full only of checks still running makes the next one
//!    wait rather than refusing it, so concurrent correct logins to one account are never refused.
//! 2. **Per account, from anywhere**: past [`ACCOUNT_FREE_FAILURES`] wrong guesses in the window,
//!    each further attempt must wait a delay that doubles with every failure (up to
//!    [`MAX_DELAY`]) — but only from addresses the member has never signed in from, and only
//!    for clients without a device token of the account (issued at every successful login).
//!    The member's own network and devices keep working while someone elsewhere guesses; a
//!    device token also gives the device a budget of its own for rule 1, so someone guessing
//!    behind the member's campus address does not lock the member's own browser out.
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
}

struct Standing {
    pair_failures: i64,
    pair_pending: i64,
    pair_oldest_failure: Option<DateTime<Utc>>,
    account_failures: i64,
    account_last_failure: Option<DateTime<Utc>>,
    address_failures: i64,
    address_oldest_failure: Option<DateTime<Utc>>,
    known_address: bool,
}

/// Refuses at once (429) when the attempt could not be reserved now, without reserving: lets a
/// flood of refused attempts be answered without waiting in line for the password hasher.
pub async fn check(pool: &PgPool, clock: &Clock, email_lower: &str, ip: &str, trusted: bool) -> Result<(), AppError> {
    match verdict(pool, email_lower, ip, clock.now(), trusted).await? {
        Some(Refusal::Wait(wait)) => Err(too_many(wait)),
        Some(Refusal::Busy) | None => Ok(()),
    }
}

/// A turn of the password hasher and a reservation for the check it will run. The turn comes
/// first: pending checks are then bounded by the hasher's concurrency. When the pair's budget is
/// full only of checks still running (more concurrent logins to one account from one address
/// than the budget — several processes, or many cores), the attempt gives its turn back and
/// tries again shortly, until the hasher's queue deadline: concurrent correct logins are never
/// refused for each other.
pub async fn reserve_with_turn(
    pool: &PgPool,
    clock: &Clock,
    email_lower: &str,
    address: &str,
    trusted: bool,
) -> Result<(super::password::HashTurn, Reservation), AppError> {
    let hasher = super::password::Hasher::global();
    let deadline = tokio::time::Instant::now() + hasher.limits().queue_timeout;
    loop {
        let turn = hasher.turn().await?;
        match reserve(pool, clock, email_lower, address, trusted).await? {
            Reserved::Yes(reservation) => return Ok((turn, reservation)),
            Reserved::Busy if tokio::time::Instant::now() < deadline => {
                drop(turn);
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            }
            Reserved::Busy => {
                return Err(AppError::unavailable("The server is busy signing you in. Please try again.", 1));
            }
        }
    }
}

/// The outcome of [`reserve`] when no limit refuses the attempt.
enum Reserved {
    Yes(Reservation),
    /// Checks still running fill the pair's budget; try again in a moment.
    Busy,
}

/// Reserves one password check for `email_lower` from `ip`, or refuses with 429 and the number
/// of seconds until the attempt would be allowed.
/// `trusted`: the client proved (with a device token) that it has signed in to this account
/// before; it is then treated like an address the member is known at.
async fn reserve(
    pool: &PgPool,
    clock: &Clock,
    email_lower: &str,
    ip: &str,
    trusted: bool,
) -> Result<Reserved, AppError> {
    let now = clock.now();
    let mut tx = pool.begin().await?;
    // Serialises reservations for one account and address, so "count, then insert" is atomic.
    sqlx::query!("SELECT pg_advisory_xact_lock(hashtextextended($1::text || ' ' || $2::text, 7041))", email_lower, ip)
        .execute(&mut *tx)
        .await?;
    match verdict(&mut *tx, email_lower, ip, now, trusted).await? {
        Some(Refusal::Wait(wait)) => return Err(too_many(wait)),
        Some(Refusal::Busy) => return Ok(Reserved::Busy),
        None => {}
    }
    let id = sqlx::query_scalar!(
        "INSERT INTO login_attempts (email_lower, ip, started_at) VALUES ($1, $2, $3) RETURNING id",
        email_lower,
        ip,
        now,
    )
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Reserved::Yes(Reservation { id }))
}

/// Whether an attempt may run now, from the counts in the database; `trusted` (a device token of
/// the account) counts like an address the member is known at.
async fn verdict<'e>(
    db: impl sqlx::PgExecutor<'e>,
    email_lower: &str,
    ip: &str,
    now: DateTime<Utc>,
    trusted: bool,
) -> Result<Option<Refusal>, AppError> {
    let mut standing = standing(db, email_lower, ip, now).await?;
    standing.known_address |= trusted;
    Ok(refusal(&standing, now))
}

async fn standing<'e>(
    db: impl sqlx::PgExecutor<'e>,
    email_lower: &str,
    ip: &str,
    now: DateTime<Utc>,
) -> Result<Standing, AppError> {
    // The cut-offs are computed here from the app clock: $3 starts the window, $4 is the
    // oldest a pending check may be, $5 the oldest sign-in that still makes an address known.
    Ok(sqlx::query_as!(
        Standing,
        r#"SELECT
            (SELECT count(*) FROM login_attempts
              WHERE email_lower = $1 AND ip = $2 AND failed_at > $3) AS "pair_failures!",
            (SELECT count(*) FROM login_attempts
              WHERE email_lower = $1 AND ip = $2 AND failed_at IS NULL AND started_at > $4) AS "pair_pending!",
            (SELECT min(failed_at) FROM login_attempts
              WHERE email_lower = $1 AND ip = $2 AND failed_at > $3) AS "pair_oldest_failure?",
            (SELECT count(*) FROM login_attempts
              WHERE email_lower = $1 AND failed_at > $3) AS "account_failures!",
            (SELECT max(failed_at) FROM login_attempts
              WHERE email_lower = $1 AND failed_at > $3) AS "account_last_failure?",
            (SELECT count(*) FROM login_attempts
              WHERE ip = $2 AND failed_at > $3) AS "address_failures!",
            (SELECT min(failed_at) FROM login_attempts
              WHERE ip = $2 AND failed_at > $3) AS "address_oldest_failure?",
            EXISTS (SELECT 1 FROM login_sessions s JOIN users u ON u.id = s.user_id
                     WHERE lower(u.email) = $1 AND s.address_key = $2 AND s.created_at > $5)
              AS "known_address!""#,
        email_lower,
        ip,
        now - WINDOW,
        now - PENDING_EXPIRY,
        now - KNOWN_ADDRESS_FOR,
    )
    .fetch_one(db)
    .await?)
}

/// Why an attempt may not run now.
enum Refusal {
    /// A limit is reached: try again after this long (429).
    Wait(Duration),
    /// The pair's budget is taken up by checks still running, not by failures: they finish in
    /// milliseconds, so the attempt waits for them instead of being refused.
    Busy,
}

/// Whether the attempt may run now.
fn refusal(standing: &Standing, now: DateTime<Utc>) -> Option<Refusal> {
    let until_window_passes = |oldest: Option<DateTime<Utc>>| oldest.map_or(WINDOW, |oldest| oldest + WINDOW - now);
    if standing.pair_failures >= PER_PAIR {
        return Some(Refusal::Wait(until_window_passes(standing.pair_oldest_failure)));
    }
    if standing.pair_failures + standing.pair_pending >= PER_PAIR {
        return Some(Refusal::Busy);
    }
    if standing.known_address {
        return None;
    }
    if standing.account_failures >= ACCOUNT_FREE_FAILURES {
        let delay = account_delay(standing.account_failures);
        let allowed_at = standing.account_last_failure.map_or(now, |last| last + delay);
        if allowed_at > now {
            return Some(Refusal::Wait(allowed_at - now));
        }
    }
    if standing.address_failures >= PER_ADDRESS {
        return Some(Refusal::Wait(until_window_passes(standing.address_oldest_failure)));
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

/// The check answered "right": its reservation goes. Earlier failures from the address stay
/// until they age out — forgiving them would hand anyone else at that address (a campus) five
/// fresh guesses each time the member signs in — and checks still running are left alone.
pub async fn succeeded(pool: &PgPool, reservation: Reservation) -> Result<(), AppError> {
    sqlx::query!("DELETE FROM login_attempts WHERE id = $1", reservation.id).execute(pool).await?;
    Ok(())
}

/// The check answered "wrong": it counts against every limit for the window.
pub async fn failed(pool: &PgPool, clock: &Clock, reservation: Reservation) -> Result<(), AppError> {
    sqlx::query!("UPDATE login_attempts SET failed_at = $2 WHERE id = $1", reservation.id, clock.now())
        .execute(pool)
        .await?;
    // Old rows are of no use to any limit; trimming them here keeps the table small. Only
    // housekeeping: if it fails, the wrong password is still answered as wrong.
    if let Err(err) = sqlx::query!("DELETE FROM login_attempts WHERE started_at < $1", clock.now() - Duration::days(1))
        .execute(pool)
        .await
    {
        tracing::warn!(error = %err, "could not trim old login attempts");
    }
    Ok(())
}

/// The address the limits count under: an IPv4 address as it is, an IPv6 address by its /64
/// network (one host usually holds a whole /64, and could otherwise use a fresh address per
/// guess). IPv4-mapped IPv6 addresses count as the IPv4 address they carry.
pub fn address_key(ip: &str) -> String {
    match ip.parse::<std::net::IpAddr>().map(|ip| ip.to_canonical()) {
        Ok(std::net::IpAddr::V6(v6)) => {
            let network = u128::from(v6) & !((1u128 << 64) - 1);
            format!("{}/64", std::net::Ipv6Addr::from(network))
        }
        Ok(v4) => v4.to_string(),
        Err(_) => ip.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv6_addresses_count_by_their_64_network() {
        assert_eq!(address_key("203.0.113.7"), "203.0.113.7");
        assert_eq!(address_key("::ffff:203.0.113.7"), "203.0.113.7");
        assert_eq!(address_key("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
        assert_eq!(address_key("2001:db8:1:2:bbbb::9"), "2001:db8:1:2::/64");
        assert_eq!(address_key("unknown"), "unknown");
    }

    #[test]
    fn the_account_delay_doubles_up_to_fifteen_minutes() {
        assert_eq!(account_delay(ACCOUNT_FREE_FAILURES), Duration::seconds(1));
        assert_eq!(account_delay(ACCOUNT_FREE_FAILURES + 1), Duration::seconds(2));
        assert_eq!(account_delay(ACCOUNT_FREE_FAILURES + 5), Duration::seconds(32));
        assert_eq!(account_delay(ACCOUNT_FREE_FAILURES + 40), MAX_DELAY);
    }
}
