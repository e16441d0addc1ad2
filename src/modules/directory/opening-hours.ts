// Opening hours in Europe/Rome: what day and time it is there, and whether a service is open.
import { TIME_ZONE } from '../../kernel/i18n/locales.js';
import type { WeeklyHours } from './directory.schema.js';

export const WEEK = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
const SHORT_TO_DAY: Record<string, string> = { Mon: 'MO', Tue: 'TU', Wed: 'WE', Thu: 'TH', Fri: 'FR', Sat: 'SA', Sun: 'SU' };
const FORMAT = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  weekday: 'short',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** The local day ('MO'…), time ('HH:MM') and date ('YYYY-MM-DD') in Rome at an instant. */
export function romeNow(at = new Date()): { day: string; time: string; date: string } {
  const p = Object.fromEntries(FORMAT.formatToParts(at).map((x) => [x.type, x.value]));
  return { day: SHORT_TO_DAY[p.weekday!]!, time: `${p.hour}:${p.minute}`, date: `${p.year}-${p.month}-${p.day}` };
}

export function isOpen(hours: WeeklyHours[], closedDates: string[], at = new Date()): boolean {
  const now = romeNow(at);
  if (closedDates.includes(now.date)) return false;
  return hours.some((h) => h.days.includes(now.day) && h.opens <= now.time && now.time < h.closes);
}

/** Hours grouped by weekday, Monday first, for a table on the service page. */
export function hoursByDay(hours: WeeklyHours[]): { day: string; ranges: string[] }[] {
  return WEEK.map((day) => ({
    day,
    ranges: hours
      .filter((h) => h.days.includes(day))
      .sort((a, b) => a.opens.localeCompare(b.opens))
      .map((h) => `${h.opens}–${h.closes}`),
  }));
}
