import { describe, expect, test } from 'vitest';
import { postfixRows, postfixTable } from '../../src/parse/postfix/index.js';
import { eximRows, eximTable } from '../../src/parse/exim/index.js';
import { LineParser } from '../../src/parse/index.js';
import type { PatternRow, CompiledTable } from '../../src/parse/table.js';

// Every pattern row carries real sample lines; each must be matched first by its own row.
const tables: Array<[string, readonly PatternRow[], CompiledTable]> = [
  ['postfix', postfixRows, postfixTable],
  ['exim', eximRows, eximTable],
];

for (const [name, rows, table] of tables) {
  describe(`${name} pattern samples`, () => {
    for (const row of rows) {
      test(`${row.id} has at least one sample`, () => {
        expect(row.samples.length).toBeGreaterThan(0);
      });
      for (const sample of row.samples) {
        test(`${row.id}: ${sample.slice(0, 120)}`, () => {
          const parser = new LineParser({ year: 2026 });
          const out = parser.parse(sample);
          expect(out.type, 'the sample must parse as an event').toBe('event');
          if (out.type !== 'event') return;
          expect(table.firstRow(out.rec)?.id).toBe(row.id);
          expect(out.event.pattern).toBe(row.id);
          expect(out.mta).toBe(name);
        });
      }
    }
  });
}
