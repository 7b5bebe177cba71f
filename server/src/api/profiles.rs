//! `/me/profile` and `/mentors/{id}`.

use app::AppError;
use app::profiles::{MentorPublic, MyProfile, ProfileInput, service};
use app::state::AppState;
use axum::Json;
use axum::extract::{Path, State};

use super::extract::{ApiJson, AuthUser, parse_id};

#[utoipa::path(get, path = "/api/v1/me/profile", operation_id = "get_my_profile", tag = "profiles", security(("bearer" = [])),
    responses(
        (status = 200, description = "Your account and profile", body = MyProfile),
        (status = 401, description = "Not signed in", body = app::ErrorBody),
    ))]
pub async fn get_mine(State(state): State<AppState>, AuthUser(session): AuthUser) -> Result<Json<MyProfile>, AppError> {
    service::own_profile(&state.pool, &session.user).await.map(Json)
}

#[utoipa::path(put, path = "/api/v1/me/profile", operation_id = "put_my_profile", tag = "profiles", security(("bearer" = [])),
    request_body = ProfileInput,
    responses(
        (status = 200, description = "Saved", body = MyProfile),
        (status = 401, description = "Not signed in", body = app::ErrorBody),
        (status = 422, description = "Invalid fields", body = app::ErrorBody),
    ))]
pub async fn put_mine(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
    ApiJson(input): ApiJson<ProfileInput>,
) -> Result<Json<MyProfile>, AppError> {
    service::update_own_profile(&state.pool, &session.user, input, state.clock.now()).await.map(Json)
}

#[utoipa::path(get, path = "/api/v1/mentors/{id}", tag = "profiles",
    params(("id" = uuid::Uuid, Path, description = "The mentor's user id")),
    responses(
        (status = 200, description = "A mentor's public profile", body = MentorPublic),
        (status = 404, description = "No such active mentor", body = app::ErrorBody),
    ))]
pub async fn mentor(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<MentorPublic>, AppError> {
    let id = parse_id(&id, "mentor")?;
    service::public_mentor(&state.pool, id, state.clock.now()).await.map(Json)
}

#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DirectoryParams {
    /// Free text over name, headline, bio and skills.
    #[param(pattern = r"^[^\x00]*$")]
    pub q: Option<String>,
    /// One skill tag, e.g. `rust`.
    #[param(pattern = r"^[^\x00]*$")]
    pub skill: Option<String>,
    /// `true`: only mentors accepting mentees with a free place.
    pub accepting: Option<bool>,
    /// `true`: only mentors who keep weekly bookable hours.
    pub has_hours: Option<bool>,
    #[param(schema_with = app::openapi_schema::directory_sort)]
    pub sort: Option<String>,
    /// Page number, from 1 (at most 1 000 000).
    #[param(minimum = 1, maximum = 1000000)]
    pub page: Option<u32>,
    /// Items per page, 1 to 100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<u32>,
}

#[utoipa::path(get, path = "/api/v1/mentors", tag = "profiles", params(DirectoryParams),
    responses(
        (status = 200, description = "Mentors, paginated, with the total count", body = app::pagination::Page<app::directory::MentorCard>),
        (status = 400, description = "Unknown sort or malformed parameter", body = app::ErrorBody),
    ))]
pub async fn directory(
    State(state): State<AppState>,
    super::extract::ApiQuery(params): super::extract::ApiQuery<DirectoryParams>,
) -> Result<Json<app::pagination::Page<app::directory::MentorCard>>, AppError> {
    use app::directory::{DirectoryQuery, SortOrder};
    let sort = super::extract::one_of(params.sort.as_deref(), "sort", app::openapi_schema::DIRECTORY_SORTS)?
        .and_then(SortOrder::parse)
        .unwrap_or(SortOrder::Match);
    app::pagination::PageRequest::checked(params.page, params.per_page)?;
    let query = DirectoryQuery {
        q: params.q,
        skill: params.skill,
        accepting: params.accepting.unwrap_or(false),
        has_hours: params.has_hours.unwrap_or(false),
        sort,
        page: params.page,
        per_page: params.per_page,
    };
    app::directory::service::search(&state.pool, &query).await.map(Json)
}

#[utoipa::path(get, path = "/api/v1/mentors/suggested", tag = "profiles", security(("bearer" = [])),
    responses(
        (status = 200, description = "Mentors whose skills match your goals, best first, with a reason", body = Vec<app::directory::Suggestion>),
        (status = 401, description = "Not signed in", body = app::ErrorBody),
        (status = 403, description = "Only for mentees", body = app::ErrorBody),
    ))]
pub async fn suggested(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
) -> Result<Json<Vec<app::directory::Suggestion>>, AppError> {
    app::directory::service::suggested(&state.pool, &session.user).await.map(Json)
}
