// Share of grouped lines (4xx/5xx replies, deferrals/bounces, stalls) that get a specific remedy
// rather than a class.* fallback, per fixture file. Run: npm run build && node dist/scripts/remedy-coverage.js
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LineParser } from '../src/parse/index.js';
import type { MailEvent } from '../src/model/types.js';
import { remedyId, type RemedyQuery } from '../src/remedy/index.js';

/**
 * The query the report makes for the group an event falls in, or null when the report does not
 * group it: rejections (kind reject), deferrals and bounces (deliveries), and stalls.
 */
export function queryOf(ev: MailEvent): RemedyQuery | null {
  const r = ev.reply;
  if (ev.stallKind && ev.kind !== 'delivery') {
    return { code: null, enhanced: null, text: '', stallKind: ev.stallKind, direction: ev.stallKind.startsWith('in') ? 'inbound' : 'outbound' };
  }
  if (ev.kind === 'reject' && r) {
    return { code: r.code, enhanced: r.enhanced, text: r.text, stage: r.stage, direction: r.direction };
  }
  if (ev.kind === 'delivery' && (ev.status === 'deferred' || ev.status === 'bounced')) {
    return { code: r?.code ?? null, enhanced: r?.enhanced ?? ev.dsn ?? null, text: r?.text ?? ev.detail ?? '', stage: r?.stage, direction: ev.localAgent ? 'local' : 'outbound', status: ev.status };
  }
  return null;
}

const mask = (s: string): string =>
  s.replace(/<[^>]*>/g, '<>').replace(/\[[^\]]*\]/g, '[]').replace(/\d+/g, 'N').slice(0, 110);

export interface FileCoverage {
  file: string;
  grouped: number;
  specific: number;
  /** winning id -> lines */
  ids: Map<string, number>;
  /** masked "id code enhanced text" of class.* answers -> lines */
  unmatched: Map<string, number>;
}

export const FIXTURE_DIRS = ['fixtures/lab', 'fixtures/lab2', 'fixtures/corpus/postfix', 'fixtures/corpus/exim'];

/** Runs every line of one file through the parser and the catalogue, as the report would group it. */
export function fileCoverage(file: string): FileCoverage {
  const parser = new LineParser({ year: 2026 });
  const r: FileCoverage = { file, grouped: 0, specific: 0, ids: new Map(), unmatched: new Map() };
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line === '') continue;
    const out = parser.parse(line);
    if (out.type !== 'event') continue;
    const q = queryOf(out.event);
    if (!q) continue;
    r.grouped++;
    const id = remedyId(q);
    r.ids.set(id, (r.ids.get(id) ?? 0) + 1);
    if (!id.startsWith('class.')) r.specific++;
    else {
      const k = `${id} ${q.code ?? '-'} ${q.enhanced ?? '-'} ${mask(q.text)}`;
      r.unmatched.set(k, (r.unmatched.get(k) ?? 0) + 1);
    }
  }
  return r;
}

export function fixtureFiles(root = '.'): string[] {
  return FIXTURE_DIRS.flatMap((d) => readdirSync(join(root, d)).filter((f) => f.endsWith('.log')).map((f) => join(root, d, f)));
}

function main(): void {
  let total = 0;
  let specific = 0;
  const unmatched = new Map<string, number>();
  for (const file of fixtureFiles()) {
    const c = fileCoverage(file);
    total += c.grouped;
    specific += c.specific;
    for (const [k, n] of c.unmatched) unmatched.set(k, (unmatched.get(k) ?? 0) + n);
    if (c.grouped > 0) console.log(`${file}\t${c.specific}/${c.grouped}\t${((100 * c.specific) / c.grouped).toFixed(1)}%`);
  }
  console.log(`overall\t${specific}/${total}\t${total ? ((100 * specific) / total).toFixed(1) : '-'}%`);
  console.log('\ntop unmatched:');
  for (const [k, c] of [...unmatched].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${c}\t${k}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
