import { describe, expect, test } from 'vitest';
import { eximRows, eximTable } from '../../src/parse/exim/index.js';
import { afterId, buildDispatch, candidates, leadOf, worthTrying } from '../../src/parse/exim/dispatch.js';
import { leadingTexts, requiredText, trailingText } from '../../src/parse/regex-literals.js';
import { ID } from '../../src/parse/exim/fields.js';
import { fixtureMessages, rec } from './exim-plain-rule.js';
import type { PatternRow } from '../../src/parse/table.js';

// A line tries only the rows that can start the way it does. These tests hold that shortcut to
// the plain rule it replaces: the first row of the table whose pattern matches, tried in order.

/** The rule without any shortcut. */
function plainFirstRow(rows: readonly PatternRow[], message: string): string | null {
  return rows.find((r) => r.re.test(message))?.id ?? null;
}

describe('what a pattern promises about its text', () => {
  test('leading texts: literals, escapes, a group of alternatives, optional parts', () => {
    expect(leadingTexts('Completed(?: QT=(?<qt>\\S+))?$')).toEqual(['Completed']);
    expect(leadingTexts('SMTP protocol synchronization error \\((?<why>[^)]*)\\)')).toEqual(['SMTP protocol synchronization error (']);
    expect(leadingTexts('(?<flag>=>|->|\\*\\*) (?<rest>.*)$')).toEqual(['=>', '->', '**']);
    expect(leadingTexts('(?:(?<pre>.*?) )?rejected RCPT')).toEqual(['']);
    expect(leadingTexts('(?<what>Start|End) queue run')).toEqual(['Start', 'End']);
    expect(leadingTexts('(?:a|b?c)x')).toEqual(['']); // one alternative promises nothing
    expect(leadingTexts('abc?d')).toEqual(['ab']); // an optional character ends the promise
    expect(leadingTexts('ab+c')).toEqual(['ab']);
    expect(leadingTexts('a{0,2}b')).toEqual(['']);
    expect(leadingTexts('[Uu]nfrozen')).toEqual(['']);
    expect(leadingTexts('x|y')).toEqual(['']); // a top-level alternative
    expect(leadingTexts('(?=ab)abc')).toEqual(['']);
  });

  test('required and trailing texts', () => {
    expect(requiredText('(?:(?<pre>.*?) )?(?<temp>temporarily )?rejected RCPT <?(?<rcpt>[^>]*?)>?(?:: (?<text>.*))?$')).toBe('rejected RCPT ');
    expect(requiredText('SMTP connection from (?<p>\\S+) lost(?<rest>.*)$')).toBe(' lost'); // the leading run is left out
    expect(requiredText('(?:x)? abc|def')).toBe('');
    expect(requiredText('(?:ab)?cd?e')).toBe('e'); // of equal lengths, the later
    expect(requiredText('(?:Ci=(?<ci>\\S+) )?from (?<p>\\S+) lost(?<rest>.*)$')).toBe(' lost');
    expect(trailingText('SMTP connection from (?<p>\\S+) closed by QUIT$')).toBe(' closed by QUIT');
    expect(trailingText('a (?<n>\\d+)?$')).toBe('');
    expect(trailingText('ab\\$')).toBe(''); // an escaped dollar is a character, not the end
    expect(trailingText('a|b c$')).toBe('');
  });

  test('the message-id forms are read as the pattern reads them', () => {
    const re = new RegExp(`^${ID} `);
    const probes = [
      '1xXMus-00043V-1M Completed', '10HmaX-000000005vi-0000 Completed', '1xXMus-00043V-1M', '1xXMus-00043V-1MX x',
      '1xXMus_00043V-1M x', '10HmaX-000000005vi-000 x', 'SMTP connection from x', '1xXMus-00043V-1M\tx', '',
    ];
    for (const p of probes) expect(afterId(p) > 0, p).toBe(re.test(p));
  });
});

describe('the Exim dispatch picks the same row as trying every row in order', () => {
  const messages = fixtureMessages();

  test('every fixture line and sample', () => {
    expect(messages.length).toBeGreaterThan(300);
    const differ = messages.filter((m) => (eximTable.firstRow(rec(m))?.id ?? null) !== plainFirstRow(eximRows, m));
    expect(differ).toEqual([]);
  });

  test('the same lines with a message id put in front or taken away', () => {
    const ids = ['1xXMus-00043V-1M ', '10HmaX-000000005vi-0000 '];
    const variants = messages.flatMap((m) => {
      const at = afterId(m);
      return at > 0 ? [m.slice(at)] : ids.map((id) => id + m);
    });
    const differ = variants.filter((m) => !m.includes('\u0000') && !m.includes('\n') && (eximTable.firstRow(rec(m))?.id ?? null) !== plainFirstRow(eximRows, m));
    expect(differ).toEqual([]);
  });

  test('a line whose first word no row names still reaches the rows that may match anywhere', () => {
    expect(eximTable.firstRow(rec('H=[192.0.2.1] F=<a@b.example> frobnicate rejected RCPT <c@d.example>: no'))?.id).toBe('exim.reject.rcpt');
    expect(eximTable.firstRow(rec('1xXMus-00043V-1M zorkmid@x.example: error ignored'))?.id).toBe('exim.error-ignored');
    expect(eximTable.match(rec('a line no row knows'))).toBeNull();
  });

  test('a row added to the table is dispatched from its own pattern, with no hint written for it', () => {
    const added: PatternRow = {
      id: 'test.added', services: '*', re: new RegExp(`^(?<queueId>${ID}) Zapped by (?<who>\\S+)$`),
      build: (g) => ({ kind: 'info', pattern: 'test.added', mta: 'exim', queueId: g.queueId }), samples: [],
    };
    const generic: PatternRow = {
      id: 'test.generic', services: '*', re: /(?<word>\S+) zapped$/,
      build: () => ({ kind: 'info', pattern: 'test.generic', mta: 'exim' }), samples: [],
    };
    const rows = [...eximRows, added, generic];
    const d = buildDispatch(rows);
    const first = (m: string): string | null => {
      const at = afterId(m);
      return candidates(d, m, at).find((c) => worthTrying(d, c, m) && c.row.re.test(m))?.row.id ?? null;
    };
    expect(leadOf(added.re)).toMatchObject({ id: 'required', texts: ['Zapped by '] });
    for (const m of ['1xXMus-00043V-1M Zapped by root', '1xXMus-00043V-1M Completed', 'SMTP connection from [192.0.2.1] zapped', 'all zapped']) {
      expect(first(m), m).toBe(plainFirstRow(rows, m));
    }
    expect(first('1xXMus-00043V-1M Zapped by root')).toBe('test.added');
    expect(first('all zapped')).toBe('test.generic');
  });
});
