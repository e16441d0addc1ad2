import { Layout } from '../../../ui/layout.js';
import { DataTable } from '../../../ui/data-table.js';
import { CheckboxGroup, CsrfField, ErrorSummary, SelectField, TextField, type FormState } from '../../../ui/fields.js';
import type { View } from '../../../ui/view.js';
import { ROLES } from '../../../access/policy.js';
import type { OrganizationRow, UserWithRoles } from '../../users.repo.js';
import { ORGANIZATION_KINDS } from '../organization-kinds.js';

const roleOptions = (view: View) => ROLES.map((r) => ({ value: r, label: view.t(`roles.${r}`) }));
const orgOptions = (orgs: OrganizationRow[]) => orgs.filter((o) => o.active).map((o) => ({ value: o.id, label: o.name }));

export function UsersPage({ view, users }: { view: View; users: UserWithRoles[] }) {
  return (
    <Layout view={view} title={view.t('admin.users.title')}>
      <div class="d-flex flex-wrap justify-content-between align-items-center mb-4 gap-2">
        <h1 class="h2 mb-0" safe>
          {view.t('admin.users.title')}
        </h1>
        <a class="btn btn-primary" href="/admin/users/new" safe>
          {view.t('admin.users.invite')}
        </a>
      </div>
      <DataTable caption={view.t('admin.users.title')} headers={[view.t('admin.users.name'), view.t('admin.users.email'), view.t('admin.users.organization'), view.t('admin.users.roles'), view.t('admin.users.status')]}>
        {users.map((u) => (
          <tr>
            <td>
              <a href={`/admin/users/${u.id}`} safe>
                {u.displayName}
              </a>
            </td>
            <td safe>{u.email}</td>
            <td safe>{u.organizationName}</td>
            <td safe>{u.roles.map((r) => view.t(`roles.${r}`)).join(', ')}</td>
            <td safe>{view.t(`admin.users.statuses.${u.status}`)}</td>
          </tr>
        ))}
      </DataTable>
    </Layout>
  );
}

function userLabels(view: View) {
  return {
    email: view.t('admin.users.email'),
    displayName: view.t('admin.users.name'),
    organizationId: view.t('admin.users.organization'),
    roles: view.t('admin.users.roles'),
    locale: view.t('admin.users.locale'),
  };
}

export function InviteUserPage({ view, form, organizations }: { view: View; form: FormState; organizations: OrganizationRow[] }) {
  const labels = userLabels(view);
  return (
    <Layout view={view} title={view.t('admin.users.invite')}>
      <h1 class="h2 mb-4" safe>
        {view.t('admin.users.invite')}
      </h1>
      <ErrorSummary view={view} form={form} labels={labels} />
      <form method="post" action="/admin/users" novalidate class="col-lg-8">
        <CsrfField view={view} />
        <TextField view={view} form={form} name="email" type="email" label={labels.email} autocomplete="off" required />
        <TextField view={view} form={form} name="displayName" label={labels.displayName} autocomplete="off" required maxlength={120} />
        <SelectField view={view} form={form} name="organizationId" label={labels.organizationId} options={orgOptions(organizations)} required />
        <SelectField
          view={view}
          form={form}
          name="locale"
          label={labels.locale}
          options={view.locales.map((l) => ({ value: l.code, label: l.name }))}
          defaultValue="it"
          required
        />
        <CheckboxGroup view={view} form={form} name="roles" legend={labels.roles} options={roleOptions(view)} />
        <button type="submit" class="btn btn-primary" safe>
          {view.t('admin.users.sendInvitation')}
        </button>
      </form>
    </Layout>
  );
}

export function EditUserPage({ view, form, user, organizations }: { view: View; form: FormState; user: UserWithRoles; organizations: OrganizationRow[] }) {
  const labels = userLabels(view);
  const action = (suffix: string, key: string, style = 'btn-outline-primary') => (
    <form method="post" action={`/admin/users/${user.id}/${suffix}`} class="d-inline">
      <CsrfField view={view} />
      <button type="submit" class={`btn ${style} btn-sm`} safe>
        {view.t(key)}
      </button>
    </form>
  );
  return (
    <Layout view={view} title={user.displayName}>
      <h1 class="h2 mb-2" safe>
        {user.displayName}
      </h1>
      <p class="text-muted" safe>
        {`${user.email} · ${view.t(`admin.users.statuses.${user.status}`)}`}
      </p>
      <div class="d-flex flex-wrap gap-2 mb-4">
        {user.status === 'invited' ? action('resend-invitation', 'admin.users.resendInvitation') : ''}
        {user.totpSecretEnc ? action('reset-second-factor', 'admin.users.resetSecondFactor') : ''}
        {user.id === view.user?.id
          ? ''
          : user.status === 'deactivated'
            ? action('reactivate', 'admin.users.reactivate')
            : action('deactivate', 'admin.users.deactivate', 'btn-outline-danger')}
      </div>
      <ErrorSummary view={view} form={form} labels={labels} />
      <form method="post" action={`/admin/users/${user.id}`} novalidate class="col-lg-8">
        <CsrfField view={view} />
        <TextField view={view} form={form} name="displayName" label={labels.displayName} defaultValue={user.displayName} required maxlength={120} />
        <SelectField view={view} form={form} name="organizationId" label={labels.organizationId} options={orgOptions(organizations)} defaultValue={user.organizationId} required />
        <CheckboxGroup view={view} form={form} name="roles" legend={labels.roles} options={roleOptions(view)} defaultValues={user.roles} />
        <button type="submit" class="btn btn-primary" safe>
          {view.t('common.save')}
        </button>
      </form>
    </Layout>
  );
}

export function OrganizationsPage({ view, form, organizations }: { view: View; form: FormState; organizations: OrganizationRow[] }) {
  const labels = {
    name: view.t('admin.organizations.name'),
    kind: view.t('admin.organizations.kind'),
    municipalityCode: view.t('admin.organizations.municipalityCode'),
  };
  return (
    <Layout view={view} title={view.t('admin.organizations.title')}>
      <h1 class="h2 mb-4" safe>
        {view.t('admin.organizations.title')}
      </h1>
      <div class="table-responsive mb-5">
        <table class="table">
          <caption class="visually-hidden" safe>
            {view.t('admin.organizations.title')}
          </caption>
          <thead>
            <tr>
              <th scope="col" safe>
                {labels.name}
              </th>
              <th scope="col" safe>
                {labels.kind}
              </th>
              <th scope="col" safe>
                {labels.municipalityCode}
              </th>
            </tr>
          </thead>
          <tbody>
            {organizations.map((o) => (
              <tr>
                <td safe>{o.name}</td>
                <td safe>{view.t(`admin.organizations.kinds.${o.kind}`)}</td>
                <td safe>{o.municipalityCode ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2 class="h4" safe>
        {view.t('admin.organizations.add')}
      </h2>
      <ErrorSummary view={view} form={form} labels={labels} />
      <form method="post" action="/admin/organizations" novalidate class="col-lg-8">
        <CsrfField view={view} />
        <TextField view={view} form={form} name="name" label={labels.name} required maxlength={200} />
        <SelectField
          view={view}
          form={form}
          name="kind"
          label={labels.kind}
          options={ORGANIZATION_KINDS.map((k) => ({ value: k, label: view.t(`admin.organizations.kinds.${k}`) }))}
          required
        />
        <TextField
          view={view}
          form={form}
          name="municipalityCode"
          label={labels.municipalityCode}
          hint={view.t('admin.organizations.municipalityHint')}
          inputmode="numeric"
          maxlength={6}
        />
        <button type="submit" class="btn btn-primary" safe>
          {view.t('admin.organizations.add')}
        </button>
      </form>
    </Layout>
  );
}
