//! Server functions behind the sign-up, login and logout forms. Thin: they read the request,
//! call the account service, and set or clear the session cookie.

use leptos::prelude::*;

use super::User;
use crate::error::AppError;

#[cfg(feature = "ssr")]
use {super::service, super::web, crate::state};

/// The signed-in user, or `None` for a visitor.
#[server(endpoint = "auth/me")]
pub async fn current_user() -> Result<Option<User>, AppError> {
    let state = state::from_context()?;
    Ok(web::optional_session(&state).await?.map(|session| session.user))
}

/// Whether the signed-in member had signed in before this login: "Welcome back" is for them, a
/// member who just signed up is welcomed.
#[server(endpoint = "auth/returning")]
pub async fn signed_in_before() -> Result<bool, AppError> {
    let (state, session) = web::require_session().await?;
    service::signed_in_before(&state.pool, session.user.id, session.session_id).await
}

#[server(endpoint = "auth/register")]
pub async fn register(
    email: String,
    password: String,
    name: String,
    role: String,
    #[server(default)] timezone: Option<String>,
) -> Result<User, AppError> {
    // Without JavaScript a refusal reloads the page: it comes back with what was typed.
    let typed = [
        ("email", email.clone()),
        ("name", name.clone()),
        ("role", role.clone()),
        ("timezone", timezone.clone().unwrap_or_default()),
    ];
    let result = async {
        let state = state::from_context()?;
        let timezone = timezone.as_deref().map(crate::profiles::validate::canonical_zone);
        let account = service::NewAccount { email, password, name, role, timezone };
        let user = service::register(&state.pool, account, state.clock.now()).await?;
        let issued =
            service::start_session(&state.pool, &state.auth, &state.clock, user, &web::current_client(&state)).await?;
        web::set_session_cookie(&state, &issued.token);
        web::set_device_cookie(&state, &issued.device_token);
        leptos_axum::redirect("/profile?welcome=1");
        Ok(issued.user)
    }
    .await;
    let typed: Vec<(&str, &str)> = typed.iter().map(|(name, value)| (*name, value.as_str())).collect();
    web::respond_keeping(result, "signup", &typed)
}

#[server(endpoint = "auth/login")]
pub async fn login(email: String, password: String, next: Option<String>) -> Result<User, AppError> {
    web::respond(
        async {
            let state = state::from_context()?;
            let client = web::current_client(&state);
            let issued = service::login(&state.pool, &state.auth, &state.clock, &email, &password, &client).await?;
            web::set_session_cookie(&state, &issued.token);
            web::set_device_cookie(&state, &issued.device_token);
            leptos_axum::redirect(&safe_next(next.as_deref()));
            Ok(issued.user)
        }
        .await,
    )
}

#[server(endpoint = "auth/logout")]
pub async fn logout() -> Result<(), AppError> {
    let state = state::from_context()?;
    if let Some(session) = web::optional_session(&state).await? {
        service::logout(&state.pool, &state.clock, session.session_id).await?;
    }
    web::clear_session_cookie(&state);
    leptos_axum::redirect("/");
    Ok(())
}

/// Only same-site paths are followed after login, never another origin: `//evil.example`,
/// `/\\evil.example` and paths with whitespace or control characters (browsers drop a tab
/// in `/\t/evil.example` and read `//evil.example`) all fall back to `/`.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(path) if crate::url::is_local_path(path) => path.to_owned(),
        _ => "/".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn next_stays_on_site() {
        assert_eq!(super::safe_next(Some("/profile")), "/profile");
        assert_eq!(super::safe_next(Some("//evil.example")), "/");
        assert_eq!(super::safe_next(Some("https://evil.example")), "/");
        assert_eq!(super::safe_next(None), "/");
        assert_eq!(super::safe_next(Some("/\t/evil.example")), "/");
        assert_eq!(super::safe_next(Some("/\\evil.example")), "/");
        assert_eq!(super::safe_next(Some("/a\nb")), "/");
    }
}
