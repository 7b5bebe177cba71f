//! What a browser sees while the database is down: a friendly page with a 503, instead of a page
//! that renders half its data and an error. The JSON API needs nothing here: every service error
//! caused by the outage is already a JSON 503 (`AppError::Unavailable`).

use app::state::AppState;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};

const PAGE: &str = r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Temporarily unavailable · Mentorship</title>
<link rel="stylesheet" href="{stylesheet}">
</head>
<body>
<main id="main" class="container">
<section class="card narrow" data-testid="unavailable">
<h1>We’ll be right back</h1>
<p>The Mentorship platform cannot reach its database at the moment, so pages cannot be shown.
Nothing you saved is lost. This usually sorts itself out within a minute or two.</p>
<p><a class="button" href="">Try again</a></p>
</section>
</main>
</body>
</html>"#;

/// Page requests (a browser's GET for HTML outside `/api`) first check that a database
/// connection can be had; when it cannot, they get the page above.
pub async fn guard_pages(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if is_page_request(&request) && database_is_down(&state).await {
        return page(&state.leptos_options);
    }
    next.run(request).await
}

fn is_page_request(request: &Request) -> bool {
    let path = request.uri().path();
    request.method() == Method::GET
        && !path.starts_with("/api/")
        && !path.starts_with("/pkg/")
        && path != "/healthz"
        && path != "/readyz"
        && request
            .headers()
            .get(header::ACCEPT)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|accept| accept.contains("text/html"))
}

async fn database_is_down(state: &AppState) -> bool {
    // Borrowing an idle connection is cheap; the pool checks it is alive before handing it out.
    match state.pool.acquire().await {
        Ok(_) => false,
        // Waiting for a connection can mean "down" or only "every connection is busy": a
        // direct connection attempt, bounded, tells them apart.
        Err(sqlx::Error::PoolTimedOut) => {
            let options = state.pool.connect_options();
            let probe = tokio::time::timeout(
                std::time::Duration::from_secs(2),
                <sqlx::PgConnection as sqlx::Connection>::connect_with(&options),
            );
            match probe.await {
                Ok(Ok(connection)) => {
                    let _ = sqlx::Connection::close(connection).await;
                    false
                }
                _ => {
                    tracing::warn!("page request while the database is unavailable");
                    true
                }
            }
        }
        Err(err) => {
            tracing::warn!(error = %err, "page request while the database is unavailable");
            true
        }
    }
}

/// The page, linking the stylesheet as the pages do (by its hashed name in a release build).
pub fn page(options: &leptos::prelude::LeptosOptions) -> Response {
    let html = PAGE.replace("{stylesheet}", crate::assets::stylesheet_href(options));
    let mut response = (StatusCode::SERVICE_UNAVAILABLE, Html(html)).into_response();
    response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("30"));
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    // No script at all; the stylesheet only.
    response.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
        ),
    );
    response
}
