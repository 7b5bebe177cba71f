-- pgbench script: the directory query exactly as `app::directory::service::search` sends it for
-- GET /api/v1/mentors?q=rust&accepting=true&per_page=20 (sort = match, page 1), with the bind
-- parameters written in. Keep in step with the service when its SQL changes.
SELECT u.id, u.name, p.headline, p.skills, p.timezone, p.accepting_mentees, p.max_mentees,
       active.n AS active_mentees,
       has_free_place(p.accepting_mentees, p.max_mentees, active.n) AS has_free_place,
       rating_average(p.rating_sum, p.rating_count) AS rating_average,
       p.rating_count, count(*) OVER () AS total
FROM users u
JOIN profiles p ON p.user_id = u.id
CROSS JOIN LATERAL (SELECT active_mentee_count(u.id) AS n) active
WHERE u.role = 'mentor' AND u.active
  AND ('%rust%'::text IS NULL OR p.search_text LIKE '%rust%')
  AND (NULL::text IS NULL OR NULL = ANY (p.skills))
  AND (NOT true OR has_free_place(p.accepting_mentees, p.max_mentees, active.n))
  AND (NOT false OR EXISTS (SELECT 1 FROM availability_blocks b WHERE b.mentor_id = u.id))
ORDER BY
  CASE WHEN 'match' = 'match' THEN coalesce(similarity(p.search_text, 'rust'::text), 0) END DESC,
  CASE WHEN 'match' = 'match' THEN has_free_place(p.accepting_mentees, p.max_mentees, active.n) END DESC,
  CASE WHEN 'match' = 'rating' THEN p.rating_count > 0 END DESC,
  CASE WHEN 'match' = 'rating' THEN damped_rating(p.rating_sum, p.rating_count) END DESC,
  CASE WHEN 'match' = 'rating' THEN p.rating_count END DESC,
  CASE WHEN 'match' = 'newest' THEN u.created_at END DESC,
  u.name, u.id
LIMIT 20 OFFSET 0;
