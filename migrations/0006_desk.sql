-- Desk: the people the orientation desks meet, their consent, contacts and needs; exceptional accesses
-- ("break the glass"); integrated case handling; appointments asked from the public site.
-- Direct identifiers are sealed by the application (AES-256-GCM, bound to "desk_people:<column>:<id>");
-- lookups and duplicate checks use keyed blind indexes (HMAC-SHA256), never the clear text.

CREATE TABLE desk_people (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- The organization whose desk recorded the person: it always sees the record.
  organization_id uuid NOT NULL REFERENCES organizations (id),
  given_name_enc text NOT NULL,
  family_name_enc text NOT NULL,
  -- The name in Latin letters as written on documents, when the person writes it in another script.
  latin_name_enc text,
  birth_date_enc text,
  phone_enc text,
  email_enc text,
  document_type text CHECK (document_type IN ('passport', 'residence_permit', 'permit_receipt', 'identity_card',
    'asylum_application', 'other')),
  document_number_enc text,
  -- Not direct identifiers, kept in clear for the figures: country (ISO 3166-1 alpha-2), birth year, languages.
  nationality char(2) CHECK (nationality ~ '^[A-Z]{2}$'),
  birth_year smallint CHECK (birth_year BETWEEN 1900 AND 2100),
  languages text[] NOT NULL DEFAULT '{}',
  italian_level text CHECK (italian_level IN ('none', 'a1', 'a2', 'b1', 'b2', 'c1', 'c2')),
  municipality_code char(6) CHECK (municipality_code ~ '^[0-9]{6}$'),
  -- Blind indexes: whole name (words sorted), birth date, document, phone.
  name_bidx text NOT NULL,
  birth_date_bidx text,
  document_bidx text,
  phone_bidx text,
  -- A record merged into another stays, pointing to the one that survives.
  merged_into uuid REFERENCES desk_people (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX desk_people_name_idx ON desk_people (name_bidx);
CREATE INDEX desk_people_birth_idx ON desk_people (birth_date_bidx);
CREATE INDEX desk_people_document_idx ON desk_people (document_bidx);
CREATE INDEX desk_people_phone_idx ON desk_people (phone_bidx);
CREATE INDEX desk_people_org_idx ON desk_people (organization_id, created_at);

-- One blind index per word of every name (given, family, Latin): a search by any of them finds the person.
CREATE TABLE desk_person_name_words (
  person_id uuid NOT NULL REFERENCES desk_people (id) ON DELETE CASCADE,
  word_bidx text NOT NULL,
  PRIMARY KEY (word_bidx, person_id)
);
CREATE INDEX desk_person_name_words_person_idx ON desk_person_name_words (person_id);

CREATE TABLE desk_household_links (
  person_id uuid NOT NULL REFERENCES desk_people (id) ON DELETE CASCADE,
  related_person_id uuid NOT NULL REFERENCES desk_people (id) ON DELETE CASCADE,
  relation text NOT NULL CHECK (relation IN ('child', 'parent', 'partner', 'sibling', 'other')),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (person_id, related_person_id),
  CHECK (person_id <> related_person_id)
);

CREATE TABLE desk_consents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  person_id uuid NOT NULL REFERENCES desk_people (id) ON DELETE CASCADE,
  purposes text[] NOT NULL CHECK (cardinality(purposes) > 0
    AND purposes <@ ARRAY['orientation', 'referral', 'case_handling', 'statistics']::text[]),
  -- The organizations, besides the recording one, that may see the record.
  organization_ids uuid[] NOT NULL DEFAULT '{}',
  -- Whether services the person is referred to may receive their phone and e-mail to contact them.
  shares_contact boolean NOT NULL DEFAULT false,
  given_how text NOT NULL CHECK (given_how IN ('signed_form', 'oral_with_witness')),
  witness_name text CHECK (witness_name IS NULL OR length(witness_name) BETWEEN 2 AND 120),
  given_at timestamptz NOT NULL DEFAULT now(),
  recorded_by uuid NOT NULL REFERENCES users (id),
  withdrawn_at timestamptz,
  withdrawn_by uuid REFERENCES users (id),
  CHECK (given_how <> 'oral_with_witness' OR witness_name IS NOT NULL)
);
CREATE INDEX desk_consents_person_idx ON desk_consents (person_id);
CREATE INDEX desk_consents_orgs_idx ON desk_consents USING gin (organization_ids);

-- A contact at a desk; person_id is null for an anonymous contact (only counted).
CREATE TABLE desk_contacts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  person_id uuid REFERENCES desk_people (id) ON DELETE CASCADE,
  organization_id uuid NOT NULL REFERENCES organizations (id),
  user_id uuid NOT NULL REFERENCES users (id),
  channel text NOT NULL CHECK (channel IN ('walk_in', 'phone', 'outreach', 'online')),
  language_code text NOT NULL CHECK (language_code ~ '^[a-z]{2,3}$'),
  mediator_present boolean NOT NULL DEFAULT false,
  nationality char(2) CHECK (nationality ~ '^[A-Z]{2}$'),
  occurred_at timestamptz NOT NULL DEFAULT now(),
  note_enc text
);
CREATE INDEX desk_contacts_org_time_idx ON desk_contacts (organization_id, occurred_at);
CREATE INDEX desk_contacts_person_idx ON desk_contacts (person_id, occurred_at);
CREATE INDEX desk_contacts_time_idx ON desk_contacts (occurred_at);

CREATE TABLE desk_needs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  person_id uuid NOT NULL REFERENCES desk_people (id) ON DELETE CASCADE,
  contact_id uuid REFERENCES desk_contacts (id) ON DELETE SET NULL,
  organization_id uuid NOT NULL REFERENCES organizations (id),
  user_id uuid NOT NULL REFERENCES users (id),
  term_code text NOT NULL CHECK (term_code ~ '^[a-z0-9_.-]{1,64}$'),
  urgency text NOT NULL CHECK (urgency IN ('low', 'normal', 'high')),
  note_enc text,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'referred', 'met', 'closed')),
  -- The referral that answers the need (referrals module), when there is one.
  referral_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX desk_needs_person_idx ON desk_needs (person_id);
CREATE INDEX desk_needs_org_time_idx ON desk_needs (organization_id, created_at);

-- "Break the glass": an operator not covered by consent opens a record for a stated reason, for a few
-- hours; the data protection officer reviews every one.
CREATE TABLE desk_access_exceptions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  person_id uuid NOT NULL REFERENCES desk_people (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id),
  organization_id uuid NOT NULL REFERENCES organizations (id),
  reason text NOT NULL CHECK (length(reason) BETWEEN 10 AND 2000),
  granted_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  reviewed_at timestamptz,
  reviewed_by uuid REFERENCES users (id),
  review_note text
);
CREATE INDEX desk_access_exceptions_user_idx ON desk_access_exceptions (user_id, person_id, expires_at);
CREATE INDEX desk_access_exceptions_review_idx ON desk_access_exceptions (reviewed_at, granted_at);

-- Integrated case handling: a plan across organizations, with a lead operator and a named team.
CREATE TABLE desk_cases (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  person_id uuid NOT NULL REFERENCES desk_people (id) ON DELETE CASCADE,
  organization_id uuid NOT NULL REFERENCES organizations (id),
  lead_user_id uuid NOT NULL REFERENCES users (id),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  -- A possible victim of trafficking or exploitation: only the named team sees the case and the person.
  restricted boolean NOT NULL DEFAULT false,
  outcome text CHECK (outcome IN ('goals_met', 'partly_met', 'moved_away', 'withdrew', 'other')),
  closure_note_enc text,
  opened_at timestamptz NOT NULL DEFAULT now(),
  closed_at timestamptz,
  CHECK ((status = 'closed') = (closed_at IS NOT NULL))
);
CREATE INDEX desk_cases_person_idx ON desk_cases (person_id);
CREATE INDEX desk_cases_org_idx ON desk_cases (organization_id, status);

CREATE TABLE desk_case_members (
  case_id uuid NOT NULL REFERENCES desk_cases (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id),
  added_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (case_id, user_id)
);
CREATE INDEX desk_case_members_user_idx ON desk_case_members (user_id);

CREATE TABLE desk_case_goals (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES desk_cases (id) ON DELETE CASCADE,
  title text NOT NULL CHECK (length(title) BETWEEN 2 AND 300),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'achieved', 'dropped')),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX desk_case_goals_case_idx ON desk_case_goals (case_id);

CREATE TABLE desk_case_actions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES desk_cases (id) ON DELETE CASCADE,
  goal_id uuid REFERENCES desk_case_goals (id) ON DELETE SET NULL,
  description text NOT NULL CHECK (length(description) BETWEEN 2 AND 500),
  responsible_organization_id uuid NOT NULL REFERENCES organizations (id),
  due_on date,
  status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'done', 'cancelled')),
  done_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX desk_case_actions_case_idx ON desk_case_actions (case_id);

CREATE TABLE desk_case_meetings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES desk_cases (id) ON DELETE CASCADE,
  held_on date NOT NULL,
  participants text NOT NULL CHECK (length(participants) BETWEEN 2 AND 1000),
  notes_enc text NOT NULL,
  recorded_by uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX desk_case_meetings_case_idx ON desk_case_meetings (case_id, held_on);

-- Appointments: a desk publishes slots; a person asks for one from the public site, in their language.
CREATE TABLE desk_slots (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations (id),
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  capacity integer NOT NULL DEFAULT 1 CHECK (capacity BETWEEN 1 AND 50),
  CHECK (ends_at > starts_at)
);
CREATE INDEX desk_slots_org_time_idx ON desk_slots (organization_id, starts_at);

CREATE TABLE desk_appointment_requests (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations (id),
  slot_id uuid REFERENCES desk_slots (id) ON DELETE SET NULL,
  name_enc text NOT NULL,
  phone_enc text,
  email_enc text,
  language_code text NOT NULL CHECK (language_code ~ '^[a-z]{2,3}$'),
  term_code text CHECK (term_code ~ '^[a-z0-9_.-]{1,64}$'),
  message_enc text,
  status text NOT NULL DEFAULT 'requested' CHECK (status IN ('requested', 'confirmed', 'cancelled', 'done')),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX desk_appointment_requests_org_idx ON desk_appointment_requests (organization_id, status, created_at);
CREATE INDEX desk_appointment_requests_slot_idx ON desk_appointment_requests (slot_id);
