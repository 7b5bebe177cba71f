//! The server: configuration, the operator CLI's commands, the HTTP router (web app, JSON API,
//! health checks) and its middleware. Feature rules live in the `app` crate's services.

pub mod api;
pub mod assets;
pub mod backup;
pub mod cli;
pub mod config;
pub mod db_url;
pub mod demo;
pub mod mail_worker;
pub mod page_policy;
pub mod router;
pub mod unavailable;
