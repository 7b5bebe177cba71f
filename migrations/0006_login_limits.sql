-- Login limits that count only what an attacker learns from: a password check whose answer was
-- "wrong" (failed_at set) or is still being computed (failed_at NULL, started recently).
-- Correct logins leave nothing behind, so a whole campus behind one address can sign in.
DROP TABLE failed_logins;

CREATE TABLE login_attempts (
    id          bigserial PRIMARY KEY,
    email_lower text NOT NULL,
    ip          text NOT NULL,
    started_at  timestamptz NOT NULL,
    failed_at   timestamptz
);
CREATE INDEX login_attempts_pair_idx ON login_attempts (email_lower, ip, started_at);
CREATE INDEX login_attempts_account_failures_idx ON login_attempts (email_lower, failed_at)
    WHERE failed_at IS NOT NULL;
CREATE INDEX login_attempts_address_failures_idx ON login_attempts (ip, failed_at)
    WHERE failed_at IS NOT NULL;
CREATE INDEX login_attempts_started_idx ON login_attempts (started_at);

-- "Has this member signed in from this address before?" exempts their own network from the
-- limits an attacker elsewhere runs up.
CREATE INDEX login_sessions_user_ip_idx ON login_sessions (user_id, ip, created_at);
