import { describe, expect, test } from 'vitest';
import { catalogue } from '../../src/remedy/catalogue.js';

// Where an enhanced status code is defined, as the IANA "SMTP Enhanced Status Codes" registry
// gives it: RFC 3463 §3.1-§3.8 hold subjects 0-7, later codes name the RFC that registered them.
const REGISTERED_BY: Record<string, string> = {
  'X.1.9': 'RFC 3886', 'X.1.10': 'RFC 7505', 'X.3.6': 'RFC 6710', 'X.5.6': 'RFC 4954', 'X.6.6': 'RFC 4468',
  'X.6.7': 'RFC 6531', 'X.6.8': 'RFC 6531', 'X.6.9': 'RFC 6531', 'X.6.10': 'RFC 6531',
  'X.7.8': 'RFC 4954', 'X.7.9': 'RFC 4954', 'X.7.10': 'RFC 5248', 'X.7.11': 'RFC 4954', 'X.7.12': 'RFC 4954',
  'X.7.13': 'RFC 5248', 'X.7.14': 'RFC 5248', 'X.7.15': 'RFC 6710', 'X.7.16': 'RFC 6710',
  'X.7.17': 'RFC 7293', 'X.7.18': 'RFC 7293', 'X.7.19': 'RFC 7293',
  'X.7.20': 'RFC 7372', 'X.7.21': 'RFC 7372', 'X.7.22': 'RFC 7372', 'X.7.23': 'RFC 7372', 'X.7.24': 'RFC 7372',
  'X.7.25': 'RFC 7372', 'X.7.26': 'RFC 7372', 'X.7.27': 'RFC 7505', 'X.7.29': 'RFC 8617', 'X.7.30': 'RFC 8689',
};

const enhancedEntries = catalogue.filter((e) => e.id.startsWith('enh.'));

describe('RFC references of the enhanced status code entries', () => {
  test('an RFC 3463 section cited for a code is the section of its subject (X.s.d in §3.(s+1))', () => {
    const bad: string[] = [];
    for (const e of enhancedEntries) {
      const subject = Number(e.id.split('.')[2]);
      for (const r of e.refs) {
        const m = /^RFC 3463 §3\.(\d+)$/.exec(r);
        if (m && Number(m[1]) !== subject + 1) bad.push(`${e.id}: ${r}`);
      }
    }
    expect(bad).toEqual([]);
    expect(enhancedEntries.filter((e) => e.refs.some((r) => r.startsWith('RFC 3463 §3.'))).length).toBeGreaterThan(40);
  });

  test('a code registered by a later RFC cites that RFC', () => {
    const bad = Object.entries(REGISTERED_BY).flatMap(([code, rfc]) => {
      const e = enhancedEntries.find((x) => x.id === `enh.${code}`);
      if (!e) return [`enh.${code}: no entry`];
      return e.refs.some((r) => r === rfc || r.startsWith(`${rfc} `)) ? [] : [`enh.${code}: cites ${e.refs.join(', ')}, registered by ${rfc}`];
    });
    expect(bad).toEqual([]);
  });
});
