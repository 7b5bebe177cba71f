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
        Self { encoding: EncodingKey::from_secret(secret), decoding: DecodingKey::from_secret(secret), validation }
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
    fn an_expired_token_is_refused() {
        let keys = TokenKeys::new(b"0123456789abcdef0123456789abcdef");
        let past = Utc::now() - chrono::Duration::hours(2);
        let token = keys.issue(Uuid::new_v4(), Uuid::new_v4(), past, past + chrono::Duration::minutes(5)).unwrap();
        let err = keys.verify(&token, Utc::now()).unwrap_err();
        assert!(err.to_string().contains("expired"), "{err}");
    }
}
