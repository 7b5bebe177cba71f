//! The web app's side of authentication: the session cookie, and finding the signed-in user from
//! inside a server function or a server-rendered page.

use std::net::IpAddr;

use axum::extract::ConnectInfo;
use axum::http::{HeaderValue, header, request::Parts};
use leptos::prelude::use_context;
use leptos_axum::ResponseOptions;

use super::service::{self, AuthSession, ClientInfo};
use crate::error::AppError;
use crate::state::{self, AppState};
use crate::url::percent_encode;

pub const SESSION_COOKIE: &str = "mp_session";
/// Marks a browser that has signed in to an account before (see `login_limits`). Not a
/// credential: on its own it opens nothing, and logging out leaves it in place.
pub const DEVICE_COOKIE: &str = "mp_device";

fn request_parts() -> Option<Parts> {
    use_context::<Parts>()
}

/// The token from the session cookie, if the request carries one.
pub fn cookie_token(parts: &Parts) -> Option<String> {
    cookie_value(parts, SESSION_COOKIE)
}

fn cookie_value(parts: &Parts, cookie: &str) -> Option<String> {
    parts
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == cookie)
        .map(|(_, value)| value.to_owned())
        .filter(|value| !value.is_empty())
}

/// The visitor's browser time zone as its cookie remembers it, if it names a real zone.
pub fn browser_zone() -> Option<String> {
    let parts = request_parts()?;
    let zone = cookie_value(&parts, crate::time_display::BROWSER_ZONE_COOKIE)?;
    let zone = crate::time_display::current_zone_name(&zone);
    <chrono_tz::Tz as std::str::FromStr>::from_str(zone).ok().map(|tz| tz.name().to_owned())
}

/// Client address and user agent. The address is the TCP peer, unless that peer is one of the
/// `trusted` proxies (`TRUSTED_PROXIES`): then it is the nearest address in `X-Forwarded-For`
/// that is not itself a trusted proxy. Nobody else's `X-Forwarded-For` is believed, or any
/// client could pick a fresh address per login attempt.
pub fn client_info(parts: &Parts, trusted: &[ipnet::IpNet]) -> ClientInfo {
    let peer = parts.extensions.get::<ConnectInfo<std::net::SocketAddr>>().map(|ConnectInfo(addr)| addr.ip());
    let ip = peer.map(|peer| client_address(peer, parts, trusted).to_string());
    let user_agent = parts.headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok()).map(str::to_owned);
    ClientInfo {
        ip: ip.unwrap_or_else(|| "unknown".to_owned()),
        user_agent,
        device_token: cookie_value(parts, DEVICE_COOKIE),
    }
}

fn client_address(peer: IpAddr, parts: &Parts, trusted: &[ipnet::IpNet]) -> IpAddr {
    let peer = peer.to_canonical();
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    if !is_trusted(&peer) {
        return peer;
    }
    // Each proxy appends the address it received from; walk back from the nearest hop. A hop
    // that is not an address (or a header that is not text) ends the walk: what lies to its left
    // was written by someone we cannot vouch for, so the last trusted hop is the answer.
    let mut hops: Vec<Option<IpAddr>> = Vec::new();
    for value in parts.headers.get_all("x-forwarded-for") {
        match value.to_str() {
            Ok(text) => hops.extend(text.split(',').map(|hop| parse_hop(hop.trim()))),
            Err(_) => hops.push(None),
        }
    }
    let mut client = peer;
    for hop in hops.into_iter().rev() {
        let Some(hop) = hop else { break };
        client = hop;
        if !is_trusted(&hop) {
            break;
        }
    }
    client
}

/// One `X-Forwarded-For` entry: an address, possibly with a port (`1.2.3.4:5678`, `[::1]:80`).
fn parse_hop(hop: &str) -> Option<IpAddr> {
    let address = hop.parse::<IpAddr>().ok().or_else(|| hop.parse::<std::net::SocketAddr>().ok().map(|s| s.ip()))?;
    Some(address.to_canonical())
}

pub fn current_client(state: &AppState) -> ClientInfo {
    request_parts().as_ref().map(|parts| client_info(parts, &state.auth.trusted_proxies)).unwrap_or_default()
}

/// The signed-in user of this web request, or `None` when there is no valid session.
/// A stale cookie (revoked, expired, deactivated) is cleared so the browser stops sending it.
pub async fn optional_session(state: &AppState) -> Result<Option<AuthSession>, AppError> {
    let Some(token) = request_parts().as_ref().and_then(cookie_token) else {
        return Ok(None);
    };
    match service::authenticate(&state.pool, &state.auth, &state.clock, &token).await {
        Ok(session) => Ok(Some(session)),
        Err(AppError::Unauthorized { .. }) => {
            clear_session_cookie(state);
            Ok(None)
        }
        Err(other) => Err(other),
    }
}

/// The signed-in user, or 401 with a message the page can show: why the session no longer
/// works (deactivated, expired, logged out) when there was one, "please log in" otherwise.
pub async fn require_session() -> Result<(AppState, AuthSession), AppError> {
    let state = state::from_context()?;
    let Some(token) = request_parts().as_ref().and_then(cookie_token) else {
        return Err(AppError::unauthorized("Please log in to continue."));
    };
    match service::authenticate(&state.pool, &state.auth, &state.clock, &token).await {
        Ok(session) => Ok((state, session)),
        Err(err @ AppError::Unauthorized { .. }) => {
            clear_session_cookie(&state);
            Err(err)
        }
        Err(other) => Err(other),
    }
}

fn cookie(state: &AppState, value: &str, max_age_secs: i64) -> String {
    named_cookie(state, SESSION_COOKIE, value, max_age_secs)
}

fn named_cookie(state: &AppState, name: &str, value: &str, max_age_secs: i64) -> String {
    let secure = if state.auth.secure_cookies { "; Secure" } else { "" };
    format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{secure}")
}

/// Remembers this browser for the login limits after a successful login or sign-up.
pub fn set_device_cookie(state: &AppState, device_token: &str) {
    let max_age = chrono::Duration::days(service::DEVICE_TOKEN_DAYS).num_seconds();
    set_cookie_header(named_cookie(state, DEVICE_COOKIE, device_token, max_age));
}

fn set_cookie_header(value: String) {
    if let (Some(response), Ok(header_value)) = (use_context::<ResponseOptions>(), HeaderValue::from_str(&value)) {
        response.append_header(header::SET_COOKIE, header_value);
    }
}

pub fn set_session_cookie(state: &AppState, token: &str) {
    set_cookie_header(cookie(state, token, state.auth.token_ttl.num_seconds()));
}

pub fn clear_session_cookie(state: &AppState) {
    set_cookie_header(cookie(state, "", 0));
}

/// Finishes a server function: on error, gives the response the error's status code (so a
/// refused form is a 4xx, never a 500). A plain HTML form post (no JavaScript, or a form outside
/// an island) is instead sent back to the form's page — its query kept, so filters and `next`
/// survive — with the message in `?error=`, where the page shows it; a successful one goes back
/// to that page without a stale `?error=` (unless the function chose where to go).
pub fn respond<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    let Some(parts) = request_parts() else {
        return result;
    };
    // Server functions called while rendering a page (a GET) leave the page's status alone.
    if parts.method != axum::http::Method::POST {
        return result;
    }
    let plain_form_post = parts
        .headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|accept| accept.contains("text/html"));
    let back = parts
        .headers
        .get(header::HOST)
        .zip(parts.headers.get(header::REFERER))
        .and_then(|(host, referer)| same_site_target(referer.to_str().ok()?, host.to_str().ok()?));
    let response = use_context::<ResponseOptions>();
    let state = use_context::<AppState>();
    match (&result, plain_form_post.then_some(back).flatten(), state) {
        (Err(err), Some(back), Some(state)) => {
            leptos_axum::redirect(&with_error(&back, &err.to_string(), &state.auth.keys));
        }
        (Err(err), _, _) => {
            if let (Some(response), Ok(status)) = (response, axum::http::StatusCode::from_u16(err.status_code())) {
                response.set_status(status);
            }
        }
        (Ok(_), Some(back), _) => {
            let chosen = response.is_some_and(|r| r.0.read().is_ok_and(|p| p.headers.contains_key(header::LOCATION)));
            if !chosen {
                leptos_axum::redirect(&back);
            }
        }
        (Ok(_), None, _) => {}
    }
    result
}

/// The cookie that carries a refused plain post's typed values back to its form (see `FormEcho`).
const FORM_ECHO_COOKIE: &str = "mp_form_echo";
const FORM_ECHO: &str = "form-echo";

/// Like `respond`, and when a plain form post is refused, its `typed` values (never passwords)
/// and field errors go back to the form in a signed cookie of two minutes.
pub fn respond_keeping<T>(result: Result<T, AppError>, form: &str, typed: &[(&str, &str)]) -> Result<T, AppError> {
    if let (Err(err), Some(state)) = (&result, use_context::<AppState>())
        && is_plain_form_post()
    {
        let echo = crate::ui::forms::FormEcho {
            form: form.to_owned(),
            values: typed.iter().map(|(name, value)| ((*name).to_owned(), (*value).to_owned())).collect(),
            fields: err.fields(),
        };
        if let Ok(json) = serde_json::to_string(&echo) {
            let value = format!("{}.{}", percent_encode(&json), state.auth.keys.sign_text(FORM_ECHO, &json));
            set_cookie_header(named_cookie(&state, FORM_ECHO_COOKIE, &value, 120));
        }
    }
    respond(result)
}

/// The echo of a refused plain post of `form`, if this server signed it; the cookie is cleared.
pub fn take_form_echo(form: &str) -> Option<crate::ui::forms::FormEcho> {
    let parts = request_parts()?;
    let state = use_context::<AppState>()?;
    let raw = cookie_value(&parts, FORM_ECHO_COOKIE)?;
    set_cookie_header(named_cookie(&state, FORM_ECHO_COOKIE, "", 0));
    let (encoded, signature) = raw.rsplit_once('.')?;
    let json = crate::url::percent_decode(encoded)?;
    if !state.auth.keys.verify_text(FORM_ECHO, &json, signature) {
        return None;
    }
    serde_json::from_str::<crate::ui::forms::FormEcho>(&json).ok().filter(|echo| echo.form == form)
}

fn is_plain_form_post() -> bool {
    request_parts().is_some_and(|parts| {
        parts.method == axum::http::Method::POST
            && parts
                .headers
                .get(header::ACCEPT)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|accept| accept.contains("text/html"))
    })
}

/// What a refusal's signature in `?error_sig=` signs (see `TokenKeys::sign_text`).
const FORM_ERROR: &str = "form-error";

/// The `?error=` a page was sent back with, if this server wrote it: the message travels in the
/// URL, so without the signature a link from anywhere could put words of its choosing into the
/// page's alert banner.
pub fn verified_form_error(message: String, signature: &str) -> Option<String> {
    let state = use_context::<AppState>()?;
    state.auth.keys.verify_text(FORM_ERROR, &message, signature).then_some(message)
}

/// The path and query of a Referer URL, without any `error` it carried, only if it names this
/// very host and the path is local: a form on another site must not turn our redirect into a
/// redirect elsewhere.
fn same_site_target(referer: &str, host: &str) -> Option<String> {
    let (_, after_scheme) = referer.split_once("://")?;
    let path_start = after_scheme.find('/')?;
    if !after_scheme[..path_start].eq_ignore_ascii_case(host) {
        return None;
    }
    let target = after_scheme[path_start..].split('#').next().unwrap_or("/");
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    if !crate::url::is_local_path(path) {
        return None;
    }
    Some(crate::url::without_form_error(path, query))
}

/// `target` with `error=<message>` and its signature added to its query.
fn with_error(target: &str, message: &str, keys: &crate::auth::token::TokenKeys) -> String {
    let separator = if target.contains('?') { '&' } else { '?' };
    let signature = keys.sign_text(FORM_ERROR, message);
    format!("{target}{separator}error={}&error_sig={signature}", percent_encode(message))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts_from(peer: &str, forwarded: &[&str]) -> Parts {
        let mut builder = axum::http::Request::builder();
        for value in forwarded {
            builder = builder.header("x-forwarded-for", *value);
        }
        let (mut parts, ()) = builder.body(()).unwrap().into_parts();
        parts.extensions.insert(ConnectInfo::<std::net::SocketAddr>(peer.parse().unwrap()));
        parts
    }

    #[test]
    fn forwarded_for_is_believed_only_from_trusted_proxies() {
        let trusted: Vec<ipnet::IpNet> = vec!["10.0.0.0/8".parse().unwrap()];
        // A direct client cannot choose its address with the header.
        assert_eq!(client_info(&parts_from("198.51.100.7:5000", &["1.2.3.4"]), &trusted).ip, "198.51.100.7");
        // Nothing is trusted by default, not even a proxy on the same network.
        assert_eq!(client_info(&parts_from("10.0.0.2:5000", &["1.2.3.4"]), &[]).ip, "10.0.0.2");
        // Behind a trusted proxy: the address that proxy received the request from.
        assert_eq!(client_info(&parts_from("10.0.0.2:5000", &["1.2.3.4"]), &trusted).ip, "1.2.3.4");
        // A spoofed left-most entry is ignored: walk back only through trusted hops.
        let chain = parts_from("10.0.0.2:5000", &["6.6.6.6, 203.0.113.9", "10.0.0.3"]);
        assert_eq!(client_info(&chain, &trusted).ip, "203.0.113.9");
        // An entry that is not an address stops the walk at the last trusted hop.
        let garbage = parts_from("10.0.0.2:5000", &["6.6.6.6, unknown, 10.0.0.3"]);
        assert_eq!(client_info(&garbage, &trusted).ip, "10.0.0.3");
        let with_port = parts_from("10.0.0.2:5000", &["6.6.6.6, 203.0.113.9:5555"]);
        assert_eq!(client_info(&with_port, &trusted).ip, "203.0.113.9");
        // A server listening on IPv6 sees IPv4 peers as mapped addresses.
        assert_eq!(client_info(&parts_from("[::ffff:10.0.0.2]:5000", &["1.2.3.4"]), &trusted).ip, "1.2.3.4");
        // A trusted proxy that sent no header is the client itself.
        assert_eq!(client_info(&parts_from("10.0.0.2:5000", &[]), &trusted).ip, "10.0.0.2");
    }

    #[test]
    fn referer_targets_keep_their_query_but_not_a_stale_error() {
        assert_eq!(same_site_target("http://x.org/login?next=/a", "x.org").as_deref(), Some("/login?next=/a"));
        assert_eq!(
            same_site_target("http://x.org/requests?status=pending&error=Gone&error_sig=ab&page=2#top", "x.org")
                .as_deref(),
            Some("/requests?status=pending&page=2")
        );
        assert_eq!(same_site_target("http://x.org/requests?error=Gone", "x.org").as_deref(), Some("/requests"));
        assert_eq!(same_site_target("https://x.org", "x.org").as_deref(), None);
        assert_eq!(same_site_target("https://evil.example/login", "x.org").as_deref(), None);
        assert_eq!(same_site_target("https://x.org//evil.example/x", "x.org").as_deref(), None);
        let keys = crate::auth::token::TokenKeys::new(b"0123456789abcdef0123456789abcdef");
        let signature = keys.sign_text(FORM_ERROR, "Too late");
        assert_eq!(
            with_error("/requests?status=pending", "Too late", &keys),
            format!("/requests?status=pending&error=Too%20late&error_sig={signature}")
        );
        assert!(with_error("/login", "No", &keys).starts_with("/login?error=No&error_sig="));
    }
}
