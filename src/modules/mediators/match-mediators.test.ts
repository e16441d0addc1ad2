// The ranking of mediators for a request: free first, then the care asked for, the mode and the area, the
// level, and fewer recent hours (fair distribution); times are read in Rome's wall clock, across DST.
import { describe, expect, it } from 'vitest';
import { rank } from './match-mediators.js';
import type { CandidateRow } from './mediators.repo.js';
import { romeInstant } from '../desk/index.js';

const base: CandidateRow = {
  id: 'x',
  full_name: 'X',
  gender: 'female',
  torture_support: false,
  municipality_codes: ['110002'],
  modes: ['in_person'],
  level: 'native',
  written_translation: false,
  dialects: null,
  weekly: [{ weekday: 2, starts: '09:00', ends: '19:00' }],
  absent: false,
  overlapping: 0,
  recent_hours: 0,
};
const request = {
  // Tuesday 31 March 2026 (summer time) and Tuesday 3 March 2026 (winter time), 16:00 in Rome.
  starts_at: romeInstant('2026-03-31', '16:00'),
  duration_minutes: 90,
  mode: 'in_person' as const,
  municipality_code: '110002',
  gender_preference: 'any' as const,
  torture_victim: false,
};

describe('rank', () => {
  it('reads the weekly pattern in Rome time, in summer and in winter', () => {
    for (const day of ['2026-03-31', '2026-03-03']) {
      const [c] = rank({ ...request, starts_at: romeInstant(day, '16:00') }, [base]);
      expect(c!.free, day).toBe(true);
      const [late] = rank({ ...request, starts_at: romeInstant(day, '18:00') }, [base]);
      expect(late!.free, `${day} 18:00-19:30 ends after 19:00`).toBe(false);
    }
  });

  it('puts the free one first, then who meets the care asked, then fewer recent hours', () => {
    const busy = { ...base, id: 'busy', full_name: 'Busy', overlapping: 1 };
    const absent = { ...base, id: 'absent', full_name: 'Absent', absent: true };
    const tired = { ...base, id: 'tired', full_name: 'Tired', recent_hours: 60 };
    const fresh = { ...base, id: 'fresh', full_name: 'Fresh', recent_hours: 2 };
    expect(rank(request, [busy, absent, tired, fresh]).map((c) => c.id)).toEqual(['fresh', 'tired', 'absent', 'busy']);
    const man = { ...base, id: 'man', gender: 'male' };
    const trained = { ...base, id: 'trained', torture_support: true };
    const ranked = rank({ ...request, gender_preference: 'female', torture_victim: true }, [man, base, trained]);
    expect(ranked[0]!.id).toBe('trained');
    expect(ranked.find((c) => c.id === 'man')!.fitsSensitivity).toBe(false);
  });

  it('counts the area only for meetings in person, and the mode offered', () => {
    const elsewhere = { ...base, id: 'elsewhere', municipality_codes: ['110001'], modes: ['in_person', 'phone'] as CandidateRow['modes'] };
    expect(rank(request, [elsewhere])[0]!.coversArea).toBe(false);
    const byPhone = rank({ ...request, mode: 'phone' }, [elsewhere, base]);
    expect(byPhone[0]!.id).toBe('elsewhere');
    expect(byPhone[0]!.coversArea).toBe(true);
    expect(byPhone[1]!.modeOffered).toBe(false);
  });
});
