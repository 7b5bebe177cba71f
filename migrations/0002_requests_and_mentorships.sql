-- Mentorship requests and the mentorships they become. Rows are never deleted: status changes
-- and endings are recorded with who and when.

CREATE TYPE request_status AS ENUM ('pending', 'accepted', 'declined', 'cancelled');

CREATE TABLE mentorship_requests (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    mentee_id       uuid NOT NULL REFERENCES users (id),
    mentor_id       uuid NOT NULL REFERENCES users (id),
    message         text NOT NULL CHECK (length(message) BETWEEN 1 AND 2000),
    status          request_status NOT NULL DEFAULT 'pending',
    decision_reason text CHECK (length(decision_reason) <= 1000),
    created_at      timestamptz NOT NULL DEFAULT now(),
    decided_at      timestamptz,
    decided_by      uuid REFERENCES users (id),
    -- Open = pending, or accepted with its mentorship still active. At most one per pair.
    open            boolean NOT NULL DEFAULT true,
    CONSTRAINT requests_not_to_self CHECK (mentor_id <> mentee_id),
    CONSTRAINT requests_open_only_when_live CHECK (NOT open OR status IN ('pending', 'accepted'))
);
CREATE UNIQUE INDEX requests_one_open_per_pair ON mentorship_requests (mentor_id, mentee_id) WHERE open;
CREATE INDEX requests_by_mentor_idx ON mentorship_requests (mentor_id, status, created_at DESC);
CREATE INDEX requests_by_mentee_idx ON mentorship_requests (mentee_id, status, created_at DESC);

CREATE TABLE mentorships (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    request_id uuid NOT NULL UNIQUE REFERENCES mentorship_requests (id),
    mentor_id  uuid NOT NULL REFERENCES users (id),
    mentee_id  uuid NOT NULL REFERENCES users (id),
    started_at timestamptz NOT NULL DEFAULT now(),
    ended_at   timestamptz,
    ended_by   uuid REFERENCES users (id),
    CONSTRAINT mentorships_not_self CHECK (mentor_id <> mentee_id)
);
CREATE UNIQUE INDEX mentorships_one_active_per_pair ON mentorships (mentor_id, mentee_id)
    WHERE ended_at IS NULL;
CREATE INDEX mentorships_active_by_mentor_idx ON mentorships (mentor_id) WHERE ended_at IS NULL;
CREATE INDEX mentorships_by_mentee_idx ON mentorships (mentee_id);
