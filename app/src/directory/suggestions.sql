-- "Suggested for you": the best-scoring listed mentors for a mentee (the match score of
-- migration 0013), leaving out mentors without a free place, those the mentee already has an
-- open request or mentorship with, and those the mentee dismissed. A mentor must cover at
-- least one of the mentee's goals.
--
-- $1 mentee uuid · $2 how many (bigint) · $3 now · $4, $5 the span "open hours soon" looks at
WITH me AS (
    SELECT goals, skills, timezone FROM profiles WHERE user_id = $1
),
candidate AS MATERIALIZED (
    SELECT p.user_id, p.timezone,
           ARRAY(SELECT g FROM unnest(me.goals) AS g WHERE g = ANY (p.skills)) AS goals_matched,
           ARRAY(SELECT s FROM unnest(me.skills) AS s WHERE s = ANY (p.skills)) AS skills_shared,
           zone_distance_hours(me.timezone, p.timezone, $3::timestamptz) AS zone_hours,
           free_places(p.accepting_mentees, p.max_mentees, p.active_mentees) AS free,
           damped_rating(p.rating_sum, p.rating_count) AS damped
    FROM me, profiles p
    WHERE p.listed AND p.skills && me.goals AND p.user_id <> $1
      AND has_free_place(p.accepting_mentees, p.max_mentees, p.active_mentees)
      AND NOT EXISTS (SELECT 1 FROM mentorship_requests r WHERE r.mentor_id = p.user_id AND r.mentee_id = $1 AND r.open)
      AND NOT EXISTS (SELECT 1 FROM dismissed_suggestions d WHERE d.mentee_id = $1 AND d.mentor_id = p.user_id)
),
scored AS MATERIALIZED (
    SELECT c.*,
           match_points(cardinality(c.goals_matched), cardinality(c.skills_shared), c.zone_hours, false, c.free, c.damped)
               AS without_hours
    FROM candidate c
),
-- Open hours take a look at the calendar, so only mentors who could still make the list with
-- them are looked at: those whose best possible score reaches the $2-th best score without.
bar AS (
    SELECT without_hours AS points FROM scored ORDER BY without_hours DESC OFFSET $2::bigint - 1 LIMIT 1
),
checked AS (
    SELECT s.*, has_open_hours(s.user_id, s.timezone, $4::timestamptz, $5::timestamptz, 30) AS open_soon
    FROM scored s
    WHERE s.without_hours + open_hours_points() >= coalesce((SELECT points FROM bar), 0)
)
SELECT u.id AS "id!", u.name AS "name!", p.headline, p.skills, p.timezone, p.accepting_mentees, p.max_mentees,
       p.active_mentees::int8 AS "active_mentees!",
       has_free_place(p.accepting_mentees, p.max_mentees, p.active_mentees) AS "has_free_place!",
       rating_average(p.rating_sum, p.rating_count) AS rating_average, p.rating_count,
       c.goals_matched AS "goals_matched!", c.skills_shared AS "skills_shared!",
       c.zone_hours::float8 AS "zone_hours!", c.open_soon AS "open_soon!", c.free AS "free_places!",
       match_points(cardinality(c.goals_matched), cardinality(c.skills_shared), c.zone_hours, c.open_soon, c.free, c.damped)
           AS "score!"
FROM checked c
JOIN profiles p ON p.user_id = c.user_id
JOIN users u ON u.id = c.user_id
ORDER BY "score!" DESC, c.damped DESC, c.user_id
LIMIT $2::bigint
