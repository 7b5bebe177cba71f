//! `/admin/rounds/*`: matching rounds (admins only). The same `app::matching::rounds`
//! service the admin pages use.

use app::AppError;
use app::matching::{Assignment, Exclusion, NewRound, PairsInput, Published, Round, RoundPair, RoundSummary, rounds};
use app::pagination::{Page, PageParams};
use app::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::IntoParams;

use super::extract::{ApiJson, ApiQuery, AuthUser, Paging, parse_id};

#[utoipa::path(get, path = "/api/v1/admin/rounds", tag = "admin", security(("bearer" = [])), params(PageParams),
    responses(
        (status = 200, description = "Matching rounds, newest first", body = Page<RoundSummary>),
        (status = 401, description = "Not signed in", body = app::ErrorBody),
        (status = 403, description = "Not an admin", body = app::ErrorBody),
    ))]
pub async fn list(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
    Paging(page): Paging,
) -> Result<Json<Page<RoundSummary>>, AppError> {
    rounds::list(&state.pool, &session.user, page).await.map(Json)
}

#[utoipa::path(post, path = "/api/v1/admin/rounds", tag = "admin", security(("bearer" = [])), request_body = NewRound,
    responses(
        (status = 201, description = "The round, a draft (recorded in the audit log)", body = Round),
        (status = 403, description = "Not an admin", body = app::ErrorBody),
        (status = 422, description = "No name, no mentees or mentors, too many, or ids that are not active mentees / mentors", body = app::ErrorBody),
    ))]
pub async fn create(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
    ApiJson(input): ApiJson<NewRound>,
) -> Result<(StatusCode, Json<Round>), AppError> {
    let round = rounds::create(&state.pool, &session.user, &input, state.clock.now()).await?;
    Ok((StatusCode::CREATED, Json(round)))
}

#[utoipa::path(get, path = "/api/v1/admin/rounds/{id}", tag = "admin", security(("bearer" = [])), params(("id" = uuid::Uuid, Path)),
    responses(
        (status = 200, description = "The round with its members, never-pair rules and current pairs", body = Round),
        (status = 403, description = "Not an admin", body = app::ErrorBody),
        (status = 404, description = "No such round", body = app::ErrorBody),
    ))]
pub async fn get(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<String>,
) -> Result<Json<Round>, AppError> {
    rounds::get(&state.pool, &session.user, parse_id(&id, "matching round")?).await.map(Json)
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ScoresFilter {
    /// Only this mentee's pairs.
    pub mentee_id: Option<uuid::Uuid>,
}

#[utoipa::path(get, path = "/api/v1/admin/rounds/{id}/scores", tag = "admin", security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path), ScoresFilter, PageParams),
    responses(
        (status = 200, description = "Every eligible pair with its match score and reasons, by mentee, best first", body = Page<RoundPair>),
        (status = 403, description = "Not an admin", body = app::ErrorBody),
        (status = 404, description = "No such round", body = app::ErrorBody),
    ))]
pub async fn scores(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<String>,
    ApiQuery(filter): ApiQuery<ScoresFilter>,
    Paging(page): Paging,
) -> Result<Json<Page<RoundPair>>, AppError> {
    let id = parse_id(&id, "matching round")?;
    rounds::scores(&state.pool, &session.user, id, filter.mentee_id, page, state.clock.now()).await.map(Json)
}

#[utoipa::path(post, path = "/api/v1/admin/rounds/{id}/exclusions", tag = "admin", security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path)), request_body = Exclusion,
    responses(
        (status = 204, description = "The two are never paired in this round (a proposed pair of them is removed)"),
        (status = 403, description = "Not an admin", body = app::ErrorBody),
        (status = 404, description = "No such round", body = app::ErrorBody),
        (status = 409, description = "The round was published", body = app::ErrorBody),
        (status = 422, description = "Not a mentee and a mentor of this round", body = app::ErrorBody),
    ))]
pub async fn exclude(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<String>,
    ApiJson(rule): ApiJson<Exclusion>,
) -> Result<StatusCode, AppError> {
    let id = parse_id(&id, "matching round")?;
    rounds::exclude(&state.pool, &session.user, id, &rule, state.clock.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/api/v1/admin/rounds/{id}/compute", tag = "admin", security(("bearer" = [])), params(("id" = uuid::Uuid, Path)),
    responses(
        (status = 200, description = "The assignment with the highest total score (each mentee at most once, no mentor over their free places, never-pair rules kept), now the round's pairs", body = Assignment),
        (status = 403, description = "Not an admin", body = app::ErrorBody),
        (status = 404, description = "No such round", body = app::ErrorBody),
        (status = 409, description = "The round was published", body = app::ErrorBody),
    ))]
pub async fn compute(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<String>,
) -> Result<Json<Assignment>, AppError> {
    let id = parse_id(&id, "matching round")?;
    rounds::compute(&state.pool, &session.user, id, state.clock.now()).await.map(Json)
}

#[utoipa::path(put, path = "/api/v1/admin/rounds/{id}/pairs", tag = "admin", security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path)), request_body = PairsInput,
    responses(
        (status = 200, description = "The admin's pairs, scored, now the round's pairs", body = Assignment),
        (status = 403, description = "Not an admin", body = app::ErrorBody),
        (status = 404, description = "No such round", body = app::ErrorBody),
        (status = 409, description = "The round was published", body = app::ErrorBody),
        (status = 422, description = "A pair that may not be made, a mentee twice, or a mentor over their free places", body = app::ErrorBody),
    ))]
pub async fn set_pairs(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<PairsInput>,
) -> Result<Json<Assignment>, AppError> {
    let id = parse_id(&id, "matching round")?;
    rounds::set_pairs(&state.pool, &session.user, id, &input.pairs, state.clock.now()).await.map(Json)
}

#[utoipa::path(post, path = "/api/v1/admin/rounds/{id}/publish", tag = "admin", security(("bearer" = [])), params(("id" = uuid::Uuid, Path)),
    responses(
        (status = 200, description = "Each pair sent as a request from the programme (mentor and mentee notified; recorded in the audit log)", body = Published),
        (status = 403, description = "Not an admin", body = app::ErrorBody),
        (status = 404, description = "No such round", body = app::ErrorBody),
        (status = 409, description = "Already published, or no pairs to publish", body = app::ErrorBody),
    ))]
pub async fn publish(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<String>,
) -> Result<Json<Published>, AppError> {
    let id = parse_id(&id, "matching round")?;
    rounds::publish(&state.pool, &session.user, id, state.clock.now()).await.map(Json)
}
