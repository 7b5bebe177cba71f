//! Account rules on a real PostgreSQL (a fresh database per test, migrated).

use super::*;
use crate::auth::login_limits::{self, ACCOUNT_FREE_FAILURES, PER_ADDRESS, PER_PAIR};
use crate::auth::token::TokenKeys;

pub(crate) fn settings() -> AuthSettings {
    AuthSettings {
        keys: TokenKeys::new(b"test-secret-test-secret-test-secret!"),
        token_ttl: chrono::Duration::hours(1),
        secure_cookies: false,
        trusted_proxies: Vec::new(),
    }
}

fn account(email: &str, role: &str) -> NewAccount {
    NewAccount {
        email: email.into(),
        password: "a long enough passphrase".into(),
        name: "Ada Lovelace".into(),
        role: role.into(),
        timezone: None,
    }
}

fn client() -> ClientInfo {
    from("203.0.113.7")
}

fn from(ip: &str) -> ClientInfo {
    ClientInfo { ip: ip.into(), user_agent: Some("tests".into()), device_token: None }
}

const RIGHT: &str = "a long enough passphrase";
const WRONG: &str = "wrong guess!";

/// `count` members who can log in with `RIGHT`, written by SQL with one shared hash so a test
/// with hundreds of people does not spend minutes hashing their sign-ups.
async fn members(pool: &PgPool, prefix: &str, count: usize) -> Vec<String> {
    let hash = password::hash(RIGHT.into()).await.unwrap();
    let emails: Vec<String> = (0..count).map(|i| format!("{prefix}{i}@example.org")).collect();
    sqlx::query!(
        "INSERT INTO users (email, password_hash, name, role)
         SELECT e, $2, 'Member', 'mentee' FROM unnest($1::text[]) AS e",
        &emails,
        hash,
    )
    .execute(pool)
    .await
    .unwrap();
    emails
}

async fn attempt(pool: &PgPool, clock: &Clock, email: &str, password: &str, ip: &str) -> Result<IssuedLogin, AppError> {
    login(pool, &settings(), clock, email, password, &from(ip)).await
}

fn retry_after(err: &AppError) -> u64 {
    match err {
        AppError::RateLimited { retry_after_secs, .. } => *retry_after_secs,
        other => panic!("expected 429, got {other:?}"),
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn registering_creates_a_user_with_a_profile(pool: PgPool) {
    let user = register(&pool, account("ada@example.org", "mentor"), Utc::now()).await.unwrap();
    assert_eq!(user.role, Role::Mentor);
    assert!(user.active);
    let profiles = sqlx::query_scalar!(r#"SELECT count(*) AS "n!" FROM profiles WHERE user_id = $1"#, user.id)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(profiles, 1);
}

#[sqlx::test(migrations = "../migrations")]
async fn the_same_email_in_another_case_is_a_conflict(pool: PgPool) {
    register(&pool, account("ada@example.org", "mentee"), Utc::now()).await.unwrap();
    let err = register(&pool, account("ADA@Example.ORG", "mentor"), Utc::now()).await.unwrap_err();
    assert_eq!(err.status_code(), 409);
    assert!(err.field("email").is_some(), "{err:?}");
}

#[sqlx::test(migrations = "../migrations")]
async fn nobody_registers_as_admin(pool: PgPool) {
    let err = register(&pool, account("eve@example.org", "admin"), Utc::now()).await.unwrap_err();
    assert_eq!(err.status_code(), 422);
    assert!(err.field("role").is_some());
    let users = sqlx::query_scalar!(r#"SELECT count(*) AS "n!" FROM users"#).fetch_one(&pool).await.unwrap();
    assert_eq!(users, 0);
}

#[sqlx::test(migrations = "../migrations")]
async fn every_bad_field_is_reported_at_once(pool: PgPool) {
    let err = register(
        &pool,
        NewAccount {
            email: "nope".into(),
            password: "short".into(),
            name: " ".into(),
            role: "x".into(),
            timezone: None,
        },
        Utc::now(),
    )
    .await
    .unwrap_err();
    let fields = err.fields();
    for field in ["email", "password", "name", "role"] {
        assert!(fields.contains_key(field), "missing {field} in {fields:?}");
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn unknown_email_and_wrong_password_look_the_same(pool: PgPool) {
    register(&pool, account("ada@example.org", "mentee"), Utc::now()).await.unwrap();
    let unknown = login(&pool, &settings(), &Clock::system(), "nobody@example.org", "whatever it is", &client())
        .await
        .unwrap_err();
    let wrong = login(&pool, &settings(), &Clock::system(), "ada@example.org", "not the password", &client())
        .await
        .unwrap_err();
    assert_eq!(unknown, wrong);
    assert_eq!(unknown.status_code(), 401);
}

#[sqlx::test(migrations = "../migrations")]
async fn login_is_case_insensitive_and_returns_a_working_token(pool: PgPool) {
    register(&pool, account("ada@example.org", "mentee"), Utc::now()).await.unwrap();
    let issued =
        login(&pool, &settings(), &Clock::system(), "  ADA@example.org ", "a long enough passphrase", &client())
            .await
            .unwrap();
    let session = authenticate(&pool, &settings(), &Clock::system(), &issued.token).await.unwrap();
    assert_eq!(session.user.email, "ada@example.org");
    assert_eq!(session.session_id, issued.session_id);
}

#[sqlx::test(migrations = "../migrations")]
async fn logout_revokes_the_token(pool: PgPool) {
    register(&pool, account("ada@example.org", "mentee"), Utc::now()).await.unwrap();
    let issued = login(&pool, &settings(), &Clock::system(), "ada@example.org", "a long enough passphrase", &client())
        .await
        .unwrap();
    logout(&pool, &Clock::system(), issued.session_id).await.unwrap();
    let err = authenticate(&pool, &settings(), &Clock::system(), &issued.token).await.unwrap_err();
    assert_eq!(err.status_code(), 401);
}

#[sqlx::test(migrations = "../migrations")]
async fn a_deactivated_users_token_is_refused_and_login_is_blocked(pool: PgPool) {
    let user = register(&pool, account("ada@example.org", "mentee"), Utc::now()).await.unwrap();
    let issued = login(&pool, &settings(), &Clock::system(), "ada@example.org", "a long enough passphrase", &client())
        .await
        .unwrap();
    set_active(&pool, user.id, false, Utc::now()).await.unwrap();
    assert_eq!(authenticate(&pool, &settings(), &Clock::system(), &issued.token).await.unwrap_err().status_code(), 401);
    let err = login(&pool, &settings(), &Clock::system(), "ada@example.org", "a long enough passphrase", &client())
        .await
        .unwrap_err();
    assert_eq!(err.status_code(), 403);

    set_active(&pool, user.id, true, Utc::now()).await.unwrap();
    assert!(authenticate(&pool, &settings(), &Clock::system(), &issued.token).await.is_ok());
}

#[sqlx::test(migrations = "../migrations")]
async fn a_role_change_applies_to_the_next_request(pool: PgPool) {
    let user = register(&pool, account("ada@example.org", "mentee"), Utc::now()).await.unwrap();
    let issued = login(&pool, &settings(), &Clock::system(), "ada@example.org", "a long enough passphrase", &client())
        .await
        .unwrap();
    set_role(&pool, user.id, Role::Admin, Utc::now()).await.unwrap();
    let session = authenticate(&pool, &settings(), &Clock::system(), &issued.token).await.unwrap();
    assert_eq!(session.user.role, Role::Admin);
}

#[sqlx::test(migrations = "../migrations")]
async fn create_admin_makes_an_admin(pool: PgPool) {
    let admin = create_admin(&pool, "root@example.org", "Root", "a long enough passphrase", Utc::now()).await.unwrap();
    assert_eq!(admin.role, Role::Admin);
}

#[sqlx::test(migrations = "../migrations")]
async fn emails_with_non_ascii_capitals_log_in(pool: PgPool) {
    register(&pool, account("ÉLÈVE@example.org", "mentee"), Utc::now()).await.unwrap();
    login(&pool, &settings(), &Clock::system(), "élève@example.org", "a long enough passphrase", &client())
        .await
        .unwrap();
}

#[sqlx::test(migrations = "../migrations")]
async fn five_wrong_guesses_from_one_address_stop_that_address_for_the_window(pool: PgPool) {
    let clock = Clock::system();
    register(&pool, account("ada@example.org", "mentee"), Utc::now()).await.unwrap();
    for _ in 0..PER_PAIR {
        let err = attempt(&pool, &clock, "ada@example.org", WRONG, "198.51.100.9").await.unwrap_err();
        assert_eq!(err.status_code(), 401);
    }
    // The sixth check would tell the guesser something, even with the right password.
    let err = attempt(&pool, &clock, "ada@example.org", RIGHT, "198.51.100.9").await.unwrap_err();
    assert!(retry_after(&err) > 14 * 60 && retry_after(&err) <= 15 * 60, "{err:?}");
    // The member's own address is not affected.
    attempt(&pool, &clock, "ada@example.org", RIGHT, "203.0.113.7").await.unwrap();
    // Once the window has passed, the address may try again.
    clock.set_offset(login_limits::WINDOW + chrono::Duration::seconds(1));
    attempt(&pool, &clock, "ada@example.org", RIGHT, "198.51.100.9").await.unwrap();
}

#[sqlx::test(migrations = "../migrations")]
async fn parallel_guesses_cannot_outrun_the_limit(pool: PgPool) {
    register(&pool, account("ada@example.org", "mentee"), Utc::now()).await.unwrap();
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let pool = pool.clone();
            tokio::spawn(async move {
                attempt(&pool, &Clock::system(), "ada@example.org", WRONG, "198.51.100.9").await.unwrap_err()
            })
        })
        .collect();
    let mut checked = 0;
    for task in tasks {
        match task.await.unwrap().status_code() {
            401 => checked += 1,
            429 => {}
            other => panic!("unexpected status {other}"),
        }
    }
    assert!(checked <= PER_PAIR, "{checked} passwords were checked");
}

#[sqlx::test(migrations = "../migrations")]
async fn concurrent_correct_logins_to_one_account_are_never_refused(pool: PgPool) {
    register(&pool, account("ada@example.org", "mentee"), Utc::now()).await.unwrap();
    let tasks: Vec<_> = (0..24)
        .map(|_| {
            let pool = pool.clone();
            tokio::spawn(
                async move { attempt(&pool, &Clock::system(), "ada@example.org", RIGHT, "198.51.100.9").await },
            )
        })
        .collect();
    for task in tasks {
        task.await.unwrap().unwrap();
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn five_hundred_members_behind_one_address_all_log_in(pool: PgPool) {
    let emails = members(&pool, "student", 500).await;
    let campus = "192.0.2.1";
    // One in ten mistypes first; everybody then logs in with the right password.
    let tasks: Vec<_> = emails
        .chunks(25)
        .map(|chunk| {
            let (pool, chunk) = (pool.clone(), chunk.to_vec());
            tokio::spawn(async move {
                for (i, email) in chunk.iter().enumerate() {
                    if i % 10 == 0 {
                        let err = attempt(&pool, &Clock::system(), email, WRONG, campus).await.unwrap_err();
                        assert_eq!(err.status_code(), 401, "{err:?}");
                    }
                    attempt(&pool, &Clock::system(), email, RIGHT, campus).await.unwrap();
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    let sessions = sqlx::query_scalar!(r#"SELECT count(*) AS "n!" FROM login_sessions WHERE ip = $1"#, campus)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(sessions, 500);
}

#[sqlx::test(migrations = "../migrations")]
async fn password_spraying_from_one_address_is_stopped_but_its_known_members_get_in(pool: PgPool) {
    let clock = Clock::system();
    let spray = "198.51.100.66";
    let emails = members(&pool, "target", 2).await;
    // A member who has signed in from this address before.
    attempt(&pool, &clock, &emails[0], RIGHT, spray).await.unwrap();
    for i in 0..PER_ADDRESS {
        let err = attempt(&pool, &clock, &format!("guess{i}@example.org"), WRONG, spray).await.unwrap_err();
        assert_eq!(err.status_code(), 401);
    }
    let err = attempt(&pool, &clock, &emails[1], RIGHT, spray).await.unwrap_err();
    assert!(retry_after(&err) > 0);
    attempt(&pool, &clock, &emails[0], RIGHT, spray).await.unwrap();
}

#[sqlx::test(migrations = "../migrations")]
async fn guessing_from_many_addresses_meets_growing_delays_but_never_locks_the_member_out(pool: PgPool) {
    let clock = Clock::system();
    register(&pool, account("ada@example.org", "mentee"), Utc::now()).await.unwrap();
    let home = "203.0.113.7";
    // Ada has signed in from home before.
    attempt(&pool, &clock, "ada@example.org", RIGHT, home).await.unwrap();
    let mut waits = Vec::new();
    let mut wrong_answers = 0;
    let mut offset = chrono::Duration::zero();
    for n in 0..(ACCOUNT_FREE_FAILURES + 4) {
        let address = format!("198.51.100.{n}");
        loop {
            match attempt(&pool, &clock, "ada@example.org", WRONG, &address).await {
                Err(err) if err.status_code() == 401 => {
                    wrong_answers += 1;
                    break;
                }
                Err(err) => {
                    let wait = retry_after(&err);
                    waits.push(wait);
                    // The member is never locked out from home meanwhile.
                    attempt(&pool, &clock, "ada@example.org", RIGHT, home).await.unwrap();
                    offset += chrono::Duration::seconds(wait as i64);
                    clock.set_offset(offset);
                }
                Ok(_) => panic!("a wrong password was accepted"),
            }
        }
    }
    assert_eq!(wrong_answers, ACCOUNT_FREE_FAILURES + 4);
    // Free guesses up to the ceiling, then a wait before each one, doubling each time.
    assert_eq!(waits.len(), 4, "{waits:?}");
    assert!(waits.windows(2).all(|pair| pair[1] >= 2 * pair[0] - 1), "{waits:?}");
}

#[sqlx::test(migrations = "../migrations")]
async fn the_limits_hold_across_server_processes(pool: PgPool) {
    // A second pool on the same database stands for a second server process.
    let other = sqlx::postgres::PgPoolOptions::new()
        .max_connections(2)
        .connect_with(pool.connect_options().as_ref().clone())
        .await
        .unwrap();
    register(&pool, account("ada@example.org", "mentee"), Utc::now()).await.unwrap();
    for i in 0..PER_PAIR {
        let db = if i % 2 == 0 { &pool } else { &other };
        let err = attempt(db, &Clock::system(), "ada@example.org", WRONG, "198.51.100.9").await.unwrap_err();
        assert_eq!(err.status_code(), 401);
    }
    for db in [&pool, &other] {
        let err = attempt(db, &Clock::system(), "ada@example.org", RIGHT, "198.51.100.9").await.unwrap_err();
        assert_eq!(err.status_code(), 429);
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn a_login_expires_when_the_application_clock_passes_its_lifetime(pool: PgPool) {
    let clock = Clock::system();
    register(&pool, account("ada@example.org", "mentee"), Utc::now()).await.unwrap();
    let issued = attempt(&pool, &clock, "ada@example.org", RIGHT, "203.0.113.7").await.unwrap();
    // The row was written at the application clock's time, not the database's.
    let created = sqlx::query_scalar!("SELECT created_at FROM login_sessions WHERE id = $1", issued.session_id)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!((created - clock.now()).num_seconds().abs() < 5);
    assert!(authenticate(&pool, &settings(), &clock, &issued.token).await.is_ok());
    clock.set_offset(settings().token_ttl - chrono::Duration::seconds(5));
    assert!(authenticate(&pool, &settings(), &clock, &issued.token).await.is_ok());
    clock.set_offset(settings().token_ttl + chrono::Duration::seconds(1));
    let err = authenticate(&pool, &settings(), &clock, &issued.token).await.unwrap_err();
    assert_eq!(err.to_string(), "Your session has expired. Please log in again.");
}

#[sqlx::test(migrations = "../migrations")]
async fn the_members_own_device_gets_in_whatever_others_guess(pool: PgPool) {
    let clock = Clock::system();
    register(&pool, account("ada@example.org", "mentee"), Utc::now()).await.unwrap();
    // Ada signed in once, at home, and her browser kept the device token.
    let device = attempt(&pool, &clock, "ada@example.org", RIGHT, "203.0.113.7").await.unwrap().device_token;
    let campus = "192.0.2.1";
    // Someone behind the campus address uses up its guesses for Ada's account ...
    for _ in 0..PER_PAIR {
        attempt(&pool, &clock, "ada@example.org", WRONG, campus).await.unwrap_err();
    }
    // ... and others guess from many addresses until the account-wide delays start.
    for n in 0..ACCOUNT_FREE_FAILURES {
        attempt(&pool, &clock, "ada@example.org", WRONG, &format!("198.51.100.{n}")).await.unwrap_err();
    }
    let on_campus = |device_token: Option<String>| ClientInfo { ip: campus.into(), user_agent: None, device_token };
    let without = login(&pool, &settings(), &clock, "ada@example.org", RIGHT, &on_campus(None)).await.unwrap_err();
    assert_eq!(without.status_code(), 429);
    // Ada, on campus for the first time but with her own browser, gets in.
    login(&pool, &settings(), &clock, "ada@example.org", RIGHT, &on_campus(Some(device.clone()))).await.unwrap();
    // Her device token opens nothing by itself, and does not vouch for another account.
    register(&pool, account("eve@example.org", "mentee"), Utc::now()).await.unwrap();
    for _ in 0..PER_PAIR {
        attempt(&pool, &clock, "eve@example.org", WRONG, campus).await.unwrap_err();
    }
    let borrowed =
        login(&pool, &settings(), &clock, "eve@example.org", RIGHT, &on_campus(Some(device))).await.unwrap_err();
    assert_eq!(borrowed.status_code(), 429);
    // A session token is not a device token.
    let session = attempt(&pool, &clock, "ada@example.org", RIGHT, "203.0.113.7").await.unwrap().token;
    for _ in 0..PER_PAIR {
        attempt(&pool, &clock, "ada@example.org", WRONG, "192.0.2.99").await.unwrap_err();
    }
    let other = ClientInfo { ip: "192.0.2.99".into(), user_agent: None, device_token: Some(session) };
    assert_eq!(
        login(&pool, &settings(), &clock, "ada@example.org", RIGHT, &other).await.unwrap_err().status_code(),
        429
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn spellings_that_open_one_account_share_its_limit(pool: PgPool) {
    let clock = Clock::system();
    register(&pool, account("maria@example.org", "mentee"), Utc::now()).await.unwrap();
    // PostgreSQL folds `İ` to `i` (as it does for the unique index); Rust would make it `i̇`.
    for spelling in
        ["maria@example.org", "MARIA@example.org", "marİa@example.org", "Maria@Example.org", "maRia@example.org"]
    {
        let err = attempt(&pool, &clock, spelling, WRONG, "198.51.100.9").await.unwrap_err();
        assert_eq!(err.status_code(), 401, "{spelling}");
    }
    let err = attempt(&pool, &clock, "marİa@example.org", RIGHT, "198.51.100.9").await.unwrap_err();
    assert_eq!(err.status_code(), 429);
}
