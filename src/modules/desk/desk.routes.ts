// The desk's routes about people. Record scope: a person this operator may not see (deskRepo.visibleTo) is
// "not found" (404), exactly like a person who does not exist, on pages and actions alike; the not-found
// page offers "break the glass" with a written reason. Every page that shows a person's data writes an
// audit event before it is sent (in the transaction that reads it; the start page's lists, read side by
// side, record theirs on their own).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'drizzle-orm';
import type { Kernel } from '../../kernel/kernel.js';
import { actorOf } from '../../kernel/kernel.js';
import { HttpError, route, uuidParam, type RouteDef } from '../../kernel/http/route.js';
import { emptyForm, type FormState } from '../../kernel/ui/fields.js';
import { parseForm } from '../../kernel/ui/form.js';
import { sendPage, viewOf, type View } from '../../kernel/ui/view.js';
import { recordAudit } from '../../kernel/audit/audit.js';
import { readAll, rows, type DbOrTx, type Tx } from '../../kernel/db/client.js';
import { SHIPPED_LOCALES } from '../../kernel/i18n/locales.js';
import { matchServices, needTerms, serviceCards } from '../directory/index.js';
import { deliverPendingMails, ReferralError, referralsForSubject } from '../referrals/index.js';
import { deskRepo, type DeskUser } from './desk.repo.js';
import { birthDateIndex, displayName, documentIndex, indexesOf, nameWords, openListFields, openPerson, wordIndex, type Person, type PersonData, type PersonRow } from './people.js';
import { mergePeople, recordConsent, recordPerson, updatePerson, withdrawConsent, type ConsentInput } from './record-person.js';
import { breakTheGlass, contactNotePlace, logContact, needNotePlace, recordNeed } from './contacts-and-needs.js';
import { isCalendarDate, parsePersonForm, personFormValues, ZAnonymousContact, ZBreakGlass, ZConsent, ZContact, ZMerge, ZNeed, ZRefer, ZSearch } from './desk-forms.js';
import { DeskError, referNeed } from './refer-need.js';
import {
  AccessReviewPage,
  AnonymousContactPage,
  ConsentPage,
  DeskHomePage,
  NeedServicesPage,
  PersonFormPage,
  PersonNotFoundPage,
  PersonPage,
  type CaseItem,
  type PersonListItem,
} from './pages/desk-pages.js';
import { SummaryPage } from './pages/summary-page.js';
import { recentValue } from '../../kernel/cache/recent-value.js';
import { countryName } from './countries.js';
import { DuplicatesSection, HouseholdPage, HouseholdSection, MergePage } from './pages/household-pages.js';
import { linkHousehold, unlinkHousehold, ZHouseholdLink, ZHouseholdUnlink } from './household.js';

const userOf = (req: FastifyRequest): DeskUser => ({ id: req.user!.id, organizationId: req.user!.organizationId });
const flash = (req: FastifyRequest, kind: 'success' | 'info' | 'warning', key: string) => req.session.set('flash', { kind, key });

/** Cases of a person for the person page; the case-handling part of the desk provides them when present. */
export type CasesOf = (db: DbOrTx, user: DeskUser, personId: string) => Promise<CaseItem[]>;

export function peopleRoutes(kernel: Kernel, casesOf: CasesOf = async () => []): RouteDef[] {
  const { db, crypto } = kernel;

  // Names shown next to every person in a list: read once a minute, not on every page.
  const municipalities = recentValue(() => deskRepo.municipalities(db));
  const organizations = recentValue(() => deskRepo.organizations(db));

  /** List items of people (names opened): the caller audits the listing. */
  async function listItems(found: PersonRow[]): Promise<PersonListItem[]> {
    if (found.length === 0) return [];
    const [orgs, towns] = await Promise.all([organizations(), municipalities()]);
    const orgName = new Map(orgs.map((o) => [o.id, o.name]));
    const townName = new Map(towns.map((m) => [m.code, m.name]));
    return found.map((row) => {
      const p = openListFields(crypto, row);
      return {
        id: p.id,
        name: displayName(p),
        birthDate: p.birthDate,
        nationality: p.nationality,
        municipality: p.municipalityCode ? townName.get(p.municipalityCode) : undefined,
        organizationName: orgName.get(p.organizationId) ?? '',
      };
    });
  }

  /** The person of the route's :id, if visible, read and audited in one transaction; else the not-found page. */
  async function personInScope(req: FastifyRequest, tx: Tx, { action }: { action: string } = { action: 'desk.person.read' }): Promise<Person | null> {
    const id = uuidParam(req);
    const row = await deskRepo.findVisible(tx, userOf(req), id);
    if (!row) return null;
    await recordAudit(tx, actorOf(req), { action, entityType: 'desk_person', entityId: id, details: {} });
    return openPerson(crypto, row);
  }

  async function notFoundPage(req: FastifyRequest, reply: FastifyReply, form: FormState = emptyForm, status = 404) {
    return sendPage(reply, PersonNotFoundPage({ view: viewOf(req, reply), id: uuidParam(req), form }), status);
  }

  /** How this operator reaches the person: shown on the page when it is an exceptional access. */
  async function accessVia(user: DeskUser, person: Person): Promise<'organization' | 'consent' | 'exception' | 'team'> {
    if (person.organizationId === user.organizationId) return 'organization';
    const [row] = await rows<{ consent: boolean; exception: boolean }>(
      db,
      sql`SELECT EXISTS (SELECT 1 FROM desk_consents k WHERE k.person_id = ${person.id} AND k.withdrawn_at IS NULL AND ${user.organizationId}::uuid = ANY(k.organization_ids)) AS consent,
        EXISTS (SELECT 1 FROM desk_access_exceptions x WHERE x.person_id = ${person.id} AND x.user_id = ${user.id} AND x.expires_at > now()) AS exception`,
    );
    return row?.consent ? 'consent' : row?.exception ? 'exception' : 'team';
  }

  async function renderPerson(req: FastifyRequest, reply: FastifyReply, forms: { contact?: FormState; need?: FormState } = {}, status = 200) {
    const user = userOf(req);
    const found = await db.transaction(async (tx) => {
      const person = await personInScope(req, tx);
      if (!person || person.mergedInto) return { person };
      // Names of other people shown on the page (household, possible duplicates) are read and audited with it.
      const household = await deskRepo.household(tx, user, person.id);
      const duplicates = await deskRepo.possibleDuplicatesOf(tx, user, person.id);
      const shown = [...household, ...duplicates].map((p) => p.id);
      if (shown.length > 0) {
        await recordAudit(tx, actorOf(req), { action: 'desk.person.listed', entityType: 'desk_person', entityId: null, details: { people: shown, of: person.id } });
      }
      return { person, household, duplicates };
    });
    const { person, household = [], duplicates = [] } = found;
    if (!person) return notFoundPage(req, reply);
    if (person.mergedInto) return reply.redirect(`/desk/people/${person.mergedInto}`, 303);
    const view = viewOf(req, reply);
    const [consent, orgs, towns, contacts, needs, referrals, cases, terms, via, householdItems, duplicateItems] = await Promise.all([
      deskRepo.activeConsent(db, person.id),
      deskRepo.organizations(db),
      municipalities(),
      deskRepo.contacts(db, person.id),
      deskRepo.needs(db, person.id),
      referralsForSubject(db, { module: 'desk', id: person.id }),
      casesOf(db, user, person.id),
      needTerms(db, view.tr.locale),
      accessVia(user, person),
      listItems(household),
      listItems(duplicates),
    ]);
    const organizationNames = new Map(orgs.map((o) => [o.id, o.name]));
    const contactNotes = new Map(contacts.filter((c) => c.note_enc).map((c) => [c.id, crypto.open(c.note_enc!, contactNotePlace(c.id))]));
    const needNotes = new Map(needs.filter((n) => n.note_enc).map((n) => [n.id, crypto.open(n.note_enc!, needNotePlace(n.id))]));
    return sendPage(
      reply,
      PersonPage({
        view,
        person,
        recordedBy: organizationNames.get(person.organizationId) ?? '',
        municipalityName: towns.find((m) => m.code === person.municipalityCode)?.name,
        consent,
        organizationNames,
        contacts,
        contactNotes,
        needs,
        needNotes,
        referrals,
        cases,
        terms,
        contactForm: forms.contact ?? emptyForm,
        needForm: forms.need ?? emptyForm,
        accessVia: via,
        household: HouseholdSection({ view, person, household: householdItems.map((m, i) => ({ ...m, relation: household[i]!.relation })) }),
        duplicates: DuplicatesSection({ view, person, duplicates: duplicateItems }),
      }),
      status,
    );
  }

  /** The household page: the links, and (after a search) people to link; every name shown is audited. */
  async function renderHousehold(req: FastifyRequest, reply: FastifyReply, q: string, form: FormState = emptyForm, status = 200) {
    const user = userOf(req);
    const words = nameWords(q).slice(0, 8);
    const found = await db.transaction(async (tx) => {
      const person = await personInScope(req, tx);
      if (!person) return null;
      const household = await deskRepo.household(tx, user, person.id);
      const results = words.length > 0 ? (await deskRepo.search(tx, user, { wordIndexes: words.map((w) => wordIndex(crypto, w)) }, 20)).filter((p) => p.id !== person.id) : null;
      const shown = [...household, ...(results ?? [])].map((p) => p.id);
      if (shown.length > 0) {
        await recordAudit(tx, actorOf(req), { action: 'desk.person.listed', entityType: 'desk_person', entityId: null, details: { people: [...new Set(shown)], of: person.id } });
      }
      return { person, household, results };
    });
    if (!found) return notFoundPage(req, reply);
    const members = await listItems(found.household);
    return sendPage(
      reply,
      HouseholdPage({
        view: viewOf(req, reply),
        person: found.person,
        household: members.map((m, i) => ({ ...m, relation: found.household[i]!.relation })),
        query: q,
        results: found.results ? await listItems(found.results) : null,
        form,
      }),
      status,
    );
  }

  /** Both people of a household or merge action, if this operator may see both; else null (not found). */
  async function bothInScope(req: FastifyRequest, tx: Tx, otherId: string, { action }: { action: string }): Promise<[PersonRow, PersonRow] | null> {
    const user = userOf(req);
    const a = await deskRepo.findVisible(tx, user, uuidParam(req));
    const b = otherId === a?.id ? undefined : await deskRepo.findVisible(tx, user, otherId);
    if (!a || !b || a.merged_into || b.merged_into) return null;
    await recordAudit(tx, actorOf(req), { action, entityType: 'desk_person', entityId: a.id, details: { other: b.id } });
    return [a, b];
  }

  async function renderPersonForm(req: FastifyRequest, reply: FastifyReply, form: FormState, person?: Person, duplicates?: { visible: PersonListItem[]; hidden: number }, status = 200) {
    return sendPage(reply, PersonFormPage({ view: viewOf(req, reply), form, person, municipalities: await municipalities(), duplicates }), status);
  }

  async function renderConsent(req: FastifyRequest, reply: FastifyReply, person: Person, form: FormState, status = 200) {
    const [organizations, history] = await Promise.all([deskRepo.organizations(db), deskRepo.consents(db, person.id)]);
    const others = organizations.filter((o) => o.id !== person.organizationId);
    return sendPage(reply, ConsentPage({ view: viewOf(req, reply), person, form, organizations: others, history }), status);
  }

  async function renderNeed(req: FastifyRequest, reply: FastifyReply, form: FormState = emptyForm, status = 200) {
    const person = await db.transaction((tx) => personInScope(req, tx));
    if (!person) return notFoundPage(req, reply);
    const need = await deskRepo.need(db, person.id, uuidParam(req, 'needId'));
    if (!need) throw new HttpError(404, 'errors.notFound.title');
    const view = viewOf(req, reply);
    const [terms, matches, towns, consent] = await Promise.all([
      needTerms(db, view.tr.locale),
      matchServices(db, { termCode: need.term_code, municipalityCode: person.municipalityCode, languages: person.languages }, view.tr.locale),
      municipalities(),
      deskRepo.activeConsent(db, person.id),
    ]);
    return sendPage(
      reply,
      NeedServicesPage({
        view,
        person,
        need,
        needName: terms.find((x) => x.code === need.term_code)?.name ?? need.term_code,
        matches,
        municipalityNames: new Map(towns.map((m) => [m.code, m.name])),
        form,
        canRefer: !!consent?.purposes.includes('referral'),
      }),
      status,
    );
  }

  async function renderHome(req: FastifyRequest, reply: FastifyReply, query: { q?: string; birthDate?: string; document?: string } | null) {
    const user = userOf(req);
    const words = nameWords(query?.q).slice(0, 8);
    const birthDate = query?.birthDate && isCalendarDate(query.birthDate) ? query.birthDate : undefined;
    const document = query?.document || undefined;
    const searching = words.length > 0 || !!birthDate || !!document;
    const [results, recent] = await readAll(db, [
      () =>
        searching
          ? deskRepo.search(db, user, {
              wordIndexes: words.map((w) => wordIndex(crypto, w)),
              birthDateIndex: birthDate ? birthDateIndex(crypto, birthDate) : null,
              documentIndex: document ? documentIndex(crypto, document) : null,
            })
          : Promise.resolve(null),
      () => deskRepo.recent(db, user),
    ]);
    const shown = [...(results ?? []), ...recent].map((p) => p.id);
    if (shown.length > 0) {
      await recordAudit(db, actorOf(req), { action: 'desk.person.listed', entityType: 'desk_person', entityId: null, details: { people: [...new Set(shown)], searched: searching } });
    }
    const found = { results, recent };
    return sendPage(
      reply,
      DeskHomePage({
        view: viewOf(req, reply),
        query: { q: query?.q, birthDate: query?.birthDate, document: query?.document },
        results: found.results ? await listItems(found.results) : null,
        recent: await listItems(found.recent),
      }),
    );
  }

  return [
    // The search is a POST: names, birth dates and document numbers never travel in a URL (history,
    // proxies, access logs, Referer). The start page is a GET with the operator's recent people only.
    route({ method: 'GET', url: '/desk', permission: 'desk.people', handler: (req, reply) => renderHome(req, reply, null) }),
    route({ method: 'POST', url: '/desk', permission: 'desk.people', handler: (req, reply) => renderHome(req, reply, ZSearch.parse(req.body ?? {})) }),

    route({
      method: 'GET',
      url: '/desk/people/new',
      permission: 'desk.people',
      handler: (req, reply) => renderPersonForm(req, reply, emptyForm),
    }),

    route({
      method: 'POST',
      url: '/desk/people',
      permission: 'desk.people',
      async handler(req, reply) {
        const parsed = parsePersonForm(req.body);
        if (!parsed.ok) return renderPersonForm(req, reply, parsed, undefined, undefined, 400);
        const user = userOf(req);
        const confirmed = (req.body as Record<string, unknown>)?.confirmNew === '1';
        const result = await db.transaction(async (tx) => {
          if (!confirmed) {
            const ix = indexesOf(crypto, parsed.data);
            const duplicates = await deskRepo.duplicates(tx, user, ix);
            if (duplicates.visible.length > 0 || duplicates.hiddenStrong > 0) {
              if (duplicates.visible.length > 0) {
                await recordAudit(tx, actorOf(req), { action: 'desk.person.listed', entityType: 'desk_person', entityId: null, details: { people: duplicates.visible.map((p) => p.id), duplicates: true } });
              }
              return { duplicates, id: null };
            }
          }
          return { duplicates: null, id: await recordPerson(tx, crypto, user, actorOf(req), parsed.data) };
        });
        if (result.duplicates) {
          return renderPersonForm(req, reply, { values: parsed.values, errors: {} }, undefined, { visible: await listItems(result.duplicates.visible), hidden: result.duplicates.hiddenStrong }, 409);
        }
        flash(req, 'success', 'desk.flash.personCreated');
        return reply.redirect(`/desk/people/${result.id}/consent`, 303);
      },
    }),

    route({ method: 'GET', url: '/desk/people/:id', permission: 'desk.people', handler: (req, reply) => renderPerson(req, reply) }),

    route({
      method: 'GET',
      url: '/desk/people/:id/edit',
      permission: 'desk.people',
      async handler(req, reply) {
        const person = await db.transaction((tx) => personInScope(req, tx));
        if (!person) return notFoundPage(req, reply);
        return renderPersonForm(req, reply, { values: personFormValues(person), errors: {} }, person);
      },
    }),

    route({
      method: 'POST',
      url: '/desk/people/:id/edit',
      permission: 'desk.people',
      async handler(req, reply) {
        const parsed = parsePersonForm(req.body);
        const outcome = await db.transaction(async (tx) => {
          const person = await personInScope(req, tx, { action: 'desk.person.readForEdit' });
          if (!person) return { notFound: true as const };
          if (!parsed.ok) return { person };
          const before = personFormValues(person);
          const after = personFormValues({ ...person, ...parsed.data });
          const changed = Object.keys(after).filter((k) => JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null));
          if (changed.length > 0) await updatePerson(tx, crypto, actorOf(req), person.id, parsed.data, changed);
          return { person, changed };
        });
        if ('notFound' in outcome) return notFoundPage(req, reply);
        if (!parsed.ok) return renderPersonForm(req, reply, parsed, outcome.person, undefined, 400);
        flash(req, outcome.changed && outcome.changed.length > 0 ? 'success' : 'info', outcome.changed && outcome.changed.length > 0 ? 'desk.flash.saved' : 'desk.flash.noChanges');
        return reply.redirect(`/desk/people/${outcome.person.id}`, 303);
      },
    }),

    route({
      method: 'GET',
      url: '/desk/people/:id/consent',
      permission: 'desk.people',
      async handler(req, reply) {
        const person = await db.transaction((tx) => personInScope(req, tx));
        if (!person) return notFoundPage(req, reply);
        const consent = await deskRepo.activeConsent(db, person.id);
        const values = consent
          ? {
              purposes: consent.purposes,
              organizationIds: consent.organization_ids,
              sharesContact: consent.shares_contact ? 'on' : undefined,
              givenHow: consent.given_how,
              witnessName: consent.witness_name ?? undefined,
            }
          : {};
        return renderConsent(req, reply, person, { values, errors: {} });
      },
    }),

    route({
      method: 'POST',
      url: '/desk/people/:id/consent',
      permission: 'desk.people',
      async handler(req, reply) {
        const parsed = parseForm(ZConsent, req.body);
        const outcome = await db.transaction(async (tx) => {
          const person = await personInScope(req, tx, { action: 'desk.person.readForConsent' });
          if (!person) return null;
          if (parsed.ok) {
            const input: ConsentInput = { ...parsed.data, organizationIds: [...new Set(parsed.data.organizationIds)] };
            // Only organizations that exist: a forged id in the form is dropped, never stored.
            const known = new Set((await deskRepo.organizations(tx)).map((o) => o.id));
            input.organizationIds = input.organizationIds.filter((id) => known.has(id) && id !== person.organizationId);
            await recordConsent(tx, actorOf(req), userOf(req).id, person.id, input);
          }
          return person;
        });
        if (!outcome) return notFoundPage(req, reply);
        if (!parsed.ok) return renderConsent(req, reply, outcome, parsed, 400);
        flash(req, 'success', 'desk.flash.consentRecorded');
        return reply.redirect(`/desk/people/${outcome.id}`, 303);
      },
    }),

    route({
      method: 'POST',
      url: '/desk/people/:id/consent/withdraw',
      permission: 'desk.people',
      async handler(req, reply) {
        const outcome = await db.transaction(async (tx) => {
          const person = await personInScope(req, tx, { action: 'desk.person.readForConsent' });
          if (!person) return null;
          return { person, withdrawn: await withdrawConsent(tx, actorOf(req), userOf(req).id, person.id) };
        });
        if (!outcome) return notFoundPage(req, reply);
        flash(req, outcome.withdrawn ? 'success' : 'info', outcome.withdrawn ? 'desk.flash.consentWithdrawn' : 'desk.flash.noConsent');
        return reply.redirect(`/desk/people/${outcome.person.id}`, 303);
      },
    }),

    route({
      method: 'POST',
      url: '/desk/people/:id/contacts',
      permission: 'desk.people',
      async handler(req, reply) {
        const parsed = parseForm(ZContact, req.body);
        if (!parsed.ok) return renderPerson(req, reply, { contact: parsed }, 400);
        const saved = await db.transaction(async (tx) => {
          const id = uuidParam(req);
          if (!(await deskRepo.findVisible(tx, userOf(req), id))) return false;
          await logContact(tx, crypto, userOf(req), actorOf(req), id, parsed.data);
          return true;
        });
        if (!saved) return notFoundPage(req, reply);
        flash(req, 'success', 'desk.flash.contactLogged');
        return reply.redirect(`/desk/people/${uuidParam(req)}#contacts-title`, 303);
      },
    }),

    route({
      method: 'POST',
      url: '/desk/people/:id/needs',
      permission: 'desk.people',
      async handler(req, reply) {
        const parsed = parseForm(ZNeed, req.body);
        const terms = await needTerms(db, 'it');
        if (parsed.ok && !terms.some((x) => x.code === parsed.data.termCode)) {
          return renderPerson(req, reply, { need: { values: parsed.values, errors: { termCode: { key: 'validation.choose' } } } }, 400);
        }
        if (!parsed.ok) return renderPerson(req, reply, { need: parsed }, 400);
        const saved = await db.transaction(async (tx) => {
          const id = uuidParam(req);
          if (!(await deskRepo.findVisible(tx, userOf(req), id))) return null;
          return recordNeed(tx, crypto, userOf(req), actorOf(req), id, parsed.data);
        });
        if (!saved) return notFoundPage(req, reply);
        flash(req, 'success', 'desk.flash.needRecorded');
        return reply.redirect(`/desk/people/${uuidParam(req)}/needs/${saved}`, 303);
      },
    }),

    route({ method: 'GET', url: '/desk/people/:id/needs/:needId', permission: 'desk.people', handler: (req, reply) => renderNeed(req, reply) }),

    route({
      method: 'POST',
      url: '/desk/people/:id/needs/:needId/refer',
      permission: 'desk.people',
      async handler(req, reply) {
        const parsed = parseForm(ZRefer, req.body);
        if (!parsed.ok) return renderNeed(req, reply, parsed, 400);
        let failure: string | null = null;
        const outcome = await db
          .transaction(async (tx) => {
            const person = await personInScope(req, tx, { action: 'desk.person.readForReferral' });
            if (!person) return null;
            const need = await deskRepo.need(tx, person.id, uuidParam(req, 'needId'));
            if (!need) throw new HttpError(404, 'errors.notFound.title');
            return referNeed(tx, kernel, actorOf(req), { person, need, serviceId: parsed.data.serviceId, note: parsed.data.note });
          })
          .catch((err: unknown) => {
            if (err instanceof DeskError || err instanceof ReferralError) {
              failure = err.messageKey;
              return undefined;
            }
            throw err;
          });
        if (failure) return renderNeed(req, reply, { values: parsed.values, errors: { _form: { key: failure } } }, 409);
        if (outcome === null) return notFoundPage(req, reply);
        await deliverPendingMails(kernel, { log: (err) => req.log.error({ err }, 'referral mail not sent') });
        flash(req, 'success', 'desk.flash.referred');
        return reply.redirect(`/desk/people/${uuidParam(req)}#referrals-title`, 303);
      },
    }),

    route({
      method: 'GET',
      url: '/desk/people/:id/summary',
      permission: 'desk.people',
      async handler(req, reply) {
        const person = await db.transaction((tx) => personInScope(req, tx, { action: 'desk.person.summary' }));
        if (!person) return notFoundPage(req, reply);
        const asked = (req.query as Record<string, unknown> | undefined)?.lang;
        // The person's language when Ponte speaks it, else the operator's.
        const spoken = person.languages.find((l) => SHIPPED_LOCALES.some((s) => s.code === l));
        const locale = typeof asked === 'string' && SHIPPED_LOCALES.some((s) => s.code === asked) ? asked : (spoken ?? req.tr.locale);
        const base = viewOf(req, reply);
        const tr = req.server.i18n.translator(req.tr.locale === 'qps' ? 'qps' : locale);
        const view: View = { ...base, tr, t: tr.t };
        const [referrals, terms] = await Promise.all([referralsForSubject(db, { module: 'desk', id: person.id }), needTerms(db, tr.locale)]);
        const live = referrals.filter((r) => ['sent', 'accepted', 'in_progress'].includes(r.status));
        const cards = await serviceCards(db, live.map((r) => r.serviceId), tr.locale);
        const items = live.flatMap((r) => {
          const card = cards.find((c) => c.serviceId === r.serviceId);
          return card ? [{ card, needName: terms.find((x) => x.code === r.needCode)?.name ?? '', sentAt: r.sentAt }] : [];
        });
        return sendPage(reply, SummaryPage({ view, name: displayName(person), items, languages: [...SHIPPED_LOCALES], current: tr.locale, personId: person.id }));
      },
    }),

    route({
      method: 'POST',
      url: '/desk/people/:id/access',
      permission: 'desk.people',
      async handler(req, reply) {
        const parsed = parseForm(ZBreakGlass, req.body);
        if (!parsed.ok) return notFoundPage(req, reply, parsed, 400);
        const user = userOf(req);
        const id = uuidParam(req);
        const granted = await db.transaction(async (tx) => {
          // A person who does not exist, or whose restricted case hides them, stays "not found"; the attempt is audited.
          if (!(await deskRepo.exists(tx, id)) || (await deskRepo.isRestrictedFor(tx, user, id))) {
            await recordAudit(tx, actorOf(req), { action: 'desk.person.breakTheGlassRefused', entityType: 'desk_person', entityId: id, details: {} });
            return false;
          }
          await breakTheGlass(tx, user, actorOf(req), id, parsed.data.reason);
          return true;
        });
        if (!granted) return notFoundPage(req, reply);
        flash(req, 'warning', 'desk.flash.exceptionGranted');
        return reply.redirect(`/desk/people/${id}`, 303);
      },
    }),

    route({ method: 'GET', url: '/desk/people/:id/household', permission: 'desk.people', handler: (req, reply) => renderHousehold(req, reply, '') }),
    route({
      method: 'POST',
      url: '/desk/people/:id/household',
      permission: 'desk.people',
      handler: (req, reply) => renderHousehold(req, reply, ZSearch.parse(req.body ?? {}).q ?? ''),
    }),
    route({
      method: 'POST',
      url: '/desk/people/:id/household/link',
      permission: 'desk.people',
      async handler(req, reply) {
        const parsed = parseForm(ZHouseholdLink, req.body);
        const q = ZSearch.parse(req.body ?? {}).q ?? '';
        if (!parsed.ok) {
          // The relation is chosen per row: the message goes to the top of the page, the search is kept.
          return renderHousehold(req, reply, q, { values: parsed.values, errors: { _form: { key: 'desk.validation.relation' } } }, 400);
        }
        const linked = await db.transaction(async (tx) => {
          const both = await bothInScope(req, tx, parsed.data.relatedId, { action: 'desk.person.read' });
          if (!both) return false;
          await linkHousehold(tx, actorOf(req), both[0].id, both[1].id, parsed.data.relation);
          return true;
        });
        if (!linked) return notFoundPage(req, reply);
        flash(req, 'success', 'desk.flash.householdLinked');
        return reply.redirect(`/desk/people/${uuidParam(req)}/household`, 303);
      },
    }),
    route({
      method: 'POST',
      url: '/desk/people/:id/household/unlink',
      permission: 'desk.people',
      async handler(req, reply) {
        const parsed = parseForm(ZHouseholdUnlink, req.body);
        if (!parsed.ok) throw new HttpError(400, 'errors.badRequest.title');
        const unlinked = await db.transaction(async (tx) => {
          const both = await bothInScope(req, tx, parsed.data.relatedId, { action: 'desk.person.read' });
          if (!both) return false;
          await unlinkHousehold(tx, actorOf(req), both[0].id, both[1].id);
          return true;
        });
        if (!unlinked) return notFoundPage(req, reply);
        flash(req, 'success', 'desk.flash.householdUnlinked');
        return reply.redirect(`/desk/people/${uuidParam(req)}/household`, 303);
      },
    }),
    route({
      method: 'GET',
      url: '/desk/people/:id/merge/:duplicateId',
      permission: 'desk.people',
      async handler(req, reply) {
        const both = await db.transaction((tx) => bothInScope(req, tx, uuidParam(req, 'duplicateId'), { action: 'desk.person.compared' }));
        if (!both) return notFoundPage(req, reply);
        const view = viewOf(req, reply);
        const [kept, merged] = await listItems(both);
        const [a, b] = both.map((row) => openPerson(crypto, row)) as [Person, Person];
        const t = view.t;
        const line = (label: string, f: (p: Person) => string | undefined) => ({ label, kept: f(a) ?? '', merged: f(b) ?? '' });
        const date = (d: string | undefined) => (d ? view.tr.date(new Date(`${d}T12:00:00Z`)) : undefined);
        return sendPage(
          reply,
          MergePage({
            view,
            survivor: kept!,
            duplicate: merged!,
            rows: [
              line(t('desk.person.name'), displayName),
              line(t('desk.person.latinName'), (p) => p.latinName),
              line(t('desk.person.birthDate'), (p) => date(p.birthDate)),
              line(t('desk.person.nationality'), (p) => (p.nationality ? countryName(p.nationality, view.tr.locale) : undefined)),
              line(t('desk.person.phone'), (p) => p.phone),
              line(t('desk.person.email'), (p) => p.email),
              line(t('desk.person.document'), (p) => (p.documentType ? `${t(`desk.documentTypes.${p.documentType}`)} ${p.documentNumber ?? ''}` : undefined)),
              { label: t('desk.person.recordedBy'), kept: kept!.organizationName, merged: merged!.organizationName },
            ],
          }),
        );
      },
    }),
    route({
      method: 'POST',
      url: '/desk/people/:id/merge',
      permission: 'desk.people',
      async handler(req, reply) {
        const parsed = parseForm(ZMerge, req.body);
        const survivor = uuidParam(req);
        if (!parsed.ok || parsed.data.duplicateId === survivor) throw new HttpError(400, 'errors.badRequest.title');
        const merged = await db.transaction(async (tx) => {
          const user = userOf(req);
          const a = await deskRepo.findVisible(tx, user, survivor);
          const b = await deskRepo.findVisible(tx, user, parsed.data.duplicateId);
          if (!a || !b || a.merged_into || b.merged_into) return false;
          await mergePeople(tx, actorOf(req), survivor, parsed.data.duplicateId);
          return true;
        });
        if (!merged) return notFoundPage(req, reply);
        flash(req, 'success', 'desk.flash.merged');
        return reply.redirect(`/desk/people/${survivor}`, 303);
      },
    }),

    route({
      method: 'GET',
      url: '/desk/contacts/anonymous',
      permission: 'desk.people',
      handler: async (req, reply) => sendPage(reply, AnonymousContactPage({ view: viewOf(req, reply), form: emptyForm })),
    }),

    route({
      method: 'POST',
      url: '/desk/contacts/anonymous',
      permission: 'desk.people',
      async handler(req, reply) {
        const parsed = parseForm(ZAnonymousContact, req.body);
        if (!parsed.ok) return sendPage(reply, AnonymousContactPage({ view: viewOf(req, reply), form: parsed }), 400);
        await db.transaction((tx) => logContact(tx, crypto, userOf(req), actorOf(req), null, parsed.data));
        flash(req, 'success', 'desk.flash.contactLogged');
        return reply.redirect('/desk', 303);
      },
    }),

    route({
      method: 'GET',
      url: '/desk/access-review',
      permission: 'desk.access_review',
      async handler(req, reply) {
        const items = await rows<{
          id: string;
          person_id: string;
          user_name: string;
          organization_name: string;
          reason: string;
          granted_at: Date;
          reviewed_at: Date | null;
          reviewer_name: string | null;
        }>(
          db,
          sql`SELECT x.id, x.person_id, u.display_name AS user_name, o.name AS organization_name, x.reason, x.granted_at, x.reviewed_at,
              r.display_name AS reviewer_name
            FROM desk_access_exceptions x JOIN users u ON u.id = x.user_id JOIN organizations o ON o.id = x.organization_id
            LEFT JOIN users r ON r.id = x.reviewed_by
            ORDER BY x.reviewed_at IS NULL DESC, x.granted_at DESC LIMIT 200`,
        );
        return sendPage(
          reply,
          AccessReviewPage({
            view: viewOf(req, reply),
            items: items.map((x) => ({
              id: x.id,
              personId: x.person_id,
              userName: x.user_name,
              organizationName: x.organization_name,
              reason: x.reason,
              grantedAt: new Date(x.granted_at),
              reviewedAt: x.reviewed_at ? new Date(x.reviewed_at) : null,
              reviewerName: x.reviewer_name,
            })),
          }),
        );
      },
    }),

    route({
      method: 'POST',
      url: '/desk/access-review/:id',
      permission: 'desk.access_review',
      async handler(req, reply) {
        const id = uuidParam(req);
        const done = await db.transaction(async (tx) => {
          const changed = await rows<{ id: string }>(
            tx,
            sql`UPDATE desk_access_exceptions SET reviewed_at = now(), reviewed_by = ${req.user!.id} WHERE id = ${id} AND reviewed_at IS NULL RETURNING id`,
          );
          if (changed.length === 0) return false;
          await recordAudit(tx, actorOf(req), { action: 'desk.exception.reviewed', entityType: 'desk_access_exception', entityId: id, details: {} });
          return true;
        });
        if (!done) throw new HttpError(404, 'errors.notFound.title');
        flash(req, 'success', 'desk.flash.reviewed');
        return reply.redirect('/desk/access-review', 303);
      },
    }),
  ];
}

export type { PersonData };
