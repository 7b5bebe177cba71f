//! The files cargo-leptos writes under `/pkg` (WASM, JS, CSS). A release build (`make run`)
//! names them by their content hash and precompresses them (brotli and gzip, served by the
//! static-file fallback), so they can be cached for a year: a new build has new names. Anything
//! without a hash in its name (debug builds, chunk files numbered per build) must be revalidated.

use std::sync::OnceLock;

use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use leptos::prelude::LeptosOptions;

/// Whether this binary was built with hashed file names: cargo-leptos passes
/// `LEPTOS_HASH_FILES` to the server's build, and writes `hash.txt` next to the binary.
pub fn hash_files() -> bool {
    option_env!("LEPTOS_HASH_FILES") == Some("true")
}

/// `/pkg/<name>.css`, with the hash from `hash.txt` when the build hashes file names — the
/// link `leptos_meta::HashedStylesheet` puts in pages, for pages rendered without Leptos (the
/// "temporarily unavailable" page).
pub fn stylesheet_href(options: &LeptosOptions) -> &'static str {
    static HREF: OnceLock<String> = OnceLock::new();
    HREF.get_or_init(|| {
        let hash = options.hash_files.then(|| css_hash(options)).flatten();
        let name = match hash {
            Some(hash) => format!("{}.{hash}.css", options.output_name),
            None => format!("{}.css", options.output_name),
        };
        format!("/{}/{name}", options.site_pkg_dir)
    })
}

fn css_hash(options: &LeptosOptions) -> Option<String> {
    let binary = std::env::current_exe().ok()?;
    let hashes = std::fs::read_to_string(binary.parent()?.join(options.hash_file.as_ref())).ok()?;
    hashes.lines().find_map(|line| line.trim().strip_prefix("css:").map(|hash| hash.trim().to_owned()))
}

/// `Cache-Control` for `/pkg/…`: a year, immutable, for hashed names; revalidate otherwise.
pub async fn cache_headers(request: Request, next: Next) -> Response {
    let policy = request
        .uri()
        .path()
        .strip_prefix("/pkg/")
        .map(|name| if is_hashed(name) { "public, max-age=31536000, immutable" } else { "no-cache" });
    let mut response = next.run(request).await;
    if let Some(policy) = policy
        && matches!(response.status(), StatusCode::OK | StatusCode::PARTIAL_CONTENT | StatusCode::NOT_MODIFIED)
    {
        let headers = response.headers_mut();
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
        // The static-file service picks the .br or .gz file by Accept-Encoding without saying so.
        headers.append(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    response
}

/// `<stem>.<hash>.<js|wasm|css>` directly under `/pkg/`, as cargo-leptos names hashed files
/// (22 characters of URL-safe base64).
fn is_hashed(name: &str) -> bool {
    if name.contains('/') {
        return false;
    }
    let mut parts = name.rsplitn(3, '.');
    let (Some(extension), Some(hash), Some(stem)) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    !stem.is_empty()
        && matches!(extension, "js" | "wasm" | "css")
        && hash.len() == 22
        && hash.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::is_hashed;

    #[test]
    fn only_content_hashed_names_are_immutable() {
        assert!(is_hashed("mentorship.AbCdEfGhIjKlMnOpQrSt_-.wasm"));
        assert!(is_hashed("__wasm_split.AbCdEfGhIjKlMnOpQrSt_-.js"));
        assert!(is_hashed("mentorship.AbCdEfGhIjKlMnOpQrSt_-.css"));
        assert!(!is_hashed("mentorship.wasm"));
        assert!(!is_hashed("chunk_3.wasm"));
        assert!(!is_hashed("mentorship.AbCdEfGhIjKlMnOpQrSt_-.wasm.br"));
        assert!(!is_hashed("snippets/x/AbCdEfGhIjKlMnOpQrSt_-.js"));
        assert!(!is_hashed(".AbCdEfGhIjKlMnOpQrSt_-.js"));
    }
}
