-- The published directory's version: bumped by every statement that changes dir_published_services, so
-- that the finder can keep search results in memory and know, with one tiny read, when they are stale
-- (on every node, whichever node published).
CREATE TABLE dir_published_version (
  only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  version bigint NOT NULL
);
INSERT INTO dir_published_version (version) VALUES (1);

CREATE FUNCTION dir_bump_published_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE dir_published_version SET version = version + 1;
  RETURN NULL;
END;
$$;

CREATE TRIGGER dir_published_services_version
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON dir_published_services
  FOR EACH STATEMENT EXECUTE FUNCTION dir_bump_published_version();
