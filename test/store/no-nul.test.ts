import { afterAll, describe, expect, test } from 'vitest';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { analyse } from '../../src/app/analyse.js';
import { fixture, tempDir } from '../helpers.js';

// Exim's rejectlog and paniclog entries are assembled from several lines with NUL between the
// parts (a marker only the parser reads). What is stored is log text: no NUL in any text column,
// and a rejectlog row's line is the entry's first line as it stands in the file.

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const FILES = [
  'lab/exim-rejectlog.log',
  'corpus/exim/exim-testsuite-rejectlog.log',
  'corpus/exim/gvengel-exim-exporter-rejectlog.log',
  'corpus/exim/exim-testsuite-paniclog.log',
  'corpus/exim/gvengel-exim-exporter-paniclog.log',
];

describe('Exim rejectlog and paniclog rows', () => {
  test('no NUL in any stored text, and lines as the file has them', async () => {
    const db = join(tmp.dir, 'exim.db');
    // names ending in rejectlog / paniclog: read as those files
    const inputs = FILES.map((f) => fixture(f));
    await analyse({ db, inputs, now: () => Date.parse('2026-11-29T00:00:00Z'), year: 2026 });
    const d = new Database(db, { readonly: true });
    try {
      const tables = (d.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name);
      const bad: string[] = [];
      let rows = 0;
      for (const t of tables) {
        const cols = (d.prepare(`PRAGMA table_info(${t})`).all() as { name: string; type: string }[]).filter((c) => c.type === 'TEXT');
        for (const c of cols) {
          const n = (d.prepare(`SELECT count(*) AS n FROM ${t} WHERE instr(${c.name}, char(0)) > 0`).get() as { n: number }).n;
          if (n > 0) bad.push(`${t}.${c.name}: ${n}`);
        }
        if (t === 'replies' || t === 'problems') rows += (d.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
      }
      expect(rows).toBeGreaterThan(20);
      expect(bad).toEqual([]);
      const line = d.prepare("SELECT line FROM replies WHERE origin = 'rejectlog' AND text LIKE '%Unrouteable address%' LIMIT 1").get() as { line: string } | undefined;
      expect(line?.line).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d .*rejected RCPT <[^>]+>: Unrouteable address$/);
    } finally {
      d.close();
    }
  });
});
