// The administrator's screens: operators (invite, roles, deactivate) and organizations.
import { z } from 'zod';
import type { Kernel } from '../../kernel.js';
import { actorOf } from '../../kernel.js';
import { HttpError, route, uuidParam, type RouteDef } from '../../http/route.js';
import { parseForm, zEmail, zList, zText } from '../../ui/form.js';
import { emptyForm, type FormState } from '../../ui/fields.js';
import { sendPage, viewOf } from '../../ui/view.js';
import { recordAudit } from '../../audit/audit.js';
import { ROLES } from '../../access/policy.js';
import { SHIPPED_LOCALES } from '../../i18n/locales.js';
import { usersRepo } from '../users.repo.js';
import { inviteUser, resendInvitation, resetSecondFactor, setUserActive, updateUser } from './manage-users.js';
import { ORGANIZATION_KINDS } from './organization-kinds.js';
import { EditUserPage, InviteUserPage, OrganizationsPage, UsersPage } from './pages/admin-pages.js';

const ZRoles = zList(z.enum(ROLES)).pipe(z.array(z.enum(ROLES)).min(1));
const ZInvite = z.object({
  email: zEmail,
  displayName: zText(120),
  organizationId: z.uuid({ message: 'validation.choose' }),
  locale: z.enum(SHIPPED_LOCALES.map((l) => l.code) as [string, ...string[]]),
  roles: ZRoles,
});
const ZEditUser = z.object({ displayName: zText(120), organizationId: z.uuid({ message: 'validation.choose' }), roles: ZRoles });
const ZOrganization = z.object({
  name: z.string().trim().min(2).max(200),
  kind: z.enum(ORGANIZATION_KINDS),
  municipalityCode: z.string().trim().regex(/^\d{6}$/, { message: 'validation.municipalityCode' }).optional(),
});

export function adminRoutes(kernel: Kernel): RouteDef[] {
  const { db } = kernel;
  const userAction = (suffix: string, act: (userId: string, actor: ReturnType<typeof actorOf>) => Promise<boolean>, flashKey: string) =>
    route({
      method: 'POST',
      url: `/admin/users/:id/${suffix}`,
      permission: 'admin.users.manage',
      handler: async (req, reply) => {
        const id = uuidParam(req);
        if (!(await act(id, actorOf(req)))) throw new HttpError(404, 'errors.notFound.title');
        req.session.set('flash', { kind: 'success', key: flashKey });
        return reply.redirect(`/admin/users/${id}`, 303);
      },
    });

  return [
    route({
      method: 'GET',
      url: '/admin/users',
      permission: 'admin.users.manage',
      handler: async (req, reply) => sendPage(reply, UsersPage({ view: viewOf(req, reply), users: await usersRepo.listWithRoles(db) })),
    }),
    route({
      method: 'GET',
      url: '/admin/users/new',
      permission: 'admin.users.manage',
      handler: async (req, reply) =>
        sendPage(reply, InviteUserPage({ view: viewOf(req, reply), form: emptyForm, organizations: await usersRepo.listOrganizations(db) })),
    }),
    route({
      method: 'POST',
      url: '/admin/users',
      permission: 'admin.users.manage',
      handler: async (req, reply) => {
        const page = async (form: FormState) =>
          sendPage(reply, InviteUserPage({ view: viewOf(req, reply), form, organizations: await usersRepo.listOrganizations(db) }), 422);
        const parsed = parseForm(ZInvite, req.body);
        if (!parsed.ok) return page(parsed);
        const result = await inviteUser(kernel, { ...parsed.data, actor: actorOf(req) });
        if (!result.ok) return page({ values: parsed.values, errors: { [result.field]: { key: result.key } } });
        req.session.set('flash', { kind: 'success', key: 'admin.users.invited' });
        return reply.redirect(`/admin/users/${result.userId}`, 303);
      },
    }),
    route({
      method: 'GET',
      url: '/admin/users/:id',
      permission: 'admin.users.manage',
      handler: async (req, reply) => {
        const user = await usersRepo.findWithRoles(db, uuidParam(req));
        if (!user) throw new HttpError(404, 'errors.notFound.title');
        return sendPage(reply, EditUserPage({ view: viewOf(req, reply), form: emptyForm, user, organizations: await usersRepo.listOrganizations(db) }));
      },
    }),
    route({
      method: 'POST',
      url: '/admin/users/:id',
      permission: 'admin.users.manage',
      handler: async (req, reply) => {
        const user = await usersRepo.findWithRoles(db, uuidParam(req));
        if (!user) throw new HttpError(404, 'errors.notFound.title');
        const parsed = parseForm(ZEditUser, req.body);
        const organizations = await usersRepo.listOrganizations(db);
        if (!parsed.ok) return sendPage(reply, EditUserPage({ view: viewOf(req, reply), form: parsed, user, organizations }), 422);
        const ok = await updateUser(kernel, { userId: user.id, ...parsed.data, actor: actorOf(req) });
        if (!ok) {
          const form = { values: parsed.values, errors: { organizationId: { key: 'validation.choose' } } };
          return sendPage(reply, EditUserPage({ view: viewOf(req, reply), form, user, organizations }), 422);
        }
        req.session.set('flash', { kind: 'success', key: 'admin.users.saved' });
        return reply.redirect(`/admin/users/${user.id}`, 303);
      },
    }),
    userAction('deactivate', (userId, actor) => setUserActive(kernel, { userId, active: false, actor }), 'admin.users.deactivated'),
    userAction('reactivate', (userId, actor) => setUserActive(kernel, { userId, active: true, actor }), 'admin.users.reactivated'),
    userAction('resend-invitation', (userId, actor) => resendInvitation(kernel, userId, actor), 'admin.users.invited'),
    userAction('reset-second-factor', (userId, actor) => resetSecondFactor(kernel, { userId, actor }), 'admin.users.secondFactorWasReset'),
    route({
      method: 'GET',
      url: '/admin/organizations',
      permission: 'admin.organizations.manage',
      handler: async (req, reply) =>
        sendPage(reply, OrganizationsPage({ view: viewOf(req, reply), form: emptyForm, organizations: await usersRepo.listOrganizations(db) })),
    }),
    route({
      method: 'POST',
      url: '/admin/organizations',
      permission: 'admin.organizations.manage',
      handler: async (req, reply) => {
        const parsed = parseForm(ZOrganization, req.body);
        const organizations = await usersRepo.listOrganizations(db);
        const page = (form: FormState) => sendPage(reply, OrganizationsPage({ view: viewOf(req, reply), form, organizations }), 422);
        if (!parsed.ok) return page(parsed);
        if (organizations.some((o) => o.name.toLowerCase() === parsed.data.name.toLowerCase())) {
          return page({ values: parsed.values, errors: { name: { key: 'validation.nameTaken' } } });
        }
        await db.transaction(async (tx) => {
          const org = await usersRepo.createOrganization(tx, parsed.data);
          await recordAudit(tx, actorOf(req), { action: 'admin.organization.created', entityType: 'organization', entityId: org.id, details: { name: org.name, kind: org.kind } });
        });
        req.session.set('flash', { kind: 'success', key: 'admin.organizations.created' });
        return reply.redirect('/admin/organizations', 303);
      },
    }),
  ];
}
