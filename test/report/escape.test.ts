import { afterAll, describe, expect, test } from 'vitest';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { analyse } from '../../src/app/analyse.js';
import { buildReport } from '../../src/app/report.js';
import { renderText } from '../../src/report/render/text.js';
import { renderHtml } from '../../src/report/render/html.js';
import { renderMarkdown } from '../../src/report/render/markdown.js';
import { mdCode, mdText } from '../../src/report/render/markdown-escape.js';
import { tempDir } from '../helpers.js';

// A client picks its HELO name and addresses: the report must not let them drive a terminal or a page.

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('log text is escaped on the way out', () => {
  const evil =
    'Nov 28 17:55:54 mx postfix/smtpd[4822]: NOQUEUE: reject: RCPT from unknown[127.0.0.23]: 550 5.1.1 <x\u001b[31m@lab.example>: Recipient address rejected: User unknown <script>alert(1)</script>; from=<a@b.test> to=<x\u001b[31m@lab.example> proto=ESMTP helo=<ev"il&\'x>';
  const db = join(tmp.dir, 'evil.db');
  // a second host, whose name (the syslog host field) is anything without a space: the HOSTS table shows it
  const hostile = 'Nov 28 17:55:56 <img\u001b[2J\u202esrc=x> postfix/smtpd[4823]: connect from unknown[127.0.0.9]';
  // a client names itself in a TLS failure, and the failure's detail is the library's words: the TLS section shows both
  const tls = 'Nov 28 17:55:57 mx postfix/smtpd[4824]: SSL_accept error from ev\u001b]0;t\u0007<u>[127.0.0.7]: lost \u202e<script>x</script>';

  // a sender picks the recipient domains it writes to: the table of domains shows them
  const domain = 'Nov 28 17:55:58 mx postfix/smtp[4825]: 4B1D3160291: to=<v@ev\u001b[31m<svg.test>, relay=none, delay=0.1, delays=0/0/0.1/0, dsn=4.4.1, status=deferred (connect to ev.test[192.0.2.8]:25: Connection refused)';

  // and the sender address it gives: the table of senders shows it
  const sender = [
    'Nov 28 17:55:59 mx postfix/smtpd[4826]: 5C1D3160292: client=unknown[127.0.0.9]',
    'Nov 28 17:55:59 mx postfix/qmgr[100]: 5C1D3160292: from=<ev\u001b[2J<embed@x.test>, size=100, nrcpt=1 (queue active)',
  ].join('\n');

  // and a recipient address it was delivered to: the table of recipients shows it
  const recipient = 'Nov 28 17:56:00 mx postfix/local[4827]: 5C1D3160292: to=<r\u001b]0;t\u0007<object@lab.example>, relay=local, delay=0.1, delays=0/0/0/0.1, dsn=2.0.0, status=sent (delivered to mailbox)';

  test('text, html and markdown', async () => {
    await analyse({ db, inputs: ['-'], stdin: Readable.from([Buffer.from(`${evil}\nNov 28 17:55:55 mx postfix/smtpd[4822]: \u001b]0;pwned\u0007 odd\n${hostile}\n${tls}\n${domain}\n${sender}\n${recipient}\n`)]), now: () => 0, year: 2026 });
    const report = buildReport({ db, window: { from: null, to: null }, top: 10, now: () => 0 });
    expect(report.rejections).toHaveLength(1);
    expect(report.hosts).toHaveLength(2);
    expect(report.tls).toHaveLength(1);
    expect(report.tls![0]!.top_peers[0]!.value).toContain('<u>');
    expect(report.domains!.map((d) => d.domain)).toEqual(['ev\u001b[31m<svg.test', 'lab.example']);
    expect(report.senders!.map((x) => x.sender)).toEqual(['ev\u001b[2J<embed@x.test']);
    expect(report.recipients!.map((x) => x.recipient)).toEqual(['r\u001b]0;t\u0007<object@lab.example']);
    const text = renderText(report);
    expect(text).not.toMatch(/[\u001b\u0007]/);
    expect(text).toContain('\\x1b');
    expect(text).toContain('HOSTS');
    expect(text).not.toContain('\u202e');
    const html = renderHtml(report);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('<h2>Hosts</h2>');
    expect(html).not.toContain('<u>');
    expect(html).toContain('&lt;u&gt;');
    const md = renderMarkdown(report);
    expect(md).not.toMatch(/[\u001b\u0007\u202e]/);
    expect(md).not.toContain('<img');
    // the domain in its table (a log line in a code span shows it as logged: code spans render no markup)
    expect(html).not.toContain('<svg');
    expect(html).not.toContain('<embed');
    expect(md).not.toContain('<embed');
    expect(html).not.toContain('<object');
    expect(md).not.toContain('<object');
    expect(text).toContain('r\\x1b]0;t\\x07<object@lab.example');
    expect(md).toContain('| ev\\\\x1b\\[31m&lt;svg.test |');
    expect(text).toContain('ev\\x1b[31m<svg.test');
  });
});

// What a CommonMark renderer makes of escaped text and of a code span: enough of the spec to
// check that the reader sees the log's own characters (the same strings were checked by
// hand through pandoc's markdown, gfm and commonmark_x readers, marked and markdown-it).
const unescapeText = (md: string): string =>
  md.replace(/\\([!-/:-@[-`{-~])/g, '$1').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
function codeSpanContent(md: string): string {
  const fence = /^`+/.exec(md)![0];
  expect(md.endsWith(fence)).toBe(true);
  const inner = md.slice(fence.length, md.length - fence.length);
  // the fence must not occur inside, or the span would close early
  for (const run of inner.match(/`+/g) ?? []) expect(run.length).not.toBe(fence.length);
  return inner.startsWith(' ') && inner.endsWith(' ') && inner.trim() !== '' ? inner.slice(1, -1) : inner;
}

describe('Markdown shows log text exactly as the log has it', () => {
  const hostile = [
    'a|b `rm -rf` *bold* _u_ [l](http://e) back\\slash <script>alert(1)</script>',
    '`starts with a backtick', 'ends with two ``', 'x\\|y \\`z \\*', "it's \"quoted\" -- dash... $x$ ^s^ ~t~ {.c} &amp;",
  ];
  for (const s of hostile) {
    test(`text and table cells: ${s}`, () => {
      const md = mdText(s);
      expect(unescapeText(md)).toBe(s);
      // nothing a renderer acts on is left bare: no emphasis, code, link, pipe, HTML or entity
      expect(md.replace(/\\[!-/:-@[-`{-~]/g, '')).not.toMatch(/[*_`[\]|<>\\$^~{}"']|&(?!lt;|gt;|amp;)/);
    });
    test(`code spans: ${s}`, () => {
      expect(codeSpanContent(mdCode(s))).toBe(s);
    });
  }

  test('the report: example line verbatim, reason and fix escaped, no HTML', async () => {
    const line =
      'Nov 28 17:59:38 vm postfix/smtpd[7163]: NOQUEUE: reject: RCPT from unknown[127.0.0.23]: 550 5.7.1 <x@lab.example>: Recipient address rejected: a|b `rm -rf` *bold* _u_ back\\slash <script>x</script>; from=<a@b.test> to=<x@lab.example> proto=ESMTP helo=<h|`x`>';
    const mdDb = join(tmp.dir, 'md.db');
    await analyse({ db: mdDb, inputs: ['-'], stdin: Readable.from([Buffer.from(`${line}\n`)]), now: () => 0, year: 2026 });
    const md = renderMarkdown(buildReport({ db: mdDb, window: { from: null, to: null }, top: 10, now: () => 0 }));
    const example = md.split('\n').find((l) => l.trimStart().startsWith('``'))!;
    expect(codeSpanContent(example.trim())).toBe(line);
    const row = md.split('\n').find((l) => l.startsWith('| 550 '))!;
    expect(row).toContain(' a\\|b \\`rm -rf\\` \\*bold\\* \\_u\\_ back\\\\slash &lt;script&gt;x&lt;/script&gt;');
    expect(md.split('\n').find((l) => l.startsWith('- **550 5.7.1 '))).toContain('**550 5.7.1 &lt;ADDR&gt;: Recipient address rejected: a\\|b \\`rm');
    expect(md.replace(/^ *`+.*$/gm, '')).not.toMatch(/<script|<x@/);
  });
});

describe('bidi marks and line separators', () => {
  test('LRM, RLM, ALM and U+2028/U+2029 reach a terminal as \\uNNNN, which cannot be read as \\xNN and two letters', async () => {
    const { termSafe } = await import('../../src/report/render/escape.js');
    expect(termSafe('a\u200eb\u200fc\u061cd\u2028e\u2029f\u202eg\u001bh')).toBe('a\\u200eb\\u200fc\\u061cd\\u2028e\\u2029f\\u202eg\\x1bh');
  });
});

describe('CSV fields', () => {
  test('controls and bidi characters are written \\xNN, or \\uNNNN above one byte', async () => {
    const { csvField } = await import('../../src/report/render/csv.js');
    expect(csvField('a\u202eb\u200ec\u0007d')).toBe('a\\u202eb\\u200ec\\x07d');
  });

  test('a lone CR, which would send a printed CSV\'s cursor back over its line, is written \\x0d; a newline stays, quoted', async () => {
    const { csvField } = await import('../../src/report/render/csv.js');
    expect(csvField('safe text\rEVIL')).toBe('safe text\\x0dEVIL');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
  });

  test('text a spreadsheet would run as a formula gets a quote before it; numbers and other text do not', async () => {
    const { csvField } = await import('../../src/report/render/csv.js');
    expect(csvField('=HYPERLINK("http://evil.example/x","Click")')).toBe(`"'=HYPERLINK(""http://evil.example/x"",""Click"")"`);
    expect(csvField('+N*cmd|calc')).toBe("'+N*cmd|calc");
    expect(csvField('-N+N')).toBe("'-N+N");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\tx')).toBe("'\tx");
    expect(csvField(-5)).toBe('-5');
    expect(csvField('550 5.1.1 user unknown')).toBe('550 5.1.1 user unknown');
  });
});
