// The screens of signing in and of an operator's own account.
import { Layout } from '../../ui/layout.js';
import { CsrfField, ErrorSummary, TextField, type FormState } from '../../ui/fields.js';
import type { View } from '../../ui/view.js';

function Narrow({ children }: { children: JSX.Element | JSX.Element[] | string }) {
  return (
    <div class="row">
      <div class="col-12 col-md-8 col-lg-6">{children as 'safe'}</div>
    </div>
  );
}

export function LoginPage({ view, form, next }: { view: View; form: FormState; next?: string }) {
  const labels = { email: view.t('auth.login.email'), password: view.t('auth.login.password') };
  return (
    <Layout view={view} title={view.t('auth.login.title')}>
      <Narrow>
        <h1 class="h2 mb-4" safe>
          {view.t('auth.login.title')}
        </h1>
        <ErrorSummary view={view} form={form} labels={labels} />
        <form method="post" action="/login" novalidate>
          <CsrfField view={view} />
          {next ? <input type="hidden" name="next" value={next} /> : ''}
          <TextField view={view} form={form} name="email" type="email" label={labels.email} autocomplete="username" required />
          <TextField view={view} form={form} name="password" type="password" label={labels.password} autocomplete="current-password" required />
          <button type="submit" class="btn btn-primary" safe>
            {view.t('auth.login.submit')}
          </button>
        </form>
        <p class="mt-4">
          <a href="/password/forgot" safe>
            {view.t('auth.login.forgot')}
          </a>
        </p>
      </Narrow>
    </Layout>
  );
}

export function SecondFactorPage({ view, form }: { view: View; form: FormState }) {
  const labels = { code: view.t('auth.secondFactor.code') };
  return (
    <Layout view={view} title={view.t('auth.secondFactor.title')}>
      <Narrow>
        <h1 class="h2 mb-4" safe>
          {view.t('auth.secondFactor.title')}
        </h1>
        <p safe>{view.t('auth.secondFactor.intro')}</p>
        <ErrorSummary view={view} form={form} labels={labels} />
        <form method="post" action="/login/second-factor" novalidate>
          <CsrfField view={view} />
          <TextField view={view} form={form} name="code" label={labels.code} autocomplete="one-time-code" inputmode="numeric" maxlength={7} required />
          <button type="submit" class="btn btn-primary" safe>
            {view.t('auth.secondFactor.submit')}
          </button>
        </form>
      </Narrow>
    </Layout>
  );
}

export function EnrolPage({ view, form, qrSvg, secret, action }: { view: View; form: FormState; qrSvg: string; secret: string; action: string }) {
  const labels = { code: view.t('auth.enrol.code') };
  return (
    <Layout view={view} title={view.t('auth.enrol.title')}>
      <Narrow>
        <h1 class="h2 mb-4" safe>
          {view.t('auth.enrol.title')}
        </h1>
        <ErrorSummary view={view} form={form} labels={labels} />
        <ol>
          <li safe>{view.t('auth.enrol.step1')}</li>
          <li>
            <span safe>{view.t('auth.enrol.step2')}</span>
            <figure class="ponte-qr my-3" role="img" aria-label={view.t('auth.enrol.qrLabel')}>
              {qrSvg as 'safe'}
            </figure>
            <p>
              <span safe>{view.t('auth.enrol.manual')}</span>{' '}
              <code class="ponte-secret" dir="ltr" safe>
                {secret}
              </code>
            </p>
          </li>
          <li safe>{view.t('auth.enrol.step3')}</li>
        </ol>
        <form method="post" action={action} novalidate>
          <CsrfField view={view} />
          <TextField view={view} form={form} name="code" label={labels.code} autocomplete="one-time-code" inputmode="numeric" maxlength={7} required />
          <button type="submit" class="btn btn-primary" safe>
            {view.t('auth.enrol.submit')}
          </button>
        </form>
      </Narrow>
    </Layout>
  );
}

export function ForgotPasswordPage({ view, form, sent }: { view: View; form: FormState; sent: boolean }) {
  const labels = { email: view.t('auth.forgot.email') };
  return (
    <Layout view={view} title={view.t('auth.forgot.title')}>
      <Narrow>
        <h1 class="h2 mb-4" safe>
          {view.t('auth.forgot.title')}
        </h1>
        {sent ? (
          <div class="alert alert-success" role="status" safe>
            {view.t('auth.forgot.sent')}
          </div>
        ) : (
          <>
            <p safe>{view.t('auth.forgot.intro')}</p>
            <ErrorSummary view={view} form={form} labels={labels} />
            <form method="post" action="/password/forgot" novalidate>
              <CsrfField view={view} />
              <TextField view={view} form={form} name="email" type="email" label={labels.email} autocomplete="email" required />
              <button type="submit" class="btn btn-primary" safe>
                {view.t('auth.forgot.submit')}
              </button>
            </form>
          </>
        )}
      </Narrow>
    </Layout>
  );
}

/** Choosing a password: from a reset link, from an invitation, or from the account page. */
export function SetPasswordPage({
  view,
  form,
  action,
  titleKey,
  askCurrent,
}: {
  view: View;
  form: FormState;
  action: string;
  titleKey: string;
  askCurrent?: boolean;
}) {
  const labels = {
    currentPassword: view.t('auth.password.current'),
    password: view.t('auth.password.new'),
    confirm: view.t('auth.password.confirm'),
  };
  return (
    <Layout view={view} title={view.t(titleKey)}>
      <Narrow>
        <h1 class="h2 mb-4" safe>
          {view.t(titleKey)}
        </h1>
        <ErrorSummary view={view} form={form} labels={labels} />
        <form method="post" action={action} novalidate>
          <CsrfField view={view} />
          {askCurrent ? (
            <TextField view={view} form={form} name="currentPassword" type="password" label={labels.currentPassword} autocomplete="current-password" required />
          ) : (
            ''
          )}
          <TextField
            view={view}
            form={form}
            name="password"
            type="password"
            label={labels.password}
            hint={view.t('auth.password.rules')}
            autocomplete="new-password"
            required
          />
          <TextField view={view} form={form} name="confirm" type="password" label={labels.confirm} autocomplete="new-password" required />
          <button type="submit" class="btn btn-primary" safe>
            {view.t('auth.password.submit')}
          </button>
        </form>
      </Narrow>
    </Layout>
  );
}

export function LinkInvalidPage({ view }: { view: View }) {
  return (
    <Layout view={view} title={view.t('auth.link.invalidTitle')}>
      <h1 class="h2" safe>
        {view.t('auth.link.invalidTitle')}
      </h1>
      <p safe>{view.t('auth.link.invalidBody')}</p>
      <p>
        <a href="/password/forgot" safe>
          {view.t('auth.login.forgot')}
        </a>
      </p>
    </Layout>
  );
}

export function AccountPage({ view }: { view: View }) {
  const user = view.user!;
  return (
    <Layout view={view} title={view.t('auth.account.title')}>
      <h1 class="h2 mb-4" safe>
        {view.t('auth.account.title')}
      </h1>
      <dl class="row">
        <dt class="col-sm-3" safe>
          {view.t('auth.account.name')}
        </dt>
        <dd class="col-sm-9" safe>
          {user.displayName}
        </dd>
        <dt class="col-sm-3" safe>
          {view.t('auth.account.email')}
        </dt>
        <dd class="col-sm-9" safe>
          {user.email}
        </dd>
        <dt class="col-sm-3" safe>
          {view.t('auth.account.organization')}
        </dt>
        <dd class="col-sm-9" safe>
          {user.organizationName}
        </dd>
        <dt class="col-sm-3" safe>
          {view.t('auth.account.roles')}
        </dt>
        <dd class="col-sm-9" safe>
          {user.roles.map((r) => view.t(`roles.${r}`)).join(', ')}
        </dd>
        <dt class="col-sm-3" safe>
          {view.t('auth.account.secondFactor')}
        </dt>
        <dd class="col-sm-9" safe>
          {view.t(user.totpEnrolled ? 'auth.account.secondFactorOn' : 'auth.account.secondFactorOff')}
        </dd>
      </dl>
      <ul class="list-unstyled">
        <li>
          <a href="/account/password" safe>
            {view.t('auth.account.changePassword')}
          </a>
        </li>
        {user.totpEnrolled ? (
          ''
        ) : (
          <li>
            <a href="/account/second-factor" safe>
              {view.t('auth.account.enrol')}
            </a>
          </li>
        )}
      </ul>
    </Layout>
  );
}
