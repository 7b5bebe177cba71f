//! What the in-process integration tests share: a test configuration, the real router driven
//! with `oneshot` on the `sqlx::test` database, and small helpers for calls and error bodies.
// Each test binary compiles this module on its own and uses only part of it.
#![allow(dead_code)]

pub mod smtp;

use app::clock::Clock;
use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use sqlx::PgPool;
use tower::ServiceExt;

use server::config::{AppEnv, Config};

pub const SECRET: &str = "api-test-secret-api-test-secret-api-test";
pub const PASSWORD: &str = "a long enough passphrase";

pub fn config() -> Config {
    Config {
        database_url: String::new(),
        jwt_secret: SECRET.as_bytes().to_vec(),
        app_env: AppEnv::Dev,
        bind: "127.0.0.1:0".parse().unwrap(),
        public_url: "http://127.0.0.1".into(),
        // Long enough that tests moving the application clock weeks ahead keep their logins.
        token_ttl_hours: 24 * 366,
        site_root: "target/site".into(),
        db_max_connections: 5,
        test_clock: false,
        trusted_proxies: Vec::new(),
        hasher: app::auth::password::HasherLimits::default(),
        db_acquire_timeout: std::time::Duration::from_secs(3),
        smtp_url: None,
        mail_from: server::config::DEFAULT_MAIL_FROM.into(),
        mail_poll_interval: std::time::Duration::from_secs(1),
    }
}

pub struct TestApp {
    pub router: Router,
    /// The application clock the router reads: tests move it instead of sleeping.
    pub clock: Clock,
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: Value,
    pub text: String,
}

impl TestApp {
    pub fn new(pool: PgPool) -> Self {
        Self::with_config(pool, &config())
    }

    pub fn with_config(pool: PgPool, config: &Config) -> Self {
        let state = server::router::app_state(pool, config);
        let clock = state.clock.clone();
        Self { router: server::router::build(state, config), clock }
    }

    pub async fn send(&self, request: Request<Body>) -> Reply {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Reply { status, headers, body, text }
    }

    pub async fn call(&self, method: &str, uri: &str, token: Option<&str>, body: Option<Value>) -> Reply {
        let mut builder = Request::builder().method(method).uri(uri);
        if let Some(token) = token {
            builder = builder.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        let request = match body {
            Some(body) => {
                builder.header(header::CONTENT_TYPE, "application/json").body(Body::from(body.to_string())).unwrap()
            }
            None => builder.body(Body::empty()).unwrap(),
        };
        self.send(request).await
    }

    /// Registers an account named "Test Person"; returns its token and user object.
    pub async fn register(&self, email: &str, role: &str) -> (String, Value) {
        self.register_named(email, "Test Person", role).await
    }

    pub async fn register_named(&self, email: &str, name: &str, role: &str) -> (String, Value) {
        let reply = self
            .call(
                "POST",
                "/api/v1/auth/register",
                None,
                Some(json!({"email": email, "password": PASSWORD, "name": name, "role": role})),
            )
            .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
        (reply.body["token"].as_str().unwrap().to_owned(), reply.body["user"].clone())
    }

    /// Gives a mentor what the directory lists them with: weekly hours (Mondays 09:00–12:00)
    /// and, unless they have them, a headline and a skill.
    pub async fn make_listed(&self, token: &str) {
        let mine = self.call("GET", "/api/v1/me/profile", Some(token), None).await;
        let profile = &mine.body["profile"];
        if profile["headline"] == "" || profile["skills"] == json!([]) {
            let update = json!({"headline": "Mentor", "skills": ["mentoring"], "timezone": profile["timezone"]});
            let saved = self.call("PUT", "/api/v1/me/profile", Some(token), Some(update)).await;
            assert_eq!(saved.status, StatusCode::OK, "{}", saved.text);
        }
        let hours = json!({"blocks": [{"weekday": 1, "start": "09:00", "end": "12:00"}], "days_off": []});
        let saved = self.call("PUT", "/api/v1/me/availability", Some(token), Some(hours)).await;
        assert_eq!(saved.status, StatusCode::OK, "{}", saved.text);
    }
}

/// The reply is the API's error body with this status and code, and a message to show.
pub fn assert_error(reply: &Reply, status: StatusCode, code: &str) {
    assert_eq!(reply.status, status, "{}", reply.text);
    assert_eq!(reply.body["error"]["code"], code, "{}", reply.text);
    assert!(reply.body["error"]["message"].as_str().is_some_and(|m| !m.is_empty()));
}
