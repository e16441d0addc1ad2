-- Intercultural mediators: the network's roster (languages, qualifications, areas, modes, availability)
-- and the requests for mediation that schools, health services and offices send, with their assignment,
-- the hours worked and the requester's rating. No data of the families helped is kept: a request carries a
-- short purpose note and, to link repeated sessions, a free reference chosen by the requester.
-- The mediators' own contact data (name, e-mail, phone) is that of professionals working for the network,
-- kept like the operators' accounts (docs/adr/0014-mediation-requests.md).

CREATE TABLE med_mediators (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- The mediator's own account, when they have one: they then keep their availability and see their assignments.
  user_id uuid UNIQUE REFERENCES users (id),
  full_name text NOT NULL CHECK (length(full_name) BETWEEN 2 AND 120),
  email text CHECK (email = lower(email) AND length(email) <= 254),
  phone text CHECK (length(phone) <= 40),
  gender text CHECK (gender IN ('female', 'male', 'other')),
  qualifications text NOT NULL DEFAULT '' CHECK (length(qualifications) <= 2000),
  training text NOT NULL DEFAULT '' CHECK (length(training) <= 2000),
  -- Specialist support for victims of torture and violence (S.PR.INT / SPRING).
  torture_support boolean NOT NULL DEFAULT false,
  municipality_codes text[] NOT NULL DEFAULT '{}',
  modes text[] NOT NULL DEFAULT '{}' CHECK (modes <@ ARRAY['in_person', 'phone', 'video']::text[]),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
  suspended_reason text CHECK (length(suspended_reason) <= 500),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (status <> 'suspended' OR suspended_reason IS NOT NULL)
);

CREATE TABLE med_languages (
  mediator_id uuid NOT NULL REFERENCES med_mediators (id) ON DELETE CASCADE,
  language_code text NOT NULL CHECK (language_code ~ '^[a-z]{2,3}$'),
  dialects text CHECK (length(dialects) <= 120),
  level text NOT NULL CHECK (level IN ('native', 'c2', 'c1', 'b2')),
  written_translation boolean NOT NULL DEFAULT false,
  PRIMARY KEY (mediator_id, language_code)
);
CREATE INDEX med_languages_code_idx ON med_languages (language_code);

-- The weekly pattern, in Rome's wall-clock time: weekday 1 (Monday) … 7 (Sunday).
CREATE TABLE med_availability (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  mediator_id uuid NOT NULL REFERENCES med_mediators (id) ON DELETE CASCADE,
  weekday smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
  starts time NOT NULL,
  ends time NOT NULL,
  CHECK (starts < ends)
);
CREATE INDEX med_availability_mediator_idx ON med_availability (mediator_id);

-- Exceptions to the pattern: days (in Rome) the mediator is not available.
CREATE TABLE med_absences (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  mediator_id uuid NOT NULL REFERENCES med_mediators (id) ON DELETE CASCADE,
  from_date date NOT NULL,
  to_date date NOT NULL,
  note text CHECK (length(note) <= 200),
  CHECK (from_date <= to_date)
);
CREATE INDEX med_absences_mediator_idx ON med_absences (mediator_id, to_date);

CREATE TABLE med_requests (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations (id),
  requested_by uuid REFERENCES users (id),
  language_code text NOT NULL CHECK (language_code ~ '^[a-z]{2,3}$'),
  dialect text CHECK (length(dialect) <= 80),
  -- "As soon as possible": no time yet; the coordinator sets it when assigning.
  asap boolean NOT NULL DEFAULT false,
  starts_at timestamptz,
  duration_minutes integer NOT NULL CHECK (duration_minutes BETWEEN 15 AND 480),
  mode text NOT NULL CHECK (mode IN ('in_person', 'phone', 'video')),
  place text CHECK (length(place) <= 200),
  municipality_code char(6) CHECK (municipality_code ~ '^[0-9]{6}$'),
  setting text NOT NULL CHECK (setting IN ('school', 'health', 'social', 'legal', 'psychological', 'police', 'housing', 'work', 'other')),
  gender_preference text NOT NULL DEFAULT 'any' CHECK (gender_preference IN ('any', 'female', 'male')),
  torture_victim boolean NOT NULL DEFAULT false,
  purpose text NOT NULL CHECK (length(purpose) BETWEEN 1 AND 500),
  -- A free reference of the requester (a class, a file number) linking repeated sessions: never a name.
  case_reference text CHECK (length(case_reference) <= 40),
  status text NOT NULL DEFAULT 'requested'
    CHECK (status IN ('requested', 'offered', 'assigned', 'done', 'confirmed', 'cancelled', 'unmet')),
  mediator_id uuid REFERENCES med_mediators (id),
  assigned_at timestamptz,
  done_at timestamptz,
  confirmed_at timestamptz,
  ended_at timestamptz,
  cancel_reason text CHECK (length(cancel_reason) <= 500),
  hours numeric(4, 2) CHECK (hours > 0 AND hours <= 12),
  outcome text CHECK (outcome IN ('held', 'family_absent', 'interrupted', 'follow_up_needed')),
  rating smallint CHECK (rating BETWEEN 1 AND 5),
  requester_comment text CHECK (length(requester_comment) <= 500),
  -- Bumped at each change of the meeting, so that calendars replace the invitation they hold.
  ics_sequence integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (asap OR starts_at IS NOT NULL),
  CHECK (status NOT IN ('offered', 'assigned', 'done', 'confirmed') OR (mediator_id IS NOT NULL AND starts_at IS NOT NULL)),
  CHECK (status NOT IN ('done', 'confirmed') OR (hours IS NOT NULL AND outcome IS NOT NULL)),
  CHECK (status <> 'confirmed' OR rating IS NOT NULL),
  CHECK (status <> 'cancelled' OR cancel_reason IS NOT NULL)
);
CREATE INDEX med_requests_organization_idx ON med_requests (organization_id, created_at DESC);
CREATE INDEX med_requests_mediator_idx ON med_requests (mediator_id, starts_at) WHERE mediator_id IS NOT NULL;
CREATE INDEX med_requests_status_idx ON med_requests (status, created_at DESC);
CREATE INDEX med_requests_reference_idx ON med_requests (organization_id, case_reference) WHERE case_reference IS NOT NULL;

-- Every change of a request's status: who, when, from → to, and the reason given.
CREATE TABLE med_request_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  request_id uuid NOT NULL REFERENCES med_requests (id),
  occurred_at timestamptz NOT NULL DEFAULT now(),
  actor_user_id uuid REFERENCES users (id),
  from_status text,
  to_status text NOT NULL,
  reason text CHECK (length(reason) <= 500)
);
CREATE INDEX med_request_events_request_idx ON med_request_events (request_id, id);

-- E-mails may carry attachments (a calendar invitation): [{ filename, contentType, content }].
ALTER TABLE notification_mails ADD COLUMN attachments jsonb;
ALTER TABLE mail_outbox ADD COLUMN attachments jsonb;
