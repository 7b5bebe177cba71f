-- Rules several queries share, written once here instead of in each query.

-- A mentor's current mentees: their mentorships that have not ended.
CREATE FUNCTION active_mentee_count(mentor uuid) RETURNS bigint
LANGUAGE sql STABLE AS $$
    SELECT count(*) FROM mentorships WHERE mentor_id = mentor AND ended_at IS NULL
$$;

-- Mentor capacity: a mentor takes a new mentee only while accepting and below their maximum.
CREATE FUNCTION has_free_place(accepting boolean, max_mentees integer, active_mentees bigint) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
    SELECT accepting AND active_mentees < max_mentees
$$;

-- The mean rating people see, to one decimal; NULL while there are no ratings.
CREATE FUNCTION rating_average(rating_sum integer, rating_count integer) RETURNS float8
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN rating_count > 0 THEN round(rating_sum::numeric / rating_count, 1)::float8 END
$$;

-- The rating used for ranking: the mean damped toward 3.5 by two imaginary ratings, so one
-- 5-star rating does not outrank thirty 4.8s.
CREATE FUNCTION damped_rating(rating_sum integer, rating_count integer) RETURNS float8
LANGUAGE sql IMMUTABLE AS $$
    SELECT (rating_sum + 7.0)::float8 / (rating_count + 2)
$$;
