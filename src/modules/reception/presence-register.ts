// The presence register a managing body reports: arrivals, departures (with their reason) and the daily
// count of guests present, as a CSV or XLSX file made from the template, or one line typed on screen.
// Every line is checked before anything is written; one bad line and nothing of the register is stored,
// and the page lists every bad line with what is wrong with it.
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { fileTypeFromBuffer } from 'file-type';
import { sql } from 'drizzle-orm';
import { rows, type Tx } from '../../kernel/db/client.js';
import { isCalendarDate } from '../desk/rome-dates.js';
import { DEPARTURE_REASONS, type DepartureReason } from './reception-codes.js';
import { receptionRepo, type CentreRow, type ReceptionUser } from './reception.repo.js';

export const REGISTER_COLUMNS = ['centre_code', 'event', 'date', 'guest_code', 'departure_reason', 'present'] as const;
export const REGISTER_EVENTS = ['arrival', 'departure', 'count'] as const;
export type RegisterEvent = (typeof REGISTER_EVENTS)[number];
export const MAX_REGISTER_LINES = 20_000;
const GUEST_CODE = /^[A-Z0-9][A-Z0-9-]{2,29}$/;

export interface RegisterLine {
  /** The line's number in the file (the header is line 1), or 1 for a line typed on screen. */
  line: number;
  centreCode: string;
  event: string;
  date: string;
  guestCode: string;
  reason: string;
  present: string;
}

export const REGISTER_PROBLEMS = [
  'unknownCentre',
  'badEvent',
  'badDate',
  'futureDate',
  'badGuestCode',
  'alreadyPresent',
  'duplicateArrival',
  'unknownGuest',
  'departureBeforeArrival',
  'badReason',
  'badCount',
  'negativeCount',
  'overCapacity',
] as const;
export type RegisterProblem = (typeof REGISTER_PROBLEMS)[number];

export interface LineProblem {
  line: number;
  problem: RegisterProblem;
  /** What the line said, to show next to the message. */
  value: string;
  params?: Record<string, string | number>;
}

export type FileReadProblem = 'notRegister' | 'tooManyLines' | 'badHeader' | 'empty';

/** The lines of an uploaded register: an XLSX workbook's first sheet, or CSV text (comma or semicolon). */
export async function readRegister(data: Buffer): Promise<{ ok: true; lines: RegisterLine[] } | { ok: false; problem: FileReadProblem }> {
  const sniffed = await fileTypeFromBuffer(data);
  let table: string[][];
  if (sniffed?.mime === 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet') {
    table = await xlsxTable(data).catch(() => [] as string[][]);
    if (table.length === 0) return { ok: false, problem: 'notRegister' };
  } else if (sniffed) {
    return { ok: false, problem: 'notRegister' };
  } else {
    const text = textOf(data);
    if (text === undefined) return { ok: false, problem: 'notRegister' };
    const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
    const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
    try {
      table = parse(text, { bom: true, delimiter, relax_column_count: true, skip_empty_lines: false }) as string[][];
    } catch {
      return { ok: false, problem: 'notRegister' };
    }
  }
  const header = (table[0] ?? []).map((h) => String(h).trim().toLowerCase());
  if (!REGISTER_COLUMNS.every((c) => header.includes(c))) return { ok: false, problem: 'badHeader' };
  if (table.length - 1 > MAX_REGISTER_LINES) return { ok: false, problem: 'tooManyLines' };
  const at = (cells: string[], name: string) => String(cells[header.indexOf(name)] ?? '').trim();
  const lines: RegisterLine[] = [];
  table.slice(1).forEach((cells, i) => {
    if (cells.every((c) => String(c ?? '').trim() === '')) return;
    lines.push({
      line: i + 2,
      centreCode: at(cells, 'centre_code').toUpperCase(),
      event: at(cells, 'event').toLowerCase(),
      date: at(cells, 'date'),
      guestCode: at(cells, 'guest_code').toUpperCase(),
      reason: at(cells, 'departure_reason').toLowerCase(),
      present: at(cells, 'present'),
    });
  });
  if (lines.length === 0) return { ok: false, problem: 'empty' };
  return { ok: true, lines };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
function textOf(data: Buffer): string | undefined {
  if (data.includes(0)) return undefined;
  try {
    return utf8.decode(data);
  } catch {
    return undefined;
  }
}

/** The first sheet as text cells; dates written by Excel become YYYY-MM-DD. */
async function xlsxTable(data: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(data as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const table: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, n) => {
    const cells: string[] = [];
    for (let c = 1; c <= REGISTER_COLUMNS.length + 4; c++) {
      const v = row.getCell(c).value;
      cells.push(v instanceof Date ? v.toISOString().slice(0, 10) : v === null || v === undefined ? '' : typeof v === 'object' && 'text' in v ? String(v.text) : String(v));
    }
    table[n - 1] = cells;
  });
  return Array.from(table, (r) => r ?? []);
}

export interface RegisterChanges {
  arrivals: { centreId: string; guestCode: string; date: string }[];
  departures: { stayId?: string; centreId: string; guestCode: string; date: string; reason: DepartureReason }[];
  counts: { centreId: string; date: string; present: number }[];
}

/**
 * Checks every line against the centres this operator reports for and the guests present now. Arrivals
 * are read first, so that a departure may name a guest who arrives earlier in the same register.
 */
export async function checkRegister(
  db: Tx,
  user: ReceptionUser,
  lines: RegisterLine[],
  today: string,
): Promise<{ problems: LineProblem[]; changes: RegisterChanges; centres: Map<string, CentreRow> }> {
  const centres = await receptionRepo.centresByCode(db, user);
  const problems: LineProblem[] = [];
  const changes: RegisterChanges = { arrivals: [], departures: [], counts: [] };
  const open = await receptionRepo.openStays(db, [...centres.values()].map((c) => c.id));
  const presentElsewhere = await receptionRepo.presentCodes(db, [...new Set(lines.filter((l) => l.event === 'arrival').map((l) => l.guestCode))]);
  // guest code → where and since when they are (or will be, by this register) present.
  const present = new Map<string, { centreId: string; since: string; stayId?: string }>(open.map((s) => [s.guest_code, { centreId: s.centre_id, since: s.arrived_on, stayId: s.id }]));
  const add = (l: RegisterLine, problem: RegisterProblem, value: string, params?: Record<string, string | number>) =>
    problems.push({ line: l.line, problem, value, ...(params ? { params } : {}) });

  const valid = (l: RegisterLine): CentreRow | undefined => {
    const centre = centres.get(l.centreCode);
    let ok = true;
    if (!centre) {
      add(l, 'unknownCentre', l.centreCode);
      ok = false;
    }
    if (!(REGISTER_EVENTS as readonly string[]).includes(l.event)) {
      add(l, 'badEvent', l.event);
      ok = false;
    }
    if (!isCalendarDate(l.date)) {
      add(l, 'badDate', l.date);
      ok = false;
    } else if (l.date > today) {
      add(l, 'futureDate', l.date);
      ok = false;
    }
    return ok ? centre : undefined;
  };

  const byEvent = (e: string) => lines.filter((l) => l.event === e);
  const checked = new Map<RegisterLine, CentreRow | undefined>(lines.map((l) => [l, valid(l)]));

  for (const l of byEvent('arrival')) {
    const centre = checked.get(l);
    if (!GUEST_CODE.test(l.guestCode)) {
      add(l, 'badGuestCode', l.guestCode);
      continue;
    }
    if (!centre) continue;
    const already = present.get(l.guestCode);
    if (already?.stayId === undefined && already) {
      add(l, 'duplicateArrival', l.guestCode);
      continue;
    }
    if (already || presentElsewhere.has(l.guestCode)) {
      add(l, 'alreadyPresent', l.guestCode);
      continue;
    }
    present.set(l.guestCode, { centreId: centre.id, since: l.date });
    changes.arrivals.push({ centreId: centre.id, guestCode: l.guestCode, date: l.date });
  }

  const departed = new Set<string>();
  for (const l of byEvent('departure')) {
    const centre = checked.get(l);
    const reasonOk = (DEPARTURE_REASONS as readonly string[]).includes(l.reason);
    if (!reasonOk) add(l, 'badReason', l.reason);
    if (!GUEST_CODE.test(l.guestCode)) {
      add(l, 'badGuestCode', l.guestCode);
      continue;
    }
    if (!centre) continue;
    const stay = present.get(l.guestCode);
    if (!stay || stay.centreId !== centre.id || departed.has(l.guestCode)) {
      add(l, 'unknownGuest', l.guestCode);
      continue;
    }
    if (l.date < stay.since) {
      add(l, 'departureBeforeArrival', l.date, { arrived: stay.since });
      continue;
    }
    if (!reasonOk) continue;
    departed.add(l.guestCode);
    changes.departures.push({ ...(stay.stayId ? { stayId: stay.stayId } : {}), centreId: centre.id, guestCode: l.guestCode, date: l.date, reason: l.reason as DepartureReason });
  }

  for (const l of byEvent('count')) {
    const centre = checked.get(l);
    if (!/^-?\d{1,6}$/.test(l.present)) {
      add(l, 'badCount', l.present);
      continue;
    }
    const n = Number(l.present);
    if (n < 0) {
      add(l, 'negativeCount', l.present);
      continue;
    }
    if (!centre) continue;
    if (n > centre.capacity) {
      add(l, 'overCapacity', l.present, { capacity: centre.capacity });
      continue;
    }
    changes.counts.push({ centreId: centre.id, date: l.date, present: n });
  }
  problems.sort((a, b) => a.line - b.line);
  return { problems, changes, centres };
}

/** Writes a register that passed every check, in the caller's transaction. */
export async function applyRegister(tx: Tx, userId: string, changes: RegisterChanges): Promise<void> {
  const stayIds = new Map<string, string>();
  for (const a of changes.arrivals) {
    const [row] = await rows<{ id: string }>(
      tx,
      sql`INSERT INTO reception_stays (centre_id, guest_code, arrived_on, recorded_by) VALUES (${a.centreId}, ${a.guestCode}, ${a.date}::date, ${userId}) RETURNING id`,
    );
    stayIds.set(a.guestCode, row!.id);
  }
  for (const d of changes.departures) {
    const id = d.stayId ?? stayIds.get(d.guestCode)!;
    await tx.execute(sql`UPDATE reception_stays SET departed_on = ${d.date}::date, departure_reason = ${d.reason} WHERE id = ${id} AND departed_on IS NULL`);
  }
  for (const c of changes.counts) {
    await tx.execute(sql`INSERT INTO reception_daily_counts (centre_id, day, present, recorded_by) VALUES (${c.centreId}, ${c.date}::date, ${c.present}, ${userId})
      ON CONFLICT (centre_id, day) DO UPDATE SET present = EXCLUDED.present, recorded_by = EXCLUDED.recorded_by, recorded_at = now()`);
  }
}

/** The template: the header, and one example line per event for the body's first centre, in CSV. */
export function templateCsv(centreCode: string, today: string): string {
  return [
    REGISTER_COLUMNS.join(','),
    `${centreCode},arrival,${today},G-EXAMPLE1,,`,
    `${centreCode},departure,${today},G-EXAMPLE1,end_of_reception,`,
    `${centreCode},count,${today},,,0`,
  ].join('\r\n') + '\r\n';
}

/** The template as a workbook: the register sheet, and a sheet of the allowed values. */
export async function templateXlsx(centreCodes: string[], today: string, instructions: { title: string; lines: string[] }): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('register');
  sheet.addRow([...REGISTER_COLUMNS]);
  sheet.getRow(1).font = { bold: true };
  const code = centreCodes[0] ?? 'CAS-XXX-01';
  sheet.addRow([code, 'arrival', today, 'G-EXAMPLE1', '', '']);
  sheet.addRow([code, 'departure', today, 'G-EXAMPLE1', 'end_of_reception', '']);
  sheet.addRow([code, 'count', today, '', '', 0]);
  sheet.columns.forEach((c) => (c.width = 20));
  const help = workbook.addWorksheet('values');
  help.addRow([instructions.title]);
  for (const l of instructions.lines) help.addRow([l]);
  help.addRow([]);
  help.addRow(['centre_code', ...centreCodes]);
  help.addRow(['event', ...REGISTER_EVENTS]);
  help.addRow(['departure_reason', ...DEPARTURE_REASONS]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
