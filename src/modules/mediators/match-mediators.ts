// Which mediators fit a request, best first: the language (and how well it is spoken), whether they are free
// then (weekly pattern, absences, other bookings), the area and the mode, the sensitivity asked for, and the
// fair distribution of work (fewer recent hours first). The coordinator chooses; this only proposes.
import type { DbOrTx } from '../../kernel/db/client.js';
import { romeDate, romeTime } from '../desk/index.js';
import { mediatorsRepo, type CandidateRow, type RequestRow } from './mediators.repo.js';
import type { Level } from './mediation-status.js';

export interface Candidate extends CandidateRow {
  /** Within their weekly pattern, not absent, no other booking at that time. */
  free: boolean;
  coversArea: boolean;
  modeOffered: boolean;
  fitsSensitivity: boolean;
  score: number;
}

const LEVEL_POINTS: Record<Level, number> = { native: 3, c2: 2, c1: 1, b2: 0 };

/** ISO weekday in Rome (1 Monday … 7 Sunday). */
function romeWeekday(at: Date): number {
  const [y, m, d] = romeDate(at).split('-').map(Number) as [number, number, number];
  return ((new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7) + 1;
}

function withinPattern(c: CandidateRow, startsAt: Date, endsAt: Date): boolean {
  const day = romeWeekday(startsAt);
  const from = romeTime(startsAt);
  const to = romeDate(endsAt) === romeDate(startsAt) ? romeTime(endsAt) : '24:00';
  return c.weekly.some((w) => w.weekday === day && w.starts <= from && to <= w.ends);
}

export function rank(request: Pick<RequestRow, 'starts_at' | 'duration_minutes' | 'mode' | 'municipality_code' | 'gender_preference' | 'torture_victim'>, found: CandidateRow[]): Candidate[] {
  const startsAt = request.starts_at;
  const endsAt = startsAt ? new Date(startsAt.getTime() + request.duration_minutes * 60_000) : null;
  return found
    .map((c) => {
      const free = startsAt && endsAt ? withinPattern(c, startsAt, endsAt) && !c.absent && Number(c.overlapping) === 0 : !c.absent;
      const modeOffered = c.modes.includes(request.mode);
      const coversArea = request.mode !== 'in_person' || (!!request.municipality_code && c.municipality_codes.includes(request.municipality_code));
      const fitsSensitivity = (request.gender_preference === 'any' || c.gender === request.gender_preference) && (!request.torture_victim || c.torture_support);
      const score =
        (free ? 100 : 0) + (fitsSensitivity ? 50 : 0) + (modeOffered ? 20 : 0) + (coversArea ? 20 : 0) + LEVEL_POINTS[c.level] * 5 - Math.min(Number(c.recent_hours), 100) / 10;
      return { ...c, free, modeOffered, coversArea, fitsSensitivity, score };
    })
    .sort((a, b) => b.score - a.score || Number(a.recent_hours) - Number(b.recent_hours) || a.full_name.localeCompare(b.full_name));
}

export async function matchMediators(db: DbOrTx, request: RequestRow): Promise<Candidate[]> {
  const startsAt = request.starts_at;
  const endsAt = startsAt ? new Date(startsAt.getTime() + request.duration_minutes * 60_000) : null;
  const found = await mediatorsRepo.candidates(db, {
    language: request.language_code,
    startsAt,
    endsAt,
    date: startsAt ? romeDate(startsAt) : null,
    excludeRequestId: request.id,
  });
  return rank(request, found);
}
