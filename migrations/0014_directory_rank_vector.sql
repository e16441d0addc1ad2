-- The finder ranks matches by a service's names and its needs' names (weights A and B of the search
-- vector) rather than by the whole vector: a few lexemes instead of every word of every language, so
-- that ranking a thousand matches costs about as little as finding them (ADR 0016). Stored, not computed
-- per row at query time; PostgreSQL keeps it in step with the search vector.
ALTER TABLE dir_published_services
  ADD COLUMN rank_vector tsvector GENERATED ALWAYS AS (ts_filter(search_vector, '{a,b}')) STORED;
