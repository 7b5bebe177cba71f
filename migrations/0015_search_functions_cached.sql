-- The search's word functions in PL/pgSQL: a SQL function that cannot be inlined is planned
-- again on every call (3–5 ms per search with three words, most of its cost once the query
-- itself is fast), while PL/pgSQL keeps its plans for the connection. Same definitions as in
-- migration 0012.

CREATE OR REPLACE FUNCTION search_word_corrections(typed text, typed_length integer) RETURNS text[]
LANGUAGE plpgsql STABLE AS $$
DECLARE
    allowed integer := CASE WHEN typed_length >= 6 THEN 2 ELSE 1 END;
    found text[];
BEGIN
    IF typed_length < 4 OR EXISTS (SELECT 1 FROM search_words WHERE word = typed) THEN
        RETURN '{}';
    END IF;
    WITH candidate AS (
        SELECT w.word,
               CASE WHEN d.levenshtein = 2 AND length(w.word) = length(typed)
                         AND letters_sorted(w.word) = letters_sorted(typed) THEN 1
                    ELSE d.levenshtein END AS edits
        FROM search_words w
        CROSS JOIN LATERAL (SELECT levenshtein_less_equal(w.word, typed, 2) AS levenshtein) d
        WHERE length(w.word) BETWEEN length(typed) - 2 AND length(typed) + 2
    ),
    close AS (
        SELECT c.word, c.edits, min(c.edits) OVER () AS closest FROM candidate c WHERE c.edits <= allowed
    )
    SELECT coalesce(array_agg(word ORDER BY word), '{}') INTO found
    FROM (SELECT word FROM close WHERE edits = closest ORDER BY word LIMIT 5) best;
    RETURN found;
END $$;

CREATE OR REPLACE FUNCTION search_term_query(term text) RETURNS tsquery
LANGUAGE plpgsql STABLE AS $$
DECLARE
    words text[] := tsvector_to_array(to_tsvector('mentor_search', term));
    exact tsquery;
    corrected tsquery;
BEGIN
    IF cardinality(words) = 0 THEN
        RETURN NULL;
    END IF;
    exact := phraseto_tsquery('mentor_search', term);
    IF cardinality(words) = 1 AND term !~ '\s' THEN
        SELECT tsquery_or_all(plainto_tsquery('simple', c)) INTO corrected
        FROM unnest(search_word_corrections(words[1], char_length(term))) AS c;
    END IF;
    RETURN CASE WHEN corrected IS NULL THEN exact ELSE exact || corrected END;
END $$;
