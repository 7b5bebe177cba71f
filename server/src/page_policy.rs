//! The Content-Security-Policy of pages, decided around the render rather than inside it.
//!
//! Each request gets a fresh nonce before anything renders; the page shell gives it to Leptos
//! (`app::security::use_request_nonce`), which puts it on its inline scripts, and an HTML response
//! leaves here with the policy naming it. A response that already has a policy (the
//! "unavailable" page) keeps its own; anything else gets the strict non-page policy further out.

use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

use app::security::{RequestNonce, page_policy};

pub async fn page_policy_layer(mut request: Request, next: Next) -> Response {
    let nonce = leptos::nonce::Nonce::new().to_string();
    request.extensions_mut().insert(RequestNonce(nonce.clone()));
    let mut response = next.run(request).await;
    let is_page = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|content_type| content_type.starts_with("text/html"));
    if is_page
        && !response.headers().contains_key(header::CONTENT_SECURITY_POLICY)
        && let Ok(value) = HeaderValue::from_str(&page_policy(&nonce))
    {
        response.headers_mut().insert(header::CONTENT_SECURITY_POLICY, value);
    }
    response
}
