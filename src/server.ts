// Starts Ponte: reads the configuration, builds the app, listens, and shuts down gracefully.
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { deliverPendingMails, remindOverdueReferrals } from './modules/referrals/index.js';
import { remindDocuments } from './modules/reception/index.js';
import { remindMediations } from './modules/mediators/index.js';
import { publishedIndexOf } from './modules/directory/index.js';
import { sealAuditEvents } from './kernel/audit/audit.js';

export async function startServer(config: Config, options: { beforeListen?: (app: FastifyInstance) => Promise<void> } = {}) {
  const app = await buildApp(config);
  await options.beforeListen?.(app);
  const background = startBackgroundWork(app);
  app.addHook('onClose', background.stop);
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    // Stop taking new connections, finish the requests under way, then close the database.
    const timer = setTimeout(() => {
      app.log.error('shutdown took too long; exiting');
      process.exit(1);
    }, 10_000);
    timer.unref();
    await app.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  await app.listen({ port: config.port, host: config.host });
  return app;
}

/**
 * Work no request waits for: sealing the audit log's new events into its chain, reminders of unanswered
 * referrals, of reception documents and of mediations' hours and confirmations, notification e-mails left
 * to send, and the finder's index at start. `stop` (when the app closes) ends the timers, waits for the
 * run under way (if any), and seals a last time.
 */
export function startBackgroundWork(app: FastifyInstance): { stop: () => Promise<void> } {
  const running = new Set<Promise<unknown>>();
  const every = (ms: number, what: string, job: () => Promise<unknown>) => {
    let busy = false;
    const timer = setInterval(() => {
      if (busy) return;
      busy = true;
      const run = job()
        .catch((err: unknown) => app.log.error({ err }, `${what} failed`))
        .finally(() => {
          busy = false;
          running.delete(run);
        });
      running.add(run);
    }, ms);
    // The timers never keep the process alive on their own.
    timer.unref();
    return timer;
  };
  const timers = [
    // Every node tries; one seals at a time, the others skip that second.
    every(1_000, 'audit sealing', () => sealAuditEvents(app.kernel.db, { wait: false })),
    every(15 * 60_000, 'referral reminders', () => remindOverdueReferrals(app.kernel)),
    every(60_000, 'notification e-mails', () => deliverPendingMails(app.kernel)),
    every(60 * 60_000, 'reception document reminders', () => remindDocuments(app.kernel)),
    every(60 * 60_000, 'mediation reminders', () => remindMediations(app.kernel)),
  ];
  // The finder's index of the published directory, built at start rather than at the first search (ADR 0018).
  if (app.kernel.config.finderIndex) {
    const warm: Promise<unknown> = publishedIndexOf(app.kernel.db)
      .warm(app.log)
      .finally(() => running.delete(warm));
    running.add(warm);
  }
  return {
    async stop() {
      for (const t of timers) clearInterval(t);
      await Promise.allSettled([...running]);
      await sealAuditEvents(app.kernel.db, { wait: false }).catch((err: unknown) => app.log.error({ err }, 'audit sealing failed'));
    },
  };
}

const isMain = import.meta.url === `file://${process.argv[1]}`;
if (isMain) {
  try {
    await startServer(loadConfig());
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78);
    }
    throw err;
  }
}
