// Signing in and out, the second factor, passwords (change, forgotten, invitation), the operator's account.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Kernel } from '../kernel.js';
import { actorOf } from '../kernel.js';
import { route, safeNext, type RouteDef } from '../http/route.js';
import { parseForm, zEmail, type FormValues } from '../ui/form.js';
import { emptyForm, type FormState } from '../ui/fields.js';
import { sendPage, viewOf } from '../ui/view.js';
import { recordAudit } from '../audit/audit.js';
import { endSessionsOfUser } from './session-store.js';
import { usersRepo } from './users.repo.js';
import { hashPassword, passwordContainsEmail, verifyPassword, ZNewPassword } from './passwords.js';
import { checkPassword, checkSecondFactor, completeSignIn, enrolSecondFactor } from './sign-in.js';
import { newTotpSecret, totpQrSvg, totpUri } from './totp.js';
import {
  AccountPage,
  EnrolPage,
  ForgotPasswordPage,
  LinkInvalidPage,
  LoginPage,
  SecondFactorPage,
  SetPasswordPage,
} from './pages/auth-pages.js';

const PENDING_MAX_MS = 10 * 60_000;
const RESET_VALID_MINUTES = 60;

const ZLogin = z.object({ email: zEmail, password: z.string().min(1).max(1024), next: z.string().max(500).optional() });
const ZCode = z.object({ code: z.string().trim().regex(/^\d{3} ?\d{3}$/, { message: 'validation.totpFormat' }) });
const ZForgot = z.object({ email: zEmail });
const ZSetPassword = z
  .object({ password: ZNewPassword, confirm: z.string().min(1).max(128) })
  .refine((v) => v.password === v.confirm, { message: 'validation.passwordsDiffer', path: ['confirm'] });
const ZChangePassword = z
  .object({ currentPassword: z.string().min(1).max(1024), password: ZNewPassword, confirm: z.string().min(1).max(128) })
  .refine((v) => v.password === v.confirm, { message: 'validation.passwordsDiffer', path: ['confirm'] });

const failed = (values: FormValues, field: string, key: string): FormState => ({ values, errors: { [field]: { key } } });

async function startSession(req: FastifyRequest, userId: string): Promise<void> {
  const next = req.session.get('next');
  await req.session.regenerate();
  const now = Date.now();
  req.session.set('userId', userId);
  req.session.set('createdAt', now);
  req.session.set('lastSeenAt', now);
  req.session.set('next', next);
}

function afterSignIn(req: FastifyRequest, reply: FastifyReply) {
  const next = safeNext(req.session.get('next'), '/dashboard');
  req.session.set('next', undefined);
  return reply.redirect(next, 303);
}

/** The operator between the password and the second factor, if that step has not gone stale. */
function pendingUser(req: FastifyRequest): string | undefined {
  const id = req.session.get('pendingUserId');
  const at = req.session.get('createdAt') ?? 0;
  return id && Date.now() - at < PENDING_MAX_MS ? id : undefined;
}

export function authRoutes(kernel: Kernel): RouteDef[] {
  const { db, crypto, config } = kernel;

  const enrolmentPage = async (req: FastifyRequest, reply: FastifyReply, userId: string, form: FormState, action: string, status = 200) => {
    let sealed = req.session.get('enrolSecret');
    if (!sealed) {
      sealed = crypto.seal(newTotpSecret(), `enrolment:${userId}`);
      req.session.set('enrolSecret', sealed);
    }
    const secret = crypto.open(sealed, `enrolment:${userId}`);
    const user = await usersRepo.findWithRoles(db, userId);
    const qrSvg = await totpQrSvg(totpUri(secret, user?.email ?? 'ponte'));
    return sendPage(reply, EnrolPage({ view: viewOf(req, reply), form, qrSvg, secret, action }), status);
  };

  const confirmEnrolment = async (req: FastifyRequest, userId: string, body: unknown): Promise<FormState | null> => {
    const parsed = parseForm(ZCode, body);
    if (!parsed.ok) return parsed;
    const sealed = req.session.get('enrolSecret');
    if (!sealed) return failed(parsed.values, 'code', 'validation.totpWrong');
    const secret = crypto.open(sealed, `enrolment:${userId}`);
    const ok = await enrolSecondFactor(kernel, { userId, secret, code: parsed.data.code, actor: actorOf(req) });
    if (!ok) return failed(parsed.values, 'code', 'validation.totpWrong');
    req.session.set('enrolSecret', undefined);
    return null;
  };

  return [
    route({
      method: 'GET',
      url: '/login',
      permission: 'public',
      handler: async (req, reply) => {
        if (req.user) return reply.redirect('/dashboard', 303);
        const next = safeNext((req.query as Record<string, unknown>).next, '');
        return sendPage(reply, LoginPage({ view: viewOf(req, reply), form: emptyForm, next: next || undefined }));
      },
    }),
    route({
      method: 'POST',
      url: '/login',
      permission: 'public',
      rateLimitPerMinute: 20,
      handler: async (req, reply) => {
        const parsed = parseForm(ZLogin, req.body);
        const view = () => viewOf(req, reply);
        if (!parsed.ok) return sendPage(reply, LoginPage({ view: view(), form: parsed }), 422);
        const outcome = await checkPassword(kernel, { ...parsed.data, actor: actorOf(req) });
        if (outcome.kind === 'invalid' || outcome.kind === 'locked') {
          const key = outcome.kind === 'locked' ? 'auth.login.locked' : 'auth.login.invalid';
          return sendPage(reply, LoginPage({ view: view(), form: failed(parsed.values, '_form', key), next: parsed.data.next }), 401);
        }
        req.session.set('next', safeNext(parsed.data.next, '/dashboard'));
        if (outcome.kind === 'signed-in') {
          await startSession(req, outcome.userId);
          return afterSignIn(req, reply);
        }
        const next = req.session.get('next');
        await req.session.regenerate();
        req.session.set('pendingUserId', outcome.userId);
        req.session.set('createdAt', Date.now());
        req.session.set('next', next);
        return reply.redirect(outcome.kind === 'second-factor' ? '/login/second-factor' : '/login/enrol', 303);
      },
    }),
    route({
      method: 'GET',
      url: '/login/second-factor',
      permission: 'login-in-progress',
      handler: async (req, reply) => {
        if (!pendingUser(req)) return reply.redirect('/login', 303);
        return sendPage(reply, SecondFactorPage({ view: viewOf(req, reply), form: emptyForm }));
      },
    }),
    route({
      method: 'POST',
      url: '/login/second-factor',
      permission: 'login-in-progress',
      rateLimitPerMinute: 20,
      handler: async (req, reply) => {
        const userId = pendingUser(req);
        if (!userId) return reply.redirect('/login', 303);
        const parsed = parseForm(ZCode, req.body);
        if (!parsed.ok) return sendPage(reply, SecondFactorPage({ view: viewOf(req, reply), form: parsed }), 422);
        const result = await checkSecondFactor(kernel, { userId, code: parsed.data.code, actor: actorOf(req) });
        if (result === 'ok') {
          await startSession(req, userId);
          return afterSignIn(req, reply);
        }
        if (result === 'locked') {
          await req.session.regenerate();
          return sendPage(reply, LoginPage({ view: viewOf(req, reply), form: failed({}, '_form', 'auth.login.locked') }), 401);
        }
        return sendPage(reply, SecondFactorPage({ view: viewOf(req, reply), form: failed(parsed.values, 'code', 'validation.totpWrong') }), 401);
      },
    }),
    route({
      method: 'GET',
      url: '/login/enrol',
      permission: 'login-in-progress',
      handler: async (req, reply) => {
        const userId = pendingUser(req);
        if (!userId) return reply.redirect('/login', 303);
        return enrolmentPage(req, reply, userId, emptyForm, '/login/enrol');
      },
    }),
    route({
      method: 'POST',
      url: '/login/enrol',
      permission: 'login-in-progress',
      rateLimitPerMinute: 20,
      handler: async (req, reply) => {
        const userId = pendingUser(req);
        if (!userId) return reply.redirect('/login', 303);
        const problem = await confirmEnrolment(req, userId, req.body);
        if (problem) return enrolmentPage(req, reply, userId, problem, '/login/enrol', 422);
        await completeSignIn(kernel, userId, actorOf(req));
        await startSession(req, userId);
        req.session.set('flash', { kind: 'success', key: 'auth.enrol.done' });
        return afterSignIn(req, reply);
      },
    }),
    route({
      method: 'POST',
      url: '/logout',
      permission: 'signed-in',
      handler: async (req, reply) => {
        await db.transaction((tx) => recordAudit(tx, actorOf(req), { action: 'auth.logout', entityType: 'user', entityId: req.user!.id }));
        await req.session.regenerate();
        req.session.set('flash', { kind: 'info', key: 'auth.loggedOut' });
        return reply.redirect('/login', 303);
      },
    }),
    route({
      method: 'GET',
      url: '/account',
      permission: 'signed-in',
      handler: async (req, reply) => sendPage(reply, AccountPage({ view: viewOf(req, reply) })),
    }),
    route({
      method: 'GET',
      url: '/account/second-factor',
      permission: 'signed-in',
      handler: async (req, reply) => {
        if (req.user!.totpEnrolled) return reply.redirect('/account', 303);
        return enrolmentPage(req, reply, req.user!.id, emptyForm, '/account/second-factor');
      },
    }),
    route({
      method: 'POST',
      url: '/account/second-factor',
      permission: 'signed-in',
      rateLimitPerMinute: 20,
      handler: async (req, reply) => {
        if (req.user!.totpEnrolled) return reply.redirect('/account', 303);
        const problem = await confirmEnrolment(req, req.user!.id, req.body);
        if (problem) return enrolmentPage(req, reply, req.user!.id, problem, '/account/second-factor', 422);
        req.session.set('flash', { kind: 'success', key: 'auth.enrol.done' });
        return reply.redirect('/account', 303);
      },
    }),
    route({
      method: 'GET',
      url: '/account/password',
      permission: 'signed-in',
      handler: async (req, reply) =>
        sendPage(reply, SetPasswordPage({ view: viewOf(req, reply), form: emptyForm, action: '/account/password', titleKey: 'auth.password.changeTitle', askCurrent: true })),
    }),
    route({
      method: 'POST',
      url: '/account/password',
      permission: 'signed-in',
      rateLimitPerMinute: 10,
      handler: async (req, reply) => {
        const page = (form: FormState, status: number) =>
          sendPage(reply, SetPasswordPage({ view: viewOf(req, reply), form, action: '/account/password', titleKey: 'auth.password.changeTitle', askCurrent: true }), status);
        const parsed = parseForm(ZChangePassword, req.body);
        if (!parsed.ok) return page(parsed, 422);
        const user = req.user!;
        const stored = await usersRepo.findByEmail(db, user.email);
        if (!(await verifyPassword(stored?.passwordHash ?? null, parsed.data.currentPassword))) {
          return page(failed(parsed.values, 'currentPassword', 'validation.currentPasswordWrong'), 422);
        }
        if (passwordContainsEmail(parsed.data.password, user.email)) return page(failed(parsed.values, 'password', 'validation.passwordHasEmail'), 422);
        const passwordHash = await hashPassword(parsed.data.password);
        await db.transaction(async (tx) => {
          await usersRepo.update(tx, user.id, { passwordHash, passwordChangedAt: new Date() });
          await recordAudit(tx, actorOf(req), { action: 'auth.password.changed', entityType: 'user', entityId: user.id });
        });
        // Every other session of this operator ends; this one goes on under a new id.
        await endSessionsOfUser(db, user.id);
        await startSession(req, user.id);
        req.session.set('flash', { kind: 'success', key: 'auth.password.changed' });
        return reply.redirect('/account', 303);
      },
    }),
    route({
      method: 'GET',
      url: '/password/forgot',
      permission: 'public',
      handler: async (req, reply) => sendPage(reply, ForgotPasswordPage({ view: viewOf(req, reply), form: emptyForm, sent: false })),
    }),
    route({
      method: 'POST',
      url: '/password/forgot',
      permission: 'public',
      rateLimitPerMinute: 5,
      handler: async (req, reply) => {
        const parsed = parseForm(ZForgot, req.body);
        if (!parsed.ok) return sendPage(reply, ForgotPasswordPage({ view: viewOf(req, reply), form: parsed, sent: false }), 422);
        const user = await usersRepo.findByEmail(db, parsed.data.email);
        // The answer is the same whether or not the account exists.
        if (user && user.status === 'active') {
          const token = await usersRepo.issueToken(db, user.id, 'password_reset', RESET_VALID_MINUTES);
          const tr = kernel.i18n.translator(user.locale);
          await kernel.mailer.send({
            to: user.email,
            subject: tr.t('mail.reset.subject'),
            text: tr.t('mail.reset.body', { name: user.displayName, link: `${config.publicUrl}/password/reset/${token}`, minutes: RESET_VALID_MINUTES }),
          });
          await db.transaction((tx) => recordAudit(tx, { ...actorOf(req), userId: user.id }, { action: 'auth.password.resetRequested', entityType: 'user', entityId: user.id }));
        }
        return sendPage(reply, ForgotPasswordPage({ view: viewOf(req, reply), form: emptyForm, sent: true }));
      },
    }),
    ...(['password_reset', 'invitation'] as const).flatMap((purpose) => {
      const url = purpose === 'password_reset' ? '/password/reset/:token' : '/invitation/:token';
      const titleKey = purpose === 'password_reset' ? 'auth.password.resetTitle' : 'auth.password.invitationTitle';
      const tokenOf = (req: FastifyRequest) => String((req.params as { token?: string }).token ?? '').slice(0, 100);
      return [
        route({
          method: 'GET',
          url,
          permission: 'public',
          handler: async (req, reply) => {
            const token = tokenOf(req);
            const user = await usersRepo.findByToken(db, token, purpose);
            if (!user) return sendPage(reply, LinkInvalidPage({ view: viewOf(req, reply) }), 400);
            return sendPage(reply, SetPasswordPage({ view: viewOf(req, reply), form: emptyForm, action: url.replace(':token', token), titleKey }));
          },
        }),
        route({
          method: 'POST',
          url,
          permission: 'public',
          rateLimitPerMinute: 10,
          handler: async (req, reply) => {
            const token = tokenOf(req);
            const user = await usersRepo.findByToken(db, token, purpose);
            if (!user || user.status === 'deactivated') return sendPage(reply, LinkInvalidPage({ view: viewOf(req, reply) }), 400);
            const action = url.replace(':token', token);
            const parsed = parseForm(ZSetPassword, req.body);
            if (!parsed.ok) return sendPage(reply, SetPasswordPage({ view: viewOf(req, reply), form: parsed, action, titleKey }), 422);
            if (passwordContainsEmail(parsed.data.password, user.email)) {
              return sendPage(reply, SetPasswordPage({ view: viewOf(req, reply), form: failed(parsed.values, 'password', 'validation.passwordHasEmail'), action, titleKey }), 422);
            }
            const passwordHash = await hashPassword(parsed.data.password);
            const used = await db.transaction(async (tx) => {
              if (!(await usersRepo.useToken(tx, token))) return false;
              await usersRepo.update(tx, user.id, { passwordHash, passwordChangedAt: new Date(), status: 'active', failedLogins: 0, lockedUntil: null });
              await recordAudit(tx, { ...actorOf(req), userId: user.id, organizationId: user.organizationId }, {
                action: purpose === 'password_reset' ? 'auth.password.reset' : 'auth.invitation.accepted',
                entityType: 'user',
                entityId: user.id,
              });
              return true;
            });
            if (!used) return sendPage(reply, LinkInvalidPage({ view: viewOf(req, reply) }), 400);
            await endSessionsOfUser(db, user.id);
            await req.session.regenerate();
            req.session.set('flash', { kind: 'success', key: purpose === 'password_reset' ? 'auth.password.resetDone' : 'auth.password.invitationDone' });
            return reply.redirect('/login', 303);
          },
        }),
      ];
    }),
  ];
}
