//! What every mail needs from the deployment: where links point (`PUBLIC_URL`), the app's name,
//! and the key that signs unsubscribe links. Set once at start (`configure`); mail is composed
//! deep inside services (in the transaction of its event), which should not carry it around.

use std::sync::OnceLock;

use crate::auth::token::TokenKeys;

pub const APP_NAME: &str = "Mentorship Pairing Platform";

pub struct MailSettings {
    /// `PUBLIC_URL` without a trailing slash.
    pub public_url: String,
    /// Signs and checks unsubscribe tokens (the JWT secret, used for a purpose of its own).
    pub keys: TokenKeys,
}

static SETTINGS: OnceLock<MailSettings> = OnceLock::new();

/// Sets the process's mail settings; the first call wins (tests build many routers with the
/// same settings in one process).
pub fn configure(public_url: &str, secret: &[u8]) {
    let _ = SETTINGS
        .set(MailSettings { public_url: public_url.trim_end_matches('/').to_owned(), keys: TokenKeys::new(secret) });
}

/// The configured settings; unconfigured (service tests), links point at the default address
/// and unsubscribe tokens are signed with a key of this process.
pub fn get() -> &'static MailSettings {
    SETTINGS.get_or_init(|| MailSettings {
        public_url: "http://127.0.0.1:3000".to_owned(),
        keys: TokenKeys::new(&rand::random::<[u8; 32]>()),
    })
}

impl MailSettings {
    /// An absolute link to `path` (which starts with `/`).
    pub fn link(&self, path: &str) -> String {
        format!("{}{path}", self.public_url)
    }
}
