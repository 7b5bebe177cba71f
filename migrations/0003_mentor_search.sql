-- Directory search: one lower-cased text per profile (name, headline, bio, skills) behind a
-- trigram index, so `ILIKE '%rust%'` and similarity ranking use the index. Triggers keep it in
-- step with profile edits and name changes.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

ALTER TABLE profiles ADD COLUMN search_text text NOT NULL DEFAULT '';

CREATE FUNCTION profile_search_text(p_name text, p_headline text, p_bio text, p_skills text[])
RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT lower(coalesce(p_name, '') || ' ' || coalesce(p_headline, '') || ' ' ||
                 array_to_string(coalesce(p_skills, '{}'), ' ') || ' ' || coalesce(p_bio, ''))
$$;

CREATE FUNCTION profiles_refresh_search_text() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_text := profile_search_text(
        (SELECT name FROM users WHERE id = NEW.user_id), NEW.headline, NEW.bio, NEW.skills);
    RETURN NEW;
END $$;

CREATE TRIGGER profiles_search_text BEFORE INSERT OR UPDATE OF headline, bio, skills ON profiles
    FOR EACH ROW EXECUTE FUNCTION profiles_refresh_search_text();

CREATE FUNCTION users_refresh_profile_search_text() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE profiles SET search_text = profile_search_text(NEW.name, headline, bio, skills)
    WHERE user_id = NEW.id;
    RETURN NEW;
END $$;

CREATE TRIGGER users_profile_search_text AFTER UPDATE OF name ON users
    FOR EACH ROW EXECUTE FUNCTION users_refresh_profile_search_text();

UPDATE profiles p SET search_text = profile_search_text(u.name, p.headline, p.bio, p.skills)
FROM users u WHERE u.id = p.user_id;

CREATE INDEX profiles_search_text_trgm_idx ON profiles USING gin (search_text gin_trgm_ops);
