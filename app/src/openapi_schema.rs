//! Schemas for the OpenAPI document that the derive macros cannot infer: value lists the server
//! checks by hand (a string that must be one of a few words, an IANA zone). It depends on no
//! feature; schemas built from a feature's own constants live with that feature.
//! Every rule written here is one the server enforces, and the other way round — API clients
//! generate code and validation from this document.

use utoipa::openapi::ObjectBuilder;
use utoipa::openapi::schema::{Object, OneOfBuilder, Schema, Type};

/// Text without control characters (Unicode's Cc: U+0000–U+001F and U+007F–U+009F).
pub const NO_CONTROL_CHARACTERS: &str = r"^[^\x00-\x1f\x7f-\x9f]*$";

/// The words each query parameter takes. The API handlers check against these same lists, so
/// the document and the server cannot disagree about them.
pub const SIGNUP_ROLES: &[&str] = &["mentor", "mentee"];
pub const ROLES: &[&str] = &["mentee", "mentor", "admin"];
pub const REQUEST_DIRECTIONS: &[&str] = &["incoming", "outgoing"];
pub const REQUEST_STATUSES: &[&str] = &["pending", "accepted", "declined", "cancelled"];
pub const SESSION_SCOPES: &[&str] = &["upcoming", "past"];
pub const DIRECTORY_SORTS: &[&str] = &["match", "rating", "newest", "name"];

fn one_of_strings(values: &[&str], description: &str) -> Object {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(values.iter().copied()))
        .description(Some(description))
        .build()
}

/// Every IANA time zone name the server knows (exact spelling, as in `Europe/Berlin`).
pub fn timezone() -> Object {
    let names: Vec<&str> = chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name()).collect();
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(names))
        .description(Some("An IANA time zone, e.g. `Europe/Berlin`."))
        .build()
}

pub fn signup_role() -> Object {
    one_of_strings(SIGNUP_ROLES, "`mentor` or `mentee`; nobody signs up as an admin.")
}

pub fn any_role() -> Object {
    one_of_strings(ROLES, "Only users with this role.")
}

pub fn request_direction() -> Object {
    one_of_strings(
        REQUEST_DIRECTIONS,
        "`incoming` (requests to you, as a mentor) or `outgoing` (yours, as a mentee). Defaults to the side that fits your role.",
    )
}

pub fn request_status() -> Object {
    one_of_strings(REQUEST_STATUSES, "Only requests in this status.")
}

pub fn session_scope() -> Object {
    one_of_strings(
        SESSION_SCOPES,
        "`upcoming` (default: not yet ended, soonest first) or `past` (ended, latest first).",
    )
}

pub fn directory_sort() -> Object {
    one_of_strings(DIRECTORY_SORTS, "`match` (default), `rating`, `newest` or `name`.")
}

/// A date (`YYYY-MM-DD`, midnight UTC) or an RFC 3339 instant.
pub fn date_or_instant() -> Schema {
    let date = ObjectBuilder::new()
        .schema_type(Type::String)
        .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(utoipa::openapi::KnownFormat::Date)));
    let instant = ObjectBuilder::new()
        .schema_type(Type::String)
        .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(utoipa::openapi::KnownFormat::DateTime)));
    Schema::OneOf(
        OneOfBuilder::new()
            .item(date)
            .item(instant)
            .description(Some("A date `YYYY-MM-DD` (midnight UTC) or an RFC 3339 instant."))
            .build(),
    )
}
