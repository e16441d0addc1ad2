-- The published read model is written rarely (when editors publish) and read on every search. GIN's
-- pending list makes writes cheap and reads slow until a VACUUM flushes it, and the embedded database
-- runs no autovacuum: so these indexes take each entry at once. Measured: the vector index scan of a
-- two-word search over 50,000 services went from 14 ms to 1.8 ms once the list was flushed.
ALTER INDEX dir_published_vector_idx SET (fastupdate = off);
ALTER INDEX dir_published_trgm_idx SET (fastupdate = off);
ALTER INDEX dir_published_municipalities_idx SET (fastupdate = off);
ALTER INDEX dir_published_languages_idx SET (fastupdate = off);
ALTER INDEX dir_published_terms_idx SET (fastupdate = off);
ALTER INDEX dir_search_words_trgm_idx SET (fastupdate = off);
SELECT gin_clean_pending_list('dir_published_vector_idx'::regclass);
SELECT gin_clean_pending_list('dir_published_trgm_idx'::regclass);
SELECT gin_clean_pending_list('dir_published_municipalities_idx'::regclass);
SELECT gin_clean_pending_list('dir_published_languages_idx'::regclass);
SELECT gin_clean_pending_list('dir_published_terms_idx'::regclass);
SELECT gin_clean_pending_list('dir_search_words_trgm_idx'::regclass);
