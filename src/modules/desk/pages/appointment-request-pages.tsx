// The public pages of appointments: choose a desk, ask for a time there, and the confirmation (which shows
// nothing of what was typed). Plain forms: no script, light, in the page's language.
import { Layout } from '../../../kernel/ui/layout.js';
import type { View } from '../../../kernel/ui/view.js';
import { CsrfField, ErrorSummary, SelectField, TextArea, TextField, type FormState } from '../../../kernel/ui/fields.js';
import type { SlotRow } from '../appointments.repo.js';
import { RadioList, slotLabel } from './appointment-fields.js';

export const MESSAGE_MAX = 500;

export function DesksPage({ view, desks }: { view: View; desks: { id: string; name: string; municipality: string | null }[] }) {
  const title = view.t('appointments.public.title');
  return (
    <Layout view={view} title={title}>
      <h1 class="h2 mb-3" safe>
        {title}
      </h1>
      <p class="lead" safe>
        {view.t('appointments.public.intro')}
      </p>
      {desks.length === 0 ? (
        <p safe>{view.t('appointments.public.noDesks')}</p>
      ) : (
        <ul class="list-unstyled">
          {desks.map((d) => (
            <li class="mb-3">
              <a class="fw-bold" href={`/appointments/${d.id}`} safe>
                {d.name}
              </a>
              {d.municipality ? (
                <>
                  {' '}
                  <span class="text-muted" safe>
                    {view.t('appointments.public.municipality', { municipality: d.municipality })}
                  </span>
                </>
              ) : (
                ''
              )}
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

export interface RequestPageData {
  desk: { id: string; name: string };
  slots: SlotRow[];
  needs: { code: string; name: string }[];
  form: FormState;
}

export function RequestPage({ view, data }: { view: View; data: RequestPageData }) {
  const title = view.t('appointments.public.deskTitle', { desk: data.desk.name });
  const labels = {
    slot: view.t('appointments.fields.when'),
    name: view.t('appointments.fields.name'),
    phone: view.t('appointments.fields.phone'),
    email: view.t('appointments.fields.email'),
    need: view.t('appointments.fields.need'),
    message: view.t('appointments.fields.message'),
  };
  return (
    <Layout view={view} title={title}>
      <h1 class="h2 mb-3" safe>
        {title}
      </h1>
      <p safe>{view.t('appointments.public.formIntro')}</p>
      <ErrorSummary view={view} form={data.form} labels={labels} />
      <form method="post" action={`/appointments/${data.desk.id}`} novalidate>
        <CsrfField view={view} />
        <RadioList
          view={view}
          form={data.form}
          name="slot"
          legend={labels.slot}
          options={[...data.slots.map((s) => ({ value: s.id, label: slotLabel(view, s) })), { value: 'any', label: view.t('appointments.fields.anyTime') }]}
        />
        <TextField view={view} form={data.form} name="name" label={labels.name} autocomplete="name" required maxlength={120} />
        <p class="mb-2" id="contact-hint" safe>
          {view.t('appointments.fields.contactHint')}
        </p>
        <TextField view={view} form={data.form} name="phone" type="tel" label={labels.phone} autocomplete="tel" inputmode="tel" maxlength={30} />
        <TextField view={view} form={data.form} name="email" type="email" label={labels.email} autocomplete="email" maxlength={254} />
        <SelectField view={view} form={data.form} name="need" label={labels.need} options={data.needs.map((n) => ({ value: n.code, label: n.name }))} />
        <TextArea view={view} form={data.form} name="message" label={labels.message} hint={view.t('appointments.fields.messageHint', { max: MESSAGE_MAX })} maxlength={MESSAGE_MAX} />
        <p class="small" safe>
          {view.t('appointments.public.privacy')}
        </p>
        <button type="submit" class="btn btn-primary" safe>
          {view.t('appointments.public.send')}
        </button>
      </form>
    </Layout>
  );
}

export function SentPage({ view }: { view: View }) {
  const title = view.t('appointments.sent.title');
  return (
    <Layout view={view} title={title}>
      <h1 class="h2 mb-3" safe>
        {title}
      </h1>
      <p class="lead" role="status" safe>
        {view.t('appointments.sent.body')}
      </p>
      <p safe>{view.t('appointments.sent.next')}</p>
      <p>
        <a href="/" safe>
          {view.t('appointments.sent.back')}
        </a>
      </p>
    </Layout>
  );
}
