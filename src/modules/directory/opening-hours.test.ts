import { describe, expect, it } from 'vitest';
import { hoursByDay, isOpen, romeNow } from './opening-hours.js';

const hours = [
  { days: ['MO', 'TU', 'WE', 'TH', 'FR'], opens: '08:30', closes: '12:30' },
  { days: ['TU', 'TH'], opens: '15:30', closes: '17:30' },
];

describe('opening hours', () => {
  it('reads the day and time in Rome, across daylight saving time', () => {
    // 07:45 UTC on a Tuesday in winter is 08:45 in Rome; in summer 09:45.
    expect(romeNow(new Date('2026-12-01T07:45:00Z'))).toEqual({ day: 'TU', time: '08:45', date: '2026-12-01' });
    expect(romeNow(new Date('2026-07-07T07:45:00Z'))).toEqual({ day: 'TU', time: '09:45', date: '2026-07-07' });
    // 23:30 UTC on a Sunday is already Monday in Rome.
    expect(romeNow(new Date('2026-11-29T23:30:00Z')).day).toBe('MO');
  });

  it('is open inside a range and closed at its end, on other days and on holidays', () => {
    expect(isOpen(hours, [], new Date('2026-12-01T07:45:00Z'))).toBe(true); // Tue 08:45
    expect(isOpen(hours, [], new Date('2026-12-01T11:30:00Z'))).toBe(false); // Tue 12:30, closing time
    expect(isOpen(hours, [], new Date('2026-12-01T15:00:00Z'))).toBe(true); // Tue 16:00
    expect(isOpen(hours, [], new Date('2026-12-02T15:00:00Z'))).toBe(false); // Wed 16:00
    expect(isOpen(hours, [], new Date('2026-12-05T08:00:00Z'))).toBe(false); // Saturday
    expect(isOpen(hours, ['2026-12-25'], new Date('2026-12-25T09:00:00Z'))).toBe(false); // Christmas, a Friday
  });

  it('lists each weekday with its ranges in order', () => {
    const week = hoursByDay(hours);
    expect(week[1]).toEqual({ day: 'TU', ranges: ['08:30–12:30', '15:30–17:30'] });
    expect(week[6]).toEqual({ day: 'SU', ranges: [] });
  });
});
