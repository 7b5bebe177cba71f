//! Password policy and Argon2id hashing with bounded memory.
//!
//! One Argon2id computation needs 19 MiB of working memory. Allocating it per call lets a burst of
//! logins take gigabytes (every blocking-pool thread keeps its own freed arena), so the hasher
//! owns a fixed set of pre-allocated work areas: at most `concurrency` computations run at once,
//! each in one of those areas, and callers beyond that wait in line until a deadline, after which
//! they get a 503 with `Retry-After` instead of piling up. The computation itself runs on tokio's
//! blocking pool so no async worker stalls for the tens of milliseconds one hash takes.

use std::collections::HashSet;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use argon2::password_hash::{Output, ParamsString, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::error::AppError;

pub const MIN_CHARS: usize = 8;
pub const MAX_CHARS: usize = 128;

/// OWASP's recommended Argon2id setting: 19 MiB of memory, 2 passes, 1 lane.
fn params() -> Params {
    Params::new(19 * 1024, 2, 1, Some(32)).expect("valid Argon2 parameters")
}

/// How many hashes may run at once, and how long a caller may wait for its turn.
#[derive(Debug, Clone, Copy)]
pub struct HasherLimits {
    pub concurrency: usize,
    pub queue_timeout: Duration,
}

impl Default for HasherLimits {
    /// One computation per core: more would only make each one slower and use more memory.
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
        Self { concurrency: cores, queue_timeout: Duration::from_secs(5) }
    }
}

/// A bounded pool of Argon2id work areas.
pub struct Hasher {
    turns: Arc<Semaphore>,
    /// Work areas not in use. Holding a turn guarantees one is here (or can be made, once).
    areas: Arc<Mutex<Vec<Vec<Block>>>>,
    limits: HasherLimits,
}

/// The right to run one computation, with the work area it runs in.
pub struct HashTurn {
    _turn: OwnedSemaphorePermit,
    area: Option<Vec<Block>>,
    areas: Arc<Mutex<Vec<Vec<Block>>>>,
}

impl Drop for HashTurn {
    fn drop(&mut self) {
        if let Some(area) = self.area.take() {
            self.areas.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).push(area);
        }
    }
}

static GLOBAL: OnceLock<Hasher> = OnceLock::new();

impl Hasher {
    pub fn new(limits: HasherLimits) -> Self {
        let limits = HasherLimits { concurrency: limits.concurrency.max(1), ..limits };
        Self {
            turns: Arc::new(Semaphore::new(limits.concurrency)),
            areas: Arc::new(Mutex::new(Vec::with_capacity(limits.concurrency))),
            limits,
        }
    }

    /// Sets the process-wide hasher's limits. Only the first call counts (the server calls it
    /// once at start, before any request); returns false when the hasher was already in use.
    pub fn configure_global(limits: HasherLimits) -> bool {
        GLOBAL.set(Hasher::new(limits)).is_ok()
    }

    /// The process-wide hasher that every login, sign-up and password change shares.
    pub fn global() -> &'static Hasher {
        GLOBAL.get_or_init(|| Hasher::new(HasherLimits::default()))
    }

    pub fn limits(&self) -> HasherLimits {
        self.limits
    }

    /// Waits for a free work area, up to the queue deadline.
    pub async fn turn(&self) -> Result<HashTurn, AppError> {
        let permit = tokio::time::timeout(self.limits.queue_timeout, self.turns.clone().acquire_owned())
            .await
            .map_err(|_| {
                tracing::warn!("password hashing queue is full; asking the client to retry");
                AppError::unavailable(
                    "The server is busy signing other people in. Please try again in a few seconds.",
                    2,
                )
            })?
            .map_err(|_| AppError::Internal)?;
        let area = self.areas.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).pop();
        // The first use of each turn allocates its area; afterwards it is reused for good.
        let area = area.unwrap_or_else(|| vec![Block::default(); params().block_count()]);
        Ok(HashTurn { _turn: permit, area: Some(area), areas: self.areas.clone() })
    }

    pub async fn hash(&self, password: String) -> Result<String, AppError> {
        self.turn().await?.hash(password).await
    }

    pub async fn verify(&self, password: String, stored_hash: String) -> Result<bool, AppError> {
        self.turn().await?.verify(password, stored_hash).await
    }
}

impl HashTurn {
    /// Runs `work` on the blocking pool with this turn's work area; the turn ends with it.
    async fn run<T: Send + 'static>(
        mut self,
        work: impl FnOnce(&mut [Block]) -> T + Send + 'static,
    ) -> Result<T, AppError> {
        tokio::task::spawn_blocking(move || {
            let area = self.area.as_mut().expect("a turn always holds its area");
            work(area)
        })
        .await
        .map_err(AppError::from)
    }

    /// A PHC string (`$argon2id$v=19$m=19456,t=2,p=1$salt$hash`) for a new password.
    pub async fn hash(self, password: String) -> Result<String, AppError> {
        self.run(move |area| {
            let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
            let mut salt_bytes = [0u8; 64];
            let salt_raw = salt.decode_b64(&mut salt_bytes).map_err(internal("salt encoding"))?;
            let params = params();
            let mut out = [0u8; 32];
            Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone())
                .hash_password_into_with_memory(password.as_bytes(), salt_raw, &mut out, area)
                .map_err(internal("password hashing"))?;
            let phc = PasswordHash {
                algorithm: Algorithm::Argon2id.ident(),
                version: Some(Version::V0x13.into()),
                params: ParamsString::try_from(&params).map_err(internal("parameter encoding"))?,
                salt: Some(salt.as_salt()),
                hash: Some(Output::new(&out).map_err(internal("hash encoding"))?),
            };
            Ok(phc.to_string())
        })
        .await?
    }

    /// Whether `password` produces `stored_hash`, compared in constant time.
    pub async fn verify(self, password: String, stored_hash: String) -> Result<bool, AppError> {
        self.run(move |area| {
            let parsed = PasswordHash::new(&stored_hash).map_err(internal("reading a stored hash"))?;
            let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
                tracing::error!("stored password hash has no salt or no hash");
                return Err(AppError::Internal);
            };
            let algorithm = Algorithm::try_from(parsed.algorithm).map_err(internal("hash algorithm"))?;
            let version = match parsed.version {
                Some(v) => Version::try_from(v).map_err(internal("hash version"))?,
                None => Version::V0x13,
            };
            let params = Params::try_from(&parsed).map_err(internal("hash parameters"))?;
            let mut salt_bytes = [0u8; 64];
            let salt_raw = salt.decode_b64(&mut salt_bytes).map_err(internal("hash salt"))?;
            let mut computed = vec![0u8; expected.len()];
            let argon = Argon2::new(algorithm, version, params.clone());
            // Hashes made with other (larger) settings get a one-off area of their own size.
            let result = if params.block_count() <= area.len() {
                argon.hash_password_into_with_memory(password.as_bytes(), salt_raw, &mut computed, area)
            } else {
                argon.hash_password_into(password.as_bytes(), salt_raw, &mut computed)
            };
            result.map_err(internal("password verification"))?;
            // `Output`'s equality is constant-time.
            Ok(Output::new(&computed).map_err(internal("hash output"))? == expected)
        })
        .await?
    }
}

fn internal<E: std::fmt::Display>(what: &'static str) -> impl FnOnce(E) -> AppError {
    move |err| {
        tracing::error!(error = %err, "{what} failed");
        AppError::Internal
    }
}

fn common_passwords() -> &'static HashSet<String> {
    static LIST: OnceLock<HashSet<String>> = OnceLock::new();
    LIST.get_or_init(|| {
        include_str!("common_passwords.txt")
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .map(str::to_lowercase)
            .collect()
    })
}

/// The password rules of PRODUCT.md: 8 to 128 characters (counted as characters, not bytes, and
/// never truncated), any Unicode, not a well-known password, not the account's own email or name.
pub fn check_policy(password: &str, email: &str, name: &str) -> Result<(), String> {
    let chars = password.chars().count();
    if chars < MIN_CHARS {
        return Err(format!("Use at least {MIN_CHARS} characters."));
    }
    if chars > MAX_CHARS {
        return Err(format!("Use at most {MAX_CHARS} characters."));
    }
    let lowered = password.to_lowercase();
    if common_passwords().contains(&lowered) {
        return Err("This password is too common. Choose one that is harder to guess.".into());
    }
    let same_as = |other: &str| !other.trim().is_empty() && lowered == other.trim().to_lowercase();
    if same_as(email) || same_as(name) {
        return Err("Your password cannot be your email address or your name.".into());
    }
    Ok(())
}

pub async fn hash(password: String) -> Result<String, AppError> {
    Hasher::global().hash(password).await
}

pub async fn verify(password: String, stored_hash: String) -> Result<bool, AppError> {
    Hasher::global().verify(password, stored_hash).await
}

/// A hash of a random password, verified against when the email is unknown so that an unknown
/// email and a wrong password take the same time as well as giving the same answer.
pub async fn decoy_hash() -> Result<String, AppError> {
    static DECOY: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    DECOY
        .get_or_try_init(|| async {
            let random: [u8; 16] = rand::random();
            hash(format!("{random:x?}")).await
        })
        .await
        .cloned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_is_counted_in_characters() {
        assert!(check_policy("seven77", "a@b.co", "Ana").is_err());
        // Eight multi-byte characters pass even though they are 16+ bytes.
        assert!(check_policy("ééééççàà", "a@b.co", "Ana").is_ok());
        assert!(check_policy(&"ж".repeat(128), "a@b.co", "Ana").is_ok());
        assert!(check_policy(&"ж".repeat(129), "a@b.co", "Ana").is_err());
    }

    #[test]
    fn common_and_personal_passwords_are_refused() {
        assert!(check_policy("Password123", "a@b.co", "Ana").is_err());
        assert!(check_policy("QWERTYUIOP", "a@b.co", "Ana").is_err());
        assert!(check_policy("ana@example.org", "Ana@Example.org", "Ana").is_err());
        assert!(check_policy("Ana Lovelace", "a@b.co", "ana lovelace").is_err());
        assert!(check_policy("correct horse battery", "a@b.co", "Ana").is_ok());
    }

    #[tokio::test]
    async fn at_most_the_configured_number_of_hashes_run_and_late_callers_get_503() {
        let hasher = Hasher::new(HasherLimits { concurrency: 1, queue_timeout: Duration::from_millis(50) });
        let busy = hasher.turn().await.unwrap();
        let err = hasher.hash("a long enough passphrase".into()).await.unwrap_err();
        assert_eq!(err.status_code(), 503);
        assert!(matches!(err, AppError::Unavailable { retry_after_secs, .. } if retry_after_secs > 0));
        drop(busy);
        let hash = hasher.hash("a long enough passphrase".into()).await.unwrap();
        assert!(hasher.verify("a long enough passphrase".into(), hash).await.unwrap());
    }

    #[tokio::test]
    async fn work_areas_are_allocated_once_per_turn_and_reused() {
        let hasher = Arc::new(Hasher::new(HasherLimits { concurrency: 2, queue_timeout: Duration::from_secs(30) }));
        let tasks: Vec<_> = (0..8)
            .map(|i| {
                let hasher = hasher.clone();
                tokio::spawn(async move { hasher.hash(format!("passphrase number {i}")).await.unwrap() })
            })
            .collect();
        for task in tasks {
            task.await.unwrap();
        }
        let areas = hasher.areas.lock().unwrap();
        assert_eq!(areas.len(), 2, "eight hashes, two work areas");
        assert!(areas.iter().all(|area| area.len() == 19 * 1024));
    }

    #[tokio::test]
    async fn hashes_made_by_the_argon2_crate_itself_still_verify() {
        use argon2::password_hash::PasswordHasher as _;
        let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
        let stored = Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::new(19 * 1024, 2, 1, None).unwrap())
            .hash_password(b"an older passphrase", &salt)
            .unwrap()
            .to_string();
        assert!(verify("an older passphrase".into(), stored.clone()).await.unwrap());
        assert!(!verify("an older passphrasE".into(), stored).await.unwrap());
    }

    #[tokio::test]
    async fn hashes_verify_only_their_own_password_even_past_72_bytes() {
        // bcrypt silently ignores bytes past 72; Argon2 must not.
        let long = "x".repeat(100);
        let hash = hash(format!("{long}A")).await.unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify(format!("{long}A"), hash.clone()).await.unwrap());
        assert!(!verify(format!("{long}B"), hash).await.unwrap());
    }
}
