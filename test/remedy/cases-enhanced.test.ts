import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { catalogue, findAllRemedies, remedyId } from '../../src/remedy/index.js';
import { LineParser } from '../../src/parse/index.js';
import { enhancedCases, MISSING } from './enhanced-cases.js';

const fileText = new Map<string, string>();
const read = (path: string): string => {
  let t = fileText.get(path);
  if (t === undefined) fileText.set(path, (t = readFileSync(path, 'utf8')));
  return t;
};

describe('a real reply line with an enhanced code picks its entry', () => {
  for (const c of enhancedCases) {
    test(`${c.expected} <- ${c.code ?? '-'} ${c.enhanced} ${c.text.slice(0, 60)}`, () => {
      expect(remedyId({ code: c.code, enhanced: c.enhanced, text: c.text, direction: c.direction })).toBe(c.expected);
    });
  }
});

describe('every case is a real line', () => {
  for (const c of enhancedCases) {
    test(`${c.src}: ${c.line.slice(0, 60)}`, () => {
      if (!c.src.startsWith('fixtures/')) {
        expect(c.src).toMatch(/^(?:https:\/\/|RFC \d+)/);
        // pages print the parts differently (Google: 421, "4.4.5", text); each part must be there
        // a delivery line without a remote reply has no basic code (Postfix's own client refused)
        for (const part of [c.code === null ? null : String(c.code), c.enhanced, c.text]) if (part !== null) expect(c.line).toContain(part);
        return;
      }
      expect(read(c.src)).toContain(c.line);
      if (!c.src.endsWith('.log')) {
        // a transcript: the reply as the server sent it
        expect(c.line).toContain(`${c.code} ${c.enhanced} ${c.text}`);
        return;
      }
      // a log line: the parser hands over exactly these fields (the enhanced code from dsn= when
      // the remote reply had none, postscreen's implied reply when it logs no code)
      const out = new LineParser({ year: 2026 }).parse(c.program ? `Jan  1 00:00:00 mx ${c.program}[1]: ${c.line}` : c.line);
      expect(out.type).toBe('event');
      if (out.type !== 'event') return;
      const r = out.event.reply;
      expect({ code: r?.code ?? null, enhanced: r?.enhanced ?? out.event.dsn ?? null, text: r?.text ?? '' }).toEqual({
        code: c.code,
        enhanced: c.enhanced,
        text: c.text,
      });
    });
  }
});

describe('coverage of the enhanced-code entries', () => {
  const enhIds = catalogue.filter((e) => e.id.startsWith('enh.')).map((e) => e.id);
  // An entry is covered by a real line that it matches, whichever entry wins that line: a text
  // entry wins over the enhanced one by design (Gmail's 5.7.26 text over X.7.26), and the case
  // says which. Every entry that applies is listed by the same matcher `explain` uses.
  const matching = (c: (typeof enhancedCases)[number]) =>
    findAllRemedies({ code: c.code, enhanced: c.enhanced, text: c.text, direction: c.direction }).map((e) => e.id);
  const covered = new Set(enhancedCases.flatMap((c) => [c.expected, ...matching(c)]).filter((id) => id.startsWith('enh.')));

  test('the winner of every case is the first entry that applies to it', () => {
    for (const c of enhancedCases) expect(matching(c)[0], c.line).toBe(c.expected);
  });

  test('every enhanced entry has a real line, or is listed in MISSING', () => {
    expect(enhIds.filter((id) => !covered.has(id) && !MISSING.includes(id))).toEqual([]);
  });
  test('MISSING names only real entries that still lack a line (so it shrinks as lines are found)', () => {
    expect(MISSING.filter((id) => !enhIds.includes(id))).toEqual([]);
    expect(MISSING.filter((id) => covered.has(id))).toEqual([]);
  });
});
