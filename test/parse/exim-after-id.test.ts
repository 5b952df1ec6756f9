import { describe, expect, test } from 'vitest';
import { eximRows, eximTable } from '../../src/parse/exim/index.js';
import { afterIdShortcut, COMPLETED, DELIVERY, RECEIVED } from '../../src/parse/exim/after-id.js';
import { afterId } from '../../src/parse/exim/dispatch.js';
import { fixtureMessages, form, plain, rec } from './exim-plain-rule.js';

// The commonest lines after a message id skip the dispatch and the patterns (after-id.ts).
// These tests hold the whole match, shortcut included, to the plain rule (exim-plain-rule.ts).

const ID16 = '1xXMus-00043V-1M';
const ID23 = '10HmaX-000000005vi-0000';

/** lines at the edges of what the shortcut takes */
const edges = [ID16, ID23].flatMap((id) => [
  `${id} <= a@b.example`, `${id} <= a@b.example H=[192.0.2.1] P=esmtp S=12`, `${id} <= <> R=${ID16} U=Debian-exim P=local S=2909`,
  `${id} (= a@b.example P=local`, `${id} <=  a@b.example`, `${id} <= `, `${id} <=`, `${id} <= a@b\tH=x`, `${id} <= a\u00a0b S=1`,
  `${id} <= a@b.example `, `${id} <= a\u0001b S=1`, `${id} <= a@b\u2028x`, `${id} <=x`, `${id} =<`,
  `${id} => x@y.example R=r T=t`, `${id} -> x@y.example`, `${id} >> x`, `${id} *> x`, `${id} == x defer (-44): no`, `${id} ** x: gone`,
  `${id} => `, `${id} =>`, `${id} =>x`, `${id} ==\tx`, `${id} *= x`, `${id} => x\ny`,
  `${id} Completed`, `${id} Completed QT=1s`, `${id} Completed `, `${id} Completedx`, `${id} completed`, `${id} Completed\n`,
]).concat([`${ID16}x <= a@b`, `1xXMus-00043V-1 <= a@b`, `${ID16.replace('-', '_')} => x`]);

describe('the shortcut for lines after a message id', () => {
  test('its rows are the first three of the table, so no other row comes before them', () => {
    expect(eximRows.slice(0, 3)).toEqual([RECEIVED, DELIVERY, COMPLETED]);
  });

  test('every fixture line and sample, and the edge cases, match as the plain rule says', () => {
    const messages = [...fixtureMessages(), ...edges.filter((m) => !m.includes('\n'))];
    expect(messages.length).toBeGreaterThan(300);
    const differ = messages.filter((m) => form(eximTable.match(rec(m))) !== form(plain(m)));
    expect(differ).toEqual([]);
  });

  test('it takes the common shapes and leaves the odd ones to the patterns', () => {
    const taken = (m: string): string | null => afterIdShortcut(m, afterId(m), rec(m))?.pattern ?? null;
    expect(taken(`${ID16} <= a@b.example H=[192.0.2.1] P=esmtp S=12`)).toBe('exim.received');
    expect(taken(`${ID23} => x@y.example R=r T=t`)).toBe('exim.delivery');
    expect(taken(`${ID16} Completed`)).toBe('exim.completed');
    expect(taken(`${ID16} <= a@b\tH=x`)).toBeNull();
    expect(taken(`${ID16} <=  a@b.example`)).toBeNull();
    expect(taken(`${ID16} Completed QT=1s`)).toBeNull();
    expect(eximTable.match(rec(`${ID16} Completed QT=1s`))).toMatchObject({ pattern: 'exim.completed', delay: 1 });
  });
});
