//! Who is signed in, for every page: one context provided at the root of the app, below every
//! feature's pages (which read it) and above nothing but the auth server functions.

use leptos::prelude::*;

use super::User;
use super::server_fns::{Logout, current_user};
use crate::error::AppError;

/// Who is signed in, for the page being rendered, and the log-out action of the navigation.
/// Provided once at the root. Pages render on the server only: logging in, signing up or out
/// loads the next page, which asks again.
#[derive(Clone, Copy)]
pub struct Session {
    pub user: Resource<Result<Option<User>, AppError>>,
    pub logout: ServerAction<Logout>,
}

impl Session {
    pub fn provide() -> Self {
        let session = Session { user: Resource::new(|| (), |_| current_user()), logout: ServerAction::<Logout>::new() };
        provide_context(session);
        session
    }
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}
