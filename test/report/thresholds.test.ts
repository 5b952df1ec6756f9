import { describe, expect, test } from 'vitest';
import { crossedRules, parseRule, RuleError } from '../../src/report/thresholds.js';
import type { Totals } from '../../src/report/types.js';

const totals: Totals = {
  lines: 1000, parsed: 990, unparsed: 10, foreign: 5, sessions: 200, messages: 150, received: 150, delivered: 120,
  deferred: 51, bounced: 10, expired: 0, rejected: { total: 130, '4xx': 20, '5xx': 110 }, stalled_354: 5,
};

describe('parse rules', () => {
  const good = [
    { text: 'rejected.5xx>100', metric: 'rejected.5xx', op: '>', value: 100 },
    { text: 'stalled_354 >= 5', metric: 'stalled_354', op: '>=', value: 5 },
    { text: 'bounced>=10', metric: 'bounced', op: '>=', value: 10 },
    { text: 'unparsed>0', metric: 'unparsed', op: '>', value: 0 },
    { text: 'Deferred>50', metric: 'deferred', op: '>', value: 50 },
    { text: 'rejected!=0', metric: 'rejected', op: '!=', value: 0 },
    { text: 'delivered<0.5', metric: 'delivered', op: '<', value: 0.5 },
  ];
  for (const c of good) test(c.text, () => expect(parseRule(c.text)).toMatchObject({ metric: c.metric, op: c.op, value: c.value }));

  const bad = [
    { text: 'rejected.6xx>1', why: /unknown metric/ },
    { text: 'rejected>', why: /expected <metric><op><number>/ },
    { text: '>5', why: /expected/ },
    { text: 'bounced=>3', why: /expected/ },
    { text: 'bounced>-3', why: /expected/ },
    { text: 'bounced>3x', why: /expected/ },
    { text: '', why: /expected/ },
    { text: 'rejections>1', why: /unknown metric 'rejections'/ },
  ];
  for (const c of bad) {
    test(`rejects '${c.text}'`, () => {
      expect(() => parseRule(c.text)).toThrow(RuleError);
      expect(() => parseRule(c.text)).toThrow(c.why);
    });
  }
});

describe('evaluate rules', () => {
  const cases = [
    { rule: 'rejected.5xx>100', crossed: true, actual: 110 },
    { rule: 'rejected.5xx>110', crossed: false },
    { rule: 'rejected.4xx<=20', crossed: true, actual: 20 },
    { rule: 'rejected.total==130', crossed: true, actual: 130 },
    { rule: 'rejected>130', crossed: false },
    { rule: 'stalled_354>5', crossed: false },
    { rule: 'stalled_354>=5', crossed: true, actual: 5 },
    { rule: 'bounced>=10', crossed: true, actual: 10 },
    { rule: 'unparsed>0', crossed: true, actual: 10 },
    { rule: 'deferred>50', crossed: true, actual: 51 },
    { rule: 'expired!=0', crossed: false },
    { rule: 'lines<1000', crossed: false },
  ];
  for (const c of cases) {
    test(`${c.rule} -> ${c.crossed}`, () => {
      const got = crossedRules({ totals }, [parseRule(c.rule)]);
      expect(got.length === 1).toBe(c.crossed);
      if (c.crossed) expect(got[0]!.actual).toBe(c.actual);
    });
  }
  test('only crossed rules come back, in order', () => {
    const rules = ['unparsed>0', 'expired>0', 'bounced>=10'].map(parseRule);
    expect(crossedRules({ totals }, rules).map((c) => c.rule.text)).toEqual(['unparsed>0', 'bounced>=10']);
  });
});
