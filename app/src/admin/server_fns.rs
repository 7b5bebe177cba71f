//! Server functions for the admin console (each checks the admin role in the service).

use leptos::prelude::*;

use super::{Activity, AuditEntry, ChangePreview, Stats};
use crate::auth::User;
use crate::error::AppError;
use crate::pagination::Page;

#[cfg(feature = "ssr")]
use {
    super::{ActivityView, UserChange, UserFilter, service},
    crate::auth::{Role, web},
    crate::error::parse_id,
    crate::pagination::{PageParams, PageRequest},
    crate::requests::RequestStatus,
    crate::sessions::Scope,
    crate::url::{query_flag, query_word},
};

#[server(endpoint = "admin/stats")]
pub async fn load_admin_stats() -> Result<Stats, AppError> {
    web::respond(
        async move {
            let (state, session) = web::require_session().await?;
            service::stats(&state.pool, &session.user, state.clock.now()).await
        }
        .await,
    )
}

#[server(endpoint = "admin/users")]
pub async fn load_admin_users(
    q: Option<String>,
    role: Option<String>,
    active: Option<String>,
    page: Option<u32>,
) -> Result<Page<User>, AppError> {
    web::respond(
        async move {
            let (state, session) = web::require_session().await?;
            // The URL's words, read as the API reads them: unknown ones are refused.
            let filter =
                UserFilter { q, role: query_word::<Role>(role, "role")?, active: query_flag(active, "active")? };
            service::users(&state.pool, &session.user, &filter, PageParams::page(page).checked()?).await
        }
        .await,
    )
}

/// A change as the users table and its confirmation page write it: a role name, `active` as
/// `true` / `false`, each left empty when unchanged.
#[cfg(feature = "ssr")]
fn change_from_form(
    role: Option<String>,
    active: Option<String>,
    reason: Option<String>,
) -> Result<UserChange, AppError> {
    let role = match role.as_deref().filter(|r| !r.is_empty()) {
        None => None,
        Some(raw) => {
            Some(Role::parse(raw).ok_or_else(|| AppError::invalid_field("role", "Choose mentee, mentor or admin."))?)
        }
    };
    let active = match active.as_deref().filter(|a| !a.is_empty()) {
        None => None,
        Some("true") => Some(true),
        Some("false") => Some(false),
        Some(_) => return Err(AppError::invalid_field("active", "Active must be true or false.")),
    };
    Ok(UserChange { role, active, reason })
}

/// What a change would do, for its confirmation page.
#[server(endpoint = "admin/users/change-preview")]
pub async fn load_change_preview(
    id: String,
    #[server(default)] role: Option<String>,
    #[server(default)] active: Option<String>,
) -> Result<ChangePreview, AppError> {
    web::respond(
        async move {
            let (state, session) = web::require_session().await?;
            let change = change_from_form(role, active, None)?;
            service::change_preview(&state.pool, &session.user, parse_id(&id, "user")?, &change, state.clock.now())
                .await
        }
        .await,
    )
}

/// A confirmed change; afterwards the admin sees the user's row in the table.
#[server(endpoint = "admin/users/update")]
pub async fn update_user(
    id: String,
    #[server(default)] role: Option<String>,
    #[server(default)] active: Option<String>,
    #[server(default)] reason: Option<String>,
) -> Result<User, AppError> {
    web::respond(
        async move {
            let (state, session) = web::require_session().await?;
            let change = change_from_form(role, active, reason)?;
            let user =
                service::change_user(&state.pool, &session.user, parse_id(&id, "user")?, &change, state.clock.now())
                    .await?;
            leptos_axum::redirect(&format!("/admin/users?q={}", crate::url::percent_encode(&user.email)));
            Ok(user)
        }
        .await,
    )
}

#[server(endpoint = "admin/audit")]
pub async fn load_admin_audit(page: Option<u32>) -> Result<Page<AuditEntry>, AppError> {
    web::respond(
        async move {
            let (state, session) = web::require_session().await?;
            service::audit(&state.pool, &session.user, PageRequest::checked(page, Some(30))?).await
        }
        .await,
    )
}

/// Requests (filter: a status), mentorships (filter: `active` / `ended`) or sessions (filter:
/// `upcoming` / `past`).
#[server(endpoint = "admin/activity")]
pub async fn load_admin_activity(
    view: Option<String>,
    filter: Option<String>,
    page: Option<u32>,
) -> Result<Activity, AppError> {
    web::respond(
        async move {
            let (state, session) = web::require_session().await?;
            let page = PageRequest::checked(page, Some(25))?;
            let view = match view.as_deref() {
                Some("mentorships") => ActivityView::Mentorships,
                Some("sessions") => ActivityView::Sessions,
                _ => ActivityView::Requests,
            };
            Ok(match view {
                ActivityView::Requests => {
                    let status = query_word::<RequestStatus>(filter, "filter")?;
                    Activity::Requests(service::requests(&state.pool, &session.user, status, page).await?)
                }
                ActivityView::Mentorships => {
                    let active = match filter.as_deref() {
                        None | Some("") => None,
                        Some("active") => Some(true),
                        Some("ended") => Some(false),
                        Some(other) => {
                            return Err(AppError::bad_request(format!("filter: `{other}` is not active or ended")));
                        }
                    };
                    Activity::Mentorships(service::mentorships(&state.pool, &session.user, active, page).await?)
                }
                ActivityView::Sessions => {
                    let scope = query_word::<Scope>(filter, "filter")?.unwrap_or_default();
                    let now = state.clock.now();
                    Activity::Sessions(service::sessions(&state.pool, &session.user, scope, page, now).await?)
                }
            })
        }
        .await,
    )
}
