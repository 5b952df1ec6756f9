import { describe, expect, test } from 'vitest';
import { remedyId, findRemedy } from '../../src/remedy/index.js';
import { textCases } from './text-cases.js';

describe('a real reply text picks its entry', () => {
  for (const c of textCases) {
    test(`${c.id} <- ${c.code ?? '-'} ${c.enhanced ?? '-'} ${c.text.slice(0, 70)}`, () => {
      expect(remedyId(c)).toBe(c.id);
      expect(findRemedy(c).id).toBe(c.id);
    });
  }
});

describe('direction picks the fix for the reader', () => {
  const base = { code: 554, enhanced: '5.7.1', text: '<victim@remote.example>: Relay access denied' };
  test('inbound: the receiving admin adjusts the restriction', () => {
    expect(findRemedy({ ...base, direction: 'inbound' }).fix).toMatch(/Your server refused to relay/);
  });
  test('outbound: the sender checks where it sends', () => {
    expect(findRemedy({ ...base, direction: 'outbound' }).fix).toMatch(/will not relay for you/);
  });
  test('a stall kind wins over any text', () => {
    expect(remedyId({ code: 550, enhanced: '5.1.1', text: 'User unknown', stallKind: 'inbound.lost-after-data' })).toBe('stall.inbound.lost-after-data');
  });
});
