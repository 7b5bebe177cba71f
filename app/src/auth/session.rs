//! Who is signed in, for every page: one context provided at the root of the app, below every
//! feature's pages (which read it) and above nothing but the auth server functions.

use leptos::prelude::*;

use super::User;
use super::server_fns::{Login, Logout, Register, current_user};
use crate::error::AppError;

/// Who is signed in, and the actions that change it. Provided once at the root; anything that
/// depends on the signed-in user reads `user`, which refetches after each of the actions.
#[derive(Clone, Copy)]
pub struct Session {
    pub user: Resource<Result<Option<User>, AppError>>,
    pub login: ServerAction<Login>,
    pub register: ServerAction<Register>,
    pub logout: ServerAction<Logout>,
}

impl Session {
    pub fn provide() -> Self {
        let login = ServerAction::<Login>::new();
        let register = ServerAction::<Register>::new();
        let logout = ServerAction::<Logout>::new();
        let user = Resource::new(
            move || (login.version().get(), register.version().get(), logout.version().get()),
            |_| current_user(),
        );
        let session = Session { user, login, register, logout };
        provide_context(session);
        session
    }
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}
