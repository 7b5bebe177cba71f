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
-- Addresses are compared by their limit key: IPv4 as it is, IPv6 by its /64.
ALTER TABLE login_sessions ADD COLUMN address_key text;
UPDATE login_sessions SET address_key = ip;
CREATE INDEX login_sessions_user_address_idx ON login_sessions (user_id, address_key, created_at);
