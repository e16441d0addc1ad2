// Calendar days in Rome's time, written YYYY-MM-DD: what the figures' period and the appointments'
// calendar are counted in. Arithmetic on days is done in UTC, where every day has 24 hours.
import { TIME_ZONE } from '../i18n/locales.js';

const DAY_MS = 86_400_000;
const romeDay = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The day it is in Rome at this instant. */
export const romeDate = (at: Date = new Date()): string => romeDay.format(at);

/** A real calendar date written YYYY-MM-DD (no 30 February). */
export function isCalendarDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

const utc = (date: string) => Date.parse(`${date}T00:00:00Z`);

export const addDays = (date: string, days: number): string => new Date(utc(date) + days * DAY_MS).toISOString().slice(0, 10);

/** Days from a to b (b − a). */
export const daysBetween = (a: string, b: string): number => Math.round((utc(b) - utc(a)) / DAY_MS);

/** The Monday of the week a day is in. */
export function mondayOf(date: string): string {
  const weekday = (new Date(utc(date)).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return addDays(date, -weekday);
}

/** The instant a wall-clock time in Rome ("2026-11-23", "09:30") happens. */
export function romeInstant(date: string, time: string): Date {
  const guess = new Date(`${date}T${time}:00Z`);
  // Rome is UTC+1 or UTC+2: find the offset that, applied, shows the asked wall-clock time in Rome.
  for (const hours of [1, 2, 0]) {
    const at = new Date(guess.getTime() - hours * 3_600_000);
    if (romeDate(at) === date && romeTime(at) === time) return at;
  }
  return new Date(guess.getTime() - 3_600_000);
}

const romeClock = new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** The wall-clock time in Rome ("09:30"). */
export const romeTime = (at: Date): string => romeClock.format(at);
