// The calendar invitation (ICS, RFC 5545) attached to the e-mails of an assignment, a change of time and a
// cancellation: the same UID each time and a growing SEQUENCE, so that calendars replace what they hold.
// It says what, when, where and for whom; never who the family is, nor the purpose note.
import { createEvent } from 'ics';
import type { Translator } from '../../kernel/i18n/i18n.js';
import type { MailAttachment } from '../../kernel/mail/mailer.js';
import { LANGUAGE_KEYS, type LanguageCode } from '../directory/index.js';
import { MODE_KEYS, SETTING_KEYS } from './mediation-status.js';
import type { RequestRow } from './mediators.repo.js';

const parts = (d: Date): [number, number, number, number, number] => [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes()];

export function invitation(tr: Translator, request: RequestRow, publicUrl: string, method: 'REQUEST' | 'CANCEL' = 'REQUEST'): MailAttachment[] {
  if (!request.starts_at) return [];
  const language = request.language_code in LANGUAGE_KEYS ? tr.t(LANGUAGE_KEYS[request.language_code as LanguageCode]) : request.language_code;
  const where = [request.place, request.municipality_name].filter(Boolean).join(', ');
  const { error, value } = createEvent({
    productId: 'ponte/mediators',
    method,
    uid: `mediation-${request.id}@ponte`,
    sequence: request.ics_sequence,
    status: method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED',
    start: parts(request.starts_at),
    startInputType: 'utc',
    startOutputType: 'utc',
    duration: { minutes: request.duration_minutes },
    title: tr.t('mediators.ics.title', { language, organization: request.organization_name }),
    description: tr.t('mediators.ics.description', {
      setting: tr.t(SETTING_KEYS[request.setting]),
      mode: tr.t(MODE_KEYS[request.mode]),
      mediator: request.mediator_name ?? '',
      link: `${publicUrl.replace(/\/+$/, '')}/mediation/requests/${request.id}`,
    }),
    ...(where ? { location: where } : {}),
  });
  if (error || !value) throw error ?? new Error('calendar invitation not built');
  return [{ filename: 'mediazione.ics', contentType: `text/calendar; charset=utf-8; method=${method}`, content: value }];
}
