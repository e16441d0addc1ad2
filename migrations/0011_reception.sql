-- Reception: the centres (CAS, SAI, first reception) the Prefettura contracts to managing bodies, their
-- guests' presences (pseudonymous codes only: the Ministry's own system holds who they are), the documents
-- a centre owes, and the Prefettura's inspections with their findings and corrective actions.
--
-- Which centres an operator sees is one SQL condition (reception.repo.ts `visibleTo`): the Prefettura's
-- oversight roles see every centre, a managing body's operators only the centres their organization runs.

CREATE TABLE reception_centres (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- The Prefettura's code for the centre, as registers name it (CAS-TRI-01).
  code text NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9][A-Z0-9-]{1,29}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 2 AND 200),
  kind text NOT NULL CHECK (kind IN ('cas', 'sai', 'first_reception')),
  housing text NOT NULL CHECK (housing IN ('apartment', 'collective')),
  managing_body_id uuid NOT NULL REFERENCES organizations (id),
  municipality_code char(6) NOT NULL REFERENCES municipalities (code),
  address text NOT NULL CHECK (length(address) BETWEEN 2 AND 300),
  -- Places by who they are for; the centre's capacity is their sum.
  capacity_men integer NOT NULL DEFAULT 0 CHECK (capacity_men BETWEEN 0 AND 2000),
  capacity_women integer NOT NULL DEFAULT 0 CHECK (capacity_women BETWEEN 0 AND 2000),
  capacity_families integer NOT NULL DEFAULT 0 CHECK (capacity_families BETWEEN 0 AND 2000),
  contract_start date NOT NULL,
  contract_end date NOT NULL,
  places_contracted integer NOT NULL CHECK (places_contracted BETWEEN 0 AND 6000),
  -- Euro cents per guest per day of presence (the pro-die pro-capite of the contract).
  daily_rate_cents integer NOT NULL CHECK (daily_rate_cents BETWEEN 0 AND 100000),
  contact_phone text CHECK (length(contact_phone) <= 40),
  contact_email text CHECK (length(contact_email) <= 254),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'closed')),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (contract_end >= contract_start)
);
CREATE INDEX reception_centres_body_idx ON reception_centres (managing_body_id);

-- A guest's stay in a centre, under a pseudonymous code; a transfer is a departure here and an arrival there.
CREATE TABLE reception_stays (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  centre_id uuid NOT NULL REFERENCES reception_centres (id),
  guest_code text NOT NULL CHECK (guest_code ~ '^[A-Z0-9][A-Z0-9-]{2,29}$'),
  arrived_on date NOT NULL,
  departed_on date,
  departure_reason text CHECK (departure_reason IN ('transfer', 'end_of_reception', 'voluntary_leave', 'revocation')),
  recorded_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (departed_on IS NULL OR departed_on >= arrived_on),
  CHECK ((departed_on IS NULL) = (departure_reason IS NULL))
);
-- One open stay per guest code in the whole province.
CREATE UNIQUE INDEX reception_stays_open_key ON reception_stays (guest_code) WHERE departed_on IS NULL;
CREATE INDEX reception_stays_centre_idx ON reception_stays (centre_id, arrived_on);

-- The presence count a managing body declares for a day (what the monthly invoice states).
CREATE TABLE reception_daily_counts (
  centre_id uuid NOT NULL REFERENCES reception_centres (id),
  day date NOT NULL,
  present integer NOT NULL CHECK (present >= 0),
  recorded_by uuid REFERENCES users (id),
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (centre_id, day)
);

-- Files (documents, photos, answers' attachments): kept in the files folder under a random name, never
-- under the web root; the row says what the content was sniffed to be and which centre it belongs to.
CREATE TABLE reception_files (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  centre_id uuid NOT NULL REFERENCES reception_centres (id),
  storage_name text NOT NULL UNIQUE CHECK (storage_name ~ '^[0-9a-f]{64}$'),
  media_type text NOT NULL CHECK (media_type IN ('application/pdf', 'image/jpeg', 'image/png')),
  original_name text NOT NULL CHECK (length(original_name) BETWEEN 1 AND 200),
  size_bytes integer NOT NULL CHECK (size_bytes > 0),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  uploaded_by uuid REFERENCES users (id),
  uploaded_at timestamptz NOT NULL DEFAULT now()
);

-- The documents a centre owes the Prefettura, one row per type, with the date it is due.
CREATE TABLE reception_requirements (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  centre_id uuid NOT NULL REFERENCES reception_centres (id),
  doc_type text NOT NULL CHECK (doc_type IN ('contract', 'fire_safety', 'fitness', 'insurance', 'staff_list', 'house_rules_translated', 'monthly_report')),
  due_on date NOT NULL,
  -- When the managing body was last reminded (expiry coming, or overdue); reminders repeat weekly.
  reminded_at timestamptz,
  UNIQUE (centre_id, doc_type)
);

-- Every version uploaded for a requirement; the newest is the one that counts.
CREATE TABLE reception_documents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  requirement_id uuid NOT NULL REFERENCES reception_requirements (id),
  version integer NOT NULL CHECK (version >= 1),
  file_id uuid NOT NULL REFERENCES reception_files (id),
  expires_on date,
  status text NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted', 'accepted', 'returned')),
  return_reason text CHECK (length(return_reason) <= 2000),
  reviewed_by uuid REFERENCES users (id),
  reviewed_at timestamptz,
  uploaded_by uuid REFERENCES users (id),
  uploaded_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (requirement_id, version),
  CHECK (status <> 'returned' OR return_reason IS NOT NULL)
);

-- Inspection checklists: a template is a version of the list of items (codes of areas and questions whose
-- texts are in the catalogs); a visit keeps the version it was filled with.
CREATE TABLE reception_checklists (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  version integer NOT NULL UNIQUE CHECK (version >= 1),
  items jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE reception_visits (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  centre_id uuid NOT NULL REFERENCES reception_centres (id),
  checklist_id uuid NOT NULL REFERENCES reception_checklists (id),
  kind text NOT NULL CHECK (kind IN ('scheduled', 'unannounced')),
  -- A follow-up visit checks the findings of an earlier one.
  follow_up_of uuid REFERENCES reception_visits (id),
  planned_on date NOT NULL,
  visited_on date,
  status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'completed')),
  -- Guests the team counted present (compared with the count declared for that day).
  counted_present integer CHECK (counted_present >= 0),
  inspector_ids uuid[] NOT NULL,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (status <> 'completed' OR visited_on IS NOT NULL)
);
CREATE INDEX reception_visits_centre_idx ON reception_visits (centre_id, planned_on DESC);

CREATE TABLE reception_answers (
  visit_id uuid NOT NULL REFERENCES reception_visits (id),
  item_code text NOT NULL CHECK (item_code ~ '^[a-z_]{2,60}$'),
  result text NOT NULL CHECK (result IN ('compliant', 'non_compliant', 'not_applicable')),
  note text CHECK (length(note) <= 2000),
  photo_file_id uuid REFERENCES reception_files (id),
  PRIMARY KEY (visit_id, item_code)
);

CREATE TABLE reception_findings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  visit_id uuid NOT NULL REFERENCES reception_visits (id),
  centre_id uuid NOT NULL REFERENCES reception_centres (id),
  item_code text NOT NULL CHECK (item_code ~ '^[a-z_]{2,60}$'),
  severity text NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
  description text NOT NULL CHECK (length(description) BETWEEN 1 AND 2000),
  action_required text NOT NULL CHECK (length(action_required) BETWEEN 1 AND 2000),
  due_on date NOT NULL,
  photo_file_id uuid REFERENCES reception_files (id),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'answered', 'closed')),
  response text CHECK (length(response) <= 2000),
  response_file_id uuid REFERENCES reception_files (id),
  responded_by uuid REFERENCES users (id),
  responded_at timestamptz,
  closed_by_visit_id uuid REFERENCES reception_visits (id),
  closed_at timestamptz,
  -- When the managing body was last reminded of an unanswered corrective action past its deadline.
  reminded_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (status <> 'closed' OR closed_by_visit_id IS NOT NULL)
);
CREATE INDEX reception_findings_centre_idx ON reception_findings (centre_id, status);

-- The first checklist (src/modules/reception/reception-codes.ts CHECKLIST_V1), so that a new province can inspect.
INSERT INTO reception_checklists (version, items) VALUES (1, '[{"area": "accommodation", "code": "rooms_capacity"}, {"area": "accommodation", "code": "hygiene"}, {"area": "accommodation", "code": "house_rules_translated"}, {"area": "meals", "code": "meals_cultural"}, {"area": "health", "code": "health_screening"}, {"area": "legal", "code": "legal_orientation"}, {"area": "italian", "code": "italian_courses"}, {"area": "mediation", "code": "mediation_hours"}, {"area": "staff", "code": "staff_as_declared"}, {"area": "safety", "code": "fire_safety"}]'::jsonb);
