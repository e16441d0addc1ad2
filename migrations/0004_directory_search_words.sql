-- The words of the published directory, to correct a misspelt search word to the closest real one.
CREATE TABLE dir_search_words (
  word text PRIMARY KEY CHECK (length(word) BETWEEN 2 AND 60)
);
CREATE INDEX dir_search_words_trgm_idx ON dir_search_words USING gin (word gin_trgm_ops);
