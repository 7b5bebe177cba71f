-- Relevance search for the directory, kept in step by the database.
--
-- Each profile carries a weighted full-text document (name and skills A, headline B, goals C,
-- bio D) in the `mentor_search` configuration: English stemming behind `unaccent`, so "leads"
-- finds "lead" and "zoe" finds "Zoë". The lexemes of every document go into `search_words`, the
-- vocabulary a misspelt word is corrected against. The listing rule and the active mentee count
-- are stored on the profile too (`listed`, `active_mentees`), so the directory reads one table
-- instead of evaluating a subquery per mentor; triggers on users, availability blocks and
-- mentorships keep them true.

CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS fuzzystrmatch;

CREATE TEXT SEARCH CONFIGURATION mentor_search (COPY = english);
ALTER TEXT SEARCH CONFIGURATION mentor_search
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;

-- The old single lower-cased text and its trigram index give way to the document.
DROP TRIGGER profiles_search_text ON profiles;
DROP TRIGGER users_profile_search_text ON users;
DROP FUNCTION profiles_refresh_search_text();
DROP FUNCTION users_refresh_profile_search_text();
DROP INDEX profiles_search_text_trgm_idx;
ALTER TABLE profiles DROP COLUMN search_text;
DROP FUNCTION profile_search_text(text, text, text, text[]);

ALTER TABLE profiles
    ADD COLUMN search_document tsvector NOT NULL DEFAULT ''::tsvector,
    ADD COLUMN listed boolean NOT NULL DEFAULT false,
    ADD COLUMN active_mentees integer NOT NULL DEFAULT 0;

CREATE TABLE search_words (word text PRIMARY KEY);

CREATE FUNCTION profile_search_document(p_name text, p_headline text, p_bio text, p_skills text[], p_goals text[])
RETURNS tsvector LANGUAGE sql STABLE AS $$
    SELECT setweight(to_tsvector('mentor_search', coalesce(p_name, '')), 'A')
        || setweight(to_tsvector('mentor_search', array_to_string(p_skills, ', ')), 'A')
        || setweight(to_tsvector('mentor_search', p_headline), 'B')
        || setweight(to_tsvector('mentor_search', array_to_string(p_goals, ', ')), 'C')
        || setweight(to_tsvector('mentor_search', p_bio), 'D')
$$;

-- Everything the directory stores about a profile, recomputed on every write of the row (a
-- profile is written rarely; recomputing beats tracking which inputs changed).
CREATE FUNCTION profiles_refresh_directory() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    member users%ROWTYPE;
BEGIN
    SELECT * INTO member FROM users WHERE id = NEW.user_id;
    NEW.search_document := profile_search_document(member.name, NEW.headline, NEW.bio, NEW.skills, NEW.goals);
    NEW.active_mentees := active_mentee_count(NEW.user_id);
    NEW.listed := member.role = 'mentor' AND member.active AND member.deleted_at IS NULL
        AND mentor_is_listed(NEW.user_id, NEW.headline, NEW.skills, NEW.awaiting_approval);
    IF TG_OP = 'INSERT' OR NEW.search_document IS DISTINCT FROM OLD.search_document THEN
        INSERT INTO search_words (word)
        SELECT unnest(tsvector_to_array(NEW.search_document))
        ON CONFLICT DO NOTHING;
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER profiles_directory BEFORE INSERT OR UPDATE ON profiles
    FOR EACH ROW EXECUTE FUNCTION profiles_refresh_directory();

-- A change elsewhere rewrites the profile row, which recomputes it (the trigger above).
CREATE FUNCTION touch_profile_of(member uuid) RETURNS void LANGUAGE sql AS $$
    UPDATE profiles SET user_id = user_id WHERE user_id = member
$$;

CREATE FUNCTION users_refresh_directory() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM touch_profile_of(NEW.id);
    RETURN NULL;
END $$;

CREATE TRIGGER users_directory AFTER UPDATE OF name, role, active, deleted_at ON users
    FOR EACH ROW EXECUTE FUNCTION users_refresh_directory();

CREATE FUNCTION mentor_rows_refresh_directory() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM touch_profile_of(OLD.mentor_id);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND (TG_OP = 'INSERT' OR NEW.mentor_id <> OLD.mentor_id) THEN
        PERFORM touch_profile_of(NEW.mentor_id);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER availability_blocks_directory AFTER INSERT OR UPDATE OR DELETE ON availability_blocks
    FOR EACH ROW EXECUTE FUNCTION mentor_rows_refresh_directory();
CREATE TRIGGER mentorships_directory AFTER INSERT OR UPDATE OF ended_at, mentor_id OR DELETE ON mentorships
    FOR EACH ROW EXECUTE FUNCTION mentor_rows_refresh_directory();

UPDATE profiles SET user_id = user_id;

CREATE INDEX profiles_search_document_idx ON profiles USING gin (search_document) WHERE listed;
CREATE INDEX profiles_listed_skills_idx ON profiles USING gin (skills) WHERE listed;
-- The directory without a search term: mentors with room first, then the best rated.
CREATE INDEX profiles_listed_order_idx ON profiles (
    has_free_place(accepting_mentees, max_mentees, active_mentees) DESC,
    damped_rating(rating_sum, rating_count) DESC, user_id) WHERE listed;

-- Words a misspelt `typed` lexeme may have meant: none when it is a known word or shorter than
-- four letters; otherwise the closest vocabulary words, at most one edit away (four or five
-- letters) or two (six or more). Swapping two neighbouring letters counts as one edit ("rsut"
-- is "rust"), which plain Levenshtein distance counts as two. Only the closest words are kept:
-- "desgin" means "design" (one swap), not "engin" (two edits). `typed_length` is the length of
-- the word as typed, before stemming.
CREATE FUNCTION letters_sorted(word text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT string_agg(c, '' ORDER BY c) FROM regexp_split_to_table(word, '') AS c
$$;

CREATE FUNCTION search_word_corrections(typed text, typed_length integer) RETURNS text[]
LANGUAGE sql STABLE AS $$
    WITH allowed AS (SELECT CASE WHEN typed_length >= 6 THEN 2 ELSE 1 END AS edits),
    candidate AS (
        SELECT w.word,
               CASE WHEN d.levenshtein = 2 AND length(w.word) = length(typed)
                         AND letters_sorted(w.word) = letters_sorted(typed) THEN 1
                    ELSE d.levenshtein END AS edits
        FROM allowed, search_words w
        CROSS JOIN LATERAL (SELECT levenshtein_less_equal(w.word, typed, 2) AS levenshtein) d
        WHERE typed_length >= 4
          AND NOT EXISTS (SELECT 1 FROM search_words known WHERE known.word = typed)
          AND length(w.word) BETWEEN length(typed) - 2 AND length(typed) + 2
    ),
    close AS (
        SELECT candidate.word, candidate.edits, min(candidate.edits) OVER () AS closest
        FROM candidate, allowed
        WHERE candidate.edits <= allowed.edits
    )
    SELECT coalesce(array_agg(word ORDER BY word), '{}')
    FROM (SELECT word FROM close WHERE edits = closest ORDER BY word LIMIT 5) best
$$;

-- The OR of several queries.
CREATE AGGREGATE tsquery_or_all(tsquery) (SFUNC = tsquery_or, STYPE = tsquery);

-- One search term (a word or a quoted phrase) as a query: the term itself, or for a single
-- unknown word of four or more letters, the term or its corrections. NULL for stop words
-- (checked on the document form first, which, unlike the query form, does not warn).
CREATE FUNCTION search_term_query(term text) RETURNS tsquery
LANGUAGE sql STABLE AS $$
    WITH lexemes AS (SELECT tsvector_to_array(to_tsvector('mentor_search', term)) AS words),
    exact AS (
        SELECT phraseto_tsquery('mentor_search', term) AS q FROM lexemes WHERE cardinality(words) > 0
    ),
    corrections AS (
        SELECT tsquery_or_all(plainto_tsquery('simple', c)) AS q
        FROM lexemes, unnest(search_word_corrections(words[1], char_length(term))) AS c
        WHERE cardinality(words) = 1 AND term !~ '\s'
    )
    SELECT CASE WHEN corrections.q IS NULL THEN exact.q ELSE exact.q || corrections.q END
    FROM exact, corrections
$$;

-- Whether a mentor has a weekly block with at least `minutes` not booked between `from_at` and
-- `until_at` (blocks on days off do not count). Close to, and never more generous than, the
-- slot listing: it counts free minutes per block, not slot boundaries.
CREATE FUNCTION has_open_hours(mentor uuid, zone text, from_at timestamptz, until_at timestamptz, minutes integer)
RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT EXISTS (
        SELECT 1
        FROM generate_series((from_at AT TIME ZONE zone)::date, (until_at AT TIME ZONE zone)::date,
                             interval '1 day') AS day(d)
        JOIN availability_blocks b
          ON b.mentor_id = mentor AND b.weekday = extract(isodow FROM day.d)
        CROSS JOIN LATERAL (
            SELECT greatest((day.d::date + b.starts_at) AT TIME ZONE zone, from_at) AS opens,
                   least((day.d::date + b.ends_at) AT TIME ZONE zone, until_at) AS closes) span
        WHERE span.closes - span.opens >= make_interval(mins => minutes)
          AND NOT EXISTS (SELECT 1 FROM availability_days_off o WHERE o.mentor_id = mentor AND o.day = day.d::date)
          AND span.closes - span.opens - coalesce((
                SELECT sum(least(s.ends_at, span.closes) - greatest(s.starts_at, span.opens))
                FROM sessions s
                WHERE s.mentor_id = mentor AND s.status = 'scheduled'
                  AND s.starts_at < span.closes AND s.ends_at > span.opens), interval '0')
              >= make_interval(mins => minutes))
$$;

-- Suggestions a mentee dismissed stay dismissed.
CREATE TABLE dismissed_suggestions (
    mentee_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    mentor_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    dismissed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (mentee_id, mentor_id)
);
