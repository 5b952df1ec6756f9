import { describe, expect, it } from 'vitest';
import { parseWhen } from '../../src/report/time-window.js';

// --since / --until / --older-than values as an administrator types them
describe('parseWhen', () => {
  const now = new Date(2026, 10, 29, 14, 30, 15).getTime(); // local time, as the logs' stamps are read

  it('reads spans back from now', () => {
    expect(parseWhen('24h', now)).toBe(now - 24 * 3_600_000);
    expect(parseWhen('90m', now)).toBe(now - 90 * 60_000);
    expect(parseWhen('7d', now)).toBe(now - 7 * 86_400_000);
    expect(parseWhen('2w', now)).toBe(now - 14 * 86_400_000);
    expect(parseWhen('1.5h', now)).toBe(now - 5_400_000);
    expect(parseWhen('now', now)).toBe(now);
  });

  it('reads ISO dates and times without a zone as local time', () => {
    expect(parseWhen('2026-11-28', now)).toBe(new Date(2026, 10, 28).getTime());
    expect(parseWhen('2026-11-28T10:00', now)).toBe(new Date(2026, 10, 28, 10, 0).getTime());
    expect(parseWhen('2026-11-28 10:00:30', now)).toBe(new Date(2026, 10, 28, 10, 0, 30).getTime());
    expect(parseWhen('2026-11-28T10:00:00Z', now)).toBe(Date.UTC(2026, 10, 28, 10, 0, 0));
  });

  it('reads a time as the report prints it, with a space before its zone', () => {
    expect(parseWhen('2026-11-28 17:59:38 +0000', now)).toBe(Date.UTC(2026, 10, 28, 17, 59, 38));
    expect(parseWhen('2026-11-28 18:59:38 +01:00', now)).toBe(Date.UTC(2026, 10, 28, 17, 59, 38));
    expect(parseWhen('2026-11-28 17:59:38 Z', now)).toBe(Date.UTC(2026, 10, 28, 17, 59, 38));
    expect(parseWhen('2026-11-28 17:59:38  +0000', now)).toBeNull();
  });

  it('reads today and yesterday as local midnights, as journalctl does', () => {
    expect(parseWhen('today', now)).toBe(new Date(2026, 10, 29).getTime());
    expect(parseWhen('yesterday', now)).toBe(new Date(2026, 10, 28).getTime());
    // just after midnight "yesterday" is still the whole previous day
    const early = new Date(2026, 0, 1, 0, 0, 5).getTime();
    expect(parseWhen('yesterday', early)).toBe(new Date(2025, 11, 31).getTime());
  });

  it('refuses what it cannot read', () => {
    for (const bad of ['', 'tomorrow', '1y', '24', 'h', '2026-13', '28/11/2026', '2026-11-28T25:00x']) expect(parseWhen(bad, now)).toBeNull();
  });

  it('refuses a day the calendar does not have, and a span past the first time a Date holds, rather than roll them over', () => {
    for (const bad of ['2026-02-30', '2026-04-31', '2025-02-29', '2026-13-01', '2026-00-10', '2026-11-31T10:00', '100000000000000000000s', '1000000000000m']) {
      expect(parseWhen(bad, now), bad).toBeNull();
    }
    expect(parseWhen('2024-02-29', now)).toBe(new Date(2024, 1, 29).getTime());
    expect(parseWhen('2026-11-30T23:59', now)).toBe(new Date(2026, 10, 30, 23, 59).getTime());
  });
});
