//! Schemas for the OpenAPI document that the derive macros cannot infer: value lists the server
//! checks by hand (the sign-up roles, an IANA zone), a date-or-instant. Query words that are
//! enums (status, scope, sort, …) need nothing here: they are deserialised as the enums, whose
//! derived schemas list the same words. It depends on no feature; schemas built from a
//! feature's own constants live with that feature.
//! Every rule written here is one the server enforces, and the other way round — API clients
//! generate code and validation from this document.

use utoipa::openapi::ObjectBuilder;
use utoipa::openapi::schema::{Object, OneOfBuilder, Schema, Type};

/// Text without control characters (Unicode's Cc: U+0000–U+001F and U+007F–U+009F).
pub const NO_CONTROL_CHARACTERS: &str = r"^[^\x00-\x1f\x7f-\x9f]*$";

/// The roles one can sign up with (nobody signs up as an admin).
pub const SIGNUP_ROLES: &[&str] = &["mentor", "mentee"];

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
