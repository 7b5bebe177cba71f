-- Where a pair meets: a mentor's default (a video link or a place) and, per session, an
-- override. Shown only to the two members of a session and written into its calendar file.
ALTER TABLE profiles ADD COLUMN meeting_place text NOT NULL DEFAULT '' CHECK (length(meeting_place) <= 300);
ALTER TABLE sessions ADD COLUMN meeting_place text CHECK (length(meeting_place) BETWEEN 1 AND 300);
