import { execFileSync } from 'node:child_process';
import { chmodSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { writeFileAtomic } from '../../src/cli/atomic-write.js';
import { escapeLabel, renderProm } from '../../src/report/render/prom.js';
import type { Report, ReplyGroup } from '../../src/report/types.js';

// A small reader of the text exposition format: every line must be a comment, a
// HELP/TYPE line or a sample, and every sample must belong to a family with a TYPE.
interface Parsed {
  types: Map<string, string>;
  samples: { name: string; labels: Record<string, string>; value: number }[];
}
function parseExposition(text: string): Parsed {
  const types = new Map<string, string>();
  const samples: Parsed['samples'] = [];
  const seen = new Set<string>();
  expect(text.endsWith('\n')).toBe(true);
  for (const line of text.slice(0, -1).split('\n')) {
    let m = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/.exec(line);
    if (m) {
      if (m[1] === 'TYPE') {
        expect(['counter', 'gauge', 'histogram', 'summary', 'untyped']).toContain(m[3]);
        expect(types.has(m[2]!), `second TYPE for ${m[2]}`).toBe(false);
        types.set(m[2]!, m[3]!);
      } else expect(m[3]).not.toMatch(/(^|[^\\])\\[^\\n]/);
      continue;
    }
    m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (-?[0-9.e+]+|NaN|[+-]Inf)$/.exec(line);
    expect(m, `unparsable line: ${line}`).not.toBeNull();
    const labels: Record<string, string> = {};
    let rest = m![2] ?? '';
    while (rest.length > 0) {
      const lm = /^([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\\\|\\"|\\n)*)"(,|$)/.exec(rest);
      expect(lm, `bad labels in: ${line}`).not.toBeNull();
      labels[lm![1]!] = lm![2]!.replace(/\\(.)/g, (_s, c: string) => (c === 'n' ? '\n' : c));
      rest = rest.slice(lm![0].length);
    }
    const name = m![1]!;
    expect(types.has(name), `sample without TYPE: ${name}`).toBe(true);
    const key = `${name}${JSON.stringify(Object.entries(labels).sort())}`;
    expect(seen.has(key), `duplicate series ${key}`).toBe(false);
    seen.add(key);
    samples.push({ name, labels, value: Number(m![3]) });
  }
  return { types, samples };
}

const remedy = (id: string) => ({ id, title: 't', meaning: 'm', when: 'w', fix: 'f' });
function group(code: number | null, enhanced: string | null, remedyId: string, count: number, reason = 'r'): ReplyGroup {
  return {
    code, code_derived: false, enhanced, reason, direction: 'inbound', stage: 'RCPT', count, first: null, last: null,
    top_clients: [], top_recipient_domains: [], examples: [], remedy: remedy(remedyId),
  };
}

function report(rejections: ReplyGroup[]): Report {
  return {
    generated_at: '2026-11-28T18:00:00.000Z',
    window: { from: null, to: null },
    totals: {
      lines: 100, parsed: 90, unparsed: 7, foreign: 3, sessions: 10, messages: 8, received: 8, delivered: 6, deferred: 2, deferrals: 9,
      bounced: 1, expired: 0, rejected: { total: 12, '4xx': 2, '5xx': 10 }, stalled_354: 2, incomplete: 3,
    },
    rejections,
    stalled: [{ kind: 'inbound.lost-after-data', direction: 'inbound', count: 2, first: null, last: null, top_peers: [], examples: [], remedy: remedy('stall') }],
    deferrals: [group(450, '4.7.1', 'greylist', 2)],
    bounces: [],
    problems: [{ severity: 'warning', program: 'postfix/smtpd', shape: 's', count: 4, example: 'e' }],
    unparsed: [{ program: 'postfix/smtpd "odd"\\name\n', shape: 'x', count: 7, example: 'e' }],
    retry_skipped: { lines: 4, messages: 1 },
  };
}

describe('prometheus exposition', () => {
  test('every line parses, every sample has a TYPE, values match the report', () => {
    const text = renderProm(report([group(550, '5.1.1', 'unknown-user', 8), group(554, null, 'rbl', 2), group(450, '4.2.0', 'greylist', 2)]));
    const p = parseExposition(text);
    const get = (name: string, labels: Record<string, string> = {}) =>
      p.samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
    expect(get('mxlens_rejections', { class: '5xx' })).toBe(10);
    expect(get('mxlens_rejections_by_reply', { code: '550', enhanced: '5.1.1', reason_class: 'unknown-user' })).toBe(8);
    expect(get('mxlens_rejections_by_reply', { code: '554', enhanced: 'none' })).toBe(2);
    expect(get('mxlens_stalled_354_by_kind', { kind: 'inbound.lost-after-data', direction: 'inbound' })).toBe(2);
    expect(get('mxlens_log_lines', { outcome: 'unparsed' })).toBe(7);
    expect(get('mxlens_messages_incomplete')).toBe(3);
    // one unit per family: mxlens_deliveries counts attempts per recipient for every status,
    // the messages with a deferral have their own family, Exim's skipped retries are not attempts
    expect(get('mxlens_deliveries', { status: 'deferred' })).toBe(9 - 4);
    expect(get('mxlens_deliveries', { status: 'delivered' })).toBe(6);
    expect(get('mxlens_messages_deferred')).toBe(2);
    expect(get('mxlens_retries_skipped')).toBe(4);
    // the awkward program name survives escaping
    expect(get('mxlens_unparsed_lines_by_program', { program: 'postfix/smtpd "odd"\\name\n' })).toBe(7);
  });

  test('label cardinality is bounded and nothing is lost in the fold', () => {
    const many = Array.from({ length: 50 }, (_, i) => group(550, `5.7.${i}`, `r${i}`, 100 - i));
    const p = parseExposition(renderProm(report(many), { top: 5 }));
    const rows = p.samples.filter((s) => s.name === 'mxlens_rejections_by_reply');
    expect(rows).toHaveLength(6);
    expect(rows.map((r) => r.labels.enhanced).slice(0, 5)).toEqual(['5.7.0', '5.7.1', '5.7.2', '5.7.3', '5.7.4']);
    expect(rows[5]!.labels).toEqual({ code: 'other', enhanced: 'other', direction: 'other', reason_class: 'other' });
    expect(rows.reduce((n, r) => n + r.value, 0)).toBe(many.reduce((n, g) => n + g.count, 0));
  });

  test('groups the report itself left out past its --top join the "other" series', () => {
    const r = report([group(550, '5.1.1', 'u', 8)]);
    const none = { groups: 0, lines: 0 };
    r.left_out = { rejections: { '5xx': { groups: 2, lines: 3 }, '4xx': { groups: 1, lines: 1 } }, deferrals: none, bounces: none, problems: { groups: 1, lines: 5 }, unparsed: { groups: 0, lines: 0, unshaped: 2 } };
    const p = parseExposition(renderProm(r));
    const of = (name: string) => p.samples.filter((s) => s.name === name);
    expect(of('mxlens_rejections_by_reply').map((s) => s.value)).toEqual([8, 4]);
    expect(of('mxlens_rejections_by_reply')[1]!.labels).toEqual({ code: 'other', enhanced: 'other', direction: 'other', reason_class: 'other' });
    expect(of('mxlens_problems')).toEqual([
      { name: 'mxlens_problems', labels: { severity: 'warning' }, value: 4 },
      { name: 'mxlens_problems', labels: { severity: 'other' }, value: 5 },
    ]);
    expect(of('mxlens_unparsed_lines_by_program').reduce((n, s) => n + s.value, 0)).toBe(7 + 2);
    expect(of('mxlens_deferrals_by_reply')).toHaveLength(1);
  });

  test('groups that differ only in reason text are summed, not duplicated', () => {
    const p = parseExposition(renderProm(report([group(550, '5.1.1', 'u', 3, 'a'), group(550, '5.1.1', 'u', 4, 'b')])));
    const rows = p.samples.filter((s) => s.name === 'mxlens_rejections_by_reply');
    expect(rows).toEqual([{ name: 'mxlens_rejections_by_reply', labels: { code: '550', enhanced: '5.1.1', direction: 'inbound', reason_class: 'u' }, value: 7 }]);
  });

  test('label escaping', () => {
    expect(escapeLabel('a\\b"c\nd')).toBe('a\\\\b\\"c\\nd');
  });
});

describe('atomic write', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mxlens-atomic-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('replaces the file and leaves no temp file', () => {
    const f = join(dir, 'mxlens.prom');
    writeFileSync(f, 'old\n');
    writeFileAtomic(f, 'new\n');
    expect(readFileSync(f, 'utf8')).toBe('new\n');
    expect(readdirSync(dir)).toEqual(['mxlens.prom']);
  });

  test('a file replaced keeps its permissions, whatever the umask (node_exporter must still read it)', () => {
    const f = join(dir, 'mxlens.prom');
    chmodSync(f, 0o640);
    writeFileAtomic(f, 'newer\n');
    expect(statSync(f).mode & 0o777).toBe(0o640);
    chmodSync(f, 0o644);
    writeFileAtomic(f, 'newest\n');
    expect(statSync(f).mode & 0o777).toBe(0o644);
    expect(readFileSync(f, 'utf8')).toBe('newest\n');
  });

  test('a missing directory throws and leaves nothing behind', () => {
    expect(() => writeFileAtomic(join(dir, 'nope', 'x.prom'), 'x')).toThrow(/ENOENT/);
    expect(readdirSync(dir)).toEqual(['mxlens.prom']);
  });

  test('a symbolic link stays a link: the file it names is replaced (also one not made yet)', () => {
    const sub = mkdtempSync(join(tmpdir(), 'mxlens-link-'));
    try {
      writeFileSync(join(sub, 'real.prom'), 'keep\n');
      symlinkSync('real.prom', join(sub, 'link.prom'));
      writeFileAtomic(join(sub, 'link.prom'), 'new\n');
      expect(lstatSync(join(sub, 'link.prom')).isSymbolicLink()).toBe(true);
      expect(readFileSync(join(sub, 'real.prom'), 'utf8')).toBe('new\n');
      symlinkSync('later.prom', join(sub, 'dangling.prom'));
      writeFileAtomic(join(sub, 'dangling.prom'), 'made\n');
      expect(lstatSync(join(sub, 'dangling.prom')).isSymbolicLink()).toBe(true);
      expect(readFileSync(join(sub, 'later.prom'), 'utf8')).toBe('made\n');
    } finally {
      rmSync(sub, { recursive: true, force: true });
    }
  });

  // a device node (root only: mknod), as /dev/stdout or /dev/null would be: written into, never replaced
  test.skipIf(process.getuid?.() !== 0)('a device node is written into, not replaced by a file', () => {
    const sub = mkdtempSync(join(tmpdir(), 'mxlens-dev-'));
    try {
      const dev = join(sub, 'null');
      execFileSync('mknod', [dev, 'c', '1', '3']);
      writeFileAtomic(dev, 'x\n');
      expect(statSync(dev).isCharacterDevice()).toBe(true);
      expect(readdirSync(sub)).toEqual(['null']);
    } finally {
      rmSync(sub, { recursive: true, force: true });
    }
  });
});
