-- The figures count people with needs by nationality. Joining every need of the period to the people
-- (200,000 at scale) took most of the figures' time; each need now carries its person's nationality,
-- kept in step by triggers: set when the need is recorded or moved to another person (a merge), and
-- changed when the person's nationality is corrected. The figures read the needs alone.
ALTER TABLE desk_needs ADD COLUMN nationality text;
UPDATE desk_needs n SET nationality = p.nationality FROM desk_people p WHERE p.id = n.person_id;

CREATE FUNCTION desk_need_nationality() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.nationality := (SELECT nationality FROM desk_people WHERE id = NEW.person_id);
  RETURN NEW;
END;
$$;
CREATE TRIGGER desk_needs_nationality BEFORE INSERT OR UPDATE OF person_id ON desk_needs
  FOR EACH ROW EXECUTE FUNCTION desk_need_nationality();

CREATE FUNCTION desk_person_nationality_to_needs() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE desk_needs SET nationality = NEW.nationality WHERE person_id = NEW.id;
  RETURN NULL;
END;
$$;
CREATE TRIGGER desk_people_nationality AFTER UPDATE OF nationality ON desk_people
  FOR EACH ROW WHEN (OLD.nationality IS DISTINCT FROM NEW.nationality) EXECUTE FUNCTION desk_person_nationality_to_needs();

-- The province's figures select needs by time alone.
CREATE INDEX desk_needs_time_idx ON desk_needs (created_at);
