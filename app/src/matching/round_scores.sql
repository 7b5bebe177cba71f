-- Every eligible pair of a matching round with its match score (`match_points`) and what the
-- score was made of. Eligible: an active mentee and an active mentor of the round, the mentor
-- with a free place, the two not excluded from each other in this round and without an open
-- request or mentorship between them already.
--
-- $1 round · $2 now · $3, $4 the span "open hours soon" looks at · $5 only this mentee (NULL: all)
-- Both sides are materialised so that what is per person (open hours above all) is computed
-- once per person, not once per pair.
WITH mentee AS MATERIALIZED (
    SELECT p.user_id, p.goals, p.skills, zone_offset_hours(p.timezone, $2::timestamptz) AS utc_offset
    FROM round_members m
    JOIN users u ON u.id = m.user_id
    JOIN profiles p ON p.user_id = m.user_id
    WHERE m.round_id = $1 AND m.side = 'mentee' AND u.role = 'mentee' AND u.active AND u.deleted_at IS NULL
      AND ($5::uuid IS NULL OR m.user_id = $5::uuid)
),
mentor AS MATERIALIZED (
    SELECT p.user_id, p.skills, zone_offset_hours(p.timezone, $2::timestamptz) AS utc_offset, p.rating_count,
           free_places(p.accepting_mentees, p.max_mentees, p.active_mentees) AS free,
           damped_rating(p.rating_sum, p.rating_count) AS damped,
           rating_average(p.rating_sum, p.rating_count) AS rating_average,
           has_open_hours(p.user_id, p.timezone, $3::timestamptz, $4::timestamptz, 30) AS open_soon
    FROM round_members m
    JOIN users u ON u.id = m.user_id
    JOIN profiles p ON p.user_id = m.user_id
    WHERE m.round_id = $1 AND m.side = 'mentor' AND u.role = 'mentor' AND u.active AND u.deleted_at IS NULL
),
-- The pairs already open or excluded, fetched once each (a probe per pair costs seconds).
open_pair AS MATERIALIZED (
    SELECT r.mentee_id, r.mentor_id
    FROM mentorship_requests r JOIN mentee e ON e.user_id = r.mentee_id
    WHERE r.open
    UNION ALL
    SELECT x.mentee_id, x.mentor_id FROM round_exclusions x WHERE x.round_id = $1
),
pair AS MATERIALIZED (
    SELECT e.user_id AS mentee_id, t.user_id AS mentor_id, t.open_soon, t.free, t.damped,
           t.rating_average, t.rating_count,
           ARRAY(SELECT g FROM unnest(e.goals) AS g WHERE g = ANY (t.skills)) AS goals_matched,
           ARRAY(SELECT s FROM unnest(e.skills) AS s WHERE s = ANY (t.skills)) AS skills_shared,
           offsets_apart(e.utc_offset, t.utc_offset) AS zone_hours
    FROM mentee e
    CROSS JOIN mentor t
    WHERE t.free > 0 AND e.user_id <> t.user_id
      AND NOT EXISTS (SELECT 1 FROM open_pair o WHERE o.mentee_id = e.user_id AND o.mentor_id = t.user_id)
)
SELECT mentee_id AS "mentee_id!", mentor_id AS "mentor_id!", free AS "mentor_free_places!",
       goals_matched AS "goals_matched!", skills_shared AS "skills_shared!", zone_hours::float8 AS "zone_hours!",
       open_soon AS "open_soon!", rating_average, rating_count AS "rating_count!",
       match_points(cardinality(goals_matched), cardinality(skills_shared), zone_hours, open_soon, free, damped)
           AS "score!"
FROM pair
ORDER BY mentee_id, "score!" DESC, mentor_id
