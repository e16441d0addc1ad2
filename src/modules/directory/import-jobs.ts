// Imports of HSDS packages uploaded in the back office, as jobs (table dir_import_jobs, migrations/0008):
// an upload is checked by a dry run, and imported only when a member of the directory team confirms. Both
// steps run in the background, so that a large package neither holds a request open nor loses its page.
// How far a step has gone is kept in memory for this process and written to the job's row, which is what
// another process of Ponte reads. Decisions: docs/adr/0010-directory-import-and-openapi.md.
import { and, desc, eq, isNotNull, lt, sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Kernel } from '../../kernel/kernel.js';
import type { Tx } from '../../kernel/db/client.js';
import { recordAudit, type AuditActor } from '../../kernel/audit/audit.js';
import { importJobs, type ImportJobStatus } from './directory.schema.js';
import { importHsdsPackage, type ImportProgress, type ImportReport, type ImportWarning, type PackageFile, type Rejection } from './hsds-import.js';

/** At most this many rejected rows are kept with a job (the total is kept too; the command line lists all). */
export const MAX_KEPT_REJECTIONS = 1000;
/** A job that has not moved for this long, and runs in no process here, was interrupted (a restart). */
const STALLED_MS = 10 * 60_000;
/** Files of a checked package nobody confirmed are not kept longer than this. */
const KEEP_UNCONFIRMED_MS = 24 * 3_600_000;

export interface StoredReport {
  ok: boolean;
  dryRun: boolean;
  rejected: Rejection[];
  rejectedTotal: number;
  warnings: ImportWarning[];
  counts: ImportReport['counts'];
  services: { published: number; inReview: number; refreshed: number };
}

export interface ImportJob {
  id: string;
  createdAt: Date;
  createdByName: string | null;
  status: ImportJobStatus;
  /** Checking or importing in no process any more: what was written was rolled back. */
  interrupted: boolean;
  publish: boolean;
  fileNames: string[];
  /** The uploaded files are still kept (a checked package can be imported). */
  hasFiles: boolean;
  phase: ImportProgress['phase'] | null;
  processed: number;
  total: number;
  report: StoredReport | null;
  confirmedAt: Date | null;
  confirmedByName: string | null;
  finishedAt: Date | null;
}

export const isRunning = (status: ImportJobStatus) => status === 'checking' || status === 'importing';

function storedReport(r: ImportReport): StoredReport {
  return {
    ok: r.ok,
    dryRun: r.dryRun,
    rejected: r.rejected.slice(0, MAX_KEPT_REJECTIONS),
    rejectedTotal: r.rejected.length,
    warnings: r.warnings,
    counts: r.counts,
    services: { published: r.services.published.length, inReview: r.services.inReview.length, refreshed: r.services.refreshed.length },
  };
}

const creator = sql<string | null>`(SELECT display_name FROM users u WHERE u.id = ${importJobs.createdBy})`;
const confirmer = sql<string | null>`(SELECT display_name FROM users u WHERE u.id = ${importJobs.confirmedBy})`;

const jobColumns = {
  id: importJobs.id,
  createdAt: importJobs.createdAt,
  updatedAt: importJobs.updatedAt,
  createdByName: creator,
  status: importJobs.status,
  publish: importJobs.publish,
  fileNames: importJobs.fileNames,
  hasFiles: sql<boolean>`${importJobs.files} IS NOT NULL`,
  phase: importJobs.phase,
  processed: importJobs.processed,
  total: importJobs.total,
  report: importJobs.report,
  confirmedAt: importJobs.confirmedAt,
  confirmedByName: confirmer,
  finishedAt: importJobs.finishedAt,
};

export function createImportJobs(kernel: Kernel, log: FastifyBaseLogger) {
  const { db } = kernel;
  /** Jobs running in this process, and how far they are. */
  const live = new Map<string, ImportProgress>();
  const running = new Map<string, Promise<void>>();

  function asJob(row: Awaited<ReturnType<typeof selectJobs>>[number]): ImportJob {
    const progress = live.get(row.id);
    const stalled = isRunning(row.status) && !progress && Date.now() - new Date(row.updatedAt).getTime() > STALLED_MS;
    return {
      id: row.id,
      createdAt: new Date(row.createdAt),
      createdByName: row.createdByName,
      status: row.status,
      interrupted: stalled,
      publish: row.publish,
      fileNames: row.fileNames,
      hasFiles: row.hasFiles === true,
      phase: progress?.phase ?? row.phase,
      processed: progress?.processed ?? row.processed,
      total: progress?.total ?? row.total,
      report: (row.report as StoredReport | null) ?? null,
      confirmedAt: row.confirmedAt ? new Date(row.confirmedAt) : null,
      confirmedByName: row.confirmedByName,
      finishedAt: row.finishedAt ? new Date(row.finishedAt) : null,
    };
  }

  function selectJobs() {
    return db.select(jobColumns).from(importJobs);
  }

  /**
   * Progress goes to the job's row too, at most once a second. Inside the import's transaction only on
   * PostgreSQL, through another connection: the embedded database has one connection, which the
   * transaction holds (there, this process's memory is the only place, and it is the only process).
   */
  function progressRecorder(jobId: string) {
    let last = 0;
    return async (p: ImportProgress) => {
      live.set(jobId, p);
      const now = Date.now();
      if (p.phase === 'writing' && kernel.database.kind !== 'postgres') return;
      if (now - last < 1000 && p.processed !== p.total && p.processed !== 0) return;
      last = now;
      await db.update(importJobs).set({ phase: p.phase, processed: p.processed, total: p.total, updatedAt: new Date(now) }).where(eq(importJobs.id, jobId));
    };
  }

  async function filesOf(jobId: string): Promise<PackageFile[] | undefined> {
    const [row] = await db.select({ files: importJobs.files }).from(importJobs).where(eq(importJobs.id, jobId));
    return row?.files?.map((f) => ({ name: f.name, content: f.text, ...(f.resource ? { resource: f.resource } : {}) }));
  }

  async function finish(tx: Tx, jobId: string, status: ImportJobStatus, report: StoredReport | null, keepFiles: boolean) {
    const now = new Date();
    await tx
      .update(importJobs)
      .set({ status, report: report as unknown as Record<string, unknown>, phase: null, updatedAt: now, ...(keepFiles ? {} : { files: null, finishedAt: now }) })
      .where(eq(importJobs.id, jobId));
  }

  async function check(jobId: string, publish: boolean, actor: AuditActor) {
    const files = await filesOf(jobId);
    if (!files) return;
    const report = await importHsdsPackage(db, files, { dryRun: true, publish, actor, onProgress: progressRecorder(jobId) });
    const stored = storedReport(report);
    await db.transaction(async (tx) => {
      await finish(tx, jobId, report.ok ? 'checked' : 'rejected', stored, report.ok);
      await recordAudit(tx, actor, {
        action: 'directory.import.checked',
        entityType: 'dir_import_job',
        entityId: jobId,
        details: { ok: report.ok, rejected: stored.rejectedTotal, counts: report.counts },
      });
    });
  }

  async function runImport(jobId: string, publish: boolean, actor: AuditActor) {
    const files = await filesOf(jobId);
    if (!files) return;
    const report = await importHsdsPackage(db, files, {
      publish,
      actor,
      onProgress: progressRecorder(jobId),
      // The job is "imported" in the same transaction as the rows: both commit, or neither.
      afterWrite: async (tx, r) => finish(tx, jobId, 'imported', storedReport(r), false),
    });
    if (report.ok) return;
    // Refused now (the directory changed since the dry run): nothing was written, the job says why.
    const stored = storedReport(report);
    await db.transaction(async (tx) => {
      await finish(tx, jobId, 'rejected', stored, false);
      await recordAudit(tx, actor, { action: 'directory.import.refused', entityType: 'dir_import_job', entityId: jobId, details: { rejected: stored.rejectedTotal } });
    });
  }

  function start(jobId: string, step: (jobId: string, publish: boolean, actor: AuditActor) => Promise<void>, publish: boolean, actor: AuditActor): Promise<void> {
    live.set(jobId, { phase: 'checking', processed: 0, total: 0 });
    const done = step(jobId, publish, actor)
      .catch(async (err: unknown) => {
        log.error({ err, jobId }, 'directory import job failed');
        await db
          .transaction(async (tx) => {
            await finish(tx, jobId, 'failed', null, false);
            await recordAudit(tx, actor, { action: 'directory.import.failed', entityType: 'dir_import_job', entityId: jobId });
          })
          .catch((e: unknown) => log.error({ err: e, jobId }, 'directory import job: recording the failure failed'));
      })
      .finally(() => {
        live.delete(jobId);
        running.delete(jobId);
      });
    running.set(jobId, done);
    return done;
  }

  return {
    /** Records an upload as a job and starts its dry run; resolves with the job's id at once. */
    async upload(input: { files: PackageFile[]; publish: boolean; userId: string; actor: AuditActor }): Promise<string> {
      const fileNames = input.files.map((f) => f.name);
      const jobId = await db.transaction(async (tx) => {
        // Housekeeping: packages checked long ago and never confirmed are not kept.
        await tx
          .update(importJobs)
          .set({ files: null })
          .where(and(eq(importJobs.status, 'checked'), isNotNull(importJobs.files), lt(importJobs.updatedAt, new Date(Date.now() - KEEP_UNCONFIRMED_MS))));
        const [row] = await tx
          .insert(importJobs)
          .values({
            createdBy: input.userId,
            publish: input.publish,
            fileNames,
            files: input.files.map((f) => ({ name: f.name, text: String(f.content), ...(f.resource ? { resource: f.resource } : {}) })),
          })
          .returning({ id: importJobs.id });
        await recordAudit(tx, input.actor, { action: 'directory.import.uploaded', entityType: 'dir_import_job', entityId: row!.id, details: { files: fileNames, publish: input.publish } });
        return row!.id;
      });
      void start(jobId, check, input.publish, input.actor);
      return jobId;
    },

    /** Starts the import of a checked package; false if it is not (or no longer) waiting for confirmation. */
    async confirm(input: { jobId: string; userId: string; actor: AuditActor }): Promise<boolean> {
      const claimed = await db.transaction(async (tx) => {
        const [row] = await tx
          .update(importJobs)
          .set({ status: 'importing', confirmedBy: input.userId, confirmedAt: new Date(), updatedAt: new Date(), phase: 'checking', processed: 0, total: 0 })
          .where(and(eq(importJobs.id, input.jobId), eq(importJobs.status, 'checked'), isNotNull(importJobs.files)))
          .returning({ publish: importJobs.publish });
        if (!row) return undefined;
        await recordAudit(tx, input.actor, { action: 'directory.import.confirmed', entityType: 'dir_import_job', entityId: input.jobId });
        return row;
      });
      if (!claimed) return false;
      void start(input.jobId, runImport, claimed.publish, input.actor);
      return true;
    },

    async find(jobId: string): Promise<ImportJob | undefined> {
      const [row] = await selectJobs().where(eq(importJobs.id, jobId));
      return row ? asJob(row) : undefined;
    },

    async recent(limit = 20): Promise<ImportJob[]> {
      return (await selectJobs().orderBy(desc(importJobs.createdAt)).limit(limit)).map(asJob);
    },

    /** Waits for a job running in this process, at most `ms` (a small package is done before its page opens). */
    async settle(jobId: string, ms: number): Promise<void> {
      const done = running.get(jobId);
      if (!done) return;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([done, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
      clearTimeout(timer);
    },

    /** Waits for every job of this process (the app's shutdown). */
    async drain(): Promise<void> {
      await Promise.allSettled([...running.values()]);
    },
  };
}

export type ImportJobs = ReturnType<typeof createImportJobs>;
