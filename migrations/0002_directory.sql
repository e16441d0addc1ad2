-- Directory: the territorial map of services as Open Referral HSDS 3.0 entities (the editors' working
-- copy), the change history (HSDS metadata), reports of mistakes, and the published read model that the
-- public finder and the HSDS API query. Italian text lives in the columns; other languages in
-- `translations` ({"en": {"name": "…", "description": "…"}, …}).

-- Municipalities (ISTAT codes) with their centroids: the gazetteer used to place addresses.
CREATE TABLE municipalities (
  code char(6) PRIMARY KEY CHECK (code ~ '^[0-9]{6}$'),
  name text NOT NULL,
  province_code char(3) NOT NULL,
  province_name text NOT NULL,
  postal_code text,
  latitude double precision NOT NULL CHECK (latitude BETWEEN -90 AND 90),
  longitude double precision NOT NULL CHECK (longitude BETWEEN -180 AND 180)
);

CREATE TABLE dir_taxonomies (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  description text NOT NULL,
  uri text,
  version text
);

CREATE TABLE dir_taxonomy_terms (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  taxonomy_id uuid NOT NULL REFERENCES dir_taxonomies (id),
  code text NOT NULL CHECK (code ~ '^[a-z0-9_.-]{1,64}$'),
  name text NOT NULL,
  description text NOT NULL,
  parent_id uuid REFERENCES dir_taxonomy_terms (id),
  term_uri text,
  position integer NOT NULL DEFAULT 0,
  -- {"en": {"name", "description", "keywords"}, …}; Italian keywords in "it".
  translations jsonb NOT NULL DEFAULT '{}'::jsonb,
  UNIQUE (taxonomy_id, code)
);

CREATE TABLE dir_organizations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- The operators' organization whose directory editors keep this record (NULL: only the directory team).
  owner_organization_id uuid REFERENCES organizations (id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
  alternate_name text,
  description text NOT NULL DEFAULT '',
  email text,
  website text,
  tax_id text,
  legal_status text,
  uri text,
  parent_organization_id uuid REFERENCES dir_organizations (id),
  translations jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dir_organizations_owner_idx ON dir_organizations (owner_organization_id);

CREATE TABLE dir_programs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES dir_organizations (id) ON DELETE CASCADE,
  name text NOT NULL,
  alternate_name text,
  description text NOT NULL DEFAULT ''
);

CREATE TABLE dir_services (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES dir_organizations (id),
  program_id uuid REFERENCES dir_programs (id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
  alternate_name text,
  description text NOT NULL DEFAULT '',
  url text,
  email text,
  -- HSDS status of the service itself.
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive', 'defunct', 'temporarily closed')),
  interpretation_services text,
  application_process text,
  fees_description text,
  wait_time text,
  eligibility_description text,
  minimum_age integer CHECK (minimum_age BETWEEN 0 AND 150),
  maximum_age integer CHECK (maximum_age BETWEEN 0 AND 150),
  alert text,
  free_of_charge boolean NOT NULL DEFAULT false,
  appointment_required boolean NOT NULL DEFAULT false,
  translations jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- Ponte's editorial workflow: draft → in_review → published (or returned with a reason).
  publication_status text NOT NULL DEFAULT 'draft' CHECK (publication_status IN ('draft', 'in_review', 'published', 'returned')),
  review_note text,
  submitted_at timestamptz,
  published_at timestamptz,
  last_verified_at timestamptz,
  last_verified_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (minimum_age IS NULL OR maximum_age IS NULL OR minimum_age <= maximum_age)
);
CREATE INDEX dir_services_organization_idx ON dir_services (organization_id);
CREATE INDEX dir_services_publication_idx ON dir_services (publication_status);
CREATE INDEX dir_services_verified_idx ON dir_services (last_verified_at);

CREATE TABLE dir_locations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid REFERENCES dir_organizations (id),
  location_type text NOT NULL DEFAULT 'physical' CHECK (location_type IN ('physical', 'postal', 'virtual')),
  url text,
  name text,
  alternate_name text,
  description text,
  transportation text,
  latitude double precision CHECK (latitude BETWEEN -90 AND 90),
  longitude double precision CHECK (longitude BETWEEN -180 AND 180),
  municipality_code char(6) REFERENCES municipalities (code),
  wheelchair_accessible boolean,
  external_identifier text,
  external_identifier_type text,
  translations jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX dir_locations_organization_idx ON dir_locations (organization_id);

CREATE TABLE dir_addresses (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  location_id uuid NOT NULL REFERENCES dir_locations (id) ON DELETE CASCADE,
  attention text,
  address_1 text NOT NULL,
  address_2 text,
  city text NOT NULL,
  region text,
  state_province text NOT NULL,
  postal_code text NOT NULL,
  country char(2) NOT NULL DEFAULT 'IT',
  address_type text NOT NULL DEFAULT 'physical' CHECK (address_type IN ('physical', 'postal', 'virtual'))
);
CREATE INDEX dir_addresses_location_idx ON dir_addresses (location_id);

CREATE TABLE dir_service_at_locations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  service_id uuid NOT NULL REFERENCES dir_services (id) ON DELETE CASCADE,
  location_id uuid NOT NULL REFERENCES dir_locations (id) ON DELETE CASCADE,
  description text,
  UNIQUE (service_id, location_id)
);
CREATE INDEX dir_sal_location_idx ON dir_service_at_locations (location_id);

CREATE TABLE dir_contacts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid REFERENCES dir_organizations (id) ON DELETE CASCADE,
  service_id uuid REFERENCES dir_services (id) ON DELETE CASCADE,
  service_at_location_id uuid REFERENCES dir_service_at_locations (id) ON DELETE CASCADE,
  location_id uuid REFERENCES dir_locations (id) ON DELETE CASCADE,
  name text,
  title text,
  department text,
  email text
);

CREATE TABLE dir_phones (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  location_id uuid REFERENCES dir_locations (id) ON DELETE CASCADE,
  service_id uuid REFERENCES dir_services (id) ON DELETE CASCADE,
  organization_id uuid REFERENCES dir_organizations (id) ON DELETE CASCADE,
  contact_id uuid REFERENCES dir_contacts (id) ON DELETE CASCADE,
  service_at_location_id uuid REFERENCES dir_service_at_locations (id) ON DELETE CASCADE,
  number text NOT NULL CHECK (number ~ '^\+?[0-9 ./()-]{3,30}$'),
  extension text,
  type text CHECK (type IS NULL OR type IN ('text', 'voice', 'fax', 'cell', 'video', 'pager', 'textphone')),
  description text
);
CREATE INDEX dir_phones_service_idx ON dir_phones (service_id);
CREATE INDEX dir_phones_location_idx ON dir_phones (location_id);

-- Opening hours: one row per weekly pattern (freq WEEKLY, byday "MO,TU", opens_at/closes_at); an exception
-- (a holiday) is a row valid for one date, closed when opens_at is NULL.
CREATE TABLE dir_schedules (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  service_id uuid REFERENCES dir_services (id) ON DELETE CASCADE,
  location_id uuid REFERENCES dir_locations (id) ON DELETE CASCADE,
  service_at_location_id uuid REFERENCES dir_service_at_locations (id) ON DELETE CASCADE,
  valid_from date,
  valid_to date,
  dtstart date,
  timezone numeric,
  until date,
  count integer,
  wkst text CHECK (wkst IS NULL OR wkst IN ('MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU')),
  freq text CHECK (freq IS NULL OR freq IN ('WEEKLY', 'MONTHLY')),
  "interval" integer,
  byday text CHECK (byday IS NULL OR byday ~ '^(MO|TU|WE|TH|FR|SA|SU)(,(MO|TU|WE|TH|FR|SA|SU))*$'),
  byweekno text,
  bymonthday text,
  byyearday text,
  description text,
  opens_at time,
  closes_at time,
  schedule_link text,
  attending_type text,
  notes text,
  CHECK (opens_at IS NULL OR closes_at IS NULL OR opens_at < closes_at),
  CHECK (valid_from IS NULL OR valid_to IS NULL OR valid_from <= valid_to)
);
CREATE INDEX dir_schedules_service_idx ON dir_schedules (service_id);

CREATE TABLE dir_languages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  service_id uuid REFERENCES dir_services (id) ON DELETE CASCADE,
  location_id uuid REFERENCES dir_locations (id) ON DELETE CASCADE,
  phone_id uuid REFERENCES dir_phones (id) ON DELETE CASCADE,
  name text,
  code text CHECK (code IS NULL OR code ~ '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$'),
  note text
);
CREATE INDEX dir_languages_service_idx ON dir_languages (service_id);

CREATE TABLE dir_required_documents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  service_id uuid NOT NULL REFERENCES dir_services (id) ON DELETE CASCADE,
  document text NOT NULL,
  uri text,
  translations jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX dir_required_documents_service_idx ON dir_required_documents (service_id);

CREATE TABLE dir_cost_options (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  service_id uuid NOT NULL REFERENCES dir_services (id) ON DELETE CASCADE,
  valid_from date,
  valid_to date,
  option text,
  currency char(3),
  amount numeric(12, 2) CHECK (amount IS NULL OR amount >= 0),
  amount_description text
);

CREATE TABLE dir_accessibility (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  location_id uuid NOT NULL REFERENCES dir_locations (id) ON DELETE CASCADE,
  description text,
  details text,
  url text
);

CREATE TABLE dir_service_areas (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  service_id uuid NOT NULL REFERENCES dir_services (id) ON DELETE CASCADE,
  name text,
  description text,
  extent text,
  extent_type text,
  uri text,
  -- Ponte: the municipality the area covers, when it is one.
  municipality_code char(6) REFERENCES municipalities (code)
);

CREATE TABLE dir_funding (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid REFERENCES dir_organizations (id) ON DELETE CASCADE,
  service_id uuid REFERENCES dir_services (id) ON DELETE CASCADE,
  source text
);

-- Classification of any entity by a taxonomy term (HSDS attribute); services' needs are attributes.
CREATE TABLE dir_attributes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  link_id uuid NOT NULL,
  taxonomy_term_id uuid NOT NULL REFERENCES dir_taxonomy_terms (id),
  link_type text,
  link_entity text NOT NULL CHECK (link_entity IN ('service', 'organization', 'location', 'service_at_location')),
  value text,
  UNIQUE (link_entity, link_id, taxonomy_term_id)
);
CREATE INDEX dir_attributes_link_idx ON dir_attributes (link_entity, link_id);
CREATE INDEX dir_attributes_term_idx ON dir_attributes (taxonomy_term_id);

-- HSDS metadata: the change history, one row per changed field.
CREATE TABLE dir_metadata (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  resource_id uuid NOT NULL,
  resource_type text NOT NULL,
  last_action_date timestamptz NOT NULL DEFAULT now(),
  last_action_type text NOT NULL,
  field_name text NOT NULL DEFAULT '',
  previous_value text NOT NULL DEFAULT '',
  replacement_value text NOT NULL DEFAULT '',
  updated_by text NOT NULL,
  updated_by_user_id uuid REFERENCES users (id)
);
CREATE INDEX dir_metadata_resource_idx ON dir_metadata (resource_type, resource_id, last_action_date DESC);

-- "Report a mistake" from the public service page; reaches the organization's editors.
CREATE TABLE dir_reports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  service_id uuid NOT NULL REFERENCES dir_services (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('phone', 'address', 'hours', 'closed', 'other')),
  message text NOT NULL CHECK (length(message) <= 2000),
  locale text NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved', 'dismissed')),
  created_at timestamptz NOT NULL DEFAULT now(),
  resolved_at timestamptz,
  resolved_by uuid REFERENCES users (id)
);
CREATE INDEX dir_reports_service_idx ON dir_reports (service_id, status);

-- unaccent() is not IMMUTABLE; this wrapper is, so that it can be used in indexes.
CREATE FUNCTION ponte_unaccent(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;

-- The published read model: one row per published service, everything the public needs, denormalized.
CREATE TABLE dir_published_services (
  service_id uuid PRIMARY KEY REFERENCES dir_services (id) ON DELETE CASCADE,
  organization_id uuid NOT NULL,
  -- The HSDS service_full document in Italian, and per-locale overrides of its texts.
  document jsonb NOT NULL,
  translations jsonb NOT NULL DEFAULT '{}'::jsonb,
  name text NOT NULL,
  municipality_codes text[] NOT NULL DEFAULT '{}',
  language_codes text[] NOT NULL DEFAULT '{}',
  term_codes text[] NOT NULL DEFAULT '{}',
  free_of_charge boolean NOT NULL,
  wheelchair_accessible boolean NOT NULL,
  appointment_required boolean NOT NULL,
  -- Weekly hours for "open now": [{"days": ["MO"], "opens": "08:30", "closes": "12:30"}], and closed dates.
  hours jsonb NOT NULL DEFAULT '[]'::jsonb,
  closed_dates date[] NOT NULL DEFAULT '{}',
  -- Every language's text (names, descriptions, needs' names and keywords), unaccented and lowercased.
  search_text text NOT NULL,
  search_vector tsvector NOT NULL,
  last_verified_at timestamptz,
  published_at timestamptz NOT NULL,
  modified_at timestamptz NOT NULL
);
CREATE INDEX dir_published_vector_idx ON dir_published_services USING gin (search_vector);
CREATE INDEX dir_published_trgm_idx ON dir_published_services USING gin (search_text gin_trgm_ops);
CREATE INDEX dir_published_municipalities_idx ON dir_published_services USING gin (municipality_codes);
CREATE INDEX dir_published_languages_idx ON dir_published_services USING gin (language_codes);
CREATE INDEX dir_published_terms_idx ON dir_published_services USING gin (term_codes);
CREATE INDEX dir_published_modified_idx ON dir_published_services (modified_at);
CREATE INDEX dir_published_name_idx ON dir_published_services (name);
