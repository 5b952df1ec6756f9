import { describe, expect, test } from 'vitest';
import { fileCoverage, fixtureFiles } from '../../scripts/remedy-coverage.js';
import { vi } from '../../src/remedy/i18n/index.js';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { byId, findRemedy } from '../../src/remedy/index.js';
import { LineParser } from '../../src/parse/index.js';
import { queryOf } from '../../scripts/remedy-coverage.js';
import { ROOT } from '../helpers.js';

// What the reports will show for the lab and corpus logs: nearly every grouped line must get a
// specific remedy (not a class.* fallback), and every entry they show must read in Vietnamese.
describe('remedies for the fixture logs', () => {
  const all = fixtureFiles(ROOT).map(fileCoverage);
  const grouped = all.reduce((n, c) => n + c.grouped, 0);
  const specific = all.reduce((n, c) => n + c.specific, 0);

  test('at least 95% of grouped lines get a specific entry', () => {
    expect(grouped).toBeGreaterThan(1000);
    expect(specific / grouped).toBeGreaterThanOrEqual(0.95);
  });
  test('every lab file reaches 95% on its own', () => {
    for (const c of all.filter((x) => x.file.includes('/lab/') && x.grouped > 0)) {
      expect(c.specific / c.grouped, c.file).toBeGreaterThanOrEqual(0.95);
    }
  });
  test('every entry the fixture reports show has a Vietnamese text', () => {
    const shown = new Set(all.flatMap((c) => [...c.ids.keys()]));
    expect([...shown].filter((id) => !vi[id]).sort()).toEqual([]);
  });
  test('an entry the Exim logs show gives the Exim knob wherever it names a Postfix one', () => {
    const POSTFIX = /Postfix|smtpd_|reject_\w+|check_\w+_access|postmap|postscreen|mynetworks|_maps\b|queue_minfree|milter_default/;
    // by the path inside the project: the project's own directory may have "exim" in its name
    const shownForExim = new Set(all.filter((c) => relative(ROOT, c.file).includes('exim')).flatMap((c) => [...c.ids.keys()]));
    const postfixOnly = [...shownForExim].filter((id) => {
      const e = byId.get(id)!;
      return [e.fix, e.fixInbound, e.fixOutbound].some((t) => t !== undefined && POSTFIX.test(t) && !/exim/i.test(t));
    });
    expect(postfixOnly.sort()).toEqual([]);
  });
  test('on the lab logs, a refusal by our own server never gets advice for the sending side only', () => {
    const SENDER = /Sending side|outbound port 25|Your queue|your queue/;
    const RECEIVER = /Receiving side|receiving admin|Receiving admin|Your server|your server/;
    const wrong = new Set<string>();
    for (const file of all.map((c) => c.file).filter((f) => f.includes('/lab/'))) {
      const parser = new LineParser({ year: 2026 });
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        const out = line === '' ? null : parser.parse(line);
        const q = out?.type === 'event' ? queryOf(out.event) : null;
        if (!q || q.direction !== 'inbound') continue;
        const v = findRemedy(q);
        if (SENDER.test(v.fix) && !RECEIVER.test(v.fix)) wrong.add(`${v.id}: ${q.code} ${q.enhanced} ${q.text.slice(0, 60)}`);
      }
    }
    expect([...wrong]).toEqual([]);
  });
});

