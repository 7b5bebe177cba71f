//! The OpenAPI 3 document, generated from the handlers' annotations.

use axum::Json;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(title = "Mentorship Pairing Platform API", version = "1.0.0",
         description = "Times are RFC 3339 UTC; ids are UUIDs. Errors: {\"error\": {code, message, fields}}."),
    paths(
        super::auth::register, super::auth::login, super::auth::logout, super::auth::me,
        super::profiles::get_mine, super::profiles::put_mine, super::profiles::mentor, super::profiles::directory, super::profiles::suggested,
        super::requests::create, super::requests::list, super::requests::accept,
        super::requests::decline, super::requests::cancel, super::requests::mentorships,
        super::requests::end_mentorship,
        super::availability::get_mine, super::availability::put_mine, super::availability::slots,
        super::sessions::book, super::sessions::list, super::sessions::cancel, super::sessions::calendar,
        super::sessions::rate, super::sessions::mentor_feedback,
        super::notifications::list, super::notifications::mark_read,
        super::admin::users, super::admin::change_user, super::admin::stats, super::admin::audit,
        super::admin::requests, super::admin::mentorships, super::admin::sessions,
    ),
    components(schemas(app::ErrorBody, app::ErrorDetail, app::auth::Role)),
    modifiers(&BearerAuth),
    tags((name = "auth"), (name = "profiles"), (name = "requests"), (name = "mentorships"),
          (name = "availability"), (name = "sessions"), (name = "feedback"), (name = "notifications"), (name = "admin")),
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("JWT").build()),
        );
    }
}

pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
