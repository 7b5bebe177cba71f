//! Configuration from the environment (and `.env`, when present). Every variable is documented in
//! `.env.example`.

use std::net::SocketAddr;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppEnv {
    /// Local development: a missing JWT secret is replaced by a random one per start.
    Dev,
    Production,
}

#[derive(Clone)]
pub struct Config {
    pub database_url: String,
    pub jwt_secret: Vec<u8>,
    pub app_env: AppEnv,
    pub bind: SocketAddr,
    /// Where users reach the app; an `https://` URL makes the session cookie `Secure`.
    pub public_url: String,
    pub token_ttl_hours: i64,
    pub site_root: String,
    pub db_max_connections: u32,
    /// `TEST_CLOCK=1` (dev mode only): mount `PUT /__test/clock` so end-to-end tests can move the
    /// application clock, e.g. past a session's end to rate it.
    pub test_clock: bool,
}

pub const MIN_SECRET_BYTES: usize = 32;

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

impl Config {
    pub fn from_env() -> Result<Self, String> {
        let app_env = match var("APP_ENV").as_deref().map(str::to_ascii_lowercase).as_deref() {
            None | Some("production") | Some("prod") => AppEnv::Production,
            Some("dev") | Some("development") => AppEnv::Dev,
            Some(other) => return Err(format!("APP_ENV must be `dev` or `production`, not `{other}`")),
        };
        let database_url = var("DATABASE_URL")
            .ok_or("DATABASE_URL is not set (e.g. postgres://user@127.0.0.1:5432/mentorship)")?;
        let jwt_secret = match (var("JWT_SECRET"), app_env) {
            (Some(secret), _) if secret.len() >= MIN_SECRET_BYTES => secret.into_bytes(),
            (Some(_), AppEnv::Production) | (None, AppEnv::Production) => {
                return Err(format!(
                    "JWT_SECRET must be set to at least {MIN_SECRET_BYTES} bytes outside dev mode \
                     (generate one with `openssl rand -hex 32`)"
                ));
            }
            (Some(secret), AppEnv::Dev) => {
                tracing::warn!("JWT_SECRET is shorter than {MIN_SECRET_BYTES} bytes; accepted in dev mode only");
                secret.into_bytes()
            }
            (None, AppEnv::Dev) => {
                tracing::warn!("JWT_SECRET is not set; using a random secret, so logins end at restart");
                rand::random::<[u8; 32]>().to_vec()
            }
        };
        let bind = var("LEPTOS_SITE_ADDR")
            .or_else(|| var("BIND_ADDR"))
            .unwrap_or_else(|| "127.0.0.1:3000".into());
        let bind: SocketAddr =
            bind.parse().map_err(|_| format!("BIND_ADDR `{bind}` is not an address like 127.0.0.1:3000"))?;
        let public_url = var("PUBLIC_URL").unwrap_or_else(|| format!("http://{bind}"));
        let token_ttl_hours: i64 = parse_number("TOKEN_TTL_HOURS", 24 * 7)?;
        if !(1..=24 * 366).contains(&token_ttl_hours) {
            return Err(format!("TOKEN_TTL_HOURS must be between 1 and {}, not {token_ttl_hours}", 24 * 366));
        }
        let db_max_connections = parse_number("DATABASE_MAX_CONNECTIONS", 20)?;
        let test_clock = matches!(var("TEST_CLOCK").as_deref(), Some("1") | Some("true"));
        if test_clock && app_env == AppEnv::Production {
            return Err("TEST_CLOCK lets anyone move the application clock; it is refused outside APP_ENV=dev".into());
        }
        let site_root = var("LEPTOS_SITE_ROOT").unwrap_or_else(|| "target/site".into());
        Ok(Self {
            database_url,
            jwt_secret,
            app_env,
            bind,
            public_url,
            token_ttl_hours,
            site_root,
            db_max_connections,
            test_clock,
        })
    }

    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}

fn parse_number<T: std::str::FromStr>(name: &str, default: T) -> Result<T, String> {
    match var(name) {
        None => Ok(default),
        Some(raw) => raw.trim().parse().map_err(|_| format!("{name} must be a positive number, not `{raw}`")),
    }
}
