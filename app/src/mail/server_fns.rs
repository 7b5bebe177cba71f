//! The admin's Outbox page reads the outbox through this.

use leptos::prelude::*;

use super::OutboxMail;
use crate::error::AppError;
use crate::pagination::{Page, PageParams};

#[server(endpoint = "admin/outbox")]
pub async fn load_outbox(to: Option<String>, paging: PageParams) -> Result<Page<OutboxMail>, AppError> {
    let (state, session) = crate::auth::web::require_session().await?;
    crate::admin::service::require_admin(&session.user)?;
    super::outbox::list(&state.pool, to.as_deref(), paging.checked()?).await
}
