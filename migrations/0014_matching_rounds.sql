-- Matching rounds: an admin places a group of mentees with the mentors taking part. The app
-- proposes the assignment with the highest total match score (`match_points`), the admin edits
-- it, and publishing turns each pair into a mentorship request from the programme.

CREATE TYPE round_status AS ENUM ('draft', 'published');
CREATE TYPE round_side AS ENUM ('mentee', 'mentor');

CREATE TABLE matching_rounds (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    status       round_status NOT NULL DEFAULT 'draft',
    created_by   uuid NOT NULL REFERENCES users (id),
    created_at   timestamptz NOT NULL DEFAULT now(),
    -- When the pairs were last proposed or edited (NULL: not computed yet).
    computed_at  timestamptz,
    published_at timestamptz,
    published_by uuid REFERENCES users (id),
    CONSTRAINT rounds_published_when_stamped CHECK ((status = 'published') = (published_at IS NOT NULL))
);
CREATE INDEX matching_rounds_recent_idx ON matching_rounds (created_at DESC);

-- Who takes part, on which side.
CREATE TABLE round_members (
    round_id uuid NOT NULL REFERENCES matching_rounds (id) ON DELETE CASCADE,
    user_id  uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    side     round_side NOT NULL,
    PRIMARY KEY (round_id, user_id)
);
CREATE INDEX round_members_by_side_idx ON round_members (round_id, side);

-- "Never pair these two" within a round.
CREATE TABLE round_exclusions (
    round_id   uuid NOT NULL REFERENCES matching_rounds (id) ON DELETE CASCADE,
    mentee_id  uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    mentor_id  uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_by uuid NOT NULL REFERENCES users (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (round_id, mentee_id, mentor_id)
);

-- The proposed (and, once published, the published) pairs: a mentee at most once per round.
CREATE TABLE round_pairs (
    round_id   uuid NOT NULL REFERENCES matching_rounds (id) ON DELETE CASCADE,
    mentee_id  uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    mentor_id  uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    score      integer NOT NULL,
    -- The score's reasons in words when the pair was proposed, as the admin reviewed them.
    reasons    text[] NOT NULL DEFAULT '{}',
    -- The request publishing made (NULL while a draft, or when the pair could not be sent).
    request_id uuid REFERENCES mentorship_requests (id),
    PRIMARY KEY (round_id, mentee_id)
);

-- A request the programme made in a round, rather than the mentee.
ALTER TABLE mentorship_requests ADD COLUMN round_id uuid REFERENCES matching_rounds (id);

-- The mentee's notice that the programme proposed a mentor for them.
ALTER TYPE notification_kind ADD VALUE 'match_proposed';
