-- Weekly availability, booked sessions and feedback.
--
-- The rule that matters most, "no mentor and no mentee is ever in two overlapping sessions",
-- lives here as two exclusion constraints over half-open time ranges, so it holds across
-- concurrent requests and across several server processes.

CREATE EXTENSION IF NOT EXISTS btree_gist;

-- A range of local wall-clock times within one day, for overlap checks between weekly blocks.
CREATE TYPE local_time_range AS RANGE (subtype = time);

-- Weekly blocks in the mentor's own time zone (profiles.timezone). ISO weekdays: 1 = Monday.
-- A block may end at 24:00 to mean "until midnight".
CREATE TABLE availability_blocks (
    id        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    mentor_id uuid NOT NULL REFERENCES users (id),
    weekday   smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    starts_at time NOT NULL,
    ends_at   time NOT NULL,
    CONSTRAINT availability_block_not_inverted CHECK (starts_at < ends_at),
    CONSTRAINT availability_blocks_no_overlap EXCLUDE USING gist (
        mentor_id WITH =, weekday WITH =, local_time_range(starts_at, ends_at, '[)') WITH &&)
);

-- Whole local dates (in the mentor's time zone) without any slots.
CREATE TABLE availability_days_off (
    mentor_id uuid NOT NULL REFERENCES users (id),
    day       date NOT NULL,
    PRIMARY KEY (mentor_id, day)
);

CREATE TYPE session_status AS ENUM ('scheduled', 'cancelled');

CREATE TABLE sessions (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    mentorship_id uuid NOT NULL REFERENCES mentorships (id),
    mentor_id     uuid NOT NULL REFERENCES users (id),
    mentee_id     uuid NOT NULL REFERENCES users (id),
    starts_at     timestamptz NOT NULL,
    ends_at       timestamptz NOT NULL,
    agenda        text NOT NULL CHECK (length(agenda) BETWEEN 1 AND 2000),
    status        session_status NOT NULL DEFAULT 'scheduled',
    created_at    timestamptz NOT NULL DEFAULT now(),
    cancelled_at  timestamptz,
    cancelled_by  uuid REFERENCES users (id),
    cancel_reason text CHECK (length(cancel_reason) <= 1000),
    CONSTRAINT sessions_duration_allowed
        CHECK (ends_at - starts_at IN (interval '30 minutes', interval '45 minutes', interval '60 minutes')),
    CONSTRAINT sessions_not_self CHECK (mentor_id <> mentee_id),
    CONSTRAINT sessions_cancellation_recorded
        CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL)),
    -- Half-open ranges: a session ending at 10:00 and one starting at 10:00 do not overlap.
    CONSTRAINT sessions_no_mentor_overlap EXCLUDE USING gist (
        mentor_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&) WHERE (status = 'scheduled'),
    CONSTRAINT sessions_no_mentee_overlap EXCLUDE USING gist (
        mentee_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&) WHERE (status = 'scheduled')
);
CREATE INDEX sessions_by_mentee_idx ON sessions (mentee_id, starts_at);
CREATE INDEX sessions_by_mentor_idx ON sessions (mentor_id, starts_at);

-- One rating per session, by its mentee, after it has ended (checked by the service against
-- the application clock). The primary key makes "once" hold under concurrency.
CREATE TABLE feedback (
    session_id uuid PRIMARY KEY REFERENCES sessions (id),
    mentor_id  uuid NOT NULL REFERENCES users (id),
    mentee_id  uuid NOT NULL REFERENCES users (id),
    rating     smallint NOT NULL CHECK (rating BETWEEN 1 AND 5),
    comment    text NOT NULL DEFAULT '' CHECK (length(comment) <= 2000),
    created_at timestamptz NOT NULL
);
CREATE INDEX feedback_by_mentor_idx ON feedback (mentor_id, created_at DESC);

-- The mentor's rating, kept on the profile so the directory can sort and show it without
-- aggregating feedback per row.
ALTER TABLE profiles
    ADD COLUMN rating_count integer NOT NULL DEFAULT 0,
    ADD COLUMN rating_sum   integer NOT NULL DEFAULT 0;

CREATE FUNCTION feedback_add_to_rating() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE profiles SET rating_count = rating_count + 1, rating_sum = rating_sum + NEW.rating
    WHERE user_id = NEW.mentor_id;
    RETURN NEW;
END $$;

CREATE TRIGGER feedback_rating AFTER INSERT ON feedback
    FOR EACH ROW EXECUTE FUNCTION feedback_add_to_rating();
