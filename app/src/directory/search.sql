-- The directory search: one page of listed mentors with the total, the skill facets and what
-- matched. `service::search` runs this file, and `bench/directory.sh` runs it through pgbench,
-- so the benchmark measures exactly what the API sends.
--
-- $1  terms       text[]       positive search terms (words and quoted phrases), may be empty
-- $2  excluded    text[]       terms after a minus sign, may be empty
-- $3  skills      text[]       skill tags a mentor must all have, may be empty
-- $4  accepting   boolean      only mentors with a free place
-- $5  open_from   timestamptz  with $6: only mentors with 30 open minutes in [$5, $6); NULL: any
-- $6  open_until  timestamptz
-- $7  zones       text[]       only mentors in these time zones; NULL: any
-- $8  min_rating  float8       only mentors rated at least this on average; NULL: any
-- $9  sort        text         match | rating | newest | name
-- $10 limit, $11 offset (bigint); $12 facets (boolean): count skills over all matches (the
--     facets cost a pass over every match's skills, so the API computes them when asked)
--
-- Ranking for `match`: mentors matching more of the terms first, then the weighted text rank
-- (name and skills count ten times the bio, the headline four times: ts_rank's weights for D,
-- C, B, A), then a free place, then the damped rating. Without terms, a free place and the
-- rating decide.
WITH term AS (
    SELECT t.text, search_term_query(t.text) AS q
    FROM unnest($1::text[]) AS t(text)
),
wanted AS (
    SELECT tsquery_or_all(q) AS q FROM term
),
unwanted AS (
    SELECT tsquery_or_all(phraseto_tsquery('mentor_search', x)) AS q
    FROM unnest($2::text[]) AS x
    WHERE to_tsvector('mentor_search', x) <> ''::tsvector
),
candidate AS (
    -- Two branches so that each can use its index: the text index when there are terms, the
    -- listing alone when there are none (only one branch returns rows). Each reads the
    -- columns the rest needs, so no row is looked up twice.
    SELECT p.user_id, p.skills, p.timezone, p.search_document, p.accepting_mentees, p.max_mentees,
           p.active_mentees, p.rating_sum, p.rating_count
    FROM profiles p WHERE p.listed AND p.search_document @@ (SELECT q FROM wanted)
    UNION ALL
    SELECT p.user_id, p.skills, p.timezone, p.search_document, p.accepting_mentees, p.max_mentees,
           p.active_mentees, p.rating_sum, p.rating_count
    FROM profiles p WHERE p.listed AND (SELECT q FROM wanted) IS NULL
),
matched AS (
    SELECT c.user_id, c.skills,
           has_free_place(c.accepting_mentees, c.max_mentees, c.active_mentees) AS free,
           damped_rating(c.rating_sum, c.rating_count) AS damped, c.rating_count,
           ARRAY(SELECT term.text FROM term WHERE c.search_document @@ term.q) AS terms,
           coalesce(ts_rank('{0.1, 0.2, 0.4, 1.0}', c.search_document, (SELECT q FROM wanted)), 0) AS text_rank
    FROM candidate c
    WHERE ((SELECT q FROM unwanted) IS NULL OR NOT c.search_document @@ (SELECT q FROM unwanted))
      AND c.skills @> $3::text[]
      AND (NOT $4::boolean OR has_free_place(c.accepting_mentees, c.max_mentees, c.active_mentees))
      AND ($7::text[] IS NULL OR c.timezone = ANY ($7::text[]))
      AND ($8::float8 IS NULL OR rating_average(c.rating_sum, c.rating_count) >= $8::float8)
      AND ($5::timestamptz IS NULL
           OR has_open_hours(c.user_id, c.timezone, $5::timestamptz, $6::timestamptz, 30))
),
page AS (
    SELECT m.*
    FROM matched m
    ORDER BY
      CASE WHEN $9::text = 'match' THEN cardinality(m.terms) END DESC,
      CASE WHEN $9::text = 'match' THEN m.text_rank END DESC,
      CASE WHEN $9::text = 'match' THEN m.free END DESC,
      CASE WHEN $9::text IN ('match', 'rating') THEN m.rating_count > 0 END DESC,
      CASE WHEN $9::text IN ('match', 'rating') THEN m.damped END DESC,
      CASE WHEN $9::text = 'rating' THEN m.rating_count END DESC,
      -- Names and sign-up times only when they order (a lookup per match).
      CASE WHEN $9::text = 'newest' THEN (SELECT u.created_at FROM users u WHERE u.id = m.user_id) END DESC,
      CASE WHEN $9::text = 'name' THEN (SELECT u.name FROM users u WHERE u.id = m.user_id) END,
      m.user_id
    LIMIT $10::bigint OFFSET $11::bigint
),
ranked AS (
    -- The page in its order (a scan of `page` keeps it), numbered for the final ORDER BY.
    SELECT pg.*, row_number() OVER () AS position FROM page pg
),
facet AS (
    SELECT skill, count(*) AS mentors
    FROM matched, unnest(matched.skills) AS skill
    WHERE $12::boolean
    GROUP BY skill
    ORDER BY count(*) DESC, skill
    LIMIT 12
)
SELECT r.user_id AS "id!", u.name AS "name!", p.headline, p.skills, p.timezone, p.accepting_mentees,
       p.max_mentees, p.active_mentees::int8 AS "active_mentees!", r.free AS "has_free_place!",
       rating_average(p.rating_sum, p.rating_count) AS rating_average, p.rating_count,
       (SELECT count(*) FROM matched) AS "total!",
       (SELECT coalesce(jsonb_agg(jsonb_build_object('skill', skill, 'mentors', mentors)
                                  ORDER BY mentors DESC, skill), '[]')
        FROM facet) AS "facets!: _",
       r.terms AS "matched_terms!",
       CASE WHEN cardinality(r.terms) > 0 THEN
           ts_headline('mentor_search', translate(p.headline, U&'\E000\E001', ''), (SELECT q FROM wanted),
                       'HighlightAll=true, StartSel=' || U&'\E000' || ', StopSel=' || U&'\E001')
       END AS marked_headline,
       ARRAY(SELECT s FROM unnest(p.skills) AS s
             WHERE to_tsvector('mentor_search', s) @@ (SELECT q FROM wanted)) AS "matched_skills!",
       CASE WHEN cardinality(r.terms) > 0 AND to_tsvector('mentor_search', p.bio) @@ (SELECT q FROM wanted) THEN
           ts_headline('mentor_search', translate(p.bio, U&'\E000\E001', ''), (SELECT q FROM wanted),
                       'MaxFragments=1, MaxWords=20, MinWords=8, StartSel=' || U&'\E000' || ', StopSel=' || U&'\E001')
       END AS marked_bio
FROM ranked r
JOIN profiles p ON p.user_id = r.user_id
JOIN users u ON u.id = r.user_id
ORDER BY r.position
