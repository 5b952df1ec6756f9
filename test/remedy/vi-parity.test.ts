import { describe, expect, test } from 'vitest';
import { catalogue } from '../../src/remedy/catalogue.js';
import { vi } from '../../src/remedy/i18n/index.js';

// A translation must keep what an administrator copies or greps for exactly as the English has it:
// setting names, reply codes, enhanced status codes and RFC numbers. A token the English gained in a
// later edit and the Vietnamese lacks is a stale translation.

const FIELDS = ['title', 'meaning', 'when', 'fix', 'fixInbound', 'fixOutbound'] as const;

/** setting names (snake_case), basic reply codes (not timeouts such as 300s), enhanced status codes, RFC numbers */
function tokens(s: string): Set<string> {
  const out = new Set<string>();
  for (const m of s.matchAll(/\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b/g)) out.add(m[0]);
  for (const m of s.matchAll(/(?<![\w.,])[2-5][0-5]\d(?![\w]|[.,]\d)/g)) out.add(m[0]);
  for (const m of s.matchAll(/\b[245X]\.\d{1,3}\.\d{1,3}\b/g)) out.add(m[0]);
  for (const m of s.matchAll(/\bRFC \d+/g)) out.add(m[0]);
  return out;
}

describe('Vietnamese keeps the verbatim tokens of its English entry', () => {
  for (const e of catalogue) {
    const t = vi[e.id];
    if (!t) continue;
    test(e.id, () => {
      const missing = FIELDS.flatMap((f) => {
        const en = e[f];
        if (en === undefined) return [];
        const have = tokens(t[f] ?? '');
        return [...tokens(en)].filter((k) => !have.has(k)).map((k) => `${f}: ${k}`);
      });
      expect(missing).toEqual([]);
    });
  }

  test('the token rule sees names, codes and RFCs, not plain numbers', () => {
    expect([...tokens('Postfix smtpd_timeout, 450 4.7.25 (RFC 5321 §3.1), 5,000 a day, 1.2 or 300s')]).toEqual([
      'smtpd_timeout', '450', '4.7.25', 'RFC 5321',
    ]);
  });
});
