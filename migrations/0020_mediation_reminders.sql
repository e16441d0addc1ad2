-- Reminders of a mediation's loose ends (mediators/remind-mediations.ts): hours and outcome not recorded a
-- day after the meeting ended, and a recorded meeting the requester has not confirmed after three days.
-- Each is repeated every three days while nothing happens; these say when the last one went.
ALTER TABLE med_requests ADD COLUMN hours_reminded_at timestamptz;
ALTER TABLE med_requests ADD COLUMN confirm_reminded_at timestamptz;
