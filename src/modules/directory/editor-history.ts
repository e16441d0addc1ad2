// The change history of a service (HSDS metadata): a snapshot of the fields an editor can change, as
// comparable texts; the difference between two snapshots; one dir_metadata row per changed field.
import type { Tx } from '../../kernel/db/client.js';
import { metadata } from './directory.schema.js';
import type { ServiceGraph } from './service-document.js';
import { hoursText, TRANSLATED_TEXTS, TRANSLATION_LOCALES, weeklyRowsOf, type ServiceFormData } from './editor-form.js';

/** Who makes a change, as the history shows it. */
export interface Editor {
  userId: string;
  displayName: string;
}

/** What the history records about an action: HSDS last_action_type. */
export type HistoryAction = 'create' | 'update' | 'verified' | 'submitted' | 'approved' | 'returned';

export interface FieldChange {
  field: string;
  previous: string;
  replacement: string;
}

/** HSDS field name → its value as text. Lists are compared as sets, in a fixed order. */
export type Snapshot = Record<string, string>;

const list = (xs: readonly string[], separator = '; ') => [...xs].sort((a, b) => a.localeCompare(b)).join(separator);
const bool = (b: boolean) => (b ? 'true' : 'false');

export const SNAPSHOT_FIELDS = [
  'name', 'description', 'eligibility_description', 'application_process', 'fees_description', 'free_of_charge',
  'appointment_required', 'status', 'phones', 'languages', 'required_documents', 'schedules', 'attributes',
  ...TRANSLATION_LOCALES.flatMap((l) => TRANSLATED_TEXTS.map((t) => `translations.${l}.${t.hsds}`)),
] as const;

export function snapshotOfGraph(g: ServiceGraph): Snapshot {
  const s = g.service;
  const snap: Snapshot = {
    name: s.name,
    description: s.description,
    eligibility_description: s.eligibilityDescription ?? '',
    application_process: s.applicationProcess ?? '',
    fees_description: s.feesDescription ?? '',
    free_of_charge: bool(s.freeOfCharge),
    appointment_required: bool(s.appointmentRequired),
    status: s.status,
    phones: list(g.phones.filter((p) => p.serviceId === s.id).map((p) => p.number)),
    languages: list(g.languages.filter((l) => l.serviceId === s.id && l.code).map((l) => l.code!), ', '),
    required_documents: list(g.requiredDocuments.map((d) => d.document)),
    schedules: hoursText(weeklyRowsOf(g)),
    attributes: list(g.terms.map((t) => t.term.code), ', '),
  };
  for (const l of TRANSLATION_LOCALES) for (const t of TRANSLATED_TEXTS) snap[`translations.${l}.${t.hsds}`] = s.translations[l]?.[t.hsds] ?? '';
  return snap;
}

export function snapshotOfForm(d: ServiceFormData, termCodeOf: (id: string) => string, languages: readonly string[]): Snapshot {
  const snap: Snapshot = {
    name: d.name,
    description: d.description,
    eligibility_description: d.eligibility ?? '',
    application_process: d.applicationProcess ?? '',
    fees_description: d.feesDescription ?? '',
    free_of_charge: bool(d.freeOfCharge),
    appointment_required: bool(d.appointmentRequired),
    status: d.status,
    phones: list(d.phones),
    languages: list(languages, ', '),
    required_documents: list(d.documents),
    schedules: hoursText(d.hours),
    attributes: list(d.needs.map(termCodeOf), ', '),
  };
  for (const l of TRANSLATION_LOCALES) for (const t of TRANSLATED_TEXTS) snap[`translations.${l}.${t.hsds}`] = d.translations[l][t.field] ?? '';
  return snap;
}

export function diffSnapshots(before: Snapshot, after: Snapshot): FieldChange[] {
  return SNAPSHOT_FIELDS.filter((f) => (before[f] ?? '') !== (after[f] ?? '')).map((f) => ({
    field: f,
    previous: before[f] ?? '',
    replacement: after[f] ?? '',
  }));
}

/** One row per changed field, in the transaction of the change. */
export async function recordHistory(tx: Tx, serviceId: string, editor: Editor, action: HistoryAction, changes: readonly FieldChange[], at = new Date()): Promise<void> {
  if (changes.length === 0) return;
  await tx.insert(metadata).values(
    changes.map((c) => ({
      resourceId: serviceId,
      resourceType: 'service',
      lastActionDate: at,
      lastActionType: action,
      fieldName: c.field,
      previousValue: c.previous,
      replacementValue: c.replacement,
      updatedBy: editor.displayName,
      updatedByUserId: editor.userId,
    })),
  );
}
