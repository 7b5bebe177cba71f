-- The match score: how well a mentor suits a mentee, in points. One definition, used by
-- "Suggested for you" and by the admins' matching rounds (which maximise its total):
--
--   30 per goal of the mentee among the mentor's skills (at most 3 count)
-- + 10 per skill both have (at most 3 count)
-- + 20 − 2 per hour between their clocks now (0 from 10 hours apart)
-- + 10 when the mentor has open hours to book in the coming week
-- +  3 per free place (at most 3 count)
-- + 10 per star of the damped rating above 3 (`damped_rating`: unrated mentors count as 3.5,
--      so +5; a mentor whose ratings sit at 3 or below gets nothing)
--
-- Goals weigh most because they are what the mentee asked for; the rest breaks ties between
-- mentors who cover the same goals.

-- Hours between two zones' clocks at `at`, the short way round the day (0 to 12).
CREATE FUNCTION zone_distance_hours(zone_a text, zone_b text, at timestamptz) RETURNS numeric
LANGUAGE sql STABLE AS $$
    SELECT least(d, 24 - d) FROM (
        SELECT abs(extract(epoch FROM (at AT TIME ZONE zone_a) - (at AT TIME ZONE zone_b))) / 3600 AS d
    ) apart
$$;

CREATE FUNCTION match_points(
    goals_matched integer, skills_shared integer, zone_hours numeric, open_soon boolean,
    free_places integer, damped float8
) RETURNS integer LANGUAGE sql IMMUTABLE AS $$
    SELECT 30 * least(goals_matched, 3)
         + 10 * least(skills_shared, 3)
         + greatest(0, round(20 - 2 * zone_hours))::integer
         + CASE WHEN open_soon THEN 10 ELSE 0 END
         + 3 * least(greatest(free_places, 0), 3)
         + greatest(0, round((damped - 3) * 10))::integer
$$;

-- A mentor's free places: what accepting a request leaves room for.
CREATE FUNCTION free_places(accepting boolean, max_mentees integer, active_mentees bigint) RETURNS integer
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN has_free_place(accepting, max_mentees, active_mentees)
                THEN (max_mentees - active_mentees)::integer ELSE 0 END
$$;
