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
    return { code: r?.code ?? null, enhanced: r?.enhanced ?? ev.dsn ?? null, text: r?.text ?? ev.detail ?? '', stage: r?.stage, direction: 'outbound' };
  }
  return null;
}

const mask = (s: string): string =>
  s.replace(/<[^>]*>/g, '<>').replace(/\[[^\]]*\]/g, '[]').replace(/\d+/g, 'N').slice(0, 110);

function main(): void {
  const files = ['fixtures/lab', 'fixtures/corpus/postfix', 'fixtures/corpus/exim'].flatMap((d) =>
    readdirSync(d).filter((f) => f.endsWith('.log')).map((f) => join(d, f)),
  );
  let total = 0;
  let specific = 0;
  const unmatched = new Map<string, number>();
  for (const file of files) {
    const parser = new LineParser({ year: 2026 });
    let n = 0;
    let ok = 0;
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (line === '') continue;
      const out = parser.parse(line);
      if (out.type !== 'event') continue;
      const q = queryOf(out.event);
      if (!q) continue;
      n++;
      const id = remedyId(q);
      if (!id.startsWith('class.')) ok++;
      else {
        const k = `${id} ${q.code ?? '-'} ${q.enhanced ?? '-'} ${mask(q.text)}`;
        unmatched.set(k, (unmatched.get(k) ?? 0) + 1);
      }
    }
    total += n;
    specific += ok;
    if (n > 0) console.log(`${file}\t${ok}/${n}\t${((100 * ok) / n).toFixed(1)}%`);
  }
  console.log(`overall\t${specific}/${total}\t${total ? ((100 * specific) / total).toFixed(1) : '-'}%`);
  console.log('\ntop unmatched:');
  for (const [k, c] of [...unmatched].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${c}\t${k}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
