// Public pages that are not the service finder: home, language switch, accessibility and privacy
// statements; and the operators' landing page.
import type { Kernel } from '../../kernel/kernel.js';
import { route, safeNext, type RouteDef } from '../../kernel/http/route.js';
import { sendPage, viewOf } from '../../kernel/ui/view.js';
import { LOCALE_COOKIE } from '../../kernel/http/request-context.js';
import { DashboardPage, LanguageUnavailablePage, StatementPage } from './pages/portal-pages.js';

export function portalRoutes(kernel: Kernel): RouteDef[] {
  const { i18n, config } = kernel;
  return [
    route({
      method: 'GET',
      url: '/lang/:code',
      permission: 'public',
      handler: async (req, reply) => {
        const code = String((req.params as { code: string }).code).slice(0, 20);
        if (!i18n.isSupported(code)) {
          return sendPage(reply, LanguageUnavailablePage({ view: viewOf(req, reply), code }), 400);
        }
        // A preference, not tracking: a year, first-party, not readable by scripts.
        reply.setCookie(LOCALE_COOKIE, code, {
          path: '/',
          maxAge: 365 * 24 * 3600,
          sameSite: 'lax',
          httpOnly: true,
          secure: config.secureCookies,
        });
        return reply.redirect(safeNext((req.query as Record<string, unknown>).next, '/'), 303);
      },
    }),
    route({
      method: 'GET',
      url: '/accessibility',
      permission: 'public',
      handler: async (req, reply) =>
        sendPage(reply, StatementPage({ view: viewOf(req, reply), titleKey: 'portal.accessibility.title', bodyKeys: ['portal.accessibility.p1', 'portal.accessibility.p2', 'portal.accessibility.p3'] })),
    }),
    route({
      method: 'GET',
      url: '/privacy',
      permission: 'public',
      handler: async (req, reply) =>
        sendPage(reply, StatementPage({ view: viewOf(req, reply), titleKey: 'portal.privacy.title', bodyKeys: ['portal.privacy.p1', 'portal.privacy.p2', 'portal.privacy.p3'] })),
    }),
    route({
      method: 'GET',
      url: '/dashboard',
      permission: 'signed-in',
      handler: async (req, reply) => sendPage(reply, DashboardPage({ view: viewOf(req, reply) })),
    }),
  ];
}
