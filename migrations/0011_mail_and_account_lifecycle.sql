-- Outgoing mail (an outbox written with the event that causes it), one-time account links
-- (password reset, email change), email preferences, and what account deletion and the
-- "your logins" page need.

CREATE TYPE mail_status AS ENUM ('pending', 'sent', 'failed');

-- One row per message. Written in the same transaction as its cause, so a mail exists exactly
-- when its event was committed; a worker sends it later and retries with backoff, so an SMTP
-- outage delays mail but loses none. A worker claims a row by moving `next_attempt_at` past the
-- time a send can take (under FOR UPDATE SKIP LOCKED): another worker skips it meanwhile.
CREATE TABLE mail_outbox (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    -- Whom it is for, when it is about an account (NULL for an operator's test mail).
    user_id         uuid REFERENCES users (id),
    to_address      text NOT NULL CHECK (length(to_address) BETWEEN 3 AND 254),
    subject         text NOT NULL CHECK (length(subject) BETWEEN 1 AND 200),
    text_body       text NOT NULL,
    html_body       text NOT NULL,
    -- The one-click unsubscribe URL (List-Unsubscribe), for notification mail.
    unsubscribe_url text,
    -- What kind of mail it is (`password_reset`, `request_received`, …), for the outbox page.
    kind            text NOT NULL,
    status          mail_status NOT NULL DEFAULT 'pending',
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    last_error      text,
    created_at      timestamptz NOT NULL,
    sent_at         timestamptz
);
CREATE INDEX mail_outbox_due_idx ON mail_outbox (next_attempt_at) WHERE status = 'pending';
CREATE INDEX mail_outbox_recent_idx ON mail_outbox (created_at DESC, id);
CREATE INDEX mail_outbox_user_idx ON mail_outbox (user_id);

CREATE TYPE account_token_purpose AS ENUM ('password_reset', 'email_change');

-- Links sent by mail. Only a SHA-256 of the token is kept: a copy of the database opens nothing.
CREATE TABLE account_tokens (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id    uuid NOT NULL REFERENCES users (id),
    purpose    account_token_purpose NOT NULL,
    token_hash bytea NOT NULL UNIQUE,
    -- For an email change: the address to confirm.
    new_email  text,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz,
    CHECK ((purpose = 'email_change') = (new_email IS NOT NULL))
);
CREATE INDEX account_tokens_user_idx ON account_tokens (user_id, purpose);

-- Every "forgot password" request, whether or not its email has an account, so the limits
-- (per email and per address) answer alike for both and hold across server processes.
CREATE TABLE password_reset_requests (
    id           bigserial PRIMARY KEY,
    email_lower  text NOT NULL,
    address_key  text NOT NULL,
    requested_at timestamptz NOT NULL
);
CREATE INDEX password_reset_requests_email_idx ON password_reset_requests (email_lower, requested_at);
CREATE INDEX password_reset_requests_address_idx ON password_reset_requests (address_key, requested_at);

-- Email kinds a member switched off (in-app notices always stay on). No row: the mail is sent.
CREATE TABLE email_opt_outs (
    user_id    uuid NOT NULL REFERENCES users (id),
    kind       text NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (user_id, kind)
);

-- "Your logins": when each login was last used (refreshed at most every few minutes).
ALTER TABLE login_sessions ADD COLUMN last_seen_at timestamptz;
UPDATE login_sessions SET last_seen_at = created_at;
ALTER TABLE login_sessions ALTER COLUMN last_seen_at SET NOT NULL;
CREATE INDEX login_sessions_open_idx ON login_sessions (user_id) WHERE revoked_at IS NULL;

-- Each session's reminder (24 h before) and "rate your session" mail go out once, whichever
-- server process gets there first.
ALTER TABLE sessions ADD COLUMN reminder_sent_at timestamptz;
ALTER TABLE sessions ADD COLUMN feedback_prompt_sent_at timestamptz;
CREATE INDEX sessions_reminder_due_idx ON sessions (starts_at) WHERE reminder_sent_at IS NULL AND status = 'scheduled';
CREATE INDEX sessions_feedback_prompt_due_idx ON sessions (ends_at)
    WHERE feedback_prompt_sent_at IS NULL AND status = 'scheduled';

-- A deleted account keeps its row (the other side's history points at it) with its personal
-- data erased; its email is freed for a new account.
ALTER TABLE users ADD COLUMN deleted_at timestamptz;
