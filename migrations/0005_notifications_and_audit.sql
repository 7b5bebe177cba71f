-- In-app notifications and the audit log of admin actions.

CREATE TYPE notification_kind AS ENUM (
    'request_received', 'request_accepted', 'request_declined',
    'session_booked', 'session_cancelled', 'feedback_received');

-- One row per notice to one user; created in the same transaction as the event it reports.
CREATE TABLE notifications (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id    uuid NOT NULL REFERENCES users (id),
    kind       notification_kind NOT NULL,
    message    text NOT NULL CHECK (length(message) BETWEEN 1 AND 500),
    -- Where in the app the notice leads (a path such as /requests).
    link       text NOT NULL CHECK (link LIKE '/%'),
    created_at timestamptz NOT NULL DEFAULT now(),
    read_at    timestamptz
);
CREATE INDEX notifications_by_user_idx ON notifications (user_id, created_at DESC, id);
CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL;

-- Every admin action: who, what, on whom, when, and the values before and after.
CREATE TABLE audit_log (
    id             bigserial PRIMARY KEY,
    admin_id       uuid NOT NULL REFERENCES users (id),
    action         text NOT NULL,
    target_user_id uuid REFERENCES users (id),
    before         jsonb NOT NULL DEFAULT '{}',
    after          jsonb NOT NULL DEFAULT '{}',
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_recent_idx ON audit_log (created_at DESC, id DESC);
