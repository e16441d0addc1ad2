// The reception module's routes. Record scope: a managing body's operator reaches only its own centres and
// what belongs to them (guests, documents, files, findings); anything else answers exactly like a record
// that does not exist (404), and the attempt is audited. Uploads (registers, documents, photos) are the
// only multipart routes here: @fastify/multipart is registered in a scope of its own around them, with
// size limits, and whoever may not use such a route is answered before the upload is read.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyMultipart, { type MultipartFile } from '@fastify/multipart';
import { stringify } from 'csv-stringify/sync';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Kernel } from '../../kernel/kernel.js';
import { actorOf } from '../../kernel/kernel.js';
import { rolesHold, type GrantedPermission } from '../../kernel/access/policy.js';
import { recordAudit } from '../../kernel/audit/audit.js';
import { HttpError, registerRoutes, route, routeRegistry, uuidParam, type RouteDef } from '../../kernel/http/route.js';
import { parseForm, type FieldErrors } from '../../kernel/ui/form.js';
import { emptyForm, type FormState } from '../../kernel/ui/fields.js';
import { sendPage, viewOf } from '../../kernel/ui/view.js';
import { deliverPendingMails, notify } from '../../kernel/notify/notify.js';
import { rows, type Tx } from '../../kernel/db/client.js';
import { addDays, daysBetween, romeDate } from '../desk/rome-dates.js';
import { receptionRepo, type CentreRow, type FindingRow, type ReceptionUser, type VisitRow } from './reception.repo.js';
import { ZAnswerFinding, ZAnswers, ZCentre, ZCentreEdit, ZDueDate, zDate, ZCloseFinding, ZDocumentUpload, ZFinding, ZMonth, ZPlanVisit, ZRegisterLine, ZReturn, zAnswerResult, ZChecklist, type TCentre } from './reception-forms.js';
import { FILE_LIMITS, checkFile, discard, readStoredFile, storeFile, type FileProblem, type StoredFile, type UploadedFile } from './files.js';
import { applyRegister, checkRegister, readRegister, templateCsv, templateXlsx, type FileReadProblem, type RegisterLine } from './presence-register.js';
import { addDocumentVersion, createRequirements, docState, reviewDocument, ReviewRefused } from './centre-documents.js';
import { answerFinding, closeFinding, InspectionRefused, planVisit, recordFinding, saveAnswers } from './inspections.js';
import { CHECKLIST_ITEM_CODES, ITEM_AREAS, type ChecklistItemCode, type DocType } from './reception-codes.js';
import { CentreFormPage, CentrePage, CentresPage, ReviewQueuePage, type DocumentLine } from './pages/centre-pages.js';
import { OccupancyPage, REGISTER_PROBLEM_KEYS, RegisterPage, type RegisterOutcome } from './pages/register-pages.js';
import { ChecklistsPage, FindingPage, FindingsPage, VisitPage, VisitsPage } from './pages/inspection-pages.js';
import { DashboardPage, type DashboardLine } from './pages/dashboard-page.js';

type Reply = FastifyReply;

const FILE_PROBLEM_KEYS: Record<FileProblem, string> = {
  missing: 'reception.validation.fileMissing',
  tooLarge: 'reception.validation.fileTooLarge',
  wrongType: 'reception.validation.fileWrongType',
};
const REGISTER_FILE_KEYS: Record<FileReadProblem | 'missing' | 'tooLarge', string> = {
  missing: 'reception.validation.fileMissing',
  tooLarge: 'reception.validation.registerTooLarge',
  notRegister: 'reception.validation.notRegister',
  tooManyLines: 'reception.validation.tooManyLines',
  badHeader: 'reception.validation.badHeader',
  empty: 'reception.validation.emptyRegister',
};

const ZTemplate = z.object({ template: z.enum(['csv', 'xlsx']).optional().catch(undefined) });
const ZExport = z.object({ format: z.enum(['csv']).optional().catch(undefined) });

const uploads = new WeakMap<FastifyRequest, UploadedFile[]>();

/** Reads one uploaded file, keeping no more than the limit (beyond it the file is marked as cut). */
async function collectFile(this: FastifyRequest, part: MultipartFile) {
  const list = uploads.get(this) ?? [];
  uploads.set(this, list);
  const chunks: Buffer[] = [];
  let size = 0;
  let kept = list.reduce((n, f) => n + f.data.length, 0);
  let cut = false;
  for await (const chunk of part.file as AsyncIterable<Buffer>) {
    if (cut) continue;
    size += chunk.length;
    kept += chunk.length;
    // One file past its limit, or all of the request's files past theirs: cut (and refused by its check).
    if (size > FILE_LIMITS.fileBytes || kept > FILE_LIMITS.requestBytes) cut = true;
    else chunks.push(chunk);
  }
  list.push({ field: part.fieldname, filename: part.filename ?? '', data: Buffer.concat(chunks), truncated: cut || part.file.truncated });
}
const fileOf = (req: FastifyRequest, field: string): UploadedFile | undefined => {
  const f = (uploads.get(req) ?? []).find((u) => u.field === field);
  return f && (f.data.length > 0 || f.truncated) ? f : undefined;
};

/** The text fields of a form (multipart or urlencoded), without the file parts. */
function fieldsOf(req: FastifyRequest): Record<string, unknown> {
  const body = (req.body ?? {}) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(body).filter(([, v]) => typeof v === 'string' || Array.isArray(v)));
}

const may = (req: FastifyRequest, p: GrantedPermission) => rolesHold(req.user!.roles, p);

export function receptionUser(req: FastifyRequest): ReceptionUser {
  const u = req.user!;
  const oversees = (['reception.inspect', 'reception.centres.manage', 'reception.dashboard'] as GrantedPermission[]).some((p) => rolesHold(u.roles, p));
  return { id: u.id, organizationId: u.organizationId, oversees };
}

const monthBounds = (month: string) => {
  const start = `${month}-01`;
  const [y, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  return { start, next, days: daysBetween(start, next) };
};
const lastMonths = (today: string, n: number) => {
  const out: string[] = [];
  let [y, m] = today.slice(0, 7).split('-').map(Number) as [number, number];
  for (let i = 0; i < n; i++) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m -= 1;
    if (m === 0) {
      m = 12;
      y -= 1;
    }
  }
  return out;
};

export async function registerReception(app: FastifyInstance, kernel: Kernel): Promise<void> {
  const { db } = kernel;
  const notFound = () => new HttpError(404, 'errors.notFound.title');

  /**
   * The record is not there for this operator: if it exists (another body's), the attempt is recorded
   * — without the record as the event's entity, so that nothing about it appears to change — then 404.
   */
  async function refuse(req: FastifyRequest, kind: string, id: string, exists: boolean): Promise<never> {
    if (exists) {
      await db.transaction((tx) =>
        recordAudit(tx, actorOf(req), { action: 'reception.access.refused', entityType: null, entityId: null, details: { kind, id, method: req.method, url: req.routeOptions.url } }),
      );
    }
    throw notFound();
  }

  async function centreInScope(req: FastifyRequest, id = uuidParam(req)): Promise<CentreRow> {
    const centre = await receptionRepo.findCentre(db, id, receptionUser(req));
    if (!centre) return refuse(req, 'centre', id, await receptionRepo.centreExists(db, id));
    return centre;
  }

  async function findingInScope(req: FastifyRequest): Promise<FindingRow> {
    const id = uuidParam(req);
    const finding = await receptionRepo.findFinding(db, id, receptionUser(req));
    if (!finding) return refuse(req, 'finding', id, await receptionRepo.recordExists(db, 'reception_findings', id));
    return finding;
  }

  async function visitOf(req: FastifyRequest): Promise<VisitRow> {
    const visit = await receptionRepo.findVisit(db, uuidParam(req));
    if (!visit) throw notFound();
    return visit;
  }

  const flash = (req: FastifyRequest, key: string, kind: 'success' | 'info' | 'warning' = 'success') => req.session.set('flash', { kind, key });
  const sendMails = (req: FastifyRequest) =>
    deliverPendingMails(kernel, { log: (err) => req.log.error({ err }, 'notification mail failed') }).catch((err: unknown) => req.log.error({ err }, 'notification mails not delivered'));

  /** Stores files and runs the change in one transaction; if it fails, the files written are removed. */
  async function withFiles<T>(work: (tx: Tx, keep: (s: StoredFile) => StoredFile) => Promise<T>): Promise<T> {
    const written: StoredFile[] = [];
    try {
      return await db.transaction((tx) => work(tx, (s) => (written.push(s), s)));
    } catch (err) {
      await discard(written);
      throw err;
    }
  }

  // ---- Centres ----
  async function renderCentre(req: FastifyRequest, reply: Reply, centre: CentreRow, extra: { uploadForm?: FormState; returnForm?: { documentId: string; form: FormState }; dueForm?: { docType: string; form: FormState } } = {}, status = 200) {
    const user = receptionUser(req);
    const today = romeDate();
    const [requirements, versions, findings, stays] = await Promise.all([
      receptionRepo.requirements(db, centre.id),
      receptionRepo.documentVersions(db, centre.id),
      receptionRepo.findings(db, sql`fi.centre_id = ${centre.id}`),
      receptionRepo.staysOfCentre(db, centre.id),
    ]);
    // Planned (and unannounced) visits are the inspectors' business: a managing body sees the visits made.
    const visits = await receptionRepo.visits(db, user.oversees ? sql`v.centre_id = ${centre.id}` : sql`v.centre_id = ${centre.id} AND v.status = 'completed'`, 20);
    const documents: DocumentLine[] = requirements.map((r) => ({ requirement: r, state: docState(r, today), versions: versions.filter((v) => v.requirement_id === r.id) }));
    const showGuests = may(req, 'reception.report') || may(req, 'reception.inspect') || may(req, 'reception.centres.manage');
    if (showGuests) {
      await recordAudit(db, actorOf(req), { action: 'reception.guests.viewed', entityType: 'reception_centre', entityId: centre.id, details: { shown: stays.length } });
    }
    return sendPage(
      reply,
      CentrePage({ view: viewOf(req, reply), centre, stays, documents, findings, visits, uploadForm: extra.uploadForm ?? emptyForm, returnForm: extra.returnForm, dueForm: extra.dueForm, showGuests }),
      status,
    );
  }

  async function renderCentreForm(req: FastifyRequest, reply: Reply, form: FormState, status = 200, editing?: CentreRow) {
    const [bodies, municipalities] = await Promise.all([receptionRepo.managingBodies(db), receptionRepo.municipalities(db)]);
    return sendPage(reply, CentreFormPage({ view: viewOf(req, reply), form, bodies, municipalities, editing: editing ? { id: editing.id, name: editing.name } : undefined }), status);
  }

  /** Registers a centre, or changes one (its data, contract and status); the form comes back with its errors. */
  async function saveCentre(req: FastifyRequest, reply: Reply, existing?: CentreRow) {
    const parsed = existing ? parseForm(ZCentreEdit, req.body) : parseForm(ZCentre, req.body);
    if (!parsed.ok) return renderCentreForm(req, reply, { values: parsed.values, errors: parsed.errors }, 422, existing);
    const c = parsed.data as TCentre & { status?: CentreRow['status'] };
    const errors: FieldErrors = {};
    if (c.identifier !== existing?.code && (await receptionRepo.codeTaken(db, c.identifier))) errors.identifier = { key: 'reception.validation.codeTaken' };
    if (!(await receptionRepo.managingBodies(db)).some((b) => b.id === c.managingBodyId.toLowerCase())) errors.managingBodyId = { key: 'validation.choose' };
    if (!(await receptionRepo.municipalities(db)).some((m) => m.code === c.municipalityCode)) errors.municipalityCode = { key: 'validation.choose' };
    if (Object.keys(errors).length > 0) return renderCentreForm(req, reply, { values: parsed.values, errors }, 422, existing);
    const id = await db.transaction(async (tx) => {
      if (existing) {
        await tx.execute(sql`UPDATE reception_centres SET code = ${c.identifier}, name = ${c.name}, kind = ${c.kind}, housing = ${c.housing}, managing_body_id = ${c.managingBodyId.toLowerCase()},
            municipality_code = ${c.municipalityCode}, address = ${c.address}, capacity_men = ${c.capacityMen}, capacity_women = ${c.capacityWomen}, capacity_families = ${c.capacityFamilies},
            contract_start = ${c.contractStart}::date, contract_end = ${c.contractEnd}::date, places_contracted = ${c.placesContracted}, daily_rate_cents = ${c.dailyRate},
            contact_phone = ${c.contactPhone ?? null}, contact_email = ${c.contactEmail ?? null}, status = ${c.status!} WHERE id = ${existing.id}`);
        const changed = Object.entries({ code: [existing.code, c.identifier], managingBodyId: [existing.managing_body_id, c.managingBodyId.toLowerCase()], status: [existing.status, c.status], dailyRateCents: [existing.daily_rate_cents, c.dailyRate], contractEnd: [existing.contract_end, c.contractEnd] })
          .filter(([, [a, b]]) => a !== b)
          .map(([k]) => k);
        await recordAudit(tx, actorOf(req), { action: 'reception.centre.changed', entityType: 'reception_centre', entityId: existing.id, details: { changed } });
        return existing.id;
      }
      const [row] = await rows<{ id: string }>(
        tx,
        sql`INSERT INTO reception_centres (code, name, kind, housing, managing_body_id, municipality_code, address, capacity_men, capacity_women, capacity_families,
            contract_start, contract_end, places_contracted, daily_rate_cents, contact_phone, contact_email)
          VALUES (${c.identifier}, ${c.name}, ${c.kind}, ${c.housing}, ${c.managingBodyId.toLowerCase()}, ${c.municipalityCode}, ${c.address}, ${c.capacityMen}, ${c.capacityWomen},
            ${c.capacityFamilies}, ${c.contractStart}::date, ${c.contractEnd}::date, ${c.placesContracted}, ${c.dailyRate}, ${c.contactPhone ?? null}, ${c.contactEmail ?? null})
          RETURNING id`,
      );
      await createRequirements(tx, row!.id, romeDate());
      await recordAudit(tx, actorOf(req), { action: 'reception.centre.created', entityType: 'reception_centre', entityId: row!.id, details: { code: c.identifier, managingBodyId: c.managingBodyId } });
      return row!.id;
    });
    flash(req, existing ? 'reception.flash.centreSaved' : 'reception.flash.centreCreated');
    return reply.redirect(`/reception/centres/${id}`, 303);
  }

  // ---- Register ----
  async function renderRegister(req: FastifyRequest, reply: Reply, extra: { uploadForm?: FormState; lineForm?: FormState; outcome?: RegisterOutcome } = {}, status = 200) {
    const centres = await receptionRepo.listCentres(db, receptionUser(req));
    return sendPage(reply, RegisterPage({ view: viewOf(req, reply), centres, uploadForm: extra.uploadForm ?? emptyForm, lineForm: extra.lineForm ?? emptyForm, outcome: extra.outcome }), status);
  }

  /** Checks a register and, when every line is right and this is not a dry run, stores it all at once. */
  async function runRegister(req: FastifyRequest, lines: RegisterLine[], dryRun: boolean, source: 'file' | 'screen'): Promise<RegisterOutcome> {
    const user = receptionUser(req);
    const today = romeDate();
    return db.transaction(async (tx) => {
      const { problems, changes } = await checkRegister(tx, user, lines, today);
      const counts = { lines: lines.length, arrivals: changes.arrivals.length, departures: changes.departures.length, counts: changes.counts.length };
      if (problems.length > 0) {
        // Refused: what was wrong is recorded (line numbers and kinds, never guest codes), nothing else.
        await recordAudit(tx, actorOf(req), {
          action: 'reception.register.refused',
          details: { source, lines: lines.length, problems: problems.length, kinds: [...new Set(problems.map((p) => p.problem))] },
        });
        return { kind: 'problems', problems, lines: lines.length };
      }
      if (dryRun) return { kind: 'checked', ...counts };
      await applyRegister(tx, user.id, changes);
      const centreIds = [...new Set([...changes.arrivals, ...changes.departures, ...changes.counts].map((c) => c.centreId))];
      await recordAudit(tx, actorOf(req), { action: 'reception.register.saved', details: { source, ...counts, centreIds } });
      return { kind: 'saved', ...counts };
    });
  }

  // ---- Visits ----
  async function renderVisits(req: FastifyRequest, reply: Reply, form: FormState, status = 200) {
    const [visits, centres, inspectors] = await Promise.all([receptionRepo.visits(db, sql`true`), receptionRepo.listCentres(db, receptionUser(req)), receptionRepo.inspectors(db)]);
    return sendPage(reply, VisitsPage({ view: viewOf(req, reply), visits, centres, inspectors, form }), status);
  }

  async function renderVisit(req: FastifyRequest, reply: Reply, visit: VisitRow, extra: { answersForm?: FormState; findingForm?: FormState } = {}, status = 200) {
    const [answers, findings, toVerify] = await Promise.all([
      receptionRepo.answers(db, visit.id),
      receptionRepo.findings(db, sql`fi.visit_id = ${visit.id}`),
      visit.follow_up_of ? receptionRepo.findings(db, sql`fi.visit_id = ${visit.follow_up_of} AND fi.status <> 'closed'`) : Promise.resolve([]),
    ]);
    return sendPage(
      reply,
      VisitPage({ view: viewOf(req, reply), visit, answers, findings, toVerify, answersForm: extra.answersForm ?? emptyForm, findingForm: extra.findingForm ?? emptyForm, today: romeDate() }),
      status,
    );
  }

  const renderFinding = (req: FastifyRequest, reply: Reply, finding: FindingRow, form: FormState = emptyForm, status = 200, errorKey?: string) =>
    sendPage(reply, FindingPage({ view: viewOf(req, reply), finding, form, errorKey }), status);

  // ---- Dashboard ----
  async function dashboardLines(req: FastifyRequest): Promise<DashboardLine[]> {
    const today = romeDate();
    const found = await receptionRepo.dashboard(db, receptionUser(req), today);
    return found.map((r) => ({
      id: r.id,
      code: r.code,
      name: r.name,
      municipality: r.municipality_name,
      managingBody: r.managing_body_name,
      capacity: r.capacity,
      present: r.present,
      occupancyRate: r.capacity > 0 ? Math.round((r.present / r.capacity) * 100) : 0,
      overdueDocuments: r.overdue_documents,
      open: { low: r.open_low, medium: r.open_medium, high: r.open_high, critical: r.open_critical },
      daysSinceInspection: r.last_visit ? daysBetween(r.last_visit, today) : null,
      countedPresent: r.counted_present,
      declaredPresent: r.declared_present,
      variance: r.counted_present !== null && r.declared_present !== null ? r.declared_present - r.counted_present : null,
    }));
  }

  const pages: RouteDef[] = [
    route({
      method: 'GET',
      url: '/reception',
      permission: 'reception.centres',
      handler: async (req, reply) => sendPage(reply, CentresPage({ view: viewOf(req, reply), centres: await receptionRepo.listCentres(db, receptionUser(req)) })),
    }),
    route({ method: 'GET', url: '/reception/centres/new', permission: 'reception.centres.manage', handler: (req, reply) => renderCentreForm(req, reply, emptyForm) }),
    route({ method: 'POST', url: '/reception/centres', permission: 'reception.centres.manage', handler: (req, reply) => saveCentre(req, reply) }),
    route({
      method: 'GET',
      url: '/reception/centres/:id/edit',
      permission: 'reception.centres.manage',
      handler: async (req, reply) => {
        const c = await centreInScope(req);
        const values = {
          identifier: c.code, name: c.name, kind: c.kind, housing: c.housing, managingBodyId: c.managing_body_id, municipalityCode: c.municipality_code, address: c.address,
          capacityMen: String(c.capacity_men), capacityWomen: String(c.capacity_women), capacityFamilies: String(c.capacity_families), contractStart: c.contract_start,
          contractEnd: c.contract_end, placesContracted: String(c.places_contracted), dailyRate: (c.daily_rate_cents / 100).toFixed(2), contactPhone: c.contact_phone ?? undefined,
          contactEmail: c.contact_email ?? undefined, status: c.status,
        };
        return renderCentreForm(req, reply, { values, errors: {} }, 200, c);
      },
    }),
    route({ method: 'POST', url: '/reception/centres/:id/edit', permission: 'reception.centres.manage', handler: async (req, reply) => saveCentre(req, reply, await centreInScope(req)) }),
    route({
      method: 'POST',
      url: '/reception/centres/:id/requirements',
      permission: 'reception.centres.manage',
      handler: async (req, reply) => {
        const centre = await centreInScope(req);
        const parsed = parseForm(ZDueDate, req.body);
        if (!parsed.ok) return renderCentre(req, reply, centre, {}, 422);
        const docType = parsed.data.docType;
        const field = `dueOn_${docType}`;
        const due = zDate.safeParse(((req.body ?? {}) as Record<string, unknown>)[field]);
        if (!due.success) return renderCentre(req, reply, centre, { dueForm: { docType, form: { values: parsed.values, errors: { [field]: { key: 'reception.validation.date' } } } } }, 422);
        await db.transaction(async (tx) => {
          await tx.execute(sql`UPDATE reception_requirements SET due_on = ${due.data}::date, reminded_at = NULL WHERE centre_id = ${centre.id} AND doc_type = ${docType}`);
          await recordAudit(tx, actorOf(req), { action: 'reception.requirement.due', entityType: 'reception_centre', entityId: centre.id, details: { docType, dueOn: due.data } });
        });
        flash(req, 'reception.flash.dueSet');
        return reply.redirect(`/reception/centres/${centre.id}#documents`, 303);
      },
    }),
    route({ method: 'GET', url: '/reception/centres/:id', permission: 'reception.centres', handler: async (req, reply) => renderCentre(req, reply, await centreInScope(req)) }),
    route({
      method: 'GET',
      url: '/reception/occupancy',
      permission: 'reception.centres',
      handler: async (req, reply) => {
        const today = romeDate();
        const months = lastMonths(today, 12);
        const month = ZMonth.parse(req.query ?? {}).month ?? months[0]!;
        const { start, next, days } = monthBounds(month);
        const user = receptionUser(req);
        const historyDays = months
          .slice(0, 6)
          .reverse()
          .map((m) => `${m}-01`);
        const [lines, points] = await Promise.all([receptionRepo.presenceDays(db, user, start, next), receptionRepo.occupancyOverTime(db, user, historyDays)]);
        const history = historyDays.map((d) => {
          const byMunicipality = new Map<string, { name: string; present: number; capacity: number }>();
          for (const p of points.filter((x) => x.day === d)) {
            const m = byMunicipality.get(p.municipality_name) ?? { name: p.municipality_name, present: 0, capacity: 0 };
            m.present += p.present;
            m.capacity += p.capacity;
            byMunicipality.set(p.municipality_name, m);
          }
          return { day: d, municipalities: [...byMunicipality.values()] };
        });
        return sendPage(reply, OccupancyPage({ view: viewOf(req, reply), month, months: months.includes(month) ? months : [month, ...months], lines, daysInMonth: days, history }));
      },
    }),
    // ---- The register ----
    // The register's page; ?template=csv or ?template=xlsx downloads the template to fill in.
    route({
      method: 'GET',
      url: '/reception/register',
      permission: 'reception.report',
      handler: async (req, reply) => {
        const template = ZTemplate.parse(req.query ?? {}).template;
        if (!template) return renderRegister(req, reply);
        const codes = (await receptionRepo.listCentres(db, receptionUser(req))).map((c) => c.code);
        reply.header('cache-control', 'no-store').header('content-disposition', `attachment; filename="registro-presenze.${template}"`);
        if (template === 'csv') return reply.type('text/csv; charset=utf-8').send(`\ufeff${templateCsv(codes[0] ?? 'CAS-XXX-01', romeDate())}`);
        const data = await templateXlsx(codes, romeDate(), { title: req.tr.t('reception.register.title'), lines: [req.tr.t('reception.register.columns'), req.tr.t('reception.register.intro')] });
        return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(data);
      },
    }),
    route({
      method: 'POST',
      url: '/reception/register/line',
      permission: 'reception.report',
      handler: async (req, reply) => {
        const parsed = parseForm(ZRegisterLine, req.body);
        if (!parsed.ok) return renderRegister(req, reply, { lineForm: { values: parsed.values, errors: parsed.errors } }, 422);
        const l = parsed.data;
        const line: RegisterLine = { line: 1, centreCode: l.centre.toUpperCase(), event: l.event, date: l.date, guestCode: (l.guest ?? '').toUpperCase(), reason: l.reason ?? '', present: l.present ?? '' };
        const outcome = await runRegister(req, [line], false, 'screen');
        if (outcome.kind === 'problems') {
          // One line on screen: its problems go next to the fields they are about.
          const fieldOf: Record<string, string> = { unknownCentre: 'centre', badEvent: 'event', badDate: 'date', futureDate: 'date', badReason: 'reason', badCount: 'present', negativeCount: 'present', overCapacity: 'present' };
          const errors: FieldErrors = {};
          for (const p of outcome.problems) errors[fieldOf[p.problem] ?? 'guest'] ??= { key: REGISTER_PROBLEM_KEYS[p.problem], params: p.params ?? {} };
          return renderRegister(req, reply, { lineForm: { values: parsed.values, errors } }, 422);
        }
        flash(req, 'reception.flash.lineSaved');
        return reply.redirect('/reception/register', 303);
      },
    }),
    // ---- Files ----
    route({
      method: 'GET',
      url: '/reception/files/:id',
      permission: 'reception.centres',
      handler: async (req, reply) => {
        const id = uuidParam(req);
        const file = await receptionRepo.findFile(db, id, receptionUser(req));
        if (!file) return refuse(req, 'file', id, await receptionRepo.recordExists(db, 'reception_files', id));
        const data = await readStoredFile(kernel.config.filesDir, file.storage_name).catch(() => undefined);
        if (!data) throw notFound();
        await recordAudit(db, actorOf(req), { action: 'reception.file.downloaded', entityType: 'reception_file', entityId: file.id, details: { centreId: file.centre_id } });
        const ext = file.media_type === 'application/pdf' ? 'pdf' : file.media_type === 'image/png' ? 'png' : 'jpg';
        return reply
          .header('content-type', file.media_type)
          .header('content-disposition', `attachment; filename="${file.id}.${ext}"; filename*=UTF-8''${encodeURIComponent(file.original_name)}`)
          .header('x-content-type-options', 'nosniff')
          .header('content-security-policy', "sandbox; default-src 'none'")
          .header('cache-control', 'private, no-store')
          .send(data);
      },
    }),
    // ---- Documents: the Prefettura's review ----
    route({
      method: 'GET',
      url: '/reception/documents',
      permission: 'reception.documents.review',
      handler: async (req, reply) => sendPage(reply, ReviewQueuePage({ view: viewOf(req, reply), documents: await receptionRepo.awaitingReview(db) })),
    }),
    ...(['accept', 'return'] as const).map((decision) =>
      route({
        method: 'POST',
        url: `/reception/documents/:id/${decision}`,
        permission: 'reception.documents.review',
        handler: async (req, reply) => {
          const id = uuidParam(req);
          const doc = await receptionRepo.findDocument(db, id, receptionUser(req));
          if (!doc) throw notFound();
          const centre = await centreInScope(req, doc.centre_id);
          let reason: string | undefined;
          if (decision === 'return') {
            const parsed = parseForm(ZReturn, req.body);
            if (!parsed.ok) return renderCentre(req, reply, centre, { returnForm: { documentId: id, form: { values: parsed.values, errors: parsed.errors } } }, 422);
            reason = parsed.data.reason;
          }
          try {
            await db.transaction((tx) => reviewDocument(tx, kernel, actorOf(req), { documentId: id, decision, reason, userId: req.user!.id }));
          } catch (err) {
            if (!(err instanceof ReviewRefused)) throw err;
            flash(req, 'reception.error.alreadyReviewed', 'warning');
            return reply.redirect(`/reception/centres/${centre.id}#documents`, 303);
          }
          await sendMails(req);
          flash(req, decision === 'accept' ? 'reception.flash.accepted' : 'reception.flash.returned');
          return reply.redirect(`/reception/centres/${centre.id}#documents`, 303);
        },
      }),
    ),
    // ---- Inspections ----
    route({ method: 'GET', url: '/reception/visits', permission: 'reception.inspect', handler: (req, reply) => renderVisits(req, reply, emptyForm) }),
    route({
      method: 'POST',
      url: '/reception/visits',
      permission: 'reception.inspect',
      handler: async (req, reply) => {
        const parsed = parseForm(ZPlanVisit, req.body);
        if (!parsed.ok) return renderVisits(req, reply, { values: parsed.values, errors: parsed.errors }, 422);
        const v = parsed.data;
        const inspectors = new Set((await receptionRepo.inspectors(db)).map((i) => i.id));
        const errors: FieldErrors = {};
        if (!v.inspectorIds.every((i) => inspectors.has(i.toLowerCase()))) errors.inspectorIds = { key: 'validation.choose' };
        if (!(await receptionRepo.findCentre(db, v.centreId.toLowerCase(), receptionUser(req)))) errors.centreId = { key: 'validation.choose' };
        if (Object.keys(errors).length > 0) return renderVisits(req, reply, { values: parsed.values, errors }, 422);
        const checklist = await receptionRepo.latestChecklist(db);
        const id = await db.transaction((tx) =>
          planVisit(tx, actorOf(req), { centreId: v.centreId.toLowerCase(), checklistId: checklist.id, kind: v.kind, plannedOn: v.plannedOn, inspectorIds: [...new Set(v.inspectorIds.map((i) => i.toLowerCase()))], userId: req.user!.id }),
        );
        flash(req, 'reception.flash.visitPlanned');
        return reply.redirect(`/reception/visits/${id}`, 303);
      },
    }),
    // Checklist versions: the next one is made from the items Ponte knows; visits keep the version they were planned with.
    route({
      method: 'GET',
      url: '/reception/checklists',
      permission: 'reception.inspect',
      handler: async (req, reply) => sendPage(reply, ChecklistsPage({ view: viewOf(req, reply), current: await receptionRepo.latestChecklist(db), form: emptyForm })),
    }),
    route({
      method: 'POST',
      url: '/reception/checklists',
      permission: 'reception.inspect',
      handler: async (req, reply) => {
        const current = await receptionRepo.latestChecklist(db);
        const parsed = parseForm(ZChecklist, req.body);
        const chosen = parsed.ok ? new Set(parsed.data.items) : new Set<string>();
        const items = CHECKLIST_ITEM_CODES.filter((c) => chosen.has(c)).map((code) => ({ area: ITEM_AREAS[code], code }));
        const same = items.length === current.items.length && items.every((i) => current.items.some((c) => c.code === i.code));
        const errors: FieldErrors = parsed.ok ? (same ? { items: { key: 'reception.validation.sameChecklist' } } : {}) : parsed.errors;
        if (Object.keys(errors).length > 0) return sendPage(reply, ChecklistsPage({ view: viewOf(req, reply), current, form: { values: parsed.values, errors } }), 422);
        await db.transaction(async (tx) => {
          const [row] = await rows<{ id: string; version: number }>(
            tx,
            sql`INSERT INTO reception_checklists (version, items) VALUES ((SELECT max(version) + 1 FROM reception_checklists), ${JSON.stringify(items)}::jsonb) RETURNING id, version`,
          );
          await recordAudit(tx, actorOf(req), { action: 'reception.checklist.versioned', entityType: 'reception_checklist', entityId: row!.id, details: { version: row!.version, items: items.map((i) => i.code) } });
        });
        flash(req, 'reception.flash.checklistSaved');
        return reply.redirect('/reception/checklists', 303);
      },
    }),
    route({ method: 'GET', url: '/reception/visits/:id', permission: 'reception.inspect', handler: async (req, reply) => renderVisit(req, reply, await visitOf(req)) }),
    route({
      method: 'POST',
      url: '/reception/visits/:id/follow-up',
      permission: 'reception.inspect',
      handler: async (req, reply) => {
        const visit = await visitOf(req);
        if (visit.follow_up_of) throw notFound();
        const checklist = await receptionRepo.latestChecklist(db);
        const id = await db.transaction((tx) =>
          planVisit(tx, actorOf(req), { centreId: visit.centre_id, checklistId: checklist.id, kind: 'scheduled', plannedOn: romeDate(), inspectorIds: visit.inspector_ids, followUpOf: visit.id, userId: req.user!.id }),
        );
        flash(req, 'reception.flash.visitPlanned');
        return reply.redirect(`/reception/visits/${id}`, 303);
      },
    }),
    route({
      method: 'GET',
      url: '/reception/findings',
      permission: 'reception.centres',
      handler: async (req, reply) => {
        const user = receptionUser(req);
        const findings = await receptionRepo.findings(db, user.oversees ? sql`true` : sql`c.managing_body_id = ${user.organizationId}`);
        return sendPage(reply, FindingsPage({ view: viewOf(req, reply), findings }));
      },
    }),
    route({ method: 'GET', url: '/reception/findings/:id', permission: 'reception.centres', handler: async (req, reply) => renderFinding(req, reply, await findingInScope(req)) }),
    route({
      method: 'POST',
      url: '/reception/findings/:id/close',
      permission: 'reception.inspect',
      handler: async (req, reply) => {
        const finding = await findingInScope(req);
        const parsed = parseForm(ZCloseFinding, req.body);
        const followUp = parsed.ok ? await receptionRepo.findVisit(db, parsed.data.visitId.toLowerCase()) : undefined;
        if (!followUp) return renderFinding(req, reply, finding, emptyForm, 422, 'reception.error.notFollowUp');
        try {
          await db.transaction((tx) => closeFinding(tx, actorOf(req), { finding, followUp }));
        } catch (err) {
          if (!(err instanceof InspectionRefused)) throw err;
          return renderFinding(req, reply, await findingInScope(req), emptyForm, 409, err.messageKey);
        }
        flash(req, 'reception.flash.findingClosed');
        return reply.redirect(`/reception/visits/${followUp.id}`, 303);
      },
    }),
    // ---- Dashboard ----
    // The dashboard; ?format=csv exports its figures.
    route({
      method: 'GET',
      url: '/reception/dashboard',
      permission: 'reception.dashboard',
      handler: async (req, reply) => {
        const lines = await dashboardLines(req);
        if (ZExport.parse(req.query ?? {}).format !== 'csv') return sendPage(reply, DashboardPage({ view: viewOf(req, reply), lines }));
        const records = [
          ['centre_code', 'centre', 'municipality', 'managing_body', 'capacity', 'present', 'occupancy_rate', 'overdue_documents', 'open_critical', 'open_high', 'open_medium', 'open_low', 'days_since_inspection', 'declared_present', 'counted_present', 'variance'],
          ...lines.map((l) => [
            l.code,
            l.name,
            l.municipality,
            l.managingBody,
            l.capacity,
            l.present,
            l.occupancyRate,
            l.overdueDocuments,
            l.open.critical,
            l.open.high,
            l.open.medium,
            l.open.low,
            l.daysSinceInspection ?? '',
            l.declaredPresent ?? '',
            l.countedPresent ?? '',
            l.variance ?? '',
          ]),
        ];
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="accoglienza-${romeDate()}.csv"`)
          .header('cache-control', 'no-store')
          .send(`\ufeff${stringify(records.map((r) => r.map(String)), { cast: { string: (v) => (/^[=+\-@]/.test(v) ? `'${v}` : v) } })}`);
      },
    }),
  ];
  registerRoutes(app, pages);

  // ---- Uploads (multipart) ----
  const uploadRoutes: RouteDef[] = [
    route({
      method: 'POST',
      url: '/reception/register',
      permission: 'reception.report',
      handler: async (req, reply) => {
        const fields = fieldsOf(req);
        const dryRun = fields.dryRun === 'yes';
        const values = { dryRun: dryRun ? 'yes' : undefined };
        const file = fileOf(req, 'register');
        const problem = (key: keyof typeof REGISTER_FILE_KEYS) =>
          renderRegister(req, reply, { uploadForm: { values, errors: { register: { key: REGISTER_FILE_KEYS[key], params: { mb: FILE_LIMITS.registerBytes / 1024 / 1024, max: 20000 } } } } }, 400);
        if (!file) return problem('missing');
        if (file.truncated || file.data.length > FILE_LIMITS.registerBytes) return problem('tooLarge');
        const read = await readRegister(file.data);
        if (!read.ok) return problem(read.problem);
        const outcome = await runRegister(req, read.lines, dryRun, 'file');
        return renderRegister(req, reply, { uploadForm: { values, errors: {} }, outcome }, outcome.kind === 'problems' ? 422 : 200);
      },
    }),
    route({
      method: 'POST',
      url: '/reception/centres/:id/documents',
      permission: 'reception.report',
      handler: async (req, reply) => {
        const centre = await centreInScope(req);
        const parsed = parseForm(ZDocumentUpload, fieldsOf(req));
        const checked = await checkFile(fileOf(req, 'file'), 'document');
        const errors: FieldErrors = parsed.ok ? {} : { ...parsed.errors };
        if (!checked.ok) errors.file = { key: FILE_PROBLEM_KEYS[checked.problem], params: { mb: FILE_LIMITS.fileBytes / 1024 / 1024 } };
        if (!parsed.ok || !checked.ok || Object.keys(errors).length > 0) {
          if (!checked.ok && checked.problem === 'wrongType') {
            await recordAudit(db, actorOf(req), { action: 'reception.upload.refused', entityType: 'reception_centre', entityId: centre.id, details: { problem: checked.problem } });
          }
          return renderCentre(req, reply, centre, { uploadForm: { values: parsed.values, errors } }, 422);
        }
        const requirement = await receptionRepo.findRequirement(db, centre.id, parsed.data.docType as DocType);
        if (!requirement) return renderCentre(req, reply, centre, { uploadForm: { values: parsed.values, errors: { docType: { key: 'validation.choose' } } } }, 422);
        await withFiles(async (tx, keep) => {
          const stored = keep(await storeFile(tx, kernel.config.filesDir, { centreId: centre.id, file: fileOf(req, 'file')!, mediaType: checked.mediaType, userId: req.user!.id }));
          await addDocumentVersion(tx, actorOf(req), { requirement, fileId: stored.id, expiresOn: parsed.data.expiresOn, userId: req.user!.id });
          for (const p of await rows<{ id: string }>(tx, sql`SELECT id FROM organizations WHERE kind = 'prefettura' AND active`)) {
            await notify(tx, kernel, {
              organizationId: p.id,
              permission: 'reception.documents.review',
              kind: 'centre_document.submitted',
              messageKey: 'reception.notify.submitted',
              params: { document: requirement.doc_type, centre: centre.name },
              link: '/reception/documents',
            });
          }
        });
        await sendMails(req);
        flash(req, 'reception.flash.documentUploaded');
        return reply.redirect(`/reception/centres/${centre.id}#documents`, 303);
      },
    }),
    route({
      method: 'POST',
      url: '/reception/visits/:id/answers',
      permission: 'reception.inspect',
      handler: async (req, reply) => {
        const visit = await visitOf(req);
        const body = fieldsOf(req);
        const parsed = parseForm(ZAnswers, body);
        const answers: { code: ChecklistItemCode; result: z.infer<typeof zAnswerResult>; note?: string; photo?: UploadedFile; mediaType?: string }[] = [];
        const errors: FieldErrors = parsed.ok ? {} : { ...parsed.errors };
        for (const item of visit.items) {
          const result = zAnswerResult.safeParse(body[`result_${item.code}`]);
          const note = typeof body[`note_${item.code}`] === 'string' ? (body[`note_${item.code}`] as string).trim() : '';
          if (note.length > 2000) errors[`note_${item.code}`] = { key: 'validation.tooLong', params: { max: 2000 } };
          // Evidence photos: checked by their content like every upload.
          const photo = fileOf(req, `photo_${item.code}`);
          const checked = photo ? await checkFile(photo, 'photo') : undefined;
          if (checked && !checked.ok) errors[`photo_${item.code}`] = { key: FILE_PROBLEM_KEYS[checked.problem], params: { mb: FILE_LIMITS.fileBytes / 1024 / 1024 } };
          if (photo && !result.success) errors[`result_${item.code}`] = { key: 'validation.choose' };
          if (result.success) answers.push({ code: item.code, result: result.data, ...(note ? { note } : {}), ...(photo && checked?.ok ? { photo, mediaType: checked.mediaType } : {}) });
        }
        if (parsed.ok && parsed.data.complete === 'yes' && answers.length < visit.items.length) errors._form = { key: 'reception.validation.answerAll' };
        if (!parsed.ok || Object.keys(errors).length > 0) return renderVisit(req, reply, visit, { answersForm: { values: parsed.values, errors } }, 422);
        await withFiles(async (tx, keep) => {
          const withPhotos = [];
          for (const a of answers) {
            const photoFileId = a.photo ? keep(await storeFile(tx, kernel.config.filesDir, { centreId: visit.centre_id, file: a.photo, mediaType: a.mediaType!, userId: req.user!.id })).id : undefined;
            withPhotos.push({ code: a.code, result: a.result, note: a.note, photoFileId });
          }
          await saveAnswers(tx, actorOf(req), { visit, answers: withPhotos, countedPresent: parsed.data.countedPresent, visitedOn: parsed.data.visitedOn, complete: parsed.data.complete === 'yes' });
        });
        flash(req, parsed.data.complete === 'yes' ? 'reception.flash.visitCompleted' : 'reception.flash.answersSaved');
        return reply.redirect(`/reception/visits/${visit.id}`, 303);
      },
    }),
    route({
      method: 'POST',
      url: '/reception/visits/:id/findings',
      permission: 'reception.inspect',
      handler: async (req, reply) => {
        const visit = await visitOf(req);
        const parsed = parseForm(ZFinding, fieldsOf(req));
        const photo = fileOf(req, 'photo');
        const checked = photo ? await checkFile(photo, 'photo') : undefined;
        const errors: FieldErrors = parsed.ok ? {} : { ...parsed.errors };
        if (checked && !checked.ok) errors.photo = { key: FILE_PROBLEM_KEYS[checked.problem], params: { mb: FILE_LIMITS.fileBytes / 1024 / 1024 } };
        if (parsed.ok && !visit.items.some((i) => i.code === parsed.data.itemCode)) errors.itemCode = { key: 'validation.choose' };
        if (!parsed.ok || Object.keys(errors).length > 0) return renderVisit(req, reply, visit, { findingForm: { values: parsed.values, errors } }, 422);
        const f = parsed.data;
        const [centre] = await rows<{ managing_body_id: string }>(db, sql`SELECT managing_body_id FROM reception_centres WHERE id = ${visit.centre_id}`);
        const from = visit.visited_on ?? romeDate();
        await withFiles(async (tx, keep) => {
          const photoId = photo && checked?.ok ? keep(await storeFile(tx, kernel.config.filesDir, { centreId: visit.centre_id, file: photo, mediaType: checked.mediaType, userId: req.user!.id })).id : undefined;
          await recordFinding(tx, kernel, actorOf(req), {
            visit,
            managingBodyId: centre!.managing_body_id,
            code: f.itemCode,
            severity: f.severity,
            description: f.description,
            actionRequired: f.actionRequired,
            dueOn: addDays(from, f.dueDays),
            photoFileId: photoId,
          });
        });
        await sendMails(req);
        flash(req, 'reception.flash.findingRecorded');
        return reply.redirect(`/reception/visits/${visit.id}`, 303);
      },
    }),
    route({
      method: 'POST',
      url: '/reception/findings/:id/answer',
      permission: 'reception.report',
      handler: async (req, reply) => {
        const finding = await findingInScope(req);
        const parsed = parseForm(ZAnswerFinding, fieldsOf(req));
        const file = fileOf(req, 'file');
        const checked = file ? await checkFile(file, 'document_or_photo') : undefined;
        const errors: FieldErrors = parsed.ok ? {} : { ...parsed.errors };
        if (checked && !checked.ok) errors.file = { key: FILE_PROBLEM_KEYS[checked.problem], params: { mb: FILE_LIMITS.fileBytes / 1024 / 1024 } };
        if (!parsed.ok || Object.keys(errors).length > 0) return renderFinding(req, reply, finding, { values: parsed.values, errors }, 422);
        const prefetture = await rows<{ id: string }>(db, sql`SELECT id FROM organizations WHERE kind = 'prefettura' AND active`);
        try {
          await withFiles(async (tx, keep) => {
            const fileId = file && checked?.ok ? keep(await storeFile(tx, kernel.config.filesDir, { centreId: finding.centre_id, file, mediaType: checked.mediaType, userId: req.user!.id })).id : undefined;
            await answerFinding(tx, kernel, actorOf(req), { finding, response: parsed.data.response, fileId, userId: req.user!.id, prefetturaIds: prefetture.map((p) => p.id) });
          });
        } catch (err) {
          if (!(err instanceof InspectionRefused)) throw err;
          return renderFinding(req, reply, finding, emptyForm, 409, err.messageKey);
        }
        await sendMails(req);
        flash(req, 'reception.flash.findingAnswered');
        return reply.redirect(`/reception/findings/${finding.id}`, 303);
      },
    }),
  ];

  let scope: FastifyInstance | undefined;
  await app.register(async (child) => {
    scope = child;
    await child.register(fastifyMultipart, {
      attachFieldsToBody: 'keyValues',
      onFile: collectFile,
      throwFileSizeLimit: false,
      limits: { fileSize: FILE_LIMITS.fileBytes, files: FILE_LIMITS.files, fields: 60, fieldSize: 4000, fieldNameSize: 100, parts: FILE_LIMITS.files + 60, headerPairs: 100 },
    });
    // The route's own access check runs after the body is read: answer before reading it instead.
    child.addHook('preParsing', async (req, reply) => {
      if (!req.user) {
        await reply.redirect('/login', 303);
        return;
      }
      const permission = req.routeOptions.config.permission as GrantedPermission;
      if (!rolesHold(req.user.roles, permission)) throw new HttpError(403, 'errors.forbidden.title');
    });
    registerRoutes(child, uploadRoutes);
  });
  // The scoped routes belong to the app's route table too (the permission matrix reads it).
  routeRegistry.get(app)?.push(...(routeRegistry.get(scope!) ?? []));
}
