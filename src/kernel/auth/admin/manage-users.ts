// The administrator's use cases: invite an operator, change roles, deactivate and reactivate.
import type { Kernel } from '../../kernel.js';
import type { AuditActor } from '../../audit/audit.js';
import { recordAudit } from '../../audit/audit.js';
import type { Role } from '../../access/policy.js';
import { usersRepo } from '../users.repo.js';
import { endSessionsOfUser } from '../session-store.js';

export const INVITATION_VALID_DAYS = 7;

export async function inviteUser(
  kernel: Kernel,
  input: { email: string; displayName: string; organizationId: string; roles: Role[]; locale: string; actor: AuditActor },
): Promise<{ ok: true; userId: string } | { ok: false; field: 'email' | 'organizationId'; key: string }> {
  const { db } = kernel;
  if (await usersRepo.findByEmail(db, input.email)) return { ok: false, field: 'email', key: 'validation.emailTaken' };
  const organization = await usersRepo.findOrganization(db, input.organizationId);
  if (!organization) return { ok: false, field: 'organizationId', key: 'validation.choose' };
  const { user, token } = await db.transaction(async (tx) => {
    const user = await usersRepo.create(tx, input);
    const token = await usersRepo.issueToken(tx, user.id, 'invitation', INVITATION_VALID_DAYS * 24 * 60);
    await recordAudit(tx, input.actor, {
      action: 'admin.user.invited',
      entityType: 'user',
      entityId: user.id,
      details: { organizationId: input.organizationId, roles: input.roles },
    });
    return { user, token };
  });
  await sendInvitation(kernel, user.id, token);
  return { ok: true, userId: user.id };
}

export async function sendInvitation(kernel: Kernel, userId: string, token: string): Promise<void> {
  const user = await usersRepo.findWithRoles(kernel.db, userId);
  if (!user) return;
  const tr = kernel.i18n.translator(user.locale);
  await kernel.mailer.send({
    to: user.email,
    subject: tr.t('mail.invitation.subject', { organization: user.organizationName }),
    text: tr.t('mail.invitation.body', {
      name: user.displayName,
      organization: user.organizationName,
      link: `${kernel.config.publicUrl}/invitation/${token}`,
      days: INVITATION_VALID_DAYS,
    }),
  });
}

export async function resendInvitation(kernel: Kernel, userId: string, actor: AuditActor): Promise<boolean> {
  const user = await usersRepo.findWithRoles(kernel.db, userId);
  if (!user || user.status !== 'invited') return false;
  const token = await kernel.db.transaction(async (tx) => {
    const token = await usersRepo.issueToken(tx, userId, 'invitation', INVITATION_VALID_DAYS * 24 * 60);
    await recordAudit(tx, actor, { action: 'admin.user.reinvited', entityType: 'user', entityId: userId });
    return token;
  });
  await sendInvitation(kernel, userId, token);
  return true;
}

export async function updateUser(
  kernel: Kernel,
  input: { userId: string; displayName: string; organizationId: string; roles: Role[]; actor: AuditActor },
): Promise<boolean> {
  const before = await usersRepo.findWithRoles(kernel.db, input.userId);
  if (!before || !(await usersRepo.findOrganization(kernel.db, input.organizationId))) return false;
  await kernel.db.transaction(async (tx) => {
    await usersRepo.update(tx, input.userId, { displayName: input.displayName, organizationId: input.organizationId });
    await usersRepo.setRoles(tx, input.userId, input.roles);
    await recordAudit(tx, input.actor, {
      action: 'admin.user.updated',
      entityType: 'user',
      entityId: input.userId,
      details: {
        roles: { from: before.roles, to: input.roles },
        organizationId: { from: before.organizationId, to: input.organizationId },
      },
    });
  });
  // New roles take effect at once: the user's open sessions are ended if anything about access changed.
  if (before.organizationId !== input.organizationId || before.roles.join() !== [...input.roles].sort().join()) {
    await endSessionsOfUser(kernel.db, input.userId);
  }
  return true;
}

export async function setUserActive(kernel: Kernel, input: { userId: string; active: boolean; actor: AuditActor }): Promise<boolean> {
  const user = await usersRepo.findWithRoles(kernel.db, input.userId);
  if (!user || user.id === input.actor.userId) return false;
  await kernel.db.transaction(async (tx) => {
    await usersRepo.update(tx, input.userId, {
      status: input.active ? (user.passwordHash ? 'active' : 'invited') : 'deactivated',
    });
    await recordAudit(tx, input.actor, {
      action: input.active ? 'admin.user.reactivated' : 'admin.user.deactivated',
      entityType: 'user',
      entityId: input.userId,
    });
  });
  if (!input.active) await endSessionsOfUser(kernel.db, input.userId);
  return true;
}

/** For an operator who lost the phone: the next sign-in asks to enrol a new one. */
export async function resetSecondFactor(kernel: Kernel, input: { userId: string; actor: AuditActor }): Promise<boolean> {
  const user = await usersRepo.findWithRoles(kernel.db, input.userId);
  if (!user) return false;
  await kernel.db.transaction(async (tx) => {
    await usersRepo.update(tx, input.userId, { totpSecretEnc: null, totpLastStep: null });
    await recordAudit(tx, input.actor, { action: 'admin.user.secondFactorReset', entityType: 'user', entityId: input.userId });
  });
  await endSessionsOfUser(kernel.db, input.userId);
  return true;
}
