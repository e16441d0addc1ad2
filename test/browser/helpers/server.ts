// The real Ponte, listening on 127.0.0.1 on a free port, on this test file's own fresh database with the
// demo province (test/helpers/test-app.ts). The browser talks to it over HTTP like anyone else would.
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../helpers/test-app.js';
import { latestMailTo } from '../../../src/kernel/mail/mailer.js';

export interface RunningPonte extends TestApp {
  baseUrl: string;
}

export async function startPonte(): Promise<RunningPonte> {
  const t = await createTestApp({ seed: true });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = t.app.server.address() as AddressInfo;
  return { ...t, baseUrl: `http://127.0.0.1:${port}` };
}

/**
 * The app refuses a second-factor code whose 30 s time step was already used by the same account. A test
 * that signs the same demo account in twice within 30 s clears that memory first, as test/helpers/client.ts does.
 */
export async function forgetLastTotpStep(ponte: RunningPonte, email: string): Promise<void> {
  await ponte.app.kernel.db.execute(sql`UPDATE users SET totp_last_step = NULL WHERE email = ${email}`);
}

/**
 * The path of the link in the newest mail to this address (mail_outbox: no SMTP server in tests). The link
 * carries the configured PUBLIC_URL (http://ponte.test in tests), so only its path is kept, to be opened
 * on the running server.
 */
export async function linkInLatestMail(ponte: RunningPonte, to: string, pathPrefix: string): Promise<string> {
  const mail = await latestMailTo(ponte.app.kernel.db, to);
  if (!mail) throw new Error(`no mail to ${to} in mail_outbox`);
  const link = mail.textBody.match(/https?:\/\/\S+/g)?.find((url) => new URL(url).pathname.startsWith(pathPrefix));
  if (!link) throw new Error(`no ${pathPrefix} link in the mail to ${to}:\n${mail.textBody}`);
  return new URL(link).pathname;
}
