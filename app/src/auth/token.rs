//! Signed session tokens (HS256 JWT). A token names a login session row; the row, not the token,
//! decides whether the session is still alive, so logout and deactivation act immediately.

use chrono::{DateTime, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation, decode, encode};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::AppError;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    /// The user id.
    pub sub: Uuid,
    /// The login session id (row in `login_sessions`).
    pub sid: Uuid,
    pub iat: i64,
    pub exp: i64,
}

pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    /// The same secret, for signing short texts the app sends itself through a URL.
    secret: Vec<u8>,
}

impl TokenKeys {
    pub fn new(secret: &[u8]) -> Self {
        // Only HS256 is accepted: a token whose header names another algorithm (including
        // `none`) fails validation before its signature is even considered.
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 0;
        validation.set_required_spec_claims(&["exp", "sub"]);
        // Expiry is checked against the application clock in `verify`, like every other rule
        // that depends on "now", not against the system clock inside the library.
        validation.validate_exp = false;
        Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
            secret: secret.to_vec(),
        }
    }

    /// A signature (HMAC-SHA256, 128 bits, hex) of `text` for `purpose`, so text the app puts in
    /// a URL for itself can be told apart from text someone else wrote into a link.
    pub fn sign_text(&self, purpose: &str, text: &str) -> String {
        use hmac::Mac;
        self.text_mac(purpose, text).finalize().into_bytes()[..16].iter().map(|byte| format!("{byte:02x}")).collect()
    }

    /// Whether `signature` is `sign_text(purpose, text)`, compared in constant time.
    pub fn verify_text(&self, purpose: &str, text: &str, signature: &str) -> bool {
        use hmac::Mac;
        let bytes: Option<Vec<u8>> = (signature.len() == 32)
            .then(|| (0..32).step_by(2).map(|i| u8::from_str_radix(signature.get(i..i + 2)?, 16).ok()).collect())
            .flatten();
        bytes.is_some_and(|bytes| self.text_mac(purpose, text).verify_truncated_left(&bytes).is_ok())
    }

    fn text_mac(&self, purpose: &str, text: &str) -> hmac::Hmac<sha2::Sha256> {
        use hmac::Mac;
        let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(&self.secret).expect("HMAC takes keys of any length");
        mac.update(purpose.as_bytes());
        mac.update(&[0]);
        mac.update(text.as_bytes());
        mac
    }

    pub fn issue(
        &self,
        user_id: Uuid,
        session_id: Uuid,
        issued_at: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Result<String, AppError> {
        let claims = Claims { sub: user_id, sid: session_id, iat: issued_at.timestamp(), exp: expires_at.timestamp() };
        encode(&Header::new(Algorithm::HS256), &claims, &self.encoding).map_err(|err| {
            tracing::error!(error = %err, "could not sign a token");
            AppError::Internal
        })
    }

    /// Checks signature, algorithm and expiry (at `now`). Whether the session is still open is
    /// the database's call (see `service::authenticate`).
    pub fn verify(&self, token: &str, now: DateTime<Utc>) -> Result<Claims, AppError> {
        let claims = decode::<Claims>(token, &self.decoding, &self.validation)
            .map(|data| data.claims)
            .map_err(|_| AppError::unauthorized("Your session is not valid. Please log in again."))?;
        if claims.exp <= now.timestamp() {
            return Err(AppError::unauthorized("Your session has expired. Please log in again."));
        }
        Ok(claims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_round_trips_and_a_foreign_key_is_refused() {
        let keys = TokenKeys::new(b"0123456789abcdef0123456789abcdef");
        let now = Utc::now();
        let token = keys.issue(Uuid::new_v4(), Uuid::new_v4(), now, now + chrono::Duration::hours(1)).unwrap();
        assert!(keys.verify(&token, Utc::now()).is_ok());
        let other = TokenKeys::new(b"another-secret-another-secret-xx");
        assert!(matches!(other.verify(&token, Utc::now()), Err(AppError::Unauthorized { .. })));
    }

    #[test]
    fn signed_texts_verify_only_unchanged_and_with_the_same_key_and_purpose() {
        let keys = TokenKeys::new(b"0123456789abcdef0123456789abcdef");
        let signature = keys.sign_text("form-error", "Too late.");
        assert_eq!(signature.len(), 32);
        assert!(keys.verify_text("form-error", "Too late.", &signature));
        assert!(!keys.verify_text("form-error", "Call us now.", &signature));
        assert!(!keys.verify_text("other", "Too late.", &signature));
        assert!(!keys.verify_text("form-error", "Too late.", "00"));
        assert!(!keys.verify_text("form-error", "Too late.", &"zz".repeat(16)));
        let other = TokenKeys::new(b"another-secret-another-secret-xx");
        assert!(!other.verify_text("form-error", "Too late.", &signature));
    }

    #[test]
    fn an_expired_token_is_refused() {
        let keys = TokenKeys::new(b"0123456789abcdef0123456789abcdef");
        let past = Utc::now() - chrono::Duration::hours(2);
        let token = keys.issue(Uuid::new_v4(), Uuid::new_v4(), past, past + chrono::Duration::minutes(5)).unwrap();
        let err = keys.verify(&token, Utc::now()).unwrap_err();
        assert!(err.to_string().contains("expired"), "{err}");
    }
}
