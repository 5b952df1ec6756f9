import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, test } from 'vitest';
import { ROOT } from '../helpers.js';
import { migrate } from '../../src/store/migrate.js';

// The README's database section is what users write their SQL against: every table and view of a
// fresh database is in its tables, with every column a view has, and it names none that is gone.

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('\n## The database'), readme.indexOf('\n## Run it from cron'));
// first cell of each table row: `name`, or `a`, `b` for two names sharing a row
const documented = new Map<string, string>();
for (const row of section.split('\n').filter((l) => /^\| `/.test(l))) {
  const cells = row.split(' | ');
  for (const m of cells[0]!.matchAll(/`(\w+)`/g)) documented.set(m[1]!, row);
}

describe('README: the database', () => {
  const db = new Database(':memory:');
  migrate(db);
  const objects = db.prepare(`SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as Array<{ name: string; type: string }>;

  test('every table and view is documented, and every documented one exists', () => {
    expect(objects.map((o) => o.name).filter((n) => !documented.has(n))).toEqual([]);
    expect([...documented.keys()].filter((n) => !objects.some((o) => o.name === n))).toEqual([]);
  });

  test('a view row lists its columns', () => {
    for (const v of objects.filter((o) => o.type === 'view')) {
      const cols = (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(v.name) as Array<{ name: string }>).map((c) => c.name);
      const row = documented.get(v.name)!;
      expect({ view: v.name, missing: cols.filter((c) => !new RegExp(`\\b${c}\\b`).test(row.split(' | ').at(-1)!)) }).toEqual({ view: v.name, missing: [] });
    }
  });
});
