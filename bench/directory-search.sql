-- pgbench script: the directory query exactly as `app::directory::service::search` sends it for
-- GET /api/v1/mentors?q=rust&accepting=true&per_page=20 (sort = match, page 1), with the bind
-- parameters written in. Keep in step with the service when its SQL changes.
SELECT u.id, u.name, p.headline, p.skills, p.timezone, p.accepting_mentees,
       p.max_mentees, active.n AS active_mentees,
       CASE WHEN p.rating_count > 0
            THEN round(p.rating_sum::numeric / p.rating_count, 1)::float8 END AS rating_average,
       p.rating_count, count(*) OVER () AS total
FROM users u
JOIN profiles p ON p.user_id = u.id
CROSS JOIN LATERAL (
    SELECT count(*) AS n FROM mentorships m WHERE m.mentor_id = u.id AND m.ended_at IS NULL
) active
WHERE u.role = 'mentor' AND u.active
  AND ('rust'::text IS NULL OR p.search_text LIKE '%rust%')
  AND (NULL::text IS NULL OR NULL = ANY (p.skills))
  AND (NOT true OR (p.accepting_mentees AND active.n < p.max_mentees))
  AND (NOT false OR EXISTS (SELECT 1 FROM availability_blocks b WHERE b.mentor_id = u.id))
ORDER BY CASE WHEN 'rust'::text IS NULL THEN 0 ELSE similarity(p.search_text, 'rust') END DESC,
         (p.accepting_mentees AND active.n < p.max_mentees) DESC, u.name, u.id
LIMIT 20 OFFSET 0;
