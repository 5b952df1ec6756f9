import { afterAll, describe, expect, test } from 'vitest';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { analyse } from '../../src/app/analyse.js';
import { buildReport } from '../../src/app/report.js';
import { renderText } from '../../src/report/render/text.js';
import { renderHtml } from '../../src/report/render/html.js';
import { renderMarkdown } from '../../src/report/render/markdown.js';
import { tempDir } from '../helpers.js';

// A client picks its HELO name and addresses: the report must not let them drive a terminal or a page.

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('log text is escaped on the way out', () => {
  const evil =
    'Nov 28 17:55:54 mx postfix/smtpd[4822]: NOQUEUE: reject: RCPT from unknown[127.0.0.23]: 550 5.1.1 <x\u001b[31m@lab.example>: Recipient address rejected: User unknown <script>alert(1)</script>; from=<a@b.test> to=<x\u001b[31m@lab.example> proto=ESMTP helo=<ev"il&\'x>';
  const db = join(tmp.dir, 'evil.db');

  test('text, html and markdown', async () => {
    await analyse({ db, inputs: ['-'], stdin: Readable.from([Buffer.from(`${evil}\nNov 28 17:55:55 mx postfix/smtpd[4822]: \u001b]0;pwned\u0007 odd\n`)]), now: () => 0, year: 2026 });
    const report = buildReport({ db, window: { from: null, to: null }, top: 10, now: () => 0 });
    expect(report.rejections).toHaveLength(1);
    const text = renderText(report);
    expect(text).not.toMatch(/[\u001b\u0007]/);
    expect(text).toContain('\\x1b');
    const html = renderHtml(report);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;');
    expect(renderMarkdown(report)).not.toMatch(/[\u001b\u0007]/);
  });
});
