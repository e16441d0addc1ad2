-- Referrals: one lifecycle for every module that sends a person to a service of another organization
-- (the desk today; mediators, labour and reception later). And the kernel's in-app notifications, with
-- the outbox of the e-mails that tell operators about them.
--
-- What the receiver may know of the person is only what the person's consent allows the sender to share:
-- it is stored sealed by the application (AES-256-GCM, bound to "referrals:shared_data:<id>"), like the
-- free-text notes (bound to their row). The figures (status, dates, codes) stay in clear.

CREATE TABLE referrals (
  id uuid PRIMARY KEY,
  -- The record the referral is about, in the sending module (a desk person, a mediation request...).
  subject_module text NOT NULL CHECK (subject_module ~ '^[a-z][a-z0-9_]{0,39}$'),
  subject_id text NOT NULL CHECK (length(subject_id) BETWEEN 1 AND 100),
  -- The need it answers: a code of the directory's taxonomy (dir_taxonomy_terms.code), when known.
  need_code text CHECK (need_code ~ '^[a-z0-9_.-]{1,64}$'),
  -- The directory service (no foreign key: the directory may rework its rows; the name is kept as sent).
  service_id uuid NOT NULL,
  service_name text NOT NULL,
  from_organization_id uuid NOT NULL REFERENCES organizations (id),
  from_user_id uuid REFERENCES users (id),
  to_organization_id uuid NOT NULL REFERENCES organizations (id),
  status text NOT NULL DEFAULT 'sent'
    CHECK (status IN ('sent', 'accepted', 'declined', 'in_progress', 'completed', 'closed', 'withdrawn')),
  shared_data_enc text NOT NULL,
  note_enc text,
  sent_at timestamptz NOT NULL DEFAULT now(),
  answer_by timestamptz NOT NULL,
  -- Accepted or declined; started (in progress); completed, closed, declined or withdrawn.
  answered_at timestamptz,
  started_at timestamptz,
  ended_at timestamptz,
  decline_reason text CHECK (decline_reason IN ('no_capacity', 'not_eligible', 'wrong_service', 'missing_information', 'other')),
  outcome text CHECK (outcome IN ('enrolled', 'service_provided', 'no_show', 'unreachable', 'person_renounced', 'not_eligible', 'other')),
  reminded_at timestamptz,
  reminder_count integer NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (status <> 'declined' OR decline_reason IS NOT NULL),
  CHECK (status NOT IN ('completed', 'closed') OR outcome IS NOT NULL)
);
CREATE INDEX referrals_inbox_idx ON referrals (to_organization_id, status, sent_at DESC);
CREATE INDEX referrals_sent_idx ON referrals (from_organization_id, sent_at DESC);
CREATE INDEX referrals_subject_idx ON referrals (subject_module, subject_id);
-- The reminders' scan: only referrals still waiting for an answer.
CREATE INDEX referrals_waiting_idx ON referrals (answer_by) WHERE status = 'sent';

-- Every change of status: who, from which organization, when, from → to, the reason or outcome.
CREATE TABLE referral_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  referral_id uuid NOT NULL REFERENCES referrals (id),
  occurred_at timestamptz NOT NULL DEFAULT now(),
  actor_user_id uuid REFERENCES users (id),
  actor_organization_id uuid REFERENCES organizations (id),
  from_status text,
  to_status text NOT NULL,
  -- A decline reason or an outcome code.
  reason text,
  -- Sealed, bound to "referral_events:note:<referral id>:<to_status>" (a referral enters each status once).
  note_enc text
);
CREATE INDEX referral_events_referral_idx ON referral_events (referral_id, id);

-- In-app notifications for an organization: seen by its operators who hold `permission` (NULL: all of
-- them), or by one operator (user_id). Read once for the whole organization: it is a shared inbox.
CREATE TABLE notifications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations (id),
  user_id uuid REFERENCES users (id),
  permission text,
  kind text NOT NULL CHECK (kind ~ '^[a-z][a-z0-9_.]{0,63}$'),
  message_key text NOT NULL,
  params jsonb NOT NULL DEFAULT '{}'::jsonb,
  link text CHECK (link ~ '^/'),
  created_at timestamptz NOT NULL DEFAULT now(),
  read_at timestamptz,
  read_by uuid REFERENCES users (id)
);
CREATE INDEX notifications_organization_idx ON notifications (organization_id, created_at DESC);
-- The navigation's unread count, on every page: only the unread rows are indexed.
CREATE INDEX notifications_unread_idx ON notifications (organization_id) WHERE read_at IS NULL;

-- E-mails about notifications, written in the same transaction as the change and sent after it commits
-- (never from inside a transaction: an SMTP server's delay would hold the transaction's locks).
CREATE TABLE notification_mails (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  notification_id uuid NOT NULL REFERENCES notifications (id),
  user_id uuid NOT NULL REFERENCES users (id),
  to_address text NOT NULL,
  subject text NOT NULL,
  text_body text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  -- A sender takes a batch by setting claimed_at; another node takes it again only after the lease ends.
  claimed_at timestamptz,
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  sent_at timestamptz
);
CREATE INDEX notification_mails_pending_idx ON notification_mails (id) WHERE sent_at IS NULL;
