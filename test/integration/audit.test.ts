import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { signIn } from '../helpers/client.js';
import { recordAudit, sealAuditEvents, verifyAuditChain } from '../../src/kernel/audit/audit.js';
import { rows } from '../../src/kernel/db/client.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ seed: true });
});
afterAll(() => t?.close());

const db = () => t.app.kernel.db;
const system = { userId: null, organizationId: null, ip: '127.0.0.1' };

describe('audit log', () => {
  it('records who signed in, and what the administrator changed, in a chain that verifies', async () => {
    const admin = await signIn(t.app, 'admin@prefettura.example');
    await admin.get('/admin/organizations');
    await admin.post('/admin/organizations', { name: 'Comune di Bisceglie', kind: 'municipality', municipalityCode: '110003' });
    const events = await rows<{ action: string; actor: string | null }>(
      db(),
      sql`SELECT e.action, u.email AS actor FROM audit_events e LEFT JOIN users u ON u.id = e.actor_user_id ORDER BY e.id`,
    );
    expect(events).toContainEqual({ action: 'auth.login', actor: 'admin@prefettura.example' });
    expect(events).toContainEqual({ action: 'admin.organization.created', actor: 'admin@prefettura.example' });
    const report = await verifyAuditChain(db());
    expect(report).toEqual({ ok: true, checked: events.length });
  });

  it('cannot be changed or deleted through the database', async () => {
    await expect(db().execute(sql`UPDATE audit_events SET action = 'nothing' WHERE id = 1`)).rejects.toThrow();
    await expect(db().execute(sql`DELETE FROM audit_events WHERE id = 1`)).rejects.toThrow();
  });

  it('lets an event be sealed once, and the seal change nothing else', async () => {
    await recordAudit(db(), system, { action: 'test.unsealed' });
    const forge = sql`UPDATE audit_events SET chain_seq = 999999, prev_hash = ${'0'.repeat(64)}, hash = ${'f'.repeat(64)}`;
    // Sealing and rewriting at once: refused.
    await expect(db().execute(sql`${forge}, action = 'test.rewritten' WHERE action = 'test.unsealed'`)).rejects.toThrow();
    await sealAuditEvents(db());
    // Sealing again what is sealed: refused.
    await expect(db().execute(sql`${forge} WHERE action = 'test.unsealed'`)).rejects.toThrow();
    expect((await verifyAuditChain(db())).ok).toBe(true);
  });

  it('is sealed by a running server within about a second, with no one asking', async () => {
    const { startBackgroundWork } = await import('../../src/server.js');
    await recordAudit(db(), system, { action: 'test.sealedByTheServer' });
    const sealed = async () => (await rows<{ hash: string | null }>(db(), sql`SELECT hash FROM audit_events WHERE action = 'test.sealedByTheServer'`))[0]?.hash;
    expect(await sealed()).toBeNull();
    const background = startBackgroundWork(t.app);
    try {
      const until = Date.now() + 5_000;
      while (!(await sealed()) && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
      expect(await sealed()).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      await background.stop();
    }
  });

  it('chains the events of many writers at once into one unbroken chain, whichever commits first', async () => {
    const [before] = await rows<{ n: number }>(db(), sql`SELECT count(*)::int AS n FROM audit_events`);
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        db().transaction(async (tx) => {
          await recordAudit(tx, system, { action: 'test.concurrent', details: { i } });
          await tx.execute(sql`SELECT pg_sleep(${(i % 5) / 200})`);
        }),
      ),
    );
    // Sealers racing each other (the server's timer on several nodes) skip or wait, never fork.
    await Promise.all([sealAuditEvents(db(), { wait: false }), sealAuditEvents(db(), { wait: false }), sealAuditEvents(db())]);
    const report = await verifyAuditChain(db());
    expect(report).toEqual({ ok: true, checked: before!.n + 30 });
  });

  it('writes nothing when the change it records is rolled back', async () => {
    const [before] = await rows<{ n: number }>(db(), sql`SELECT count(*)::int AS n FROM audit_events`);
    await expect(
      db().transaction(async (tx) => {
        await recordAudit(tx, system, { action: 'test.rolledBack' });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    const [after] = await rows<{ n: number }>(db(), sql`SELECT count(*)::int AS n FROM audit_events`);
    expect(after!.n).toBe(before!.n);
  });

  it('shows the log to the data protection officer, and records that it was viewed', async () => {
    const dpo = await signIn(t.app, 'dpo@prefettura.example');
    const page = await dpo.get('/admin/audit?action=auth.login');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('auth.login');
    const verified = await dpo.post('/admin/audit/verify');
    expect(verified.body).toContain('Registro integro');
    const [viewed] = await rows<{ n: number }>(db(), sql`SELECT count(*)::int AS n FROM audit_events WHERE action = 'audit.viewed'`);
    expect(viewed!.n).toBeGreaterThan(0);
  });

  it('finds the first broken link when a row is tampered with behind the trigger', async () => {
    await db().transaction(async (tx) => {
      for (let i = 0; i < 3; i++) await recordAudit(tx, system, { action: `test.event${i}`, details: { i } });
    });
    // The sealer chains them (on a server, within a second).
    await sealAuditEvents(db());
    const [target] = await rows<{ id: number }>(db(), sql`SELECT id FROM audit_events WHERE action = 'test.event1'`);
    // An attacker with superuser rights disables the trigger and edits one event.
    await db().execute(sql`ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update`);
    await db().execute(sql`UPDATE audit_events SET details = '{"i": 99}' WHERE id = ${target!.id}`);
    await db().execute(sql`ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update`);
    const report = await verifyAuditChain(db(), 2);
    expect(report.ok).toBe(false);
    expect(report.brokenAt).toEqual({ id: Number(target!.id), reason: 'hash' });
  });
});

describe('audit:verify command', () => {
  it('reports an intact chain with exit code 0 on a fresh embedded database', async () => {
    if (process.env.DATABASE_URL) return; // the command opens the configured database; covered on PGlite
    const { mkdtempSync } = await import('node:fs');
    const dir = mkdtempSync('.tmp/verify-');
    const run = promisify(execFile);
    const env = { ...process.env, DATA_DIR: dir, NODE_ENV: 'development', LOG_LEVEL: 'silent' };
    await run('node', ['--import', 'tsx', 'scripts/migrate.ts'], { env });
    const { stdout } = await run('node', ['--import', 'tsx', 'scripts/verify-audit.ts'], { env });
    expect(stdout).toContain('Audit chain intact: 0 events verified.');
  }, 60_000);
});
