import { describe, expect, test } from 'vitest';
import { findRemedy } from '../../src/remedy/index.js';

// A recipient our own configuration failed (an Exim router's :fail:, Postfix error(8)) carries a
// text the administrator wrote: no text pattern can know it, the direction does.

describe('our own refusals', () => {
  // fixtures/lab/exim-mainlog.log: "** gone@lab.example R=system_aliases: User has left the company"
  const left = { code: null, enhanced: null, text: 'User has left the company', status: 'bounced' as const };

  test('a local refusal with no code gets the own-configuration entry, not the class fallback', () => {
    expect(findRemedy({ ...left, direction: 'local' }).id).toBe('local.own-decision');
    expect(findRemedy({ ...left, direction: 'outbound' }).id).toBe('class.5xx');
  });

  test('a more specific entry still wins for a local refusal', () => {
    // fixtures/lab/postfix-maillog_file.log: error(8) for a relocated_maps entry
    const moved = findRemedy({ code: null, enhanced: '5.1.6', text: 'User has moved to ADDR', direction: 'local', status: 'bounced' });
    expect(moved.id).toBe('text.postfix.moved');
    expect(moved.fix).toMatch(/^Your server/);
  });
});
