import { describe, expect, it } from 'vitest';
import { addWorkingDays, isWorkingDay } from './working-days.js';

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
});
