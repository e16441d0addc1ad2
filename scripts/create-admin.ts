// `npm run admin:create -- --email a@b.it --name "Nome Cognome" [--organization "Prefettura di …"]`
// Creates the first administrator as an invitation and prints the link to set the password:
// no password ever passes through the command line.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadConfig } from '../src/config.js';
import { buildApp } from '../src/app.js';
import { usersRepo } from '../src/kernel/auth/users.repo.js';
import { INVITATION_VALID_DAYS } from '../src/kernel/auth/admin/manage-users.js';
import { recordAudit } from '../src/kernel/audit/audit.js';

const { values } = parseArgs({
  options: { email: { type: 'string' }, name: { type: 'string' }, organization: { type: 'string' } },
});
const input = z
  .object({ email: z.email(), name: z.string().trim().min(1).max(120), organization: z.string().trim().min(2).max(200).default('Prefettura') })
  .safeParse(values);
if (!input.success) {
  console.error('Usage: npm run admin:create -- --email <e-mail> --name "<full name>" [--organization "<name>"]');
  for (const i of input.error.issues) console.error(`  --${i.path.join('.')}: ${i.message}`);
  process.exit(64);
}
const config = loadConfig();
const app = await buildApp({ ...config, logLevel: 'warn' });
try {
  const { db } = app.kernel;
  const { email, name, organization } = input.data;
  if (await usersRepo.findByEmail(db, email)) {
    console.error(`An account with e-mail ${email} already exists.`);
    process.exitCode = 1;
  } else {
    const token = await db.transaction(async (tx) => {
      const orgs = await usersRepo.listOrganizations(tx);
      const org = orgs.find((o) => o.name.toLowerCase() === organization.toLowerCase()) ?? (await usersRepo.createOrganization(tx, { name: organization, kind: 'prefettura' }));
      const user = await usersRepo.create(tx, { email, displayName: name, organizationId: org.id, roles: ['admin'], locale: 'it' });
      await recordAudit(tx, { userId: null, organizationId: null, ip: null }, { action: 'admin.user.createdFromCli', entityType: 'user', entityId: user.id });
      return usersRepo.issueToken(tx, user.id, 'invitation', INVITATION_VALID_DAYS * 24 * 60);
    });
    console.log(`Administrator invited. Open this link within ${INVITATION_VALID_DAYS} days to set the password:\n${config.publicUrl}/invitation/${token}`);
  }
} finally {
  await app.close();
}
