import { appendFileSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { afterAll, describe, expect, test, vi } from 'vitest';
import { fixture, tempDir } from '../helpers.js';
import { cutRun, diffFacts, sequenceCuts, timeCuts, wholeRun, type Cut, type Group } from './cut-sweep.js';

// A log analysed in pieces (a cron run over a growing file, a killed run run again) must store what
// one run over the whole log stores. For each fixture log, and each Exim mainlog with the logs a test
// reads beside it: runs cut at line ends, in the middle of a line (the checkpoint must not take half
// of it), and, for a mainlog and its rejectlog, where both had grown to at the same time.
//
// By default every cut of a few logs chosen for what they hold, and a few cuts of every other log,
// so that the file runs in seconds. MXLENS_CUTS=all cuts every log at every line (up to 400 lines;
// 300 cuts spread over a longer one), in the middle of each of those lines too: hours on two cores.
// MXLENS_CUTS=N does the same with N cuts spread over a longer log.
// MXLENS_CUTS_DUMP=FILE appends each difference found there, rows and all, one JSON object a line.

// analyse runs its writes on a thread started per run: most of a run over a small log. The same
// writes done on this thread (inline-writer.ts) let the sweep make thousands of runs.
vi.mock('../../src/app/async-writer.js', () => import('./inline-writer.js'));
// and the databases are thrown away after the comparison: they need not outlast a power cut, so
// SQLite need not wait for the disk (without this, the syncs of each run's commits and checkpoint
// are most of the time the sweep takes)
vi.mock('../../src/store/db.js', async (importOriginal) => {
  const db = await importOriginal<typeof import('../../src/store/db.js')>();
  return {
    ...db,
    openForWrite: (...args: Parameters<typeof db.openForWrite>) => {
      const conn = db.openForWrite(...args);
      conn.pragma('synchronous = OFF');
      return conn;
    },
  };
});

const WIDE = process.env.MXLENS_CUTS !== undefined && process.env.MXLENS_CUTS !== '';
const SPREAD = process.env.MXLENS_CUTS === 'all' ? 300 : Math.max(2, Number(process.env.MXLENS_CUTS) || 300);

const pairs = [
  ['lab/exim-mainlog.log', 'lab/exim-rejectlog.log'],
  ['lab2/lab2-exim-mainlog.log', 'lab2/lab2-exim-rejectlog.log'],
  ['lab3/lab3-exim-mainlog.log', 'lab3/lab3-exim-rejectlog.log'],
  ['lab4/lab4-exim-mainlog.log', 'lab4/lab4-exim-rejectlog.log'],
  ['lab4/lab4-exim-onehelo-mainlog.log', 'lab4/lab4-exim-onehelo-rejectlog.log'],
  ['lab4/lab4-exim-onehelo-pid-mainlog.log', 'lab4/lab4-exim-onehelo-pid-rejectlog.log'],
  ['exim-all/exim-mainlog.log', 'exim-all/exim-rejectlog.log'],
  ['exim-default/exim-mainlog.log', 'exim-default/exim-rejectlog.log'],
  ['corpus/exim/gvengel-exim-exporter-mainlog.log', 'corpus/exim/gvengel-exim-exporter-rejectlog.log', 'corpus/exim/gvengel-exim-exporter-paniclog.log'],
  ['corpus/exim/exim-testsuite-mainlog.log', 'corpus/exim/exim-testsuite-rejectlog.log', 'corpus/exim/exim-testsuite-paniclog.log'],
];

// every text log mxlens reads (the mainlogs come with their rejectlogs above; the rejectlogs and
// paniclogs are also cut alone)
const singles = [
  ...['anantg21-maillog', 'brian881215-mail-log-parser', 'crowdsec-hub-postfix', 'datadog-integrations-core-postfix',
    'digineo-postfix-exporter', 'dmlinarr-securepostfix', 'fail2ban-postfix', 'gomaillex-maillog', 'hsn723-postfix-exporter',
    'infohtreasure-maillog', 'infohtreasure-mailog2', 'kdent-postfix-log-analysis', 'kumina-postfix-exporter',
    'lhydra-postfix-parser', 'louisitvn-pflgviewer', 'mailgraph-postfix', 'nole-maillog', 'pixelpark-postfix-logsums',
    'shlomif-postfix-problem', 'sshguard-postfix', 'syslog-ng-patterndb-postfix', 'wazuh-ruleset-postfix',
    'whyscream-postfix-grok-patterns'].map((f) => `corpus/postfix/${f}.log`),
  ...['crowdsec-hub-exim', 'ddgrey-exim-mainlog', 'fail2ban-exim-spam', 'fail2ban-exim', 'logstash-patterns-core-exim',
    'mailgraph-exim', 'sshguard-exim', 'wazuh-exim', 'exim-testsuite-rejectlog', 'exim-testsuite-paniclog',
    'gvengel-exim-exporter-rejectlog', 'gvengel-exim-exporter-paniclog'].map((f) => `corpus/exim/${f}.log`),
  'lab/postfix-maillog_file.log', 'lab/postfix-syslog.log', 'lab/postfix-syslog-rfc3339.log', 'lab/exim-rejectlog.log',
  'lab2/lab2-postfix.log', 'lab2/lab2-exim-rejectlog.log', 'lab3/lab3-postfix.log', 'lab3/lab3-exim-rejectlog.log',
  'lab4/lab4-postfix.log', 'lab4/lab4-postfix-rfc3339.log', 'lab4/lab4-exim-onehelo-syslog.log', 'lab4/lab4-exim-rejectlog.log',
  'exim-all/exim-rejectlog.log', 'exim-default/exim-rejectlog.log', 'exim-syslog/exim-syslog.log', 'exim-syslog/exim-syslog-rfc3339.log',
  'sample/mail.log', 'repeats/postfix-rsyslog-repeats.log', 'repeats/postfix-inetutils-repeats.log',
  'syslog-daemons/busybox-messages.log', 'syslog-daemons/busybox-small.log', 'syslog-daemons/rsyslog-rfc5424.log',
  'syslog-daemons/rsyslog-rfc5424-daemon-lost.log', 'journalctl/postfix-short.log', 'journalctl/postfix-short-full.log',
  'journalctl/postfix-short-unix.log',
];

// logged in Berlin across the night the clocks went back (fixtures/README.md)
const groups: Group[] = [
  ...singles.map((f) => ({ files: [f] })),
  ...['dst/postfix-berlin-fallback.log', 'dst/exim-berlin-fallback.log'].map((f) => ({ files: [f], tz: 'Europe/Berlin' })),
  ...pairs.map((files) => ({ files })),
];

// every cut, by default too: a postscreen PASS followed by HANGUP
const EVERY = new Set(['corpus/postfix/hsn723-postfix-exporter.log']);
// only when widened: the longest log, whose runs cost the most
const WIDE_ONLY = new Set(['corpus/exim/exim-testsuite-mainlog.log']);
/**
 * The Exim test suite's logs name thousands of messages by a few normalised ids (10HmaZ-000000005vi-0000).
 * A rejectlog entry read while the mainlog is read up to its time finds a message of its id still
 * open, one read after the whole mainlog finds it completed: which one it names depends on how much
 * of the mainlog a run read before it. A real log's ids name one message each, and the lab's pairs
 * grown together store what one run stores.
 */
const REUSED_IDS = new Set(['corpus/exim/exim-testsuite-mainlog.log']);

const linesCache = new Map<string, string[]>();

/**
 * A cut between an Exim mainlog entry and its indented lines (a message holding newlines: a
 * configuration error, a malformed address): the first run stores the entry as it stands, the second
 * reads the rest as lines of no entry. Exim writes an entry with one write, so a run meets such a cut
 * only by reading while it is written, and a mainlog's last entry is read at once rather than held
 * for the next run, as a rejectlog's is (exim-resume.test.ts).
 */
function insideMainlogEntry(g: Group, label: string): boolean {
  const m = /^(?:time )?(.*):(\d+)\+?$/.exec(label)!;
  const file = g.files.find((f) => basename(f) === m[1])!;
  if (/rejectlog|paniclog/.test(file)) return false;
  if (!linesCache.has(file)) linesCache.set(file, readFileSync(fixture(file), 'latin1').split('\n'));
  const next = linesCache.get(file)![Number(m[2])];
  return next !== undefined && /^[ \t]/.test(next);
}

/** After which k lines of the group's `i`th file, of n lines, a first run stops. */
function picks(g: Group, i: number, n: number): number[] {
  const all = Array.from({ length: n + 1 }, (_, k) => k);
  if (WIDE) return n <= 400 ? all : [...new Set(Array.from({ length: SPREAD }, (_, j) => Math.round((j * n) / (SPREAD - 1))))];
  if (EVERY.has(g.files[0]!)) return all;
  const half = Math.floor(n / 2);
  // a mainlog: also read whole, its rejectlog not yet
  if (g.files.length > 1) return i === 0 ? [half, n] : [half];
  // a long log costs its length in every run: one cut in its middle
  if (n > 1000) return [half];
  return [...new Set([1, Math.floor(n / 3), Math.floor((2 * n) / 3)])].filter((k) => k > 0 && k < n);
}

function cutsOf(g: Group): Cut[] {
  const mid = WIDE || EVERY.has(g.files[0]!) || g.files.length === 1;
  const seqCuts = sequenceCuts(g, (i, n) => picks(g, i, n), mid);
  // a mainlog and its rejectlog as they grow together
  const together = g.files.length > 1 ? timeCuts(g, (n) => picks(g, 0, n).filter((k) => k < n)) : [];
  return [...seqCuts, ...together];
}

/** Runs `f` over the items, two at a time: the runs wait on the disk about as long as they compute. */
async function pool<T>(items: T[], f: (x: T) => Promise<void>): Promise<void> {
  const todo = [...items];
  const worker = async (): Promise<void> => {
    for (let x = todo.shift(); x !== undefined; x = todo.shift()) await f(x);
  };
  await Promise.all([worker(), worker()]);
}

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('a run cut anywhere, then resumed, stores what one run stores', () => {
  for (const g of groups.filter((x) => WIDE || !WIDE_ONLY.has(x.files[0]!))) {
    test(g.files.join(' + '), async () => {
      const tz = process.env.TZ;
      process.env.TZ = g.tz ?? 'UTC';
      try {
        const whole = await wholeRun(tmp.dir, g);
        const differ: Array<{ cut: string; tables: Record<string, [number, number]> }> = [];
        await pool(cutsOf(g), async (cut) => {
          const d = diffFacts(whole, await cutRun(tmp.dir, g, cut));
          if (Object.keys(d).length === 0) return;
          const known = insideMainlogEntry(g, cut.label) ? 'entry' : REUSED_IDS.has(g.files[0]!) && cut.label.startsWith('time ') ? 'reused ids' : null;
          // every difference with its rows, for a closer look
          if (process.env.MXLENS_CUTS_DUMP) appendFileSync(process.env.MXLENS_CUTS_DUMP, `${JSON.stringify({ files: g.files, cut: cut.label, known, d })}\n`);
          if (known !== null) return;
          // how many rows only the one run stored, and only the cut runs
          differ.push({ cut: cut.label, tables: Object.fromEntries(Object.entries(d).map(([t, x]) => [t, [x.onlyWhole.length, x.onlyCut.length]])) });
        });
        expect(differ).toEqual([]);
      } finally {
        process.env.TZ = tz;
      }
    }, WIDE ? 3_600_000 : 60_000);
  }
});
