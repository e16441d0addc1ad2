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
  };
}

/** Sends a rendered page. */
export async function sendPage(reply: FastifyReply, html: string | Promise<string>, status = 200): Promise<FastifyReply> {
  return reply
    .status(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(`<!doctype html>${await html}`);
}
