//! Password policy and Argon2id hashing.
//!
//! Hashing is deliberately slow, so it runs on tokio's blocking pool: an async worker never
//! stalls for the ~tens of milliseconds one hash takes.

use std::collections::HashSet;
use std::sync::OnceLock;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

use crate::error::AppError;

pub const MIN_CHARS: usize = 8;
pub const MAX_CHARS: usize = 128;

/// OWASP's recommended Argon2id setting: 19 MiB of memory, 2 passes, 1 lane.
fn hasher() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("valid Argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
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
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
        hasher()
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(|err| {
                tracing::error!(error = %err, "password hashing failed");
                AppError::Internal
            })
    })
    .await?
}

pub async fn verify(password: String, stored_hash: String) -> Result<bool, AppError> {
    tokio::task::spawn_blocking(move || {
        let parsed = PasswordHash::new(&stored_hash).map_err(|err| {
            tracing::error!(error = %err, "stored password hash is unreadable");
            AppError::Internal
        })?;
        Ok(hasher().verify_password(password.as_bytes(), &parsed).is_ok())
    })
    .await?
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
    async fn hashes_verify_only_their_own_password_even_past_72_bytes() {
        // bcrypt silently ignores bytes past 72; Argon2 must not.
        let long = "x".repeat(100);
        let hash = hash(format!("{long}A")).await.unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify(format!("{long}A"), hash.clone()).await.unwrap());
        assert!(!verify(format!("{long}B"), hash).await.unwrap());
    }
}
