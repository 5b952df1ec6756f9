import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { streamQuery } from '../../src/store/adhoc.js';
import { openForWrite } from '../../src/store/db.js';
import { StoreError } from '../../src/store/errors.js';
import { readDatabaseAsync } from '../../src/store/read-db.js';
import { growDatabase } from './grow-db.js';
import { queryRenderer, renderQuery, type QueryFormat } from '../../src/report/render/query-rows.js';
import { BIN } from '../helpers.js';

// `query` hands its rows on in chunks as it reads them, so an export of millions of rows needs the
// memory of one chunk; the text is the same whatever the chunk size.

const dir = mkdtempSync(join(tmpdir(), 'mxlens-qstream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fresh(name: string, rows: number): string {
  const path = join(dir, name);
  const db = openForWrite(path);
  const put = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
  db.transaction(() => {
    for (let i = 0; i < rows; i++) put.run(`k${String(i).padStart(4, '0')}`, i % 3 === 0 ? '' : `v,"${i}"\n`);
  })();
  db.close();
  return path;
}

/** What `query` prints for this SQL with chunks of `chunk` rows, and how many chunks it took. */
async function printed(path: string, sql: string, format: QueryFormat, chunk: number): Promise<{ text: string; chunks: number }> {
  let text = '';
  let chunks = 0;
  let r: ReturnType<typeof queryRenderer> | null = null;
  const total = await streamQuery(path, sql, (columns, rows) => {
    r ??= queryRenderer(format, columns);
    text += r.chunk(rows);
    chunks++;
    return true;
  }, chunk);
  return { text: text + r!.end(total), chunks };
}

const SQL = "SELECT key, value, length(value) AS n, NULL AS missing, 9007199254740993 AS big FROM meta WHERE key LIKE 'k%' ORDER BY key";

describe('query output in chunks', () => {
  const path = fresh('q.db', 25);

  test.each(['csv', 'json', 'table'] as const)('%s: chunks of 1, 7 and 1000 rows print the same text', async (format) => {
    const whole = await printed(path, SQL, format, 1000);
    expect(whole.chunks).toBe(1);
    for (const size of [1, 7]) {
      const got = await printed(path, SQL, format, size);
      expect(got.chunks).toBeGreaterThan(1);
      if (format === 'table') {
        // widths come from the first chunk: the same rows, cut where a later cell is wider
        expect(got.text.split('\n').length).toBe(whole.text.split('\n').length);
        expect(got.text.split('\n').at(-2)).toBe('(25 rows)');
      } else {
        expect(got.text).toBe(whole.text);
      }
    }
    if (format === 'json') expect((JSON.parse(whole.text) as unknown[]).length).toBe(25);
  });

  test('a result with no rows still prints its header', async () => {
    const none = "SELECT key, value FROM meta WHERE key = 'absent'";
    expect((await printed(path, none, 'csv', 7)).text).toBe('key,value\r\n');
    expect((await printed(path, none, 'json', 7)).text).toBe('[]\n');
    expect((await printed(path, none, 'table', 7)).text).toBe('key  value\n---  -----\n(0 rows)\n');
  });

  test('the whole-result renderer and the chunked one agree (table: while the first chunk sets the widths)', async () => {
    const rows = [[1n, 'a'], [null, '']];
    for (const f of ['csv', 'json'] as const) {
      const r = queryRenderer(f, ['x', 'y']);
      expect(r.chunk(rows.slice(0, 1)) + r.chunk(rows.slice(1)) + r.end(2)).toBe(renderQuery(f, ['x', 'y'], rows));
    }
    expect(renderQuery('table', ['x', 'y'], rows)).toBe('x  y\n-  --\n1  a\n   ""\n(2 rows)\n');
    const t = queryRenderer('table', ['x', 'y']);
    // a later, wider cell is cut to the first chunk's width, as one past 80 is
    expect(t.chunk(rows.slice(0, 1)) + t.chunk(rows.slice(1)) + t.end(2)).toBe('x  y\n-  -\n1  a\n   ~\n(2 rows)\n');
  });

  test('a database that changes while rows are being handed on fails the query (it cannot be read again)', async () => {
    const p = fresh('changing.db', 20);
    let calls = 0;
    const run = streamQuery(p, "SELECT key FROM meta WHERE key LIKE 'k%'", () => {
      if (calls++ === 0) {
        growDatabase(p);
      }
      return true;
    }, 5);
    await expect(run).rejects.toThrow(StoreError);
    await expect(run).rejects.toThrow(/incomplete/);
  });

  test('a read that handed nothing on yet is read again when the database changed under it', async () => {
    const p = fresh('again.db', 4);
    let calls = 0;
    const got = await readDatabaseAsync(p, async (db) => {
      const seen = Number(db.prepare('SELECT count(*) FROM meta').pluck().get());
      if (calls++ === 0) {
        growDatabase(p);
      }
      return seen;
    });
    expect([calls, got]).toEqual([2, 2004]);
  });
});

describe('query through the binary', () => {
  test('stops reading when the output goes away (| head): exit 0, without reading the rest', () => {
    const p = fresh('cli.db', 1);
    // ten million generated rows: read to the end, they would take minutes and gigabytes
    const sql = 'WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < 10000000) SELECT i, printf(\'%080d\', i) AS pad FROM k';
    const r = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${BIN}" query --db "${p}" --format csv "${sql}" | head -3`], { encoding: 'utf8' });
    expect(r.stdout).toBe('i,pad\r\n1,' + '1'.padStart(80, '0') + '\r\n2,' + '2'.padStart(80, '0') + '\r\n');
    expect(r.status).toBe(0);
  }, 60_000);
});

describe('query --format json with columns of one name', () => {
  test('every column keeps its value: a name taken before gets _2, _3', () => {
    const out = JSON.parse(renderQuery('json', ['id', 'id', 'id_2', 'host', 'id'], [[1, 8, 9, 'mx', 10]]));
    expect(out).toEqual([{ id: 1, id_2: 8, id_2_2: 9, host: 'mx', id_3: 10 }]);
  });
});
