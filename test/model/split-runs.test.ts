import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, test } from 'vitest';
import { deriveColumns } from '../../src/app/derive.js';
import { LineAccounting } from '../../src/app/line-sink.js';
import { Correlator } from '../../src/model/correlate.js';
import { LineParser } from '../../src/parse/index.js';
import { maskShape } from '../../src/parse/shape.js';
import { remedyId } from '../../src/remedy/index.js';
import { encodeBatch } from '../../src/store/encode.js';
import { migrate } from '../../src/store/migrate.js';
import { loadOpenState, nextIds } from '../../src/store/sources.js';
import { Writer } from '../../src/store/writer.js';

// A log split between two runs at any line must leave exactly the rows of one run over the
// whole log. The CLI tests cut at a few offsets; this one cuts at every line of the stretch
// where messages end (expiry, removal), in process, so that it stays fast.

type Db = Database.Database;

/** One run: open states read back, lines parsed and correlated, one batch written. */
function run(db: Db, lines: string[]): void {
  const c = new Correlator({ remedyId, maskShape }, nextIds(db));
  const open = loadOpenState(db);
  c.restore(open.sessions, open.messages);
  const parser = new LineParser({ year: 2026 });
  const acct = new LineAccounting(maskShape);
  for (const l of lines) acct.take(parser.parse(l), c);
  const { stats, misses } = acct.drain();
  const e = encodeBatch(c.takeBatch(true), stats, misses, null);
  deriveColumns(e);
  new Writer(db).apply(e);
}

const TABLES = ['replies', 'deliveries', 'stalls', 'problems', 'sessions', 'messages', 'line_stats', 'misses'];
const SKIP = new Set(['id', 'session_id', 'message_row', 'reply_id']);

function dump(db: Db): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const t of TABLES) {
    const cols = (db.prepare(`PRAGMA table_info(${t})`).all() as { name: string }[]).map((c) => c.name).filter((c) => !SKIP.has(c));
    out[t] = db.prepare(`SELECT ${cols.join(', ')} FROM ${t}`).all().map((r) => JSON.stringify(r)).sort();
  }
  return out;
}

function analysed(...parts: string[][]): Record<string, string[]> {
  const db = new Database(':memory:');
  try {
    migrate(db);
    for (const p of parts) run(db, p);
    return dump(db);
  } finally {
    db.close();
  }
}

function linesOf(path: string): string[] {
  return readFileSync(resolve(path), 'utf8').split('\n').filter((l) => l !== '');
}

const cases = [
  // 2A3451602C2 and others: status=expired, then removed a few lines later
  { log: 'fixtures/lab/postfix-maillog_file.log', from: 608, to: 690 },
  // 1xXMvY-0004Eh-0q: removed by root, then Completed
  { log: 'fixtures/lab/exim-mainlog.log', from: 470, to: 508 },
];

describe('a log split between two runs at every line', () => {
  for (const c of cases) {
    test(`${c.log} lines ${c.from}..${c.to}`, () => {
      const lines = linesOf(c.log);
      const want = analysed(lines);
      const ids = new Set(want.messages.map((m) => { const r = JSON.parse(m) as { host: string; queue_id: string }; return `${r.host} ${r.queue_id}`; }));
      // one row per real id, also in one run
      expect(want.messages.length).toBe(ids.size);
      const bad: number[] = [];
      for (let at = c.from; at <= Math.min(c.to, lines.length); at++) {
        const got = analysed(lines.slice(0, at), lines.slice(at));
        if (JSON.stringify(got) !== JSON.stringify(want)) bad.push(at);
      }
      expect(bad).toEqual([]);
    });
  }
});
