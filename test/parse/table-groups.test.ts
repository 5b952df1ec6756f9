import { describe, expect, test } from 'vitest';
import { groupsReader, plainGroups, type PatternRow } from '../../src/parse/table.js';
import { postfixRows } from '../../src/parse/postfix/index.js';
import { eximRows } from '../../src/parse/exim/index.js';
import { LineParser } from '../../src/parse/index.js';

// The tables run each row's pattern with its names made plain groups (table.ts plainGroups): the
// groups a build sees must be exactly those of the named pattern.
describe('plainGroups', () => {
  const cases: Array<[RegExp, string, Record<string, string | undefined>]> = [
    // an unnamed group before a named one shifts its number; a group that did not take part is there, undefined
    [/^(?:NOQUEUE|(?<q>[0-9A-F]+)): (a|b) (?<w>\w+)(?: (?<x>\d+))?$/, 'NOQUEUE: a word', { q: undefined, w: 'word', x: undefined }],
    // parentheses inside a class or escaped are no groups; lookbehinds are no groups
    [/^[(](?<a>[^)]*)\)\((?<=\()(?<b>.)\\$/, '(xy)(z\\', { a: 'xy', b: 'z' }],
    [/^(?<a>x)(?<!y)(?<b>y)?$/i, 'X', { a: 'X', b: undefined }],
  ];
  for (const [re, text, groups] of cases) {
    test(`${String(re)} on ${text}`, () => {
      const plain = plainGroups(re)!;
      expect(plain.re.source).not.toContain('?<a');
      expect(plain.re.flags).toBe(re.flags);
      expect({ ...re.exec(text)!.groups }).toEqual(groups);
      expect(plain.groups(plain.re.exec(text)!)).toEqual(groups);
    });
  }
  test('a pattern with a named back-reference or no names is left as it is', () => {
    expect(plainGroups(/^(?<a>x)\k<a>$/)).toBeNull();
    expect(plainGroups(/^(x)\1$/)).toBeNull();
  });
});

describe('every row reads the groups its named pattern gives, on each of its samples', () => {
  for (const row of [...postfixRows, ...eximRows] as PatternRow[]) {
    test(row.id, () => {
      const read = groupsReader(row);
      for (const sample of row.samples) {
        const out = new LineParser({ year: 2026 }).parse(sample);
        if (out.rec === null) continue;
        const m = row.re.exec(out.rec.message);
        const g = read(out.rec.message);
        if (m === null) expect(g).toBeNull();
        else expect(g).toEqual({ ...m.groups });
      }
    });
  }
});
