//! The Mentorship Pairing Platform as one Leptos library: shared types, server functions and pages
//! for every feature, with the server-only parts (database, services, auth) behind `ssr`.
#![recursion_limit = "256"]

pub mod account;
pub mod admin;
pub mod auth;
pub mod availability;
#[cfg(feature = "ssr")]
pub mod clock;
pub mod directory;
pub mod error;
pub mod feedback;
pub mod listing;
pub mod mail;
pub mod matching;
pub mod notifications;
#[cfg(feature = "ssr")]
pub mod openapi_schema;
pub mod pagination;
pub mod profiles;
pub mod requests;
#[cfg(feature = "ssr")]
pub mod security;
pub mod sessions;
pub mod text;
pub mod time_display;
pub mod ui;
pub mod url;
pub mod whole_number;

#[cfg(feature = "ssr")]
pub mod state;
#[cfg(all(test, feature = "ssr"))]
pub mod test_support;

pub use error::{AppError, FieldErrors};
#[cfg(feature = "ssr")]
pub use error::{ErrorBody, ErrorDetail};
pub use ui::app::{App, shell};
