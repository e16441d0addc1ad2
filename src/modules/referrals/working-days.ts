// Answer deadlines in working days, counted on Rome's calendar: Monday to Friday, except Italy's national
// public holidays (law 260/1949 and later: New Year, Epiphany, Easter Monday, Liberation Day, Labour Day,
// Republic Day, Assumption, All Saints, Immaculate Conception, Christmas, St Stephen). A municipality's
// patron saint's day is not counted: a deadline that falls on one is a day early at worst.
import { TIME_ZONE } from '../../kernel/i18n/locales.js';

const romeDate = new Intl.DateTimeFormat('en-US', { timeZone: TIME_ZONE, weekday: 'short', year: 'numeric', month: 'numeric', day: 'numeric' });
const DAY_MS = 86_400_000;

/** Fixed-date national holidays, as month-day. */
const FIXED_HOLIDAYS = new Set(['1-1', '1-6', '4-25', '5-1', '6-2', '8-15', '11-1', '12-8', '12-25', '12-26']);

/** Easter Sunday of a Gregorian year (the anonymous Gregorian algorithm), as [month, day]. */
export function easterSunday(year: number): [number, number] {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return [month, day];
}

function isEasterMonday(year: number, month: number, day: number): boolean {
  const [m, d] = easterSunday(year);
  const monday = new Date(Date.UTC(year, m - 1, d + 1));
  return monday.getUTCMonth() + 1 === month && monday.getUTCDate() === day;
}

export function isWorkingDay(d: Date): boolean {
  const parts = Object.fromEntries(romeDate.formatToParts(d).map((p) => [p.type, p.value]));
  if (parts.weekday === 'Sat' || parts.weekday === 'Sun') return false;
  const [year, month, day] = [Number(parts.year), Number(parts.month), Number(parts.day)];
  return !FIXED_HOLIDAYS.has(`${month}-${day}`) && !isEasterMonday(year, month, day);
}

/** The moment `days` working days after `from` (same time of day; weekends and holidays do not count). */
export function addWorkingDays(from: Date, days: number): Date {
  let d = new Date(from.getTime());
  let left = days;
  while (left > 0) {
    d = new Date(d.getTime() + DAY_MS);
    if (isWorkingDay(d)) left--;
  }
  return d;
}
