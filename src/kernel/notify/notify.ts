// In-app notifications for an organization, and an e-mail to each of its operators who should know.
//
// notify() runs inside the caller's transaction: the notification and its e-mails exist exactly when the
// change they announce does. The e-mails wait in notification_mails and are sent after the commit by
// deliverPendingMails() — the caller calls it once its transaction is over, and the server's timer sends
// whatever is left (src/server.ts). Neither the message nor the e-mail may carry a person's personal data:
// they say what happened and where, and the operator opens Ponte to see the rest.
import { and, asc, desc, eq, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../db/client.js';
import { rows } from '../db/client.js';
import type { Kernel } from '../kernel.js';
import { organizations, userRoles, users } from '../db/kernel.schema.js';
import { grantsOf, PERMISSIONS, rolesHold, type GrantedPermission, type Role } from '../access/policy.js';
import { notificationMails, notifications, type NotificationParams } from './notify.schema.js';
import type { MailAttachment } from '../mail/mailer.js';
import type { Translator } from '../i18n/i18n.js';

export interface NotifyInput {
  organizationId: string;
  /** Who in the organization is told: the operators holding this permission (null: every operator). */
  permission: GrantedPermission | null;
  /** One operator only, instead of the organization's. */
  userId?: string | null;
  /** What it is about, for filtering and figures ('referral.received'). */
  kind: string;
  messageKey: string;
  params?: NotificationParams;
  /** A path in Ponte ('/referrals/…'). */
  link?: string | null;
  /** Files for the e-mail, in each recipient's language (a calendar invitation). */
  attachments?: (tr: Translator) => MailAttachment[];
}

/** The operators who receive a notification's e-mail: active, of the organization, holding the permission. */
async function recipients(tx: Tx, input: NotifyInput) {
  const conditions: SQL[] = [eq(users.organizationId, input.organizationId), eq(users.status, 'active')];
  if (input.userId) conditions.push(eq(users.id, input.userId));
  if (input.permission) {
    const roles = grantsOf(input.permission) as readonly Role[];
    if (roles.length === 0) return [];
    conditions.push(inArray(users.id, tx.select({ id: userRoles.userId }).from(userRoles).where(inArray(userRoles.role, [...roles]))));
  }
  return tx
    .select({ id: users.id, email: users.email, displayName: users.displayName, locale: users.locale, organizationName: organizations.name })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.organizationId))
    .where(and(...conditions))
    .orderBy(asc(users.email));
}

/** Writes the notification and queues one e-mail per recipient, in the caller's transaction. */
export async function notify(tx: Tx, kernel: Kernel, input: NotifyInput): Promise<{ id: string; mails: number }> {
  const params = input.params ?? {};
  const [row] = await tx
    .insert(notifications)
    .values({
      organizationId: input.organizationId,
      userId: input.userId ?? null,
      permission: input.permission,
      kind: input.kind,
      messageKey: input.messageKey,
      params,
      link: input.link ?? null,
    })
    .returning({ id: notifications.id });
  const id = row!.id;
  const people = await recipients(tx, input);
  const base = kernel.config.publicUrl.replace(/\/+$/, '');
  const link = `${base}${input.link ?? '/notifications'}`;
  for (const person of people) {
    await queueMail(tx, kernel, person.locale, input, { notificationId: id, userId: person.id, toAddress: person.email }, (tr, message) =>
      tr.t('notifications.mail.body', { name: person.displayName, organization: person.organizationName, message, link }),
    );
  }
  return { id, mails: people.length };
}

/**
 * An e-mail to someone without an account (a mediator of the roster who is not a Ponte user), in the
 * caller's transaction, delivered and retried like the others. It carries the message and the files, and
 * no link into Ponte (they cannot sign in); like every notification, no person's personal data.
 */
export async function mailOutside(
  tx: Tx,
  kernel: Kernel,
  input: { to: string; locale: string; messageKey: string; params?: NotificationParams; attachments?: (tr: Translator) => MailAttachment[] },
): Promise<void> {
  await queueMail(tx, kernel, input.locale, input, { notificationId: null, userId: null, toAddress: input.to }, (tr, message) =>
    tr.t('notifications.mail.outsideBody', { message }),
  );
}

/** One e-mail queued in the caller's transaction: the message in the recipient's language, its files. */
async function queueMail(
  tx: Tx,
  kernel: Kernel,
  locale: string,
  input: { messageKey: string; params?: NotificationParams; attachments?: ((tr: Translator) => MailAttachment[]) | undefined },
  to: { notificationId: string | null; userId: string | null; toAddress: string },
  body: (tr: Translator, message: string) => string,
): Promise<void> {
  const tr = kernel.i18n.translator(locale);
  const message = tr.t(input.messageKey, input.params ?? {});
  await tx.insert(notificationMails).values({
    ...to,
    subject: tr.t('notifications.mail.subject', { message }),
    textBody: body(tr, message),
    attachments: input.attachments ? input.attachments(tr) : null,
  });
}

const LEASE_MINUTES = 5;
const MAX_ATTEMPTS = 5;

/**
 * Sends the queued e-mails, in batches, outside any transaction. Safe to run on several nodes at once: a
 * batch is claimed first (FOR UPDATE SKIP LOCKED) and another node takes it only after the lease ends.
 * Returns how many were sent.
 */
export async function deliverPendingMails(kernel: Kernel, options: { batch?: number; log?: (err: unknown) => void } = {}): Promise<number> {
  const batch = options.batch ?? 50;
  let sent = 0;
  for (;;) {
    const claimed = await rows<{ id: number; to_address: string; subject: string; text_body: string; attachments: MailAttachment[] | null }>(
      kernel.db,
      sql`UPDATE notification_mails SET claimed_at = now(), attempts = attempts + 1
          WHERE id IN (
            SELECT id FROM notification_mails
            WHERE sent_at IS NULL AND attempts < ${MAX_ATTEMPTS}
              AND (claimed_at IS NULL OR claimed_at < now() - make_interval(mins => ${LEASE_MINUTES}))
            ORDER BY id LIMIT ${batch}
            FOR UPDATE SKIP LOCKED)
          RETURNING id, to_address, subject, text_body, attachments`,
    );
    if (claimed.length === 0) return sent;
    for (const mail of claimed.sort((a, b) => Number(a.id) - Number(b.id))) {
      try {
        await kernel.mailer.send({ to: mail.to_address, subject: mail.subject, text: mail.text_body, attachments: mail.attachments });
        await kernel.db.update(notificationMails).set({ sentAt: new Date(), lastError: null }).where(eq(notificationMails.id, Number(mail.id)));
        sent++;
      } catch (err) {
        options.log?.(err);
        // The lease stays: the next attempt comes after it, up to MAX_ATTEMPTS.
        await kernel.db
          .update(notificationMails)
          .set({ lastError: String((err as Error)?.message ?? err).slice(0, 500) })
          .where(eq(notificationMails.id, Number(mail.id)));
      }
    }
    if (claimed.length < batch) return sent;
  }
}

/** The operator a list of notifications is for. */
export interface NotifiedUser {
  id: string;
  organizationId: string;
  roles: readonly Role[];
}

/** The notifications this operator sees: the organization's, for a permission they hold, or their own. */
function visibleTo(user: NotifiedUser): SQL {
  const held = PERMISSIONS.filter((p): p is GrantedPermission => p !== 'public' && p !== 'signed-in' && p !== 'login-in-progress').filter((p) =>
    rolesHold(user.roles, p),
  );
  return and(
    eq(notifications.organizationId, user.organizationId),
    or(isNull(notifications.userId), eq(notifications.userId, user.id)),
    held.length > 0 ? or(isNull(notifications.permission), inArray(notifications.permission, held)) : isNull(notifications.permission),
  )!;
}

export type NotificationRow = typeof notifications.$inferSelect;

/** How many unread notifications the navigation counts at most ("99+" after that). */
export const UNREAD_CAP = 99;

export const notificationsRepo = {
  async list(db: DbOrTx, user: NotifiedUser, options: { unreadOnly?: boolean; before?: Date; limit: number }): Promise<NotificationRow[]> {
    const conditions = [visibleTo(user)];
    if (options.unreadOnly) conditions.push(isNull(notifications.readAt));
    if (options.before) conditions.push(lt(notifications.createdAt, options.before));
    return db
      .select()
      .from(notifications)
      .where(and(...conditions))
      .orderBy(desc(notifications.createdAt), desc(notifications.id))
      .limit(options.limit);
  },

  /** Unread, counted up to UNREAD_CAP + 1: every page asks, so the count stops early (partial index). */
  async unreadCount(db: DbOrTx, user: NotifiedUser): Promise<number> {
    const capped = db
      .select({ one: sql`1` })
      .from(notifications)
      .where(and(visibleTo(user), isNull(notifications.readAt)))
      .limit(UNREAD_CAP + 1)
      .as('capped');
    const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(capped);
    return Number(row?.n ?? 0);
  },

  async find(db: DbOrTx, user: NotifiedUser, id: string): Promise<NotificationRow | undefined> {
    const [row] = await db.select().from(notifications).where(and(visibleTo(user), eq(notifications.id, id))).limit(1);
    return row;
  },

  /** Marks read what is still unread among this operator's notifications (one, or all); returns the ids. */
  async markRead(tx: Tx, user: NotifiedUser, id?: string): Promise<string[]> {
    const conditions = [visibleTo(user), isNull(notifications.readAt)];
    if (id) conditions.push(eq(notifications.id, id));
    const done = await tx
      .update(notifications)
      .set({ readAt: new Date(), readBy: user.id })
      .where(and(...conditions))
      .returning({ id: notifications.id });
    return done.map((d) => d.id);
  },
};
