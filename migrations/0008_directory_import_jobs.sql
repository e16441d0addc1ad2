-- Imports of HSDS tabular packages uploaded in the directory back office. Each upload is a job: first a dry
-- run (every check, and the writes in a transaction that is rolled back), then, when a member of the
-- directory team confirms, the import itself. Both run in the background; processed/total say how far the
-- current phase has gone, for the job page's progress bar. The uploaded files are kept only until the job
-- is imported or refused (or a day has passed without confirmation).
CREATE TABLE dir_import_jobs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  status text NOT NULL DEFAULT 'checking'
    CHECK (status IN ('checking', 'checked', 'rejected', 'importing', 'imported', 'failed')),
  publish boolean NOT NULL DEFAULT false,
  file_names text[] NOT NULL DEFAULT '{}',
  files jsonb,
  phase text CHECK (phase IN ('checking', 'writing')),
  processed integer NOT NULL DEFAULT 0 CHECK (processed >= 0),
  total integer NOT NULL DEFAULT 0 CHECK (total >= 0),
  report jsonb,
  confirmed_by uuid REFERENCES users (id) ON DELETE SET NULL,
  confirmed_at timestamptz,
  finished_at timestamptz
);

CREATE INDEX dir_import_jobs_created_idx ON dir_import_jobs (created_at DESC);
