-- The "possible victim" flag as a fact of the case of its own: when, by whom, and the reason (sealed),
-- instead of a first case-conference note.
ALTER TABLE desk_cases ADD COLUMN flagged_at timestamptz;
ALTER TABLE desk_cases ADD COLUMN flagged_by uuid REFERENCES users (id);
ALTER TABLE desk_cases ADD COLUMN flag_reason_enc text;
