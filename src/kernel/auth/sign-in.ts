// Signing in, in two steps: the password, then (where the account has one or its roles require one)
// the second factor. Failures of either step count towards the lockout.
import type { Kernel } from '../kernel.js';
import type { AuditActor } from '../audit/audit.js';
import { recordAudit } from '../audit/audit.js';
import { requiresTotp } from '../access/policy.js';
import { usersRepo, type UserRow } from './users.repo.js';
import { verifyPassword } from './passwords.js';
import { checkTotp } from './totp.js';

export type PasswordOutcome =
  | { kind: 'invalid' }
  | { kind: 'locked' }
  | { kind: 'second-factor'; userId: string }
  | { kind: 'enrol-second-factor'; userId: string }
  | { kind: 'signed-in'; userId: string };

export const totpPlace = (userId: string) => `users:totp_secret:${userId}`;

async function fail(kernel: Kernel, actor: AuditActor, user: UserRow | undefined, reason: string): Promise<{ locked: boolean }> {
  return kernel.db.transaction(async (tx) => {
    const result = user ? await usersRepo.recordFailure(tx, user.id) : { locked: false };
    await recordAudit(tx, { ...actor, userId: user?.id ?? null, organizationId: user?.organizationId ?? null }, {
      action: 'auth.login.failed',
      entityType: user ? 'user' : null,
      entityId: user?.id ?? null,
      details: { reason, locked: result.locked },
    });
    return result;
  });
}

export async function checkPassword(
  kernel: Kernel,
  input: { email: string; password: string; actor: AuditActor },
): Promise<PasswordOutcome> {
  const user = await usersRepo.findByEmail(kernel.db, input.email);
  const passwordOk = await verifyPassword(user?.passwordHash ?? null, input.password);
  if (user?.lockedUntil && user.lockedUntil > new Date()) {
    await fail(kernel, input.actor, user, 'locked');
    return { kind: 'locked' };
  }
  if (!user || user.status !== 'active' || !passwordOk) {
    const { locked } = await fail(kernel, input.actor, user, user ? (passwordOk ? user.status : 'password') : 'unknown-account');
    return locked ? { kind: 'locked' } : { kind: 'invalid' };
  }
  if (user.totpSecretEnc) return { kind: 'second-factor', userId: user.id };
  const full = await usersRepo.findWithRoles(kernel.db, user.id);
  if (full && requiresTotp(full.roles)) return { kind: 'enrol-second-factor', userId: user.id };
  await completeSignIn(kernel, user.id, input.actor);
  return { kind: 'signed-in', userId: user.id };
}

export async function checkSecondFactor(
  kernel: Kernel,
  input: { userId: string; code: string; actor: AuditActor },
): Promise<'ok' | 'invalid' | 'locked'> {
  const user = await usersRepo.findWithRoles(kernel.db, input.userId);
  if (!user?.totpSecretEnc || user.status !== 'active') return 'invalid';
  if (user.lockedUntil && user.lockedUntil > new Date()) return 'locked';
  const secret = kernel.crypto.open(user.totpSecretEnc, totpPlace(user.id));
  const step = await checkTotp(secret, input.code.replace(/\s+/g, ''), user.totpLastStep);
  if (step === null) {
    const { locked } = await fail(kernel, input.actor, user, 'second-factor');
    return locked ? 'locked' : 'invalid';
  }
  await usersRepo.update(kernel.db, user.id, { totpLastStep: step });
  await completeSignIn(kernel, user.id, input.actor);
  return 'ok';
}

/** Confirms a newly scanned secret with a first code and stores it (sealed). */
export async function enrolSecondFactor(
  kernel: Kernel,
  input: { userId: string; secret: string; code: string; actor: AuditActor },
): Promise<boolean> {
  const step = await checkTotp(input.secret, input.code.replace(/\s+/g, ''), null);
  if (step === null) return false;
  await kernel.db.transaction(async (tx) => {
    await usersRepo.update(tx, input.userId, {
      totpSecretEnc: kernel.crypto.seal(input.secret, totpPlace(input.userId)),
      totpLastStep: step,
    });
    await recordAudit(tx, { ...input.actor, userId: input.userId }, { action: 'auth.totp.enrolled', entityType: 'user', entityId: input.userId });
  });
  return true;
}

export async function completeSignIn(kernel: Kernel, userId: string, actor: AuditActor): Promise<void> {
  await kernel.db.transaction(async (tx) => {
    await usersRepo.update(tx, userId, { failedLogins: 0, lockedUntil: null, lastLoginAt: new Date() });
    const user = await usersRepo.findWithRoles(tx, userId);
    await recordAudit(tx, { ...actor, userId, organizationId: user?.organizationId ?? null }, {
      action: 'auth.login',
      entityType: 'user',
      entityId: userId,
    });
  });
}
