import { describe, expect, it } from 'vitest';
import { addWorkingDays, easterSunday, isWorkingDay } from './working-days.js';

describe('answer deadlines in working days', () => {
  it('skips Saturdays and Sundays on Rome\'s calendar', () => {
    // Monday 2 March 2026, 10:00 in Rome: five working days later is Monday 9 March.
    expect(addWorkingDays(new Date('2026-03-02T09:00:00Z'), 5).toISOString()).toBe('2026-03-09T09:00:00.000Z');
    // Thursday → the next Thursday.
    expect(addWorkingDays(new Date('2026-03-05T09:00:00Z'), 5).toISOString()).toBe('2026-03-12T09:00:00.000Z');
    // Sent on a Saturday: the week starts counting on Monday, the deadline is Friday.
    expect(addWorkingDays(new Date('2026-03-07T09:00:00Z'), 5).toISOString()).toBe('2026-03-13T09:00:00.000Z');
  });

  it('uses Rome\'s date, not UTC\'s, around midnight', () => {
    // 23:30 UTC on Friday is already Saturday 00:30 in Rome.
    expect(isWorkingDay(new Date('2026-03-06T23:30:00Z'))).toBe(false);
    expect(isWorkingDay(new Date('2026-03-06T22:30:00Z'))).toBe(true);
  });

  it('skips Italy\'s national holidays, Easter Monday included', () => {
    expect([2024, 2025, 2026, 2027].map(easterSunday)).toEqual([[3, 31], [4, 20], [4, 5], [3, 28]]);
    // Christmas Eve 2026 is a Thursday; Christmas and St Stephen (Friday, Saturday) and the weekend do not
    // count: two working days later is Tuesday 29 December.
    expect(addWorkingDays(new Date('2026-12-24T09:00:00Z'), 2).toISOString()).toBe('2026-12-29T09:00:00.000Z');
    expect(isWorkingDay(new Date('2026-04-06T09:00:00Z'))).toBe(false); // Easter Monday 2026
    expect(isWorkingDay(new Date('2026-04-07T09:00:00Z'))).toBe(true);
    expect(isWorkingDay(new Date('2026-06-02T09:00:00Z'))).toBe(false); // Republic Day
    expect(isWorkingDay(new Date('2026-12-08T09:00:00Z'))).toBe(false); // Immaculate Conception
  });
});
