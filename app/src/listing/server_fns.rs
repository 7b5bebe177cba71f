//! Server functions for the listing checklist and the admins' approval page.

use leptos::prelude::*;

use super::{ListingChecklist, PendingMentor, ProgrammeSettings};
use crate::error::AppError;
use crate::pagination::Page;

#[cfg(feature = "ssr")]
use {super::service, crate::auth::web, crate::error::parse_id, crate::pagination::PageRequest};

#[server(endpoint = "listing/checklist")]
pub async fn load_listing_checklist() -> Result<ListingChecklist, AppError> {
    web::respond(
        async move {
            let (state, session) = web::require_session().await?;
            service::checklist(&state.pool, &session.user).await
        }
        .await,
    )
}

#[server(endpoint = "admin/mentor-approvals")]
pub async fn load_mentor_approvals(page: Option<u32>) -> Result<(ProgrammeSettings, Page<PendingMentor>), AppError> {
    web::respond(
        async move {
            let (state, session) = web::require_session().await?;
            let settings = service::settings(&state.pool, &session.user).await?;
            let pending = service::pending(&state.pool, &session.user, PageRequest::checked(page, Some(25))?).await?;
            Ok((settings, pending))
        }
        .await,
    )
}

/// The settings form: the checkbox is absent when unticked.
#[server(endpoint = "admin/settings/save")]
pub async fn save_programme_settings(
    #[server(default)] require_mentor_approval: Option<String>,
) -> Result<ProgrammeSettings, AppError> {
    web::respond(
        async move {
            let (state, session) = web::require_session().await?;
            let settings = ProgrammeSettings { require_mentor_approval: require_mentor_approval.is_some() };
            service::update_settings(&state.pool, &session.user, &settings, state.clock.now()).await
        }
        .await,
    )
}

#[server(endpoint = "admin/mentor-approvals/approve")]
pub async fn approve_mentor(id: String) -> Result<(), AppError> {
    web::respond(
        async move {
            let (state, session) = web::require_session().await?;
            service::approve(&state.pool, &session.user, parse_id(&id, "mentor")?, state.clock.now()).await
        }
        .await,
    )
}
