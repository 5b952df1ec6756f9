import { afterAll, describe, expect, test } from 'vitest';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { analyse } from '../../src/app/analyse.js';
import { buildReport } from '../../src/app/report.js';
import { renderText } from '../../src/report/render/text.js';
import { renderHtml } from '../../src/report/render/html.js';
import { renderMarkdown } from '../../src/report/render/markdown.js';
import { tempDir } from '../helpers.js';

// An Exim message frozen and never thawed, or a Postfix message on hold, waits for the administrator:
// the incomplete list says so and what to do. Lines from the lab runs, cut to one message.

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const received = '2026-11-28 18:13:32 1xXMvU-0004Cg-0L <= j.smith@partner.test H=(client.lab.test) [127.0.0.32] P=esmtp S=445 id=20261128181332.016161@vm for heidi@lab.example';
const frozen = '2026-11-28 18:13:32 1xXMvU-0004Cg-0L frozen by ACL';
const skipped = '2026-11-28 18:13:40 1xXMvU-0004Cg-0L Message is frozen';
const thawed = '2026-11-28 18:14:22 1xXMvU-0004Cg-0L Unfrozen by root';

async function reportOf(name: string, lines: string[]) {
  const db = join(tmp.dir, `${name}.db`);
  await analyse({ db, inputs: ['-'], stdin: Readable.from([Buffer.from(`${lines.join('\n')}\n`)]), now: () => 0, year: 2026 });
  return buildReport({ db, window: { from: null, to: null }, top: 10, now: () => 0 });
}

describe('frozen Exim and held Postfix messages in the report', () => {
  test('frozen and still in the queue: marked in every format, with what to do', async () => {
    const r = await reportOf('frozen', [received, frozen, skipped, skipped]);
    expect(r.incomplete).toMatchObject({ count: 1, frozen: 1 });
    expect(r.incomplete!.examples[0]).toMatchObject({ queue_id: '1xXMvU-0004Cg-0L', frozen: true });
    expect(renderText(r)).toMatch(/1xXMvU-0004Cg-0L .* from <j\.smith@partner\.test> {2}frozen\n/);
    for (const out of [renderText(r), renderMarkdown(r), renderHtml(r)]) expect(out).toContain('exim -Mt ID');
    expect(renderMarkdown(r)).toContain('`1xXMvU-0004Cg-0L` frozen |');
  });

  test('thawed since: incomplete, but not frozen, and no note', async () => {
    const r = await reportOf('thawed', [received, frozen, thawed]);
    expect(r.incomplete).toMatchObject({ count: 1, frozen: 0 });
    expect(r.incomplete!.examples[0]!.frozen).toBeUndefined();
    expect(renderText(r)).not.toContain('exim -Mt ID');
  });

  test('Postfix mail on the hold queue is counted apart from the incomplete, with what to do, even when nothing is incomplete', async () => {
    // fixtures/lab2/lab2-postfix.log: queued, then put on hold by postsuper -h
    const r = await reportOf('held', [
      'Nov 29 06:58:25 mx postfix/qmgr[7231]: E42E01621E4: from=<heidi@lab.example>, size=447, nrcpt=1 (queue active)',
      'Nov 29 06:58:31 mx postfix/postsuper[7506]: E42E01621E4: placed on hold',
    ]);
    expect(r.incomplete).toMatchObject({ count: 0, held: 1 });
    for (const out of [renderText(r), renderMarkdown(r), renderHtml(r)]) expect(out).toMatch(/1 message on Postfix(?:'|&#39;)s hold queue \(not counted as incomplete/);
    expect(renderText(buildReport({ db: join(tmp.dir, 'frozen.db'), window: { from: null, to: null }, top: 10, now: () => 0 }))).not.toContain('hold queue');
  });
});
