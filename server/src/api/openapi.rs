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
        super::profiles::get_mine, super::profiles::put_mine, super::profiles::mentor, super::profiles::mentee, super::profiles::directory, super::profiles::suggested, super::profiles::dismiss_suggestion,
        super::requests::create, super::requests::list, super::requests::accept,
        super::requests::decline, super::requests::cancel, super::requests::mentorships,
        super::requests::end_mentorship,
        super::availability::get_mine, super::availability::put_mine, super::availability::slots,
        super::sessions::book, super::sessions::list, super::sessions::cancel, super::sessions::set_meeting_place, super::sessions::calendar,
        super::sessions::rate, super::sessions::mentor_feedback,
        super::notifications::list, super::notifications::mark_read,
        super::admin::users, super::admin::change_user, super::admin::stats, super::admin::audit,
        super::admin::requests, super::admin::mentorships, super::admin::sessions,
        super::listing::my_listing, super::listing::settings, super::listing::put_settings,
        super::listing::pending, super::listing::approve,
        super::account::forgot_password, super::account::reset_password, super::account::change_password,
        super::account::change_email, super::account::confirm_email, super::account::my_logins,
        super::account::end_login, super::account::end_other_logins, super::account::get_preferences,
        super::account::put_preferences, super::account::unsubscribe, super::account::unsubscribe_one_click,
        super::account::delete_me, super::account::export_me,
        super::admin::outbox, super::admin::send_password_reset, super::admin::delete_user,
        super::rounds::list, super::rounds::create, super::rounds::get, super::rounds::scores,
        super::rounds::exclude, super::rounds::compute, super::rounds::set_pairs, super::rounds::publish,
    ),
    components(schemas(app::ErrorBody, app::ErrorDetail, app::auth::Role)),
    modifiers(&BearerAuth, &EveryStatus),
    tags((name = "auth"), (name = "profiles"), (name = "requests"), (name = "mentorships"),
          (name = "availability"), (name = "sessions"), (name = "feedback"), (name = "notifications"), (name = "account"), (name = "admin")),
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

/// Completes every operation's list of statuses with the ones the shared machinery can answer,
/// so the document is exact without repeating them on each handler:
/// - 401 on every operation that takes a token (missing, expired, revoked, deactivated);
/// - 404 on every operation with an id in its path (unknown id, or not one's own);
/// - 400 on every operation with query parameters or a body (unreadable input), and 422 (a value
///   out of range, or a body that breaks a rule);
/// - 503 everywhere (database unreachable; for logins and sign-ups also a full hashing queue).
///
/// Statuses a handler documents itself keep their own description.
struct EveryStatus;

impl Modify for EveryStatus {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::path::ParameterIn;
        for (path, item) in openapi.paths.paths.iter_mut() {
            let operations = [&mut item.get, &mut item.put, &mut item.post, &mut item.delete, &mut item.patch];
            for operation in operations.into_iter().flatten() {
                let secured = operation.security.as_ref().is_some_and(|s| !s.is_empty());
                let params = operation.parameters.as_deref().unwrap_or_default();
                let has_query = params.iter().any(|p| matches!(p.parameter_in, ParameterIn::Query));
                let has_body = operation.request_body.is_some();
                let mut add = |status: &str, description: &str| {
                    operation
                        .responses
                        .responses
                        .entry(status.to_owned())
                        .or_insert_with(|| error_response(description));
                };
                if secured {
                    add("401", "Not signed in, or the token is expired, revoked or of a deactivated account");
                }
                if path.contains('{') {
                    add("404", "No such resource");
                }
                if has_query || has_body {
                    add("400", "The request could not be read (malformed JSON or query parameters)");
                    add(
                        "422",
                        "Well-formed, but a value breaks a rule (out of range, not allowed); `fields` says which",
                    );
                }
                add(
                    "503",
                    "Temporarily unavailable (the database cannot be reached); retry after `Retry-After` seconds",
                );
            }
        }
    }
}

fn error_response(description: &str) -> utoipa::openapi::RefOr<utoipa::openapi::Response> {
    use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
    ResponseBuilder::new()
        .description(description)
        .content("application/json", ContentBuilder::new().schema(Some(Ref::from_schema_name("ErrorBody"))).build())
        .build()
        .into()
}

pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
