// Per request: the language (the language switch's cookie, else Accept-Language) and the signed-in
// operator, with the session's idle and absolute expiry enforced here.
import type { FastifyInstance } from 'fastify';
import type { Kernel } from '../kernel.js';
import { usersRepo } from '../auth/users.repo.js';
import { sessionExpiry } from '../auth/session-store.js';

export const LOCALE_COOKIE = 'ponte_lang';
const TOUCH_AFTER_MS = 60_000;

export function installRequestContext(app: FastifyInstance, kernel: Kernel): void {
  const { i18n, config, db } = kernel;
  const times = { idleMs: config.sessionIdleMinutes * 60_000, absoluteMs: config.sessionAbsoluteHours * 3_600_000 };

  app.decorateRequest('user', null);
  app.decorateRequest('tr', null as never);

  app.addHook('onRequest', async (req) => {
    const cookieLocale = req.cookies[LOCALE_COOKIE];
    req.tr = i18n.translator(i18n.isSupported(cookieLocale) ? cookieLocale : i18n.negotiate(req.headers['accept-language']));

    const userId = req.session.get('userId');
    if (!userId) return;
    const now = Date.now();
    if (sessionExpiry(req.session, times, now).getTime() <= now) {
      await req.session.regenerate();
      req.session.set('flash', { kind: 'warning', key: 'auth.sessionExpired' });
      return;
    }
    const user = await usersRepo.findWithRoles(db, userId);
    if (!user || user.status !== 'active') {
      await req.session.regenerate();
      return;
    }
    req.user = {
      id: user.id,
      organizationId: user.organizationId,
      organizationName: user.organizationName,
      email: user.email,
      displayName: user.displayName,
      roles: user.roles,
      totpEnrolled: user.totpSecretEnc !== null,
    };
    if (now - (req.session.get('lastSeenAt') ?? 0) > TOUCH_AFTER_MS) req.session.set('lastSeenAt', now);
  });
}
