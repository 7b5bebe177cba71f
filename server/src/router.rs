//! Builds the whole HTTP application: health checks, the JSON API, the Leptos pages and server
//! functions, static files, and the middleware around them.

use std::sync::Arc;

use app::state::{AppState, AuthSettings};
use app::{App, shell};
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderName, HeaderValue, Request, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list};
use sqlx::postgres::PgPoolOptions;
use sqlx::{Connection, PgPool};
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use crate::config::{AppEnv, Config};
use crate::db_url::redact;
use crate::{api, unavailable};

/// The name cargo-leptos gives the wasm/js/css bundle (`name` in the workspace metadata).
const BUNDLE_NAME: &str = "mentorship";

pub fn leptos_options(config: &Config) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name(BUNDLE_NAME)
        .site_root(config.site_root.as_str())
        .site_pkg_dir("pkg")
        .hash_files(crate::assets::hash_files())
        .site_addr(config.bind)
        .env(match config.app_env {
            AppEnv::Dev => leptos::config::Env::DEV,
            AppEnv::Production => leptos::config::Env::PROD,
        })
        .build()
}

/// Connects to PostgreSQL, failing fast with one readable line when it is unreachable.
pub async fn connect(config: &Config) -> Result<PgPool, String> {
    // One direct connection first: its error says why ("connection refused", "password
    // authentication failed"), where the pool would only report a timeout.
    let probe = sqlx::PgConnection::connect(&config.database_url)
        .await
        .map_err(|err| format!("cannot connect to the database at {}: {err}", redact(&config.database_url)))?;
    let _ = probe.close().await;
    PgPoolOptions::new()
        .max_connections(config.db_max_connections)
        // Explicit, and short: while the database is down a request answers 503 within this
        // time instead of hanging; the pool reconnects by itself once it is back.
        .acquire_timeout(config.db_acquire_timeout)
        .connect(&config.database_url)
        .await
        .map_err(|err| format!("cannot connect to the database at {}: {err}", redact(&config.database_url)))
}

pub fn app_state(pool: PgPool, config: &Config) -> AppState {
    app::mail::settings::configure(&config.public_url, &config.jwt_secret);
    AppState {
        pool,
        auth: Arc::new(AuthSettings {
            keys: app::auth::token::TokenKeys::new(&config.jwt_secret),
            token_ttl: chrono::Duration::hours(config.token_ttl_hours),
            secure_cookies: config.secure_cookies(),
            trusted_proxies: config.trusted_proxies.clone(),
        }),
        leptos_options: leptos_options(config),
        clock: app::clock::Clock::system(),
    }
}

pub fn build(state: AppState, config: &Config) -> Router {
    // Generated once per process. `generate_route_list` dry-runs the app with Leptos's
    // process-wide "suppress resource loads" flag set, and a resource first polled on another
    // thread meanwhile (a page rendering for another router) waits forever (leptos-rs/leptos
    // #4773). Only tests build several routers in one process while others render; the list
    // depends on `App` alone. `get_or_init` makes other builders wait until it is done.
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> = std::sync::OnceLock::new();
    let routes = ROUTES.get_or_init(|| generate_route_list(App)).clone();
    let context_state = state.clone();
    let shell_options = state.leptos_options.clone();

    let mut router = Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/sessions/{id}/calendar.ics", get(api::sessions::calendar_for_cookie_session))
        .route("/settings/my-data.json", get(api::account::export_for_cookie_session));
    if config.test_clock {
        tracing::warn!("TEST_CLOCK is on: PUT /__test/clock can move the application clock");
        router = router.route("/__test/clock", axum::routing::put(set_test_clock));
    }
    router
        .nest("/api/v1", api::router())
        .leptos_routes_with_context(
            &state,
            routes,
            move || provide_context(context_state.clone()),
            move || shell(shell_options.clone()),
        )
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(axum::middleware::from_fn_with_state(state.clone(), unavailable::guard_pages))
        .layer(axum::middleware::from_fn(crate::page_policy::page_policy_layer))
        .layer(axum::middleware::from_fn(crate::assets::cache_headers))
        .layer(CompressionLayer::new())
        // Pages get theirs, with their nonce, from `page_policy_layer`; this covers the rest.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(app::security::NON_PAGE_POLICY),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(header::STRICT_TRANSPORT_SECURITY, hsts(config)))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
        .layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static("referrer-policy"),
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        ))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(TraceLayer::new_for_http().make_span_with(|request: &Request<_>| {
            let request_id = request.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("-");
            tracing::info_span!("request", id = %request_id, method = %request.method(), path = %request.uri().path())
        }))
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .with_state(state)
}

/// HSTS only makes sense (and only is honoured) over https; over http the layer sets nothing.
fn hsts(config: &Config) -> Option<HeaderValue> {
    config.secure_cookies().then(|| HeaderValue::from_static("max-age=31536000; includeSubDomains"))
}

#[derive(serde::Deserialize)]
struct ClockOffset {
    offset_seconds: i64,
}

/// Test deployments only: moves the application clock by an offset from the system time.
async fn set_test_clock(
    State(state): State<AppState>,
    axum::Json(body): axum::Json<ClockOffset>,
) -> Result<axum::Json<serde_json::Value>, app::AppError> {
    // Ten years either way is plenty for tests and keeps every later `now()` far from overflow.
    const LIMIT_SECONDS: i64 = 10 * 366 * 24 * 3600;
    if body.offset_seconds.abs() > LIMIT_SECONDS {
        return Err(app::AppError::invalid_field("offset_seconds", "Move the clock by at most ten years."));
    }
    state.clock.set_offset(chrono::Duration::seconds(body.offset_seconds));
    Ok(axum::Json(serde_json::json!({ "now": state.clock.now() })))
}

/// The process is up.
async fn healthz() -> impl IntoResponse {
    axum::Json(serde_json::json!({ "status": "ok" }))
}

/// The database answers; load balancers should route here only when it does.
async fn readyz(State(state): State<AppState>) -> impl IntoResponse {
    match sqlx::query_scalar!(r#"SELECT 1 AS "one!""#).fetch_one(&state.pool).await {
        Ok(_) => (StatusCode::OK, axum::Json(serde_json::json!({ "status": "ready" }))),
        Err(err) => {
            tracing::warn!(error = %err, "readiness check failed");
            (StatusCode::SERVICE_UNAVAILABLE, axum::Json(serde_json::json!({ "status": "database unavailable" })))
        }
    }
}
