//! Account rules on a real PostgreSQL (a fresh database per test, migrated).

use super::*;
use crate::auth::token::TokenKeys;

pub(crate) fn settings() -> AuthSettings {
    AuthSettings {
        keys: TokenKeys::new(b"test-secret-test-secret-test-secret!"),
        token_ttl: chrono::Duration::hours(1),
        secure_cookies: false,
    }
}

fn account(email: &str, role: &str) -> NewAccount {
    NewAccount {
        email: email.into(),
        password: "a long enough passphrase".into(),
        name: "Ada Lovelace".into(),
        role: role.into(),
    }
}

fn client() -> ClientInfo {
    ClientInfo { ip: "203.0.113.7".into(), user_agent: Some("tests".into()) }
}

#[sqlx::test(migrations = "../migrations")]
async fn registering_creates_a_user_with_a_profile(pool: PgPool) {
    let user = register(&pool, account("ada@example.org", "mentor")).await.unwrap();
    assert_eq!(user.role, Role::Mentor);
    assert!(user.active);
    let profiles: i64 = sqlx::query_scalar("SELECT count(*) FROM profiles WHERE user_id = $1")
        .bind(user.id)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(profiles, 1);
}

#[sqlx::test(migrations = "../migrations")]
async fn the_same_email_in_another_case_is_a_conflict(pool: PgPool) {
    register(&pool, account("ada@example.org", "mentee")).await.unwrap();
    let err = register(&pool, account("ADA@Example.ORG", "mentor")).await.unwrap_err();
    assert_eq!(err.status_code(), 409);
    assert!(err.field("email").is_some(), "{err:?}");
}

#[sqlx::test(migrations = "../migrations")]
async fn nobody_registers_as_admin(pool: PgPool) {
    let err = register(&pool, account("eve@example.org", "admin")).await.unwrap_err();
    assert_eq!(err.status_code(), 422);
    assert!(err.field("role").is_some());
    let users: i64 = sqlx::query_scalar("SELECT count(*) FROM users").fetch_one(&pool).await.unwrap();
    assert_eq!(users, 0);
}

#[sqlx::test(migrations = "../migrations")]
async fn every_bad_field_is_reported_at_once(pool: PgPool) {
    let err = register(
        &pool,
        NewAccount { email: "nope".into(), password: "short".into(), name: " ".into(), role: "x".into() },
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
    register(&pool, account("ada@example.org", "mentee")).await.unwrap();
    let unknown = login(&pool, &settings(), "nobody@example.org", "whatever it is", &client())
        .await
        .unwrap_err();
    let wrong = login(&pool, &settings(), "ada@example.org", "not the password", &client())
        .await
        .unwrap_err();
    assert_eq!(unknown, wrong);
    assert_eq!(unknown.status_code(), 401);
}

#[sqlx::test(migrations = "../migrations")]
async fn login_is_case_insensitive_and_returns_a_working_token(pool: PgPool) {
    register(&pool, account("ada@example.org", "mentee")).await.unwrap();
    let issued =
        login(&pool, &settings(), "  ADA@example.org ", "a long enough passphrase", &client())
            .await
            .unwrap();
    let session = authenticate(&pool, &settings(), &issued.token).await.unwrap();
    assert_eq!(session.user.email, "ada@example.org");
    assert_eq!(session.session_id, issued.session_id);
}

#[sqlx::test(migrations = "../migrations")]
async fn logout_revokes_the_token(pool: PgPool) {
    register(&pool, account("ada@example.org", "mentee")).await.unwrap();
    let issued = login(&pool, &settings(), "ada@example.org", "a long enough passphrase", &client())
        .await
        .unwrap();
    logout(&pool, issued.session_id).await.unwrap();
    let err = authenticate(&pool, &settings(), &issued.token).await.unwrap_err();
    assert_eq!(err.status_code(), 401);
}

#[sqlx::test(migrations = "../migrations")]
async fn a_deactivated_users_token_is_refused_and_login_is_blocked(pool: PgPool) {
    let user = register(&pool, account("ada@example.org", "mentee")).await.unwrap();
    let issued = login(&pool, &settings(), "ada@example.org", "a long enough passphrase", &client())
        .await
        .unwrap();
    set_active(&pool, user.id, false).await.unwrap();
    assert_eq!(authenticate(&pool, &settings(), &issued.token).await.unwrap_err().status_code(), 401);
    let err = login(&pool, &settings(), "ada@example.org", "a long enough passphrase", &client())
        .await
        .unwrap_err();
    assert_eq!(err.status_code(), 403);

    set_active(&pool, user.id, true).await.unwrap();
    assert!(authenticate(&pool, &settings(), &issued.token).await.is_ok());
}

#[sqlx::test(migrations = "../migrations")]
async fn a_role_change_applies_to_the_next_request(pool: PgPool) {
    let user = register(&pool, account("ada@example.org", "mentee")).await.unwrap();
    let issued = login(&pool, &settings(), "ada@example.org", "a long enough passphrase", &client())
        .await
        .unwrap();
    set_role(&pool, user.id, Role::Admin).await.unwrap();
    let session = authenticate(&pool, &settings(), &issued.token).await.unwrap();
    assert_eq!(session.user.role, Role::Admin);
}

#[sqlx::test(migrations = "../migrations")]
async fn repeated_failures_lock_the_account_even_for_the_right_password(pool: PgPool) {
    register(&pool, account("ada@example.org", "mentee")).await.unwrap();
    for _ in 0..FAILED_LOGINS_PER_ACCOUNT {
        let err = login(&pool, &settings(), "ada@example.org", "wrong guess!", &client())
            .await
            .unwrap_err();
        assert_eq!(err.status_code(), 401);
    }
    let err = login(&pool, &settings(), "ada@example.org", "a long enough passphrase", &client())
        .await
        .unwrap_err();
    assert_eq!(err.status_code(), 429);
    // Another account from another address is unaffected.
    register(&pool, account("bob@example.org", "mentee")).await.unwrap();
    let other = ClientInfo { ip: "198.51.100.1".into(), user_agent: None };
    assert!(login(&pool, &settings(), "bob@example.org", "a long enough passphrase", &other).await.is_ok());
}

#[sqlx::test(migrations = "../migrations")]
async fn repeated_failures_from_one_address_are_limited_across_accounts(pool: PgPool) {
    for i in 0..FAILED_LOGINS_PER_IP {
        let email = format!("guess{i}@example.org");
        login(&pool, &settings(), &email, "wrong guess!", &client()).await.unwrap_err();
    }
    let err = login(&pool, &settings(), "fresh@example.org", "wrong guess!", &client())
        .await
        .unwrap_err();
    assert_eq!(err.status_code(), 429);
}

#[sqlx::test(migrations = "../migrations")]
async fn create_admin_makes_an_admin(pool: PgPool) {
    let admin = create_admin(&pool, "root@example.org", "Root", "a long enough passphrase").await.unwrap();
    assert_eq!(admin.role, Role::Admin);
}

#[sqlx::test(migrations = "../migrations")]
async fn parallel_guesses_cannot_outrun_the_limit(pool: PgPool) {
    register(&pool, account("ada@example.org", "mentee")).await.unwrap();
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let pool = pool.clone();
            tokio::spawn(async move {
                login(&pool, &settings(), "ada@example.org", "wrong guess!", &client()).await.unwrap_err()
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
    assert!(checked <= FAILED_LOGINS_PER_ACCOUNT, "{checked} passwords were checked");
}

#[sqlx::test(migrations = "../migrations")]
async fn emails_with_non_ascii_capitals_log_in(pool: PgPool) {
    register(&pool, account("ÉLÈVE@example.org", "mentee")).await.unwrap();
    login(&pool, &settings(), "élève@example.org", "a long enough passphrase", &client()).await.unwrap();
}
