// Saving the service form: the service's fields and its phones, languages, documents, weekly hours and
// needs, the history of every changed field, one audit event and the public read model, in one
// transaction. An editor's change to a published service goes to the directory team for review while the
// published version stays online (docs/adr/0008-directory-review.md); the team's own changes apply at once.
import { and, eq, isNotNull, notInArray } from 'drizzle-orm';
import { refreshPublishedService } from './publish-service.js';
import type { Kernel } from '../../kernel/kernel.js';
import type { Tx } from '../../kernel/db/client.js';
import { recordAudit, type AuditActor } from '../../kernel/audit/audit.js';
import { attributes, languages, phones, requiredDocuments, schedules, services, type Translations } from './directory.schema.js';
import { loadServiceGraph } from './service-document.js';
import { LANGUAGE_CODES, LANGUAGE_KEYS, TRANSLATED_TEXTS, TRANSLATION_LOCALES, type LanguageCode, type ServiceFormData } from './editor-form.js';
import { diffSnapshots, recordHistory, snapshotOfForm, snapshotOfGraph, type Editor } from './editor-history.js';
import { editorRepo, type PublicationStatus } from './editor.repo.js';

export type UpdateServiceResult =
  | { ok: true; changed: string[]; publicationStatus: PublicationStatus; sentForReview: boolean }
  | { ok: false; reason: 'not-found' | 'stale' };

/** The typed translations over the stored ones: other fields (eligibility, …) are kept; blanks removed. */
export function mergeTranslations(stored: Translations, typed: ServiceFormData['translations']): Translations {
  const out: Translations = structuredClone(stored);
  for (const locale of TRANSLATION_LOCALES) {
    const fields = { ...(out[locale] ?? {}) };
    for (const text of TRANSLATED_TEXTS) {
      const value = typed[locale][text.field];
      if (value) fields[text.hsds] = value;
      else delete fields[text.hsds];
    }
    if (Object.keys(fields).length > 0) out[locale] = fields;
    else delete out[locale];
  }
  return out;
}

export async function updateService(
  kernel: Kernel,
  input: { serviceId: string; data: ServiceFormData; editor: Editor; asPublisher: boolean; actor: AuditActor },
): Promise<UpdateServiceResult> {
  const italian = kernel.i18n.translator('it');
  const { serviceId, data } = input;
  return kernel.db.transaction(async (tx): Promise<UpdateServiceResult> => {
    // The row lock orders concurrent saves of the same service.
    const [locked] = await tx.select({ id: services.id, updatedAt: services.updatedAt }).from(services).where(eq(services.id, serviceId)).for('update');
    if (!locked) return { ok: false, reason: 'not-found' };
    if (data.loadedAt && locked.updatedAt.toISOString() !== data.loadedAt) return { ok: false, reason: 'stale' };
    const g = (await loadServiceGraph(tx, serviceId))!;

    const terms = await editorRepo.termsByIds(tx, data.needs);
    const codeOf = new Map(terms.map((t) => [t.id, t.code]));
    // Languages the form does not offer (an import's codes) are left as they are.
    const storedCodes = g.languages.filter((l) => l.serviceId === serviceId && l.code).map((l) => l.code!);
    const otherCodes = storedCodes.filter((c) => !(LANGUAGE_CODES as readonly string[]).includes(c));
    const languageCodes = [...new Set([...data.languages, ...otherCodes])];

    const changes = diffSnapshots(snapshotOfGraph(g), snapshotOfForm(data, (id) => codeOf.get(id) ?? id, languageCodes));
    const from = g.service.publicationStatus;
    if (changes.length === 0) return { ok: true, changed: [], publicationStatus: from, sentForReview: false };
    const changed = new Set(changes.map((c) => c.field));
    const now = new Date();
    const to: PublicationStatus = from === 'published' && !input.asPublisher ? 'in_review' : from;

    await tx
      .update(services)
      .set({
        name: data.name,
        description: data.description,
        eligibilityDescription: data.eligibility ?? null,
        applicationProcess: data.applicationProcess ?? null,
        feesDescription: data.feesDescription ?? null,
        freeOfCharge: data.freeOfCharge,
        appointmentRequired: data.appointmentRequired,
        status: data.status,
        translations: mergeTranslations(g.service.translations, data.translations),
        updatedAt: now,
        ...(to !== from ? { publicationStatus: to, submittedAt: now, reviewNote: null } : {}),
      })
      .where(eq(services.id, serviceId));

    if (changed.has('phones')) await replacePhones(tx, serviceId, data.phones);
    if (changed.has('languages')) await replaceLanguages(tx, serviceId, languageCodes, (c) => italian.t(LANGUAGE_KEYS[c as LanguageCode] ?? c));
    if (changed.has('required_documents')) await replaceDocuments(tx, serviceId, data.documents);
    if (changed.has('schedules')) {
      await tx.delete(schedules).where(and(eq(schedules.serviceId, serviceId), eq(schedules.freq, 'WEEKLY')));
      if (data.hours.length) {
        await tx.insert(schedules).values(
          data.hours.map((h) => ({ serviceId, freq: 'WEEKLY', wkst: 'MO', byday: h.days.join(','), opensAt: `${h.opens}:00`, closesAt: `${h.closes}:00` })),
        );
      }
    }
    if (changed.has('attributes')) {
      const link = and(eq(attributes.linkEntity, 'service'), eq(attributes.linkId, serviceId));
      await tx.delete(attributes).where(data.needs.length ? and(link, notInArray(attributes.taxonomyTermId, data.needs)) : link);
      const present = new Set(g.terms.map((t) => t.term.id));
      const added = data.needs.filter((id) => !present.has(id));
      if (added.length) await tx.insert(attributes).values(added.map((taxonomyTermId) => ({ linkId: serviceId, linkEntity: 'service', taxonomyTermId })));
    }

    await recordHistory(tx, serviceId, input.editor, 'update', changes, now);
    if (to !== from) await recordHistory(tx, serviceId, input.editor, 'submitted', [{ field: 'publication_status', previous: from, replacement: to }], now);
    await recordAudit(tx, input.actor, {
      action: 'directory.service.updated',
      entityType: 'dir_service',
      entityId: serviceId,
      details: { fields: [...changed], publicationStatus: { from, to } },
    });
    await refreshPublishedService(tx, serviceId);
    return { ok: true, changed: [...changed], publicationStatus: to, sentForReview: to !== from };
  });
}

/** Numbers no longer listed go; new ones come; kept ones keep their type, extension and description. */
async function replacePhones(tx: Tx, serviceId: string, numbers: string[]) {
  const own = eq(phones.serviceId, serviceId);
  await tx.delete(phones).where(numbers.length ? and(own, notInArray(phones.number, numbers)) : own);
  const kept = new Set((await tx.select({ number: phones.number }).from(phones).where(own)).map((p) => p.number));
  const added = numbers.filter((n) => !kept.has(n));
  if (added.length) await tx.insert(phones).values(added.map((number) => ({ serviceId, number, type: 'voice' })));
}

async function replaceLanguages(tx: Tx, serviceId: string, codes: string[], nameOf: (code: string) => string) {
  const own = and(eq(languages.serviceId, serviceId), isNotNull(languages.code));
  await tx.delete(languages).where(codes.length ? and(own, notInArray(languages.code, codes)) : own);
  const kept = new Set((await tx.select({ code: languages.code }).from(languages).where(own)).map((l) => l.code));
  const added = codes.filter((c) => !kept.has(c));
  if (added.length) await tx.insert(languages).values(added.map((code) => ({ serviceId, code, name: nameOf(code) })));
}

/** Documents keep their translations while their Italian text is unchanged; a new text starts untranslated. */
async function replaceDocuments(tx: Tx, serviceId: string, documents: string[]) {
  const own = eq(requiredDocuments.serviceId, serviceId);
  await tx.delete(requiredDocuments).where(documents.length ? and(own, notInArray(requiredDocuments.document, documents)) : own);
  const kept = new Set((await tx.select({ document: requiredDocuments.document }).from(requiredDocuments).where(own)).map((d) => d.document));
  const added = documents.filter((d) => !kept.has(d));
  if (added.length) await tx.insert(requiredDocuments).values(added.map((document) => ({ serviceId, document })));
}
