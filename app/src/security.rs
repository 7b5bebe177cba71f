//! The Content-Security-Policy of server-rendered pages.
//!
//! Scripts run only from this origin or when they carry the per-response nonce that Leptos puts
//! on its own hydration scripts, so markup injected through a profile field (were escaping ever
//! to fail) could not run. No inline styles either: the pages use only the stylesheet.

use leptos::prelude::use_context;

/// The policy for a page whose inline scripts carry `nonce`.
pub fn page_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// For everything that is not a page (JSON, files): nothing may load or frame it.
pub const NON_PAGE_POLICY: &str = "default-src 'none'; frame-ancestors 'none'";

/// The nonce the server chose for this request, in the request's extensions. The server's
/// middleware names it in the response's policy; the page shell hands it to Leptos.
#[derive(Clone, Debug)]
pub struct RequestNonce(pub String);

/// Called at the top of the page shell: Leptos puts this request's nonce (not one of its own
/// choosing) on the scripts it writes, so the policy the middleware sends matches them. Deciding
/// the header outside the render keeps it on every page response, whatever the render does.
pub fn use_request_nonce() {
    let nonce = use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<RequestNonce>().map(|nonce| nonce.0.clone()));
    match nonce {
        Some(nonce) => leptos::prelude::provide_context(leptos::nonce::Nonce::from_value(nonce)),
        // Only a router built without `server::page_policy` renders pages like this; its pages
        // would carry a nonce no header names, so the browser would block their scripts.
        None => tracing::warn!("page rendered without the page-policy middleware's nonce"),
    }
}
