import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { catalogue } from '../../src/remedy/catalogue.js';
import { vi } from '../../src/remedy/i18n/index.js';
import type { EntryText } from '../../src/remedy/types.js';
import { fixture } from '../helpers.js';

// The remedy text tells administrators which setting to change: every configuration name it
// mentions must exist in the real Postfix or Exim. The lists in fixtures/reference/ were printed by
// Postfix 3.7.11 and Exim 4.96 themselves (provenance in fixtures/README.md).

const lines = (f: string) => readFileSync(fixture(`reference/${f}`), 'utf8').split('\n').filter((l) => l !== '');

/** postconf -d: name -> default, with Postfix's stress-dependent form reduced to its normal value. */
const postfixDefaults = new Map(
  lines('postfix-3.7.11-postconf-d.txt').map((l) => {
    const at = l.indexOf(' = ');
    const name = at < 0 ? l.replace(/ =$/, '') : l.slice(0, at);
    const value = at < 0 ? '' : l.slice(at + 3).replace(/\$\{stress\?\{[^}]*\}:\{([^}]*)\}\}/, '$1');
    return [name, value] as const;
  }),
);
const postfixRestrictions = new Set(lines('postfix-3.7.11-restrictions.txt'));
const eximOptions = new Set([...lines('exim-4.96-main-options.txt'), ...lines('exim-4.96-smtp-transport-options.txt')]);

/** snake_case words the text uses that are no option of either MTA, each with what it is. */
const NOT_OPTIONS: Record<string, string> = {
  local_domains: 'Exim named domain list of the Debian configuration',
  relay_to_domains: 'Exim named domain list of the Debian configuration',
  relay_from_hosts: 'Exim named host list of the Debian configuration',
  reverse_host_lookup: 'Exim ACL verify = option',
  header_syntax: 'Exim ACL verify = option',
  sender_host_address: 'Exim expansion variable',
  exim_tidydb: 'Exim utility program',
  exim_fixdb: 'Exim utility program',
  local_scan: 'Exim compiled-in function',
  s_client: 'openssl subcommand',
  all_replies: 'mxlens query view',
  remedy_id: 'mxlens query column',
};

const isPostfix = (n: string) => postfixDefaults.has(n) || postfixRestrictions.has(n);
const known = (n: string) => isPostfix(n) || eximOptions.has(n) || n in NOT_OPTIONS;

const FIELDS = ['title', 'meaning', 'when', 'fix', 'fixInbound', 'fixOutbound'] as const;
const texts = (t: EntryText) => FIELDS.map((f) => t[f]).filter((s): s is string => typeof s === 'string');

/** Every text of the catalogue with where it comes from: English entries and their translations. */
const allTexts: { where: string; text: string }[] = [
  ...catalogue.flatMap((e) => texts(e).map((text) => ({ where: `${e.id} (en)`, text }))),
  ...Object.entries(vi).flatMap(([id, t]) => texts(t).map((text) => ({ where: `${id} (vi)`, text }))),
];

/** snake_case words of a text; "reject_unknown_*" gives the prefix with a trailing '*'. */
function configWords(text: string): string[] {
  return [...text.matchAll(/\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?:_\*)?/g)].map((m) => m[0]);
}

function unknownWords(text: string, isKnown: (n: string) => boolean, names: () => Iterable<string>): string[] {
  return configWords(text).filter((w) => {
    if (!w.endsWith('_*')) return !isKnown(w);
    const prefix = w.slice(0, -1);
    return ![...names()].some((n) => n.startsWith(prefix));
  });
}

const everyName = () => [...postfixDefaults.keys(), ...postfixRestrictions, ...eximOptions];

describe('configuration names in the remedy catalogue', () => {
  test('the reference lists are the real ones, not empty or cut short', () => {
    expect(postfixDefaults.get('mail_version')).toBe('3.7.11');
    expect(postfixDefaults.size).toBeGreaterThan(1000);
    expect(postfixRestrictions.has('reject_unauth_destination')).toBe(true);
    expect(eximOptions.has('acl_smtp_rcpt')).toBe(true);
    expect(eximOptions.has('hosts_require_tls')).toBe(true);
  });

  test('every snake_case name in the English and Vietnamese text is a real Postfix or Exim setting', () => {
    const bad = allTexts.flatMap(({ where, text }) => unknownWords(text, known, everyName).map((w) => `${where}: ${w}`));
    expect(bad).toEqual([]);
  });

  test('every "Postfix name" reference names a parameter or restriction that exists', () => {
    const bad: string[] = [];
    for (const e of catalogue) {
      for (const ref of e.refs) {
        const m = /^Postfix ([a-z][a-z0-9_]*)$/.exec(ref);
        if (m && !isPostfix(m[1]!)) bad.push(`${e.id}: ${ref}`);
      }
    }
    expect(bad).toEqual([]);
    // the pattern does reach the references: most entries cite Postfix names
    expect(catalogue.flatMap((e) => e.refs).filter((r) => /^Postfix [a-z][a-z0-9_]*$/.test(r)).length).toBeGreaterThan(50);
  });

  test('every snake_case name in an "Exim ..." reference is a real Exim option or a named part of its configuration', () => {
    const bad = catalogue.flatMap((e) =>
      e.refs.filter((r) => r.startsWith('Exim ')).flatMap((r) => configWords(r).filter((w) => !eximOptions.has(w) && !(w in NOT_OPTIONS)).map((w) => `${e.id}: ${w}`)),
    );
    expect(bad).toEqual([]);
  });

  test('a default the text quotes for a Postfix parameter is the default postconf -d prints', () => {
    const claims: string[] = [];
    const bad: string[] = [];
    for (const { where, text } of allTexts) {
      for (const m of text.matchAll(/\b([a-z][a-z0-9]*(?:_[a-z0-9]+)+)(?:,| \(Postfix,) (?:default|mặc định) ([0-9]+)(s\b| giây|[a-z]\b)?/g)) {
        const [, name, num, unit] = m as unknown as [string, string, string, string | undefined];
        const value = num + (unit === ' giây' ? 's' : (unit ?? ''));
        if (!postfixDefaults.has(name)) continue;
        claims.push(name);
        if (postfixDefaults.get(name) !== value) bad.push(`${where}: ${name} default ${value}, postconf -d says ${postfixDefaults.get(name)}`);
      }
    }
    expect(bad).toEqual([]);
    expect(new Set(claims)).toEqual(
      new Set(['smtpd_timeout', 'smtp_data_xfer_timeout', 'smtp_data_done_timeout', 'unknown_address_reject_code', 'unknown_hostname_reject_code', 'invalid_hostname_reject_code']),
    );
  });

  // reject_unknown_sender_domain / _recipient_domain / _helo_hostname answer 450 by default for a name that
  // does not exist: text that reads a 4xx as "the lookup failed for now" sends the reader after DNS trouble
  test('entries about the reject_unknown_* checks name the parameter that sets their code, in both languages', () => {
    const cases: [string, string][] = [
      ['text.postfix.recipient-domain-not-found', 'unknown_address_reject_code'],
      ['text.postfix.helo-invalid', 'unknown_hostname_reject_code'],
      ['enh.X.1.8', 'unknown_address_reject_code'],
    ];
    for (const [id, param] of cases) {
      expect(postfixDefaults.get(param)).toBe('450');
      const en = catalogue.find((e) => e.id === id);
      expect(en, id).toBeDefined();
      expect(texts(en!).join(' '), id).toContain(param);
      expect(texts(vi[id]!).join(' '), `${id} (vi)`).toContain(param);
    }
  });

  test('a translation names the same configuration settings as its English entry', () => {
    const bad: string[] = [];
    for (const e of catalogue) {
      const t = vi[e.id];
      if (!t) continue;
      for (const f of FIELDS) {
        const en = new Set(configWords(e[f] ?? ''));
        const tr = new Set(configWords(t[f] ?? ''));
        const missing = [...en].filter((w) => !tr.has(w));
        const extra = [...tr].filter((w) => !en.has(w));
        if (missing.length || extra.length) bad.push(`${e.id}.${f}: vi lacks [${missing.join(', ')}], adds [${extra.join(', ')}]`);
      }
    }
    expect(bad).toEqual([]);
  });
});
