-- The needs' taxonomy terms get the same id on every install: a name-based UUID (RFC 4122 version 3) of
-- the term's code in its taxonomy's namespace, instead of a random one. HSDS clients, exported packages
-- and links with ?taxonomy_term_id= then mean the same need on every Ponte, and after a reinstall.
-- A term added by a later migration takes its id from ponte_term_id(taxonomy_id, code) too.
CREATE FUNCTION ponte_term_id(namespace uuid, code text) RETURNS uuid LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT (overlay(overlay(h PLACING '3' FROM 13 FOR 1)
                  PLACING substr('89ab', ((get_byte(decode(substr(h, 17, 2), 'hex'), 0) >> 4) & 3) + 1, 1) FROM 17 FOR 1))::uuid
  FROM (SELECT md5(decode(replace(namespace::text, '-', ''), 'hex') || convert_to(code, 'UTF8')) AS h) AS digest
$$;

CREATE TEMPORARY TABLE term_ids ON COMMIT DROP AS
  SELECT id AS old_id, ponte_term_id(taxonomy_id, code) AS new_id
  FROM dir_taxonomy_terms
  WHERE taxonomy_id = '7a1e3c52-0b7e-4d1f-9c55-5e2a8f0d1a01' AND id <> ponte_term_id(taxonomy_id, code);

ALTER TABLE dir_taxonomy_terms DROP CONSTRAINT dir_taxonomy_terms_parent_id_fkey;
ALTER TABLE dir_attributes DROP CONSTRAINT dir_attributes_taxonomy_term_id_fkey;
UPDATE dir_taxonomy_terms t SET id = m.new_id FROM term_ids m WHERE t.id = m.old_id;
UPDATE dir_taxonomy_terms t SET parent_id = m.new_id FROM term_ids m WHERE t.parent_id = m.old_id;
UPDATE dir_attributes a SET taxonomy_term_id = m.new_id FROM term_ids m WHERE a.taxonomy_term_id = m.old_id;
ALTER TABLE dir_taxonomy_terms ADD CONSTRAINT dir_taxonomy_terms_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES dir_taxonomy_terms (id);
ALTER TABLE dir_attributes ADD CONSTRAINT dir_attributes_taxonomy_term_id_fkey FOREIGN KEY (taxonomy_term_id) REFERENCES dir_taxonomy_terms (id);

-- The published documents name their terms by id: the same ids, renamed in place.
DO $$
DECLARE m record;
BEGIN
  FOR m IN SELECT old_id::text AS old_id, new_id::text AS new_id FROM term_ids LOOP
    UPDATE dir_published_services SET document = replace(document::text, m.old_id, m.new_id)::jsonb
      WHERE document::text LIKE '%' || m.old_id || '%';
  END LOOP;
END;
$$;
