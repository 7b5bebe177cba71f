//! Account rules against the database: registration, login with failed-attempt limits, logout,
//! and turning a token into the user it belongs to, checked fresh on every request.

use chrono::{DateTime, Utc};
use sqlx::PgPool;
use uuid::Uuid;

use super::validate::{DisplayName, Email};
use super::{Role, User, login_limits, password};
use std::str::FromStr;

use crate::clock::Clock;
use crate::error::{AppError, FieldErrors, OnConstraint};
use crate::state::AuthSettings;

const BAD_CREDENTIALS: &str = "Email or password is incorrect.";

pub struct NewAccount {
    pub email: String,
    pub password: String,
    pub name: String,
    /// As typed by the client; only `mentor` and `mentee` are accepted here.
    pub role: String,
    /// The profile's IANA time zone to start with (a browser's); UTC when left out.
    pub timezone: Option<String>,
}

/// Registers a mentor or mentee. Nobody can register as admin: admins come from the
/// `create-admin` command or from another admin's promotion. `now` (the app clock) is when the
/// account and its profile were created.
pub async fn register(pool: &PgPool, input: NewAccount, now: DateTime<Utc>) -> Result<User, AppError> {
    let role = match Role::parse(&input.role) {
        Some(role @ (Role::Mentor | Role::Mentee)) => Some(role),
        _ => None,
    };
    let mut fields = FieldErrors::new();
    if role.is_none() {
        fields.insert("role".into(), "Choose whether you join as a mentor or a mentee.".into());
    }
    create_user(pool, &input, role, fields, now).await
}

/// Creates an administrator account (operator CLI only).
pub async fn create_admin(
    pool: &PgPool,
    email: &str,
    name: &str,
    password: &str,
    now: DateTime<Utc>,
) -> Result<User, AppError> {
    let account = NewAccount {
        email: email.to_owned(),
        password: password.to_owned(),
        name: name.to_owned(),
        role: Role::Admin.as_str().to_owned(),
        timezone: None,
    };
    create_user(pool, &account, Some(Role::Admin), FieldErrors::new(), now).await
}

/// Checks every field of `account` (collecting each problem in `fields`), then creates the user
/// and their profile. `role` is the account's role as the caller allows it (`None`: refused).
async fn create_user(
    pool: &PgPool,
    account: &NewAccount,
    role: Option<Role>,
    mut fields: FieldErrors,
    now: DateTime<Utc>,
) -> Result<User, AppError> {
    let password = account.password.as_str();
    // Exactly an IANA name, as the API schema lists them (forms fix the letter case first).
    let timezone = account.timezone.as_deref().unwrap_or("UTC");
    if chrono_tz::Tz::from_str(timezone).is_err() {
        fields.insert("timezone".into(), crate::profiles::validate::UNKNOWN_ZONE.into());
    }
    let email = Email::parse(&account.email).map_err(|msg| fields.insert("email".into(), msg)).ok();
    let name = DisplayName::parse(&account.name).map_err(|msg| fields.insert("name".into(), msg)).ok();
    if let Err(msg) = password::check_policy(
        password,
        email.as_ref().map_or("", Email::as_str),
        name.as_ref().map_or("", DisplayName::as_str),
    ) {
        fields.insert("password".into(), msg);
    }
    let (Some(email), Some(name), Some(role), true) = (email, name, role, fields.is_empty()) else {
        return Err(AppError::invalid_fields(fields));
    };

    let password_hash = password::hash(password.to_owned()).await?;
    let mut tx = pool.begin().await?;
    let user = sqlx::query_as!(
        User,
        r#"INSERT INTO users (email, password_hash, name, role, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $5)
           RETURNING id, email, name, role AS "role: Role", active, created_at"#,
        email.as_str(),
        password_hash,
        name.as_str(),
        role as Role,
        now,
    )
    .fetch_one(&mut *tx)
    .await
    .on_constraint("users_email_lower_key", || {
        AppError::conflict_on("email", "An account with this email already exists.")
    })?;
    // A new mentor waits for an admin's approval when the programme asks for it.
    sqlx::query!(
        "INSERT INTO profiles (user_id, updated_at, awaiting_approval, timezone)
         SELECT $1, $2, $3 AND require_mentor_approval, $4 FROM programme_settings",
        user.id,
        now,
        role == Role::Mentor,
        timezone,
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    tracing::info!(user_id = %user.id, role = role.as_str(), "account created");
    Ok(user)
}

/// Whether `user_id` has a login session other than `current` (ended or not).
pub async fn signed_in_before(pool: &PgPool, user_id: Uuid, current: Uuid) -> Result<bool, AppError> {
    let before = sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM login_sessions WHERE user_id = $1 AND id <> $2) AS "before!""#,
        user_id,
        current
    )
    .fetch_one(pool)
    .await?;
    Ok(before)
}

/// A token and the user it was issued to.
#[derive(Debug, Clone)]
pub struct IssuedLogin {
    pub token: String,
    pub user: User,
    pub session_id: Uuid,
    pub expires_at: DateTime<Utc>,
    /// Proof, for later logins, that this device has signed in to this account before (see
    /// `login_limits`): kept by the browser as a cookie, by API clients as they see fit.
    pub device_token: String,
}

/// How long a device stays recognised after its last successful login.
pub const DEVICE_TOKEN_DAYS: i64 = 365;

/// Where a login comes from: used for the per-address limit and recorded on the session.
#[derive(Debug, Clone, Default)]
pub struct ClientInfo {
    pub ip: String,
    pub user_agent: Option<String>,
    /// A device token from an earlier login, if the client sent one.
    pub device_token: Option<String>,
}

/// Signs in with email and password, within the limits of [`login_limits`].
pub async fn login(
    pool: &PgPool,
    settings: &AuthSettings,
    clock: &Clock,
    email: &str,
    password: &str,
    client: &ClientInfo,
) -> Result<IssuedLogin, AppError> {
    let email = email.trim();
    if email.is_empty() || password.is_empty() {
        let mut fields = FieldErrors::new();
        if email.is_empty() {
            fields.insert("email".into(), "Enter your email address.".into());
        }
        if password.is_empty() {
            fields.insert("password".into(), "Enter your password.".into());
        }
        return Err(AppError::invalid_fields(fields));
    }
    if email.contains('\0') {
        // No account can have it (PostgreSQL text cannot hold NUL), so saying "wrong" at once
        // reveals nothing, and costs no hash an attacker could use to fill the hashing queue.
        return Err(AppError::unauthorized(BAD_CREDENTIALS));
    }
    // Case-folding happens in PostgreSQL, exactly as for the unique index, and the limits are
    // kept under PostgreSQL's folding too: every spelling that opens an account (`İ` and `i`,
    // say, which Rust and glibc fold differently) then shares that account's counters.
    let email_lower = sqlx::query_scalar!(r#"SELECT lower($1::text) AS "lower!""#, email).fetch_one(pool).await?;
    let found = sqlx::query!(
        r#"SELECT id, email, name, role AS "role: Role", active, created_at, password_hash
           FROM users WHERE lower(email) = $1 AND deleted_at IS NULL"#,
        email_lower,
    )
    .fetch_optional(pool)
    .await?
    .map(|row| UserWithHash {
        user: User {
            id: row.id,
            email: row.email,
            name: row.name,
            role: row.role,
            active: row.active,
            created_at: row.created_at,
        },
        password_hash: row.password_hash,
    });
    // Unknown email and wrong password are indistinguishable: same message, same work.
    let stored_hash = match &found {
        Some(row) => row.password_hash.clone(),
        None => password::decoy_hash().await?,
    };

    // A device that has signed in to this very account before is the member's own: it is
    // spared the limits that guessing elsewhere (or by someone else behind the same address)
    // runs up, and counts its own wrong guesses apart from its address's.
    let device = found.as_ref().and_then(|row| recognised_device(settings, clock, row.user.id, client));
    let (address, trusted) = match device {
        Some(device) => (device, true),
        None => (login_limits::address_key(&client.ip), false),
    };
    // A cheap look first, so a flood of refused attempts never queues for the hasher; then a
    // hasher turn and a reservation together (see `reserve_with_turn`).
    login_limits::check(pool, clock, &email_lower, &address, trusted).await?;
    let (turn, reservation) = login_limits::reserve_with_turn(pool, clock, &email_lower, &address, trusted).await?;
    let matches = turn.verify(password.to_owned(), stored_hash).await?;

    let Some(user) = found.map(|row| row.user).filter(|_| matches) else {
        login_limits::failed(pool, clock, reservation).await?;
        return Err(AppError::unauthorized(BAD_CREDENTIALS));
    };
    login_limits::succeeded(pool, reservation).await?;
    if !user.active {
        return Err(AppError::forbidden("This account has been deactivated. Contact the programme's administrators."));
    }
    start_session(pool, settings, clock, user, client).await
}

/// The limit key of the client's device, if it carries a valid device token for `user_id`.
fn recognised_device(settings: &AuthSettings, clock: &Clock, user_id: Uuid, client: &ClientInfo) -> Option<String> {
    let claims = settings.keys.verify(client.device_token.as_deref()?, clock.now()).ok()?;
    // Device tokens name no login session (nil); a session token is not one.
    (claims.sub == user_id && claims.sid.is_nil()).then(|| format!("device:{}:{}", claims.sub, claims.iat))
}

struct UserWithHash {
    user: User,
    password_hash: String,
}

/// Opens a login session for `user` and signs a token naming it.
pub async fn start_session(
    pool: &PgPool,
    settings: &AuthSettings,
    clock: &Clock,
    user: User,
    client: &ClientInfo,
) -> Result<IssuedLogin, AppError> {
    let issued_at = clock.now();
    let expires_at = issued_at + settings.token_ttl;
    let session_id = sqlx::query_scalar!(
        "INSERT INTO login_sessions (user_id, expires_at, user_agent, ip, created_at, last_seen_at, address_key)
         VALUES ($1, $2, $3, $4, $5, $5, $6) RETURNING id",
        user.id,
        expires_at,
        client.user_agent.as_deref().map(|ua| ua.chars().take(300).collect::<String>()),
        client.ip,
        issued_at,
        login_limits::address_key(&client.ip),
    )
    .fetch_one(pool)
    .await?;
    let token = settings.keys.issue(user.id, session_id, issued_at, expires_at)?;
    let device_token =
        settings.keys.issue(user.id, Uuid::nil(), issued_at, issued_at + chrono::Duration::days(DEVICE_TOKEN_DAYS))?;
    Ok(IssuedLogin { token, user, session_id, expires_at, device_token })
}

/// Revokes one login session; its token stops working on the next request.
pub async fn logout(pool: &PgPool, clock: &Clock, session_id: Uuid) -> Result<(), AppError> {
    sqlx::query!(
        "UPDATE login_sessions SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL",
        session_id,
        clock.now(),
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// The signed-in user behind a request, read fresh from the database.
#[derive(Debug, Clone)]
pub struct AuthSession {
    pub user: User,
    pub session_id: Uuid,
}

impl AuthSession {
    pub fn require_role(&self, role: Role, message: &str) -> Result<(), AppError> {
        if self.user.role == role { Ok(()) } else { Err(AppError::forbidden(message)) }
    }
}

/// How stale a login's "last seen" may get before a request refreshes it.
const LAST_SEEN_EVERY: chrono::Duration = chrono::Duration::minutes(5);

/// Verifies a token and checks, in the database, that its session is open and its user active.
/// Role comes from the database too, so a role change applies to the very next request.
pub async fn authenticate(
    pool: &PgPool,
    settings: &AuthSettings,
    clock: &Clock,
    token: &str,
) -> Result<AuthSession, AppError> {
    let now = clock.now();
    let claims = settings.keys.verify(token, now)?;
    let row = sqlx::query!(
        r#"SELECT u.id, u.email, u.name, u.role AS "role: Role", u.active, u.created_at,
                  s.revoked_at, s.expires_at, s.last_seen_at
           FROM login_sessions s JOIN users u ON u.id = s.user_id
           WHERE s.id = $1 AND s.user_id = $2"#,
        claims.sid,
        claims.sub,
    )
    .fetch_optional(pool)
    .await?
    .map(|row| {
        let user = User {
            id: row.id,
            email: row.email,
            name: row.name,
            role: row.role,
            active: row.active,
            created_at: row.created_at,
        };
        (user, row.revoked_at, row.expires_at, row.last_seen_at)
    });
    // "Last seen" for the member's list of logins: written at most every few minutes, so the
    // check every request makes stays a read.
    if let Some((user, None, expires_at, last_seen_at)) = &row
        && *expires_at > now
        && user.active
        && *last_seen_at < now - LAST_SEEN_EVERY
    {
        sqlx::query!("UPDATE login_sessions SET last_seen_at = $2 WHERE id = $1", claims.sid, now)
            .execute(pool)
            .await?;
    }
    let row = row.map(|(user, revoked_at, expires_at, _)| (user, revoked_at, expires_at));

    match row {
        None => Err(AppError::unauthorized("Your session is not valid. Please log in again.")),
        Some((_, Some(_), _)) => Err(AppError::unauthorized("You have been logged out. Please log in again.")),
        Some((_, None, expires_at)) if expires_at <= now => {
            Err(AppError::unauthorized("Your session has expired. Please log in again."))
        }
        Some((user, None, _)) if !user.active => Err(AppError::unauthorized("This account has been deactivated.")),
        Some((user, None, _)) => Ok(AuthSession { user, session_id: claims.sid }),
    }
}

pub async fn find_user<'e>(executor: impl sqlx::PgExecutor<'e>, user_id: Uuid) -> Result<User, AppError> {
    sqlx::query_as!(
        User,
        r#"SELECT id, email, name, role AS "role: Role", active, created_at FROM users WHERE id = $1"#,
        user_id,
    )
    .fetch_optional(executor)
    .await?
    .ok_or_else(|| AppError::not_found("No such user."))
}

/// Changes a user's role. Takes effect on that user's next request (roles are read per request).
/// `now` (the app clock) becomes the user's `updated_at`.
pub async fn set_role(pool: &PgPool, user_id: Uuid, role: Role, now: DateTime<Utc>) -> Result<User, AppError> {
    sqlx::query_as!(
        User,
        r#"UPDATE users SET role = $2, updated_at = $3 WHERE id = $1
           RETURNING id, email, name, role AS "role: Role", active, created_at"#,
        user_id,
        role as Role,
        now,
    )
    .fetch_optional(pool)
    .await?
    .ok_or_else(|| AppError::not_found("No such user."))
}

/// Deactivates or reactivates a user. A deactivated user's tokens stop working at once.
/// `now` (the app clock) becomes the user's `updated_at`.
pub async fn set_active(pool: &PgPool, user_id: Uuid, active: bool, now: DateTime<Utc>) -> Result<User, AppError> {
    sqlx::query_as!(
        User,
        r#"UPDATE users SET active = $2, updated_at = $3 WHERE id = $1
           RETURNING id, email, name, role AS "role: Role", active, created_at"#,
        user_id,
        active,
        now,
    )
    .fetch_optional(pool)
    .await?
    .ok_or_else(|| AppError::not_found("No such user."))
}

#[cfg(test)]
#[path = "service_tests.rs"]
mod tests;
