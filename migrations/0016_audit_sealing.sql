-- Audit events are chained by a sealer after they are written, not by each writer under a lock (ADR 0017).
-- A writer inserts the event, in its own transaction, with no hash; the sealer (every second, one at a time
-- across nodes) gives the unsealed events, in id order, the next places in the chain: chain_seq, prev_hash
-- and hash. The chain's order is chain_seq. Events written before this migration were chained in id order.
ALTER TABLE audit_events
  ALTER COLUMN prev_hash DROP NOT NULL,
  ALTER COLUMN hash DROP NOT NULL,
  ADD COLUMN chain_seq bigint;

ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update;
UPDATE audit_events SET chain_seq = id;
ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update;

ALTER TABLE audit_events ADD CONSTRAINT audit_events_sealed_whole
  CHECK ((hash IS NULL) = (prev_hash IS NULL) AND (hash IS NULL) = (chain_seq IS NULL));
CREATE UNIQUE INDEX audit_events_chain_seq_idx ON audit_events (chain_seq);
CREATE INDEX audit_events_unsealed_idx ON audit_events (id) WHERE hash IS NULL;

-- Still append-only: the one change allowed is sealing an unsealed event, and it changes nothing else.
CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.hash IS NULL AND NEW.hash IS NOT NULL
     AND (NEW.id, NEW.occurred_at, NEW.actor_user_id, NEW.actor_org_id, NEW.action, NEW.entity_type, NEW.entity_id, NEW.ip, NEW.details)
         IS NOT DISTINCT FROM
         (OLD.id, OLD.occurred_at, OLD.actor_user_id, OLD.actor_org_id, OLD.action, OLD.entity_type, OLD.entity_id, OLD.ip, OLD.details) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_events is append-only';
END;
$$;
