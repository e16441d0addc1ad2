import type { FastifyReply, FastifyRequest } from 'fastify';
import type { LocaleInfo } from '../i18n/locales.js';
import type { Params, Translator } from '../i18n/i18n.js';
import type { CurrentUser } from '../http/types.js';
import { rolesHold, type GrantedPermission } from '../access/policy.js';

/** What every screen needs to render: the language, the operator, the form token, the message to show. */
export interface View {
  tr: Translator;
  t: (key: string, params?: Params) => string;
  user: CurrentUser | null;
  path: string;
  locales: readonly LocaleInfo[];
  csrfToken: () => string;
  can: (permission: GrantedPermission) => boolean;
  flash?: { kind: 'success' | 'info' | 'warning'; key: string } | undefined;
  /** Unread notifications, for the navigation (kernel/notify/unread-count.ts); null when not counted. */
  unreadNotifications?: number | null;
}

export function viewOf(req: FastifyRequest, reply: FastifyReply): View {
  let token: string | undefined;
  // The flash message is shown once: read it and clear it.
  const flash = req.session?.get('flash');
  if (flash) req.session.set('flash', undefined);
  return {
    tr: req.tr,
    t: req.tr.t,
    user: req.user,
    path: req.url.split('?')[0] ?? '/',
    locales: req.server.i18n.locales,
    csrfToken: () => (token ??= reply.generateCsrf()),
    can: (p) => (req.user ? rolesHold(req.user.roles, p) : false),
    flash,
    unreadNotifications: req.unreadNotifications ?? null,
  };
}

/**
 * Lets shared caches keep a public page for a minute, when it is the same for everyone who sends the same
 * language: never for a signed-in operator (the header shows who they are, the logout form a CSRF token),
 * nor for a page that shows a one-time message. Call before rendering (the message is read then).
 */
export function allowPublicCaching(req: FastifyRequest, reply: FastifyReply): void {
  if (req.user || req.session?.get('flash') || req.session?.get('userId')) return;
  reply.header('cache-control', 'public, max-age=60').header('vary', 'Accept-Language, Cookie');
}

/** Sends a rendered page; not stored by any cache unless the route allowed it (allowPublicCaching). */
export async function sendPage(reply: FastifyReply, html: string | Promise<string>, status = 200): Promise<FastifyReply> {
  if (!reply.hasHeader('cache-control') || status !== 200) reply.header('cache-control', 'no-store');
  return reply
    .status(status)
    .type('text/html; charset=utf-8')
    .send(`<!doctype html>${await html}`);
}
