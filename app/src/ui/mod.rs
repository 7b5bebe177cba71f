//! The application shell, navigation, shared form pieces and the landing page.

pub mod app;
pub mod avatar;
pub mod forms;
pub mod home;
pub mod pager;
pub mod timezone;
pub mod zone;
