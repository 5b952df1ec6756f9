import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { DERIVE_VERSION } from '../../src/app/derive.js';
import { ROOT } from '../helpers.js';
import { derivedPairs, fingerprintOf, fixtureLogs, judge, RECORD_FILE, UPDATE_COMMAND, type Recorded } from './derive-fingerprint.js';

// Nobody changes how reasons are masked or remedies matched without bumping DERIVE_VERSION: a
// database's rows are derived again only when that number changes.

const A: Recorded = { version: 3, fingerprint: 'f'.repeat(64), inputs: 'i'.repeat(64) };

describe('the derivation rules against their recorded fingerprint', () => {
  test('the fixtures give what the recorded version gave', () => {
    const pairs = derivedPairs(fixtureLogs(ROOT));
    // replies, failed deliveries, stalls and TLS failures of every kind are in the fixtures
    const kinds = new Set([...pairs.keys()].map((k) => (JSON.parse(k) as string[])[0]));
    expect([...kinds].sort()).toEqual(['delivery', 'reply', 'stall', 'tls']);
    expect(pairs.size).toBeGreaterThan(500);
    const now = fingerprintOf(pairs, DERIVE_VERSION);
    const file = join(ROOT, RECORD_FILE);
    const recorded = JSON.parse(readFileSync(file, 'utf8')) as Recorded;
    const verdict = judge(recorded, now);
    if (!verdict.ok && verdict.mayRecord && process.env.UPDATE_DERIVE === '1') {
      writeFileSync(file, `${JSON.stringify(now, null, 2)}\n`);
      return;
    }
    expect(verdict.ok ? 'ok' : verdict.message).toBe('ok');
  });
});

describe('judging a change of the derived values', () => {
  test('the same rules and fixtures pass', () => {
    expect(judge(A, { ...A })).toEqual({ ok: true });
  });
  test('other derived values for the same inputs and the same version fail, naming the bump and the command', () => {
    const v = judge(A, { ...A, fingerprint: 'e'.repeat(64) });
    expect(v.ok).toBe(false);
    if (v.ok) return;
    expect(v.mayRecord).toBe(false);
    expect(v.message).toContain('bump DERIVE_VERSION in src/app/derive.ts to 4');
    expect(v.message).toContain(UPDATE_COMMAND);
  });
  test('a bumped version with the file not yet rewritten fails until recorded', () => {
    const v = judge(A, { ...A, version: 4, fingerprint: 'e'.repeat(64) });
    expect(v).toMatchObject({ ok: false, mayRecord: true });
  });
  test('a bumped version alone (rules changed where no fixture reaches) must be recorded too', () => {
    expect(judge(A, { ...A, version: 4 })).toMatchObject({ ok: false, mayRecord: true });
  });
  test('new fixture lines may be recorded without a bump, and the message says when a bump is needed anyway', () => {
    const v = judge(A, { ...A, fingerprint: 'e'.repeat(64), inputs: 'j'.repeat(64) });
    expect(v).toMatchObject({ ok: false, mayRecord: true });
    if (!v.ok) expect(v.message).toMatch(/if masking .* changed, bump DERIVE_VERSION/);
  });
  test('a version going back fails and may not be recorded', () => {
    expect(judge(A, { ...A, version: 2 })).toMatchObject({ ok: false, mayRecord: false });
  });
});
