import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ROOT } from '../helpers.js';
import { eximstatsView } from '../../scripts/eximstats-reads.js';

// Which lines eximstats reads decides which rejections it counts: the comparison explains a gap
// by the lines it skips, so the rule must be eximstats's own, case by case.

const line = (file: string, n: number) => readFileSync(join(ROOT, 'fixtures', file), 'utf8').split('\n')[n - 1]!;

describe('eximstatsView', () => {
  test("a line of Exim's own file is read as it is", () => {
    const l = line('lab/exim-mainlog.log', 1);
    expect(eximstatsView(l)).toEqual({ read: true, text: l });
  });

  test('a syslog prefix whose tag is the word exim is cut off when Exim\'s stamp follows', () => {
    const l = line('exim-syslog/exim-syslog.log', 51);
    expect(l.startsWith('Nov 29 21:36:24 vm exim[14488]: 2026-11-29 21:36:24 1xXmZL-0003lg-2s rejected')).toBe(true);
    expect(eximstatsView(l)).toEqual({ read: true, text: l.slice('Nov 29 21:36:24 vm exim[14488]: '.length) });
    // a host name before the tag does not matter, nor a missing syslog time
    const bare = line('corpus/exim/fail2ban-exim.log', 15);
    expect(bare.startsWith('mail.example.com exim[3751842]: 2021-07-17 23:20:49 ')).toBe(true);
    expect(eximstatsView(bare)).toMatchObject({ read: true, text: expect.stringMatching(/^2021-07-17 23:20:49 plain_server/) });
  });

  test('an RFC 3339 syslog stamp starts with four digits: taken for Exim\'s stamp, not cut off, not read', () => {
    const l = line('exim-syslog/exim-syslog-rfc3339.log', 1);
    expect(l.startsWith('2026-11-29T21:36:18.708902+00:00 vm exim[14313]: 2026-11-29 21:36:18 ')).toBe(true);
    expect(eximstatsView(l)).toEqual({ read: false, why: 'digits-not-stamp' });
  });

  test('a syslog line without Exim\'s stamp after the tag, or a "[1/3]" part of a split one, is not read', () => {
    expect(eximstatsView(line('corpus/exim/crowdsec-hub-exim.log', 31))).toEqual({ read: false, why: 'no-stamp-after-tag' });
    const part = line('exim-syslog/exim-syslog.log', 52);
    expect(part.startsWith('Nov 29 21:36:24 vm exim[14488]: [1\\8] 2026-11-29 21:36:24 ')).toBe(true);
    expect(eximstatsView(part)).toEqual({ read: false, why: 'no-stamp-after-tag' });
  });

  test('the tag must be the word exim after a space: "[exim]" and "exim4[...]" are not it', () => {
    expect(eximstatsView(line('corpus/exim/sshguard-exim.log', 3))).toEqual({ read: false, why: 'no-exim-tag' });
    const l = line('exim-syslog/exim-syslog.log', 51);
    expect(eximstatsView(l.replace(' exim[', ' exim4['))).toEqual({ read: false, why: 'no-exim-tag' });
    // a later " exim" word is the tag then: the prefix is cut up to the first ": " after it
    expect(eximstatsView(l.replace(' exim[14488]', ' exim4[14488] exim'))).toMatchObject({ read: true });
  });

  test('a line shorter than 38 bytes with its newline is not read, longer with a zone offset', () => {
    const stamp = '2026-11-29 21:36:24 ';
    expect(eximstatsView(stamp + 'x'.repeat(17))).toMatchObject({ read: true });
    expect(eximstatsView(stamp + 'x'.repeat(16))).toEqual({ read: false, why: 'too-short' });
    // no newline after the file's last line: one byte less
    expect(eximstatsView(stamp + 'x'.repeat(17), false)).toEqual({ read: false, why: 'too-short' });
    expect(eximstatsView('2026-11-29 21:36:24 +0100 ' + 'x'.repeat(17))).toMatchObject({ read: true });
    expect(eximstatsView('2026-11-29 21:36:24 +0100 ' + 'x'.repeat(16))).toEqual({ read: false, why: 'too-short' });
  });
});
