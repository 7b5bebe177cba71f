//! The mail worker against a real SMTP server on loopback: both parts and the unsubscribe
//! headers arrive, an SMTP outage delays mail without losing it, and two workers never send
//! the same message twice. Also the account endpoints of the JSON API.

mod common;

use app::clock::Clock;
use app::mail::outbox;
use axum::http::StatusCode;
use chrono::Duration;
use common::smtp::SmtpSink;
use common::{PASSWORD, TestApp};
use serde_json::json;
use server::mail_worker::{Mailer, deliver_due};
use sqlx::PgPool;

async fn queue(pool: &PgPool, to: &str, n: usize, clock: &Clock) {
    for _ in 0..n {
        outbox::enqueue_test_mail(pool, to, clock.now()).await.unwrap();
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn mail_arrives_with_both_parts_and_one_click_unsubscribe(pool: PgPool) {
    let sink = SmtpSink::start().await;
    let clock = Clock::system();
    let mailer = Mailer::new(&sink.url(), "Programme <programme@example.org>").unwrap();
    let account = app::auth::service::NewAccount {
        email: "mia@example.org".into(),
        password: PASSWORD.into(),
        name: "Mia".into(),
        role: "mentor".into(),
        timezone: None,
    };
    let user = app::auth::service::register(&pool, account, clock.now()).await.unwrap().id;
    app::notifications::service::notify(
        &mut pool.acquire().await.unwrap(),
        user,
        app::notifications::NotificationKind::RequestReceived,
        "Ana asked you for mentorship.",
        "/requests",
        clock.now(),
    )
    .await
    .unwrap();
    assert_eq!(deliver_due(&pool, &clock, &mailer, 10).await.unwrap().sent, 1);
    let messages = sink.messages();
    assert_eq!(messages.len(), 1);
    let data = &messages[0].data;
    assert!(data.contains("Subject: New mentorship request"), "{data}");
    assert!(data.contains("multipart/alternative") && data.contains("text/plain") && data.contains("text/html"));
    assert!(
        data.contains("List-Unsubscribe: <http://127.0.0.1") && data.contains("/api/v1/unsubscribe?token="),
        "{data}"
    );
    assert!(data.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
    let status = sqlx::query_scalar!("SELECT status::text AS \"s!\" FROM mail_outbox").fetch_one(&pool).await.unwrap();
    assert_eq!(status, "sent");

    // Once a reset link is delivered, the outbox's copy of it no longer opens anything.
    app::account::passwords::forgot(&pool, &clock, "mia@example.org", "203.0.113.1").await.unwrap();
    assert_eq!(deliver_due(&pool, &clock, &mailer, 10).await.unwrap().sent, 1);
    assert_eq!(sink.messages()[1].to, vec!["mia@example.org".to_owned()]);
    let kept = sqlx::query!("SELECT text_body, html_body FROM mail_outbox WHERE kind = 'password_reset'")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(kept.text_body.contains("token=(removed once sent)"), "{}", kept.text_body);
    assert!(kept.html_body.contains("token=(removed once sent)") && !kept.html_body.contains("token=0"));
}

#[sqlx::test(migrations = "../migrations")]
async fn an_smtp_outage_delays_mail_and_loses_none(pool: PgPool) {
    // A port nobody listens on: every attempt fails to connect.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let clock = Clock::system();
    let down = Mailer::new(&format!("smtp://127.0.0.1:{port}"), "p@example.org").unwrap();
    queue(&pool, "ana@example.org", 2, &clock).await;
    assert_eq!(deliver_due(&pool, &clock, &down, 10).await.unwrap().sent, 0);
    let rows =
        sqlx::query!("SELECT status::text AS \"status!\", attempts, last_error, next_attempt_at FROM mail_outbox")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert!(rows.iter().all(|row| row.status == "pending" && row.attempts == 1 && row.last_error.is_some()));
    assert!(rows.iter().all(|row| row.next_attempt_at > clock.now()), "backed off");
    // Not due again until the backoff has passed.
    assert_eq!(outbox::claim_due(&pool, clock.now(), 10).await.unwrap().len(), 0);

    // The server comes back on that port; once the backoff has passed, everything goes out.
    let sink = SmtpSink::start_on(port).await;
    clock.set_offset(outbox::backoff(1) + Duration::seconds(1));
    let up = Mailer::new(&sink.url(), "p@example.org").unwrap();
    assert_eq!(deliver_due(&pool, &clock, &up, 10).await.unwrap().sent, 2);
    assert_eq!(sink.messages().len(), 2);
    let attempts =
        sqlx::query_scalar!("SELECT attempts FROM mail_outbox WHERE status = 'sent'").fetch_all(&pool).await.unwrap();
    assert_eq!(attempts, vec![2, 2]);
}

#[sqlx::test(migrations = "../migrations")]
async fn two_workers_never_send_the_same_mail_twice(pool: PgPool) {
    let sink = SmtpSink::start().await;
    let clock = Clock::system();
    queue(&pool, "ana@example.org", 40, &clock).await;
    let (a, b) =
        (Mailer::new(&sink.url(), "p@example.org").unwrap(), Mailer::new(&sink.url(), "p@example.org").unwrap());
    let (sent_a, sent_b) = tokio::join!(
        async {
            let mut n = 0;
            for _ in 0..10 {
                n += deliver_due(&pool, &clock, &a, 3).await.unwrap().sent;
            }
            n
        },
        async {
            let mut n = 0;
            for _ in 0..10 {
                n += deliver_due(&pool, &clock, &b, 3).await.unwrap().sent;
            }
            n
        },
    );
    assert_eq!(sent_a + sent_b, 40);
    assert_eq!(sink.messages().len(), 40, "each mail exactly once");
}

#[sqlx::test(migrations = "../migrations")]
async fn the_api_resets_a_password_without_telling_who_has_an_account(pool: PgPool) {
    let app = TestApp::new(pool.clone());
    let (token, _) = app.register("ada@example.org", "mentee").await;
    let unknown =
        app.call("POST", "/api/v1/auth/password/forgot", None, Some(json!({"email": "nobody@example.org"}))).await;
    let known = app.call("POST", "/api/v1/auth/password/forgot", None, Some(json!({"email": "ada@example.org"}))).await;
    assert_eq!((unknown.status, known.status), (StatusCode::ACCEPTED, StatusCode::ACCEPTED));
    assert_eq!(unknown.body, known.body);

    let body = sqlx::query_scalar!("SELECT text_body FROM mail_outbox WHERE kind = 'password_reset'")
        .fetch_one(&pool)
        .await
        .unwrap();
    let reset_token: String =
        body.split("token=").nth(1).unwrap().chars().take_while(|c| c.is_ascii_hexdigit()).collect();
    let bad = app
        .call(
            "POST",
            "/api/v1/auth/password/reset",
            None,
            Some(json!({"token": "nope", "password": "x long passphrase"})),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let done = app
        .call(
            "POST",
            "/api/v1/auth/password/reset",
            None,
            Some(json!({"token": reset_token, "password": "a new long passphrase"})),
        )
        .await;
    assert_eq!(done.status, StatusCode::NO_CONTENT, "{}", done.text);
    assert_eq!(
        app.call("GET", "/api/v1/me", Some(&token), None).await.status,
        StatusCode::UNAUTHORIZED,
        "every login ended"
    );
    let login = app
        .call(
            "POST",
            "/api/v1/auth/login",
            None,
            Some(json!({"email": "ada@example.org", "password": "a new long passphrase"})),
        )
        .await;
    assert_eq!(login.status, StatusCode::OK);
    let _ = PASSWORD;
}

#[sqlx::test(migrations = "../migrations")]
async fn the_api_lists_and_ends_logins_and_deletes_an_account(pool: PgPool) {
    let app = TestApp::new(pool.clone());
    let (first, _) = app.register("ada@example.org", "mentee").await;
    let second = app
        .call("POST", "/api/v1/auth/login", None, Some(json!({"email": "ada@example.org", "password": PASSWORD})))
        .await;
    let second = second.body["token"].as_str().unwrap().to_owned();
    let logins = app.call("GET", "/api/v1/me/logins", Some(&first), None).await;
    assert_eq!(logins.body.as_array().unwrap().len(), 2);
    assert_eq!(logins.body[0]["current"], true);
    let ended = app.call("POST", "/api/v1/me/logins/revoke-others", Some(&first), Some(json!({}))).await;
    assert_eq!(ended.body["ended"], 1);
    assert_eq!(app.call("GET", "/api/v1/me", Some(&second), None).await.status, StatusCode::UNAUTHORIZED);

    let prefs = app
        .call("PUT", "/api/v1/me/notification-preferences", Some(&first), Some(json!({"session_booked": false})))
        .await;
    assert_eq!(
        (prefs.body["session_booked"].clone(), prefs.body["request_accepted"].clone()),
        (json!(false), json!(true))
    );
    let export = app.call("GET", "/api/v1/me/export", Some(&first), None).await;
    assert_eq!(export.status, StatusCode::OK);
    assert_eq!(export.body["account"]["email"], "ada@example.org");
    assert_eq!(export.body["email_switched_off"], json!(["session_booked"]));

    let wrong = app.call("DELETE", "/api/v1/me", Some(&first), Some(json!({"password": "not it"}))).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    let gone = app.call("DELETE", "/api/v1/me", Some(&first), Some(json!({"password": PASSWORD}))).await;
    assert_eq!(gone.status, StatusCode::NO_CONTENT);
    assert_eq!(app.call("GET", "/api/v1/me", Some(&first), None).await.status, StatusCode::UNAUTHORIZED);
    let again = app
        .call(
            "POST",
            "/api/v1/auth/register",
            None,
            Some(json!({"email": "ada@example.org", "password": PASSWORD, "name": "Ada", "role": "mentee"})),
        )
        .await;
    assert_eq!(again.status, StatusCode::CREATED, "{}", again.text);
}

/// Runs the real `server` binary with `args` against `pool`'s database (off the runtime's
/// thread, so the SMTP server in this test keeps answering meanwhile).
async fn server_command(pool: &PgPool, args: &[&str], smtp_url: Option<String>) -> std::process::Output {
    let base = std::env::var("DATABASE_URL").expect("DATABASE_URL names the test server");
    let base = base.split('?').next().unwrap().rsplit_once('/').unwrap().0.to_owned();
    let url = format!("{base}/{}", pool.connect_options().get_database().unwrap());
    let args: Vec<String> = args.iter().map(|arg| arg.to_string()).collect();
    tokio::task::spawn_blocking(move || {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_server"));
        command
            .args(&args)
            .env("DATABASE_URL", url)
            .env("APP_ENV", "dev")
            .env("RUST_LOG", "warn")
            .env_remove("SMTP_URL");
        if let Some(smtp_url) = smtp_url {
            command.env("SMTP_URL", smtp_url);
        }
        command.output().unwrap()
    })
    .await
    .unwrap()
}

#[sqlx::test(migrations = "../migrations")]
async fn send_test_mail_reports_what_the_mail_server_said(pool: PgPool) {
    let sink = SmtpSink::start().await;
    let sent = server_command(&pool, &["send-test-mail", "--to", "ops@example.org"], Some(sink.url())).await;
    assert!(sent.status.success(), "{}", String::from_utf8_lossy(&sent.stderr));
    assert!(String::from_utf8_lossy(&sent.stdout).contains("test mail sent to ops@example.org"));
    let received = sink.messages();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].to, vec!["ops@example.org".to_owned()]);
    assert!(received[0].data.contains("Subject: Test mail"));

    let unset = server_command(&pool, &["send-test-mail", "--to", "ops@example.org"], None).await;
    assert!(!unset.status.success());
    assert!(String::from_utf8_lossy(&unset.stderr).contains("SMTP_URL is not set"));
}
