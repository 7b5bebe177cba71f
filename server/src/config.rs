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
    /// Reverse proxies (CIDR list) whose `X-Forwarded-For` is believed; none by default.
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// Password hashes computed at once, and how long a login may wait for its turn.
    pub hasher: app::auth::password::HasherLimits,
    /// How long a request waits for a database connection before answering 503.
    pub db_acquire_timeout: std::time::Duration,
    /// `SMTP_URL`: where mail goes. Unset: mail stays in the outbox for admins to read.
    pub smtp_url: Option<String>,
    /// `MAIL_FROM`: the sender of every mail.
    pub mail_from: String,
    /// How often the mail worker looks for due mail.
    pub mail_poll_interval: std::time::Duration,
}

pub const DEFAULT_MAIL_FROM: &str = "Mentorship Pairing Platform <no-reply@localhost>";

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
        let database_url =
            var("DATABASE_URL").ok_or("DATABASE_URL is not set (e.g. postgres://user@127.0.0.1:5432/mentorship)")?;
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
        let bind = var("LEPTOS_SITE_ADDR").or_else(|| var("BIND_ADDR")).unwrap_or_else(|| "127.0.0.1:3000".into());
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
        let trusted_proxies = match var("TRUSTED_PROXIES") {
            None => Vec::new(),
            Some(list) => parse_networks(&list)?,
        };
        let default_hasher = app::auth::password::HasherLimits::default();
        let hash_concurrency: usize = parse_number("PASSWORD_HASH_CONCURRENCY", default_hasher.concurrency)?;
        if !(1..=256).contains(&hash_concurrency) {
            return Err(format!("PASSWORD_HASH_CONCURRENCY must be between 1 and 256, not {hash_concurrency}"));
        }
        let hash_queue_ms: u64 =
            parse_number("PASSWORD_HASH_QUEUE_TIMEOUT_MS", default_hasher.queue_timeout.as_millis() as u64)?;
        let acquire_secs: u64 = parse_number("DATABASE_ACQUIRE_TIMEOUT_SECS", 3)?;
        if !(1..=60).contains(&acquire_secs) {
            return Err(format!("DATABASE_ACQUIRE_TIMEOUT_SECS must be between 1 and 60, not {acquire_secs}"));
        }
        let mail_poll_ms: u64 = parse_number("MAIL_POLL_INTERVAL_MS", 1000)?;
        if !(50..=600_000).contains(&mail_poll_ms) {
            return Err(format!("MAIL_POLL_INTERVAL_MS must be between 50 and 600000, not {mail_poll_ms}"));
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
            trusted_proxies,
            hasher: app::auth::password::HasherLimits {
                concurrency: hash_concurrency,
                queue_timeout: std::time::Duration::from_millis(hash_queue_ms),
            },
            db_acquire_timeout: std::time::Duration::from_secs(acquire_secs),
            smtp_url: var("SMTP_URL"),
            mail_from: var("MAIL_FROM").unwrap_or_else(|| DEFAULT_MAIL_FROM.to_owned()),
            mail_poll_interval: std::time::Duration::from_millis(mail_poll_ms),
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

/// `TRUSTED_PROXIES`: comma- or space-separated networks (`10.0.0.0/8`) or single addresses.
fn parse_networks(list: &str) -> Result<Vec<ipnet::IpNet>, String> {
    list.split([',', ' '])
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(|item| {
            item.parse::<ipnet::IpNet>()
                .or_else(|_| item.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
                .map_err(|_| format!("TRUSTED_PROXIES: `{item}` is not an address or a network like 10.0.0.0/8"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn trusted_proxies_accept_networks_and_single_addresses() {
        let nets = super::parse_networks("10.0.0.0/8, 127.0.0.1 ::1").unwrap();
        assert_eq!(nets.len(), 3);
        assert!(nets[0].contains(&"10.1.2.3".parse::<std::net::IpAddr>().unwrap()));
        assert!(super::parse_networks("10.0.0.0/33").is_err());
        assert!(super::parse_networks("proxy.local").is_err());
    }
}
