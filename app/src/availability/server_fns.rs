//! Server functions for the weekly-availability editor and the slot picker.

use leptos::prelude::*;

use super::{Availability, BookingOptions, WeeklyBlock};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use {super::service, crate::auth::web, crate::error::parse_id, crate::state};

#[server(endpoint = "availability/mine")]
pub async fn load_my_availability() -> Result<Availability, AppError> {
    web::respond(
        async move {
            let (state, session) = web::require_session().await?;
            service::mine(&state.pool, &session.user).await
        }
        .await,
    )
}

/// Replaces the weekly set (rows left blank in the editor are ignored by the check).
#[server(endpoint = "availability/save")]
pub async fn save_availability(
    #[server(default)] blocks: Vec<WeeklyBlock>,
    #[server(default)] days_off: Vec<String>,
) -> Result<Availability, AppError> {
    web::respond(
        async move {
            let (state, session) = web::require_session().await?;
            let input = Availability { timezone: String::new(), blocks, days_off };
            service::replace(&state.pool, &session.user, &input).await
        }
        .await,
    )
}

/// One week of a mentor's open slots, shown in the viewer's zone, for the booking page.
#[server(endpoint = "availability/booking-options")]
pub async fn load_booking_options(
    mentor_id: String,
    week: Option<String>,
    duration: Option<u32>,
) -> Result<BookingOptions, AppError> {
    web::respond(
        async move {
            let state = state::from_context()?;
            let viewer = web::optional_session(&state).await?.map(|s| s.user);
            let mentor_id = parse_id(&mentor_id, "mentor")?;
            service::booking_week(
                &state.pool,
                viewer.as_ref(),
                web::browser_zone(),
                mentor_id,
                week.as_deref(),
                duration,
                state.clock.now(),
            )
            .await
        }
        .await,
    )
}
