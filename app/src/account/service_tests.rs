//! Account lifecycle rules on a real PostgreSQL: reset links (single use, one hour, no
//! enumeration, limits), password and email changes, logins, preferences and deletion.

use chrono::Duration;
use sqlx::PgPool;

use super::*;
use crate::auth::service::{self, AuthSession, ClientInfo, NewAccount};
use crate::auth::token::TokenKeys;
use crate::clock::Clock;
use crate::error::AppError;
use crate::state::AuthSettings;

const PASSWORD: &str = "a long enough passphrase";
const NEW_PASSWORD: &str = "another fine passphrase";

fn settings() -> AuthSettings {
    AuthSettings {
        keys: TokenKeys::new(b"test-secret-test-secret-test-secret!"),
        token_ttl: Duration::hours(24),
        secure_cookies: false,
        trusted_proxies: Vec::new(),
    }
}

fn client(ip: &str) -> ClientInfo {
    ClientInfo {
        ip: ip.into(),
        user_agent: Some("Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0".into()),
        device_token: None,
    }
}

async fn member(pool: &PgPool, email: &str, role: &str) -> crate::auth::User {
    let account = NewAccount {
        email: email.into(),
        password: PASSWORD.into(),
        name: "Grace Hopper".into(),
        role: role.into(),
        timezone: Some("Europe/Berlin".into()),
    };
    service::register(pool, account, Clock::system().now()).await.unwrap()
}

async fn login(pool: &PgPool, clock: &Clock, email: &str, password: &str) -> Result<AuthSession, AppError> {
    let issued = service::login(pool, &settings(), clock, email, password, &client("198.51.100.4")).await?;
    service::authenticate(pool, &settings(), clock, &issued.token).await
}

/// The token in the newest mail of `kind` to `to`, as the link in it carries it.
async fn token_mailed(pool: &PgPool, to: &str, kind: &str) -> String {
    let body = sqlx::query_scalar!(
        "SELECT text_body FROM mail_outbox WHERE to_address = $1 AND kind = $2 ORDER BY created_at DESC LIMIT 1",
        to,
        kind
    )
    .fetch_one(pool)
    .await
    .unwrap();
    let start = body.find("token=").expect("a link with a token") + "token=".len();
    body[start..].chars().take_while(|c| c.is_ascii_hexdigit()).collect()
}

async fn mails_to(pool: &PgPool, to: &str) -> i64 {
    sqlx::query_scalar!(r#"SELECT count(*) AS "n!" FROM mail_outbox WHERE lower(to_address) = lower($1)"#, to)
        .fetch_one(pool)
        .await
        .unwrap()
}

#[sqlx::test(migrations = "../migrations")]
async fn a_reset_link_sets_a_new_password_once_and_ends_every_login(pool: PgPool) {
    let clock = Clock::system();
    member(&pool, "ada@example.org", "mentee").await;
    let open = login(&pool, &clock, "ada@example.org", PASSWORD).await.unwrap();

    passwords::forgot(&pool, &clock, "ADA@example.org", "203.0.113.9").await.unwrap();
    let token = token_mailed(&pool, "ada@example.org", "password_reset").await;
    assert_eq!(token.len(), 64);
    // Only a hash is stored: the token itself appears nowhere in the table.
    let stored = sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!" FROM account_tokens WHERE encode(token_hash, 'hex') = $1"#,
        token
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(stored, 0);

    let refused = passwords::reset(&pool, &clock, &token, "short").await.unwrap_err();
    assert!(refused.field("password").is_some(), "{refused:?}");
    passwords::reset(&pool, &clock, &token, NEW_PASSWORD).await.unwrap();

    let ended = service::authenticate(&pool, &settings(), &clock, &reissue(&pool, &open).await).await;
    assert!(matches!(ended, Err(AppError::Unauthorized { .. })), "the old login ended: {ended:?}");
    assert!(login(&pool, &clock, "ada@example.org", PASSWORD).await.is_err());
    login(&pool, &clock, "ada@example.org", NEW_PASSWORD).await.unwrap();

    let again = passwords::reset(&pool, &clock, &token, "yet another passphrase").await.unwrap_err();
    assert!(again.field("token").is_some(), "single use: {again:?}");
    assert_eq!(mails_to(&pool, "ada@example.org").await, 2, "the link, then 'your password was changed'");
}

/// A token for an existing login session (tests keep the session, not its token).
async fn reissue(pool: &PgPool, session: &AuthSession) -> String {
    let expires = sqlx::query_scalar!("SELECT expires_at FROM login_sessions WHERE id = $1", session.session_id)
        .fetch_one(pool)
        .await
        .unwrap();
    settings().keys.issue(session.user.id, session.session_id, Clock::system().now(), expires).unwrap()
}

#[sqlx::test(migrations = "../migrations")]
async fn a_reset_link_expires_after_an_hour_and_a_newer_one_replaces_it(pool: PgPool) {
    let clock = Clock::system();
    member(&pool, "ada@example.org", "mentee").await;
    passwords::forgot(&pool, &clock, "ada@example.org", "203.0.113.9").await.unwrap();
    let first = token_mailed(&pool, "ada@example.org", "password_reset").await;

    clock.set_offset(Duration::minutes(61));
    let late = passwords::reset(&pool, &clock, &first, NEW_PASSWORD).await.unwrap_err();
    assert!(late.field("token").unwrap().contains("expired"), "{late:?}");

    clock.set_offset(Duration::minutes(62));
    passwords::forgot(&pool, &clock, "ada@example.org", "203.0.113.9").await.unwrap();
    let second = token_mailed(&pool, "ada@example.org", "password_reset").await;
    assert_ne!(first, second);
    passwords::reset(&pool, &clock, &second, NEW_PASSWORD).await.unwrap();
}

#[sqlx::test(migrations = "../migrations")]
async fn forgot_answers_alike_for_unknown_addresses_and_limits_every_address(pool: PgPool) {
    let clock = Clock::system();
    member(&pool, "ada@example.org", "mentee").await;
    // Unknown and known addresses: the same Ok, and mail only for the account.
    passwords::forgot(&pool, &clock, "nobody@example.org", "203.0.113.9").await.unwrap();
    assert_eq!(mails_to(&pool, "nobody@example.org").await, 0);
    for _ in 0..passwords::FORGOT_PER_EMAIL - 1 {
        passwords::forgot(&pool, &clock, "nobody@example.org", "203.0.113.9").await.unwrap();
    }
    // The limit counts requests, not accounts: an unknown address is limited like a real one.
    let limited = passwords::forgot(&pool, &clock, "nobody@example.org", "203.0.113.9").await.unwrap_err();
    assert!(matches!(limited, AppError::RateLimited { .. }), "{limited:?}");
    for _ in 0..passwords::FORGOT_PER_EMAIL {
        passwords::forgot(&pool, &clock, "ada@example.org", "203.0.113.10").await.unwrap();
    }
    let limited = passwords::forgot(&pool, &clock, "ada@example.org", "203.0.113.10").await.unwrap_err();
    assert!(matches!(limited, AppError::RateLimited { .. }), "{limited:?}");
    assert_eq!(mails_to(&pool, "ada@example.org").await, passwords::FORGOT_PER_EMAIL);

    // One client address asking for many accounts is limited too.
    let mut refused = 0;
    for n in 0..passwords::FORGOT_PER_ADDRESS + 1 {
        if passwords::forgot(&pool, &clock, &format!("guess{n}@example.org"), "192.0.2.1").await.is_err() {
            refused += 1;
        }
    }
    assert_eq!(refused, 1);
    // An hour later the counts start again.
    clock.set_offset(Duration::minutes(61));
    passwords::forgot(&pool, &clock, "nobody@example.org", "203.0.113.9").await.unwrap();
}

#[sqlx::test(migrations = "../migrations")]
async fn changing_the_password_needs_the_current_one_and_ends_the_other_logins(pool: PgPool) {
    let clock = Clock::system();
    member(&pool, "ada@example.org", "mentor").await;
    let here = login(&pool, &clock, "ada@example.org", PASSWORD).await.unwrap();
    let elsewhere = login(&pool, &clock, "ada@example.org", PASSWORD).await.unwrap();

    let wrong = passwords::change(&pool, &clock, &here, "not it at all", NEW_PASSWORD).await.unwrap_err();
    assert!(wrong.field("current_password").is_some());
    let weak = passwords::change(&pool, &clock, &here, PASSWORD, "password").await.unwrap_err();
    assert!(weak.field("new_password").is_some());
    passwords::change(&pool, &clock, &here, PASSWORD, NEW_PASSWORD).await.unwrap();

    assert!(service::authenticate(&pool, &settings(), &clock, &reissue(&pool, &here).await).await.is_ok());
    assert!(service::authenticate(&pool, &settings(), &clock, &reissue(&pool, &elsewhere).await).await.is_err());
    login(&pool, &clock, "ada@example.org", NEW_PASSWORD).await.unwrap();
}

#[sqlx::test(migrations = "../migrations")]
async fn logins_are_listed_and_ended_one_by_one_or_all_but_this_one(pool: PgPool) {
    let clock = Clock::system();
    member(&pool, "ada@example.org", "mentee").await;
    let here = login(&pool, &clock, "ada@example.org", PASSWORD).await.unwrap();
    let second = login(&pool, &clock, "ada@example.org", PASSWORD).await.unwrap();
    let _third = login(&pool, &clock, "ada@example.org", PASSWORD).await.unwrap();

    let listed = logins::list(&pool, &here, clock.now()).await.unwrap();
    assert_eq!(listed.len(), 3);
    assert!(listed[0].current && listed[0].id == here.session_id);
    assert_eq!(listed[0].address, "198.51.100.4");
    assert_eq!(describe_device(listed[0].user_agent.as_deref()), "Chrome on Linux");

    logins::end_one(&pool, &here, second.session_id, clock.now()).await.unwrap();
    assert!(matches!(
        logins::end_one(&pool, &here, second.session_id, clock.now()).await,
        Err(AppError::NotFound { .. })
    ));
    assert_eq!(logins::list(&pool, &here, clock.now()).await.unwrap().len(), 2);
    assert_eq!(logins::end_others(&pool, &here, clock.now()).await.unwrap(), 1);
    let left = logins::list(&pool, &here, clock.now()).await.unwrap();
    assert_eq!(left.iter().map(|login| login.id).collect::<Vec<_>>(), vec![here.session_id]);

    // Someone else's login cannot be ended from this account.
    member(&pool, "bob@example.org", "mentee").await;
    let bob = login(&pool, &clock, "bob@example.org", PASSWORD).await.unwrap();
    assert!(logins::end_one(&pool, &here, bob.session_id, clock.now()).await.is_err());
}

#[sqlx::test(migrations = "../migrations")]
async fn the_email_changes_only_through_the_link_sent_to_the_new_address(pool: PgPool) {
    let clock = Clock::system();
    member(&pool, "ada@example.org", "mentee").await;
    member(&pool, "taken@example.org", "mentee").await;
    let session = login(&pool, &clock, "ada@example.org", PASSWORD).await.unwrap();

    let wrong = email_change::request(&pool, &clock, &session, "new@example.org", "nope").await.unwrap_err();
    assert!(wrong.field("password").is_some());
    let taken = email_change::request(&pool, &clock, &session, "Taken@example.org", PASSWORD).await.unwrap_err();
    assert!(matches!(taken, AppError::Conflict { .. }));
    email_change::request(&pool, &clock, &session, "new@example.org", PASSWORD).await.unwrap();
    assert_eq!(service::find_user(&pool, session.user.id).await.unwrap().email, "ada@example.org", "not yet");

    let token = token_mailed(&pool, "new@example.org", "email_change").await;
    let user = email_change::confirm(&pool, &clock, &token).await.unwrap();
    assert_eq!(user.email, "new@example.org");
    assert_eq!(mails_to(&pool, "ada@example.org").await, 1, "the old address is told");
    assert!(email_change::confirm(&pool, &clock, &token).await.is_err(), "single use");
    login(&pool, &clock, "new@example.org", PASSWORD).await.unwrap();
}

#[sqlx::test(migrations = "../migrations")]
async fn notices_are_mailed_unless_switched_off_and_unsubscribe_links_need_no_login(pool: PgPool) {
    use crate::mail::{EmailKind, preferences};
    use crate::notifications::{NotificationKind, service::notify};
    let clock = Clock::system();
    let ada = member(&pool, "ada@example.org", "mentor").await;
    let mut conn = pool.acquire().await.unwrap();
    notify(
        &mut conn,
        ada.id,
        NotificationKind::RequestReceived,
        "Bob asked you for mentorship.",
        "/requests",
        clock.now(),
    )
    .await
    .unwrap();
    notify(&mut conn, ada.id, NotificationKind::FeedbackReceived, "Bob rated a session.", "/sessions", clock.now())
        .await
        .unwrap();
    assert_eq!(mails_to(&pool, "ada@example.org").await, 1, "feedback notices are in-app only");
    let mail = sqlx::query!("SELECT subject, text_body, unsubscribe_url FROM mail_outbox WHERE user_id = $1", ada.id)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(mail.text_body.contains("Bob asked you for mentorship."));
    let url = mail.unsubscribe_url.expect("List-Unsubscribe");
    let token = url.split_once("token=").unwrap().1;

    let done = preferences::unsubscribe(&pool, token, clock.now()).await.unwrap();
    assert_eq!(done.kind, EmailKind::RequestReceived);
    preferences::unsubscribe(&pool, token, clock.now()).await.unwrap();
    let prefs = preferences::get(&pool, ada.id).await.unwrap();
    assert!(!prefs.request_received && prefs.session_booked);
    notify(&mut conn, ada.id, NotificationKind::RequestReceived, "Cy asked you too.", "/requests", clock.now())
        .await
        .unwrap();
    assert_eq!(mails_to(&pool, "ada@example.org").await, 1, "switched off: no mail");
    let in_app = sqlx::query_scalar!(r#"SELECT count(*) AS "n!" FROM notifications WHERE user_id = $1"#, ada.id)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(in_app, 3, "in-app notices stay on");

    // A forged or altered token is refused.
    let forged = token.replacen("request_received", "session_booked", 1);
    assert!(preferences::unsubscribe(&pool, &forged, clock.now()).await.is_err());
    preferences::set(&pool, ada.id, &[(EmailKind::RequestReceived, true)], clock.now()).await.unwrap();
    assert!(preferences::get(&pool, ada.id).await.unwrap().request_received);
}

#[sqlx::test(migrations = "../migrations")]
async fn a_reminder_goes_out_once_even_when_two_workers_look_at_once(pool: PgPool) {
    use crate::test_support::{pair, person};
    let now = Clock::system().now();
    let mentor = person(&pool, "Mia", "mentor", "Asia/Tokyo").await;
    let mentee = person(&pool, "Max", "mentee", "America/New_York").await;
    let mentorship = pair(&pool, &mentor, &mentee).await;
    let starts = now + Duration::hours(20);
    crate::test_support::session(&pool, mentorship, &mentor, &mentee, starts, 30, now - Duration::days(3)).await;
    // Booked two hours before its start: the booking mail said it, no reminder follows.
    crate::test_support::session(&pool, mentorship, &mentor, &mentee, now + Duration::hours(2), 30, now).await;
    let (a, b) = tokio::join!(
        crate::mail::schedule::send_reminders(&pool, now),
        crate::mail::schedule::send_reminders(&pool, now)
    );
    assert_eq!(a.unwrap() + b.unwrap(), 1);
    assert_eq!(crate::mail::schedule::send_reminders(&pool, now).await.unwrap(), 0);
    let mails = sqlx::query!("SELECT user_id, text_body FROM mail_outbox WHERE kind = 'session_reminder'")
        .fetch_all(&pool)
        .await
        .unwrap();
    assert_eq!(mails.len(), 2, "one to each side");
    let to_mentee = mails.iter().find(|mail| mail.user_id == Some(mentee.id)).unwrap();
    let local = starts.with_timezone(&chrono_tz::America::New_York).format("%H:%M").to_string();
    assert!(to_mentee.text_body.contains(&local), "in the recipient's zone: {}", to_mentee.text_body);

    // After it ends, the mentee is invited to rate it, once.
    let later = starts + Duration::hours(1);
    assert_eq!(crate::mail::schedule::send_rating_invitations(&pool, later).await.unwrap(), 2, "both have ended");
    assert_eq!(crate::mail::schedule::send_rating_invitations(&pool, later).await.unwrap(), 0);
}

#[sqlx::test(migrations = "../migrations")]
async fn deleting_an_account_erases_it_tells_the_other_side_and_frees_the_email(pool: PgPool) {
    let clock = Clock::system();
    let mentor = member(&pool, "mentor@example.org", "mentor").await;
    let mentee = member(&pool, "mentee@example.org", "mentee").await;
    let mentorship = crate::test_support::pair(&pool, &mentor, &mentee).await;
    let now = clock.now();
    crate::test_support::session(&pool, mentorship, &mentor, &mentee, now + Duration::days(2), 30, now).await;
    let session = login(&pool, &clock, "mentee@example.org", PASSWORD).await.unwrap();

    let wrong = deletion::delete_own(&pool, &clock, &session, "not my password").await.unwrap_err();
    assert!(wrong.field("password").is_some());
    deletion::delete_own(&pool, &clock, &session, PASSWORD).await.unwrap();

    let erased = sqlx::query!("SELECT name, email, active, deleted_at FROM users WHERE id = $1", mentee.id)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(erased.name, deletion::DELETED_NAME);
    assert!(!erased.email.contains("mentee@") && !erased.active && erased.deleted_at.is_some());
    let profile =
        sqlx::query!("SELECT bio, goals FROM profiles WHERE user_id = $1", mentee.id).fetch_one(&pool).await.unwrap();
    assert!(profile.bio.is_empty() && profile.goals.is_empty());
    assert!(service::authenticate(&pool, &settings(), &clock, &reissue_any(&pool, &session)).await.is_err());
    let open = sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!" FROM sessions WHERE mentee_id = $1 AND status = 'scheduled'"#,
        mentee.id
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(open, 0);
    let told = sqlx::query_scalar!(
        "SELECT kind::text AS \"k!\" FROM notifications WHERE user_id = $1 ORDER BY kind",
        mentor.id
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(told, vec!["session_cancelled", "mentorship_ended"]);
    // The address can sign up again, as a new account.
    let again = member(&pool, "mentee@example.org", "mentee").await;
    assert_ne!(again.id, mentee.id);
}

fn reissue_any(_pool: &PgPool, session: &AuthSession) -> String {
    let now = Clock::system().now();
    settings().keys.issue(session.user.id, session.session_id, now, now + Duration::hours(1)).unwrap()
}

#[sqlx::test(migrations = "../migrations")]
async fn the_export_holds_the_members_data_and_no_password_hash(pool: PgPool) {
    let clock = Clock::system();
    let ada = member(&pool, "ada@example.org", "mentee").await;
    login(&pool, &clock, "ada@example.org", PASSWORD).await.unwrap();
    let document = export::export(&pool, ada.id, clock.now()).await.unwrap();
    assert_eq!(document["account"]["email"], "ada@example.org");
    assert!(document["account"].get("password_hash").is_none());
    assert_eq!(document["profile"]["timezone"], "Europe/Berlin");
    assert_eq!(document["logins"].as_array().unwrap().len(), 1);
    for key in ["requests", "mentorships", "sessions", "feedback", "notifications", "mail", "availability"] {
        assert!(document[key].is_array(), "{key}");
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn an_admin_deletion_is_audited_and_the_last_admin_cannot_delete_themself(pool: PgPool) {
    let clock = Clock::system();
    let admin = service::create_admin(&pool, "root@example.org", "Root", PASSWORD, clock.now()).await.unwrap();
    let member = member(&pool, "ada@example.org", "mentee").await;
    let preview = deletion::preview(&pool, &admin, member.id, clock.now()).await.unwrap();
    assert!(preview.effects.iter().any(|effect| effect.contains("Deleted member")), "{:?}", preview.effects);
    let refused = deletion::delete_by_admin(&pool, &clock, &member, admin.id, None).await.unwrap_err();
    assert!(matches!(refused, AppError::Forbidden { .. }));
    deletion::delete_by_admin(&pool, &clock, &admin, member.id, Some("Left the programme")).await.unwrap();
    let entry = sqlx::query!("SELECT action, reason FROM audit_log WHERE target_user_id = $1", member.id)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!((entry.action.as_str(), entry.reason.as_deref()), ("user.deleted", Some("Left the programme")));
    assert!(deletion::delete_by_admin(&pool, &clock, &admin, member.id, None).await.is_err(), "only once");
    assert!(deletion::preview(&pool, &admin, member.id, clock.now()).await.is_err());
    // A deleted account cannot be reactivated or given another role.
    let change = crate::admin::UserChange { role: None, active: Some(true), reason: None };
    let revived = crate::admin::service::change_user(&pool, &admin, member.id, &change, clock.now()).await.unwrap_err();
    assert!(matches!(revived, AppError::Conflict { .. }), "{revived:?}");

    let session = login(&pool, &clock, "root@example.org", PASSWORD).await.unwrap();
    let last = deletion::delete_own(&pool, &clock, &session, PASSWORD).await.unwrap_err();
    assert!(matches!(last, AppError::Conflict { .. }), "{last:?}");
}

#[sqlx::test(migrations = "../migrations")]
async fn a_login_is_seen_when_it_is_used_refreshed_every_few_minutes(pool: PgPool) {
    let clock = Clock::system();
    member(&pool, "ada@example.org", "mentee").await;
    let session = login(&pool, &clock, "ada@example.org", PASSWORD).await.unwrap();
    let token = reissue(&pool, &session).await;
    let seen = |pool: PgPool| async move {
        sqlx::query_scalar!("SELECT last_seen_at FROM login_sessions").fetch_one(&pool).await.unwrap()
    };
    let first = seen(pool.clone()).await;
    clock.set_offset(Duration::minutes(2));
    service::authenticate(&pool, &settings(), &clock, &token).await.unwrap();
    assert_eq!(seen(pool.clone()).await, first, "not rewritten on every request");
    clock.set_offset(Duration::minutes(10));
    service::authenticate(&pool, &settings(), &clock, &token).await.unwrap();
    let later = seen(pool.clone()).await;
    assert!(later > first + Duration::minutes(9), "{first} → {later}");
}
