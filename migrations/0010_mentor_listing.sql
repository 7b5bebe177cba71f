-- A mentor appears in the directory and in suggestions only with a profile mentees can judge
-- (a headline, at least one skill, weekly hours) and, when the programme asks for it, once an
-- admin approved them.

-- Programme-wide settings: exactly one row.
CREATE TABLE programme_settings (
    only_row                boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    require_mentor_approval boolean NOT NULL DEFAULT false,
    updated_at              timestamptz NOT NULL DEFAULT now()
);
INSERT INTO programme_settings DEFAULT VALUES;

-- Set for a mentor who joined (or became a mentor) while approval was required, until an admin
-- approves them. Everyone else, including every mentor from before this setting, is approved.
ALTER TABLE profiles ADD COLUMN awaiting_approval boolean NOT NULL DEFAULT false;
CREATE INDEX profiles_awaiting_approval_idx ON profiles (user_id) WHERE awaiting_approval;

-- The listing rule, in one place for the directory and suggestions.
CREATE FUNCTION mentor_is_listed(mentor uuid, headline text, skills text[], awaiting_approval boolean)
RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT headline <> '' AND cardinality(skills) > 0 AND NOT awaiting_approval
       AND EXISTS (SELECT 1 FROM availability_blocks b WHERE b.mentor_id = mentor)
$$;
ALTER TYPE notification_kind ADD VALUE 'mentor_approved';
