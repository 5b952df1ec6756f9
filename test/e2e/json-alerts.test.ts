import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { built, counts, dump, mxlens, tempDir } from './helpers.js';

// journald and Docker JSON through the built CLI, and the cron alert / metrics outputs.

const t = tempDir('json');
afterAll(() => t.cleanup());
const TEXT = resolve('fixtures/lab/postfix-syslog-rfc3339.log');
const LINE = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+\+00:00) (\S+) ([^[]+)\[(\d+)\]: (.*)$/;

/** The lab log as `journalctl -o json` would print it, with the awkward MESSAGE forms mixed in. */
function journalEntries(): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  let i = 0;
  for (const line of readFileSync(TEXT, 'utf8').split('\n')) {
    const m = LINE.exec(line);
    if (!m) continue;
    i++;
    const micros = BigInt(Date.parse(m[1]!.slice(0, 23) + 'Z')) * 1000n + BigInt(m[1]!.slice(23, 26));
    const e: Record<string, unknown> = {
      __CURSOR: `s=abc;i=${i.toString(16)};b=b1;m=${i.toString(16)};t=${micros.toString(16)};x=1`,
      __REALTIME_TIMESTAMP: micros.toString(), _HOSTNAME: m[2], SYSLOG_IDENTIFIER: m[3], _PID: m[4], MESSAGE: m[5],
    };
    // every 7th message as bytes, every 11th as a repeated field
    if (i % 7 === 0) e.MESSAGE = [...Buffer.from(m[5]!, 'utf8')];
    else if (i % 11 === 0) e.MESSAGE = [m[5], 'a second value'];
    out.push(e);
    if (i === 5) {
      // a field too large for the export: journalctl writes null
      i++;
      out.push({ ...e, __CURSOR: `s=abc;i=${i.toString(16)};b=b1;m=1;t=${micros.toString(16)};x=1`, MESSAGE: null });
    }
  }
  return out;
}

const facts = (db: string) => {
  const d = dump(db);
  return { replies: d.replies!.length, deliveries: d.deliveries!.length, stalls: d.stalls!.length, sessions: d.sessions!.length };
};

describe.skipIf(!built)('journald and Docker input', () => {
  const ref = join(t.dir, 'ref.sqlite');
  const entries = journalEntries();

  test('journald JSON Lines on stdin: same facts as the text log; a re-run adds nothing (cursor)', () => {
    expect(mxlens(['analyse', TEXT, '--db', ref]).status).toBe(0);
    const db = join(t.dir, 'jl.sqlite');
    const input = entries.map((e) => JSON.stringify(e)).join('\n') + '\n';
    const r = mxlens(['analyse', '-', '--db', db], { input });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(facts(db)).toEqual(facts(ref));
    // the null MESSAGE is counted as a line nobody understood, not dropped
    const lines = (d: string) => dump(d).line_stats!.map((s) => JSON.parse(s) as { lines: number }).reduce((n, s) => n + s.lines, 0);
    expect(lines(db)).toBe(lines(ref) + 1);
    const before = dump(db);
    expect(mxlens(['analyse', '-', '--db', db], { input }).status).toBe(0);
    expect(dump(db)).toEqual(before);
    // more entries later: only they are added
    const more = entries.slice(0, 3).map((e, k) => ({ ...e, __CURSOR: `s=abc;i=${(0xfffff0 + k).toString(16)};b=b1;m=1;t=1;x=1` }));
    expect(more.every((e) => e.MESSAGE !== null)).toBe(true);
    expect(mxlens(['analyse', '-', '--db', db], { input: input + more.map((e) => JSON.stringify(e)).join('\n') + '\n' }).status).toBe(0);
    expect(lines(db)).toBe(lines(ref) + 1 + 3);
  });

  test('--journal-file with one large JSON array', () => {
    const db = join(t.dir, 'arr.sqlite');
    const f = join(t.dir, 'export.json');
    writeFileSync(f, JSON.stringify(entries, null, 2));
    const r = mxlens(['analyse', '--journal-file', f, '--db', db]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(facts(db)).toEqual(facts(ref));
  });

  test('Docker json-file logs, as a file: same facts as the text log; a re-run adds nothing', () => {
    const db = join(t.dir, 'docker.sqlite');
    const f = join(t.dir, 'container-json.log');
    const lines = readFileSync(TEXT, 'utf8').split('\n').filter((l) => l !== '');
    writeFileSync(f, lines.map((l, k) => JSON.stringify({ log: `${l}\n`, stream: 'stdout', time: `2026-11-28T18:00:00.${String(k).padStart(9, '0')}Z` })).join('\n') + '\n');
    const r = mxlens(['analyse', f, '--db', db]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(facts(db)).toEqual(facts(ref));
    const before = dump(db);
    expect(mxlens(['analyse', f, '--db', db]).status).toBe(0);
    expect(dump(db)).toEqual(before);
  });
});

describe.skipIf(!built)('JSON input keeps UTF-8', () => {
  test('a journald file and a Docker file with non-ASCII text store it as written', () => {
    const db = join(t.dir, 'utf8.sqlite');
    const msg = 'warning: hostname jörg.例え.example does not resolve';
    const j = join(t.dir, 'utf8-journal.json');
    writeFileSync(j, JSON.stringify({ __CURSOR: 's=u;i=1;b=b;m=1;t=1', __REALTIME_TIMESTAMP: '1795888800000000', _HOSTNAME: 'vm', SYSLOG_IDENTIFIER: 'postfix/smtpd', _PID: '9', MESSAGE: msg }) + '\n');
    const d = join(t.dir, 'utf8-docker.log');
    writeFileSync(d, JSON.stringify({ log: `2026-11-28T18:00:00.000Z vm postfix/smtpd[9]: ${msg} (docker)\n`, stream: 'stdout', time: '2026-11-28T18:00:00Z' }) + '\n');
    expect(mxlens(['analyse', '--journal-file', j, d, '--db', db]).status).toBe(0);
    const text = JSON.stringify(dump(db));
    expect(text).toMatch(/jörg\.例え\.example does not resolve(?! \(docker\))/);
    expect(text).toContain('jörg.例え.example does not resolve (docker)');
  });
});

describe.skipIf(!built)('alerts and metrics', () => {
  const db = join(t.dir, 'alerts.sqlite');

  test('--fail-on: exit 3 with the report when crossed, silent exit 0 otherwise, 64 for a bad rule', () => {
    expect(mxlens(['analyse', TEXT, '--db', db]).status).toBe(0);
    const crossed = mxlens(['report', '--db', db, '--fail-on', 'rejected.5xx>0', '--fail-on', 'stalled_354>1000']);
    expect(crossed.status).toBe(3);
    expect(crossed.stdout).toContain('mxlens report');
    expect(crossed.stderr).toMatch(/^mxlens: threshold crossed: rejected\.5xx>0 \(is \d+\)\n$/);
    const quiet = mxlens(['report', '--db', db, '--fail-on', 'rejected.5xx>100000', '--fail-on', 'unparsed>=100000000']);
    expect([quiet.status, quiet.stdout, quiet.stderr]).toEqual([0, '', '']);
    const bad = mxlens(['report', '--db', db, '--fail-on', 'rejected.5xx=>1']);
    expect(bad.status).toBe(64);
    expect(bad.stderr).toMatch(/bad --fail-on rule/);
  });

  test('--format prom --output writes a parsable exposition atomically', () => {
    const dir = join(t.dir, 'textfile');
    mkdirSync(dir);
    const out = join(dir, 'mxlens.prom');
    const r = mxlens(['report', '--db', db, '--format', 'prom', '--output', out]);
    expect([r.status, r.stdout, r.stderr]).toEqual([0, '', '']);
    expect(readdirSync(dir)).toEqual(['mxlens.prom']);
    const text = readFileSync(out, 'utf8');
    const typed = new Set<string>();
    for (const line of text.trimEnd().split('\n')) {
      const ty = /^# TYPE (\w+) (gauge|counter)$/.exec(line);
      if (ty) typed.add(ty[1]!);
      if (line.startsWith('#')) continue;
      const m = /^(\w+)(\{[a-z_]+="(?:[^"\\]|\\.)*"(?:,[a-z_]+="(?:[^"\\]|\\.)*")*\})? \d+(\.\d+)?$/.exec(line);
      expect(m, line).not.toBeNull();
      expect(typed.has(m![1]!), line).toBe(true);
    }
    expect(text).toMatch(/^mxlens_rejections\{class="5xx"\} [1-9]/m);
  });

  test('--format prom keeps max(--top, 20) label sets whatever --top says, and each family adds up to its total', () => {
    const totals = JSON.parse(mxlens(['report', '--db', db, '--format', 'json']).stdout) as { totals: { rejected: { total: number }; bounced: number; expired: number; stalled_354: number } };
    const r = mxlens(['report', '--db', db, '--format', 'prom', '--top', '1']);
    expect(r.status).toBe(0);
    const series = (family: string) => r.stdout.split('\n').filter((l) => l.startsWith(`${family}{`)).map((l) => Number(l.slice(l.lastIndexOf(' ') + 1)));
    const sum = (family: string) => series(family).reduce((n, v) => n + v, 0);
    // the lab log has more than 2 permanent and temporary rejection groups: --top 1 must not cut them to 2
    expect(series('mxlens_rejections_by_reply').length).toBeGreaterThan(2);
    expect(sum('mxlens_rejections_by_reply')).toBe(totals.totals.rejected.total);
    expect(sum('mxlens_bounces_by_reply')).toBe(totals.totals.bounced);
    expect(sum('mxlens_expired_by_reply')).toBe(totals.totals.expired);
    expect(sum('mxlens_stalled_354_by_kind')).toBe(totals.totals.stalled_354);
  });
});
