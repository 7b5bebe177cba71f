//! `/me/availability` and `/mentors/{id}/slots`.

use app::AppError;
use app::availability::{Availability, DateOrInstant, service};
use app::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::extract::{ApiJson, ApiQuery, AuthUser, parse_id};

#[utoipa::path(get, path = "/api/v1/me/availability", operation_id = "get_my_availability", tag = "availability", security(("bearer" = [])),
    responses(
        (status = 200, description = "Your weekly blocks and days off, in your time zone", body = Availability),
        (status = 403, description = "Only mentors keep availability", body = app::ErrorBody),
    ))]
pub async fn get_mine(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
) -> Result<Json<Availability>, AppError> {
    service::mine(&state.pool, &session.user).await.map(Json)
}

#[utoipa::path(put, path = "/api/v1/me/availability", operation_id = "put_my_availability", tag = "availability", security(("bearer" = [])),
    request_body(content = Availability, description = "The whole weekly set and days off; `timezone` is ignored (it comes from your profile)"),
    responses(
        (status = 200, description = "Saved; the stored set", body = Availability),
        (status = 403, description = "Only mentors keep availability", body = app::ErrorBody),
        (status = 422, description = "Overlapping, inverted or malformed blocks or dates, per field `blocks[i]` / `days_off[i]`", body = app::ErrorBody),
    ))]
pub async fn put_mine(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
    ApiJson(body): ApiJson<Availability>,
) -> Result<Json<Availability>, AppError> {
    refuse_blank_rows(&body)?;
    service::replace(&state.pool, &session.user, &body).await.map(Json)
}

/// The web editor posts its spare empty rows and the service skips them; an API client has no
/// spare rows, so an empty time or date there is a mistake to report, as the document says.
fn refuse_blank_rows(body: &Availability) -> Result<(), AppError> {
    let mut fields = app::FieldErrors::new();
    for (index, block) in body.blocks.iter().enumerate() {
        if block.start.trim().is_empty() || block.end.trim().is_empty() {
            fields.insert(format!("blocks[{index}]"), "Give a start and an end time as HH:MM.".into());
        }
    }
    for (index, day) in body.days_off.iter().enumerate() {
        if day.trim().is_empty() {
            fields.insert(format!("days_off[{index}]"), "Give the day off as YYYY-MM-DD.".into());
        }
    }
    if fields.is_empty() { Ok(()) } else { Err(AppError::invalid_fields(fields)) }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SlotParams {
    /// RFC 3339 instant or `YYYY-MM-DD` (midnight UTC); defaults to now.
    #[param(schema_with = app::openapi_schema::date_or_instant)]
    pub from: Option<DateOrInstant>,
    /// Exclusive end, same forms; defaults to 7 days after `from`; at most 62 days after it.
    #[param(schema_with = app::openapi_schema::date_or_instant)]
    pub to: Option<DateOrInstant>,
    /// 30, 45 or 60 (default 60).
    #[param(schema_with = app::availability::duration_schema)]
    pub duration: Option<u32>,
}

#[derive(Serialize, ToSchema)]
pub struct Slot {
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

#[derive(Serialize, ToSchema)]
pub struct SlotList {
    pub mentor_id: uuid::Uuid,
    /// The mentor's time zone, in which the weekly blocks are kept.
    pub timezone: String,
    pub duration_minutes: u32,
    pub slots: Vec<Slot>,
}

#[utoipa::path(get, path = "/api/v1/mentors/{id}/slots", tag = "availability", params(("id" = uuid::Uuid, Path), SlotParams),
    responses(
        (status = 200, description = "Open start times in UTC, soonest first, after the minimum notice and within the booking horizon", body = SlotList),
        (status = 400, description = "Malformed from/to", body = app::ErrorBody),
        (status = 404, description = "No such mentor", body = app::ErrorBody),
        (status = 422, description = "Unsupported duration or range", body = app::ErrorBody),
    ))]
pub async fn slots(
    State(state): State<AppState>,
    Path(id): Path<String>,
    ApiQuery(params): ApiQuery<SlotParams>,
) -> Result<Json<SlotList>, AppError> {
    let mentor_id = parse_id(&id, "mentor")?;
    let now = state.clock.now();
    let from = params.from.map_or(now, DateOrInstant::instant);
    let to = params.to.map_or(from + Duration::days(7), DateOrInstant::instant);
    let duration_minutes = params.duration.unwrap_or(60);
    let open = service::open_slots_between(&state.pool, mentor_id, from, to, duration_minutes, now).await?;
    let length = Duration::minutes(i64::from(duration_minutes));
    Ok(Json(SlotList {
        mentor_id,
        timezone: open.timezone,
        duration_minutes,
        slots: open.starts.into_iter().map(|starts_at| Slot { starts_at, ends_at: starts_at + length }).collect(),
    }))
}
