// Answer deadlines in working days, counted on Rome's calendar: Monday to Friday. Public holidays are not
// skipped (a deadline that falls on one is a day early at worst); the receiver can still answer late.
import { TIME_ZONE } from '../../kernel/i18n/locales.js';

const weekday = new Intl.DateTimeFormat('en-US', { timeZone: TIME_ZONE, weekday: 'short' });
const DAY_MS = 86_400_000;

export function isWorkingDay(d: Date): boolean {
  const day = weekday.format(d);
  return day !== 'Sat' && day !== 'Sun';
}

/** The moment `days` working days after `from` (same time of day; a weekend does not count). */
export function addWorkingDays(from: Date, days: number): Date {
  let d = new Date(from.getTime());
  let left = days;
  while (left > 0) {
    d = new Date(d.getTime() + DAY_MS);
    if (isWorkingDay(d)) left--;
  }
  return d;
}
