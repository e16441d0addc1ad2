// Import jobs of the directory team in their finished states, made through the real job runner: one whose
// dry run refused rows (with notes on what Ponte does not keep), one waiting for confirmation. Pages
// tests open their job pages.
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { rows } from '../../src/kernel/db/client.js';
import { createImportJobs } from '../../src/modules/directory/import-jobs.js';

export async function importJobExamples(app: FastifyInstance, email = 'mappa@prefettura.example'): Promise<{ rejected: string; checked: string }> {
  const [user] = await rows<{ id: string; organization_id: string }>(app.kernel.db, sql`SELECT id, organization_id FROM users WHERE email = ${email}`);
  if (!user) throw new Error(`no user ${email}`);
  const jobs = createImportJobs(app.kernel, app.log);
  const who = { userId: user.id, actor: { userId: user.id, organizationId: user.organization_id, ip: '127.0.0.1' }, publish: false };
  const org = 'b7e1c2d3-0000-4000-8000-000000000001';
  const rejected = await jobs.upload({
    ...who,
    files: [
      { name: 'organizations.csv', content: `id,name,description,logo\n${org},Associazione Il Faro,Accoglienza,https://ilfaro.example/logo.png\n` },
      { name: 'services.csv', content: `id,organization_id,name,status,email\nb7e1c2d3-0000-4000-8000-000000000002,${org},Sportello legale,active,non-una-mail\n` },
    ],
  });
  const checked = await jobs.upload({
    ...who,
    files: [{ name: 'organizations.csv', content: `id,name,description\n${org},Associazione Il Faro,Accoglienza\n` }],
  });
  await jobs.drain();
  return { rejected, checked };
}
