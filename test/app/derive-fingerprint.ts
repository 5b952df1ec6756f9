import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Correlator } from '../../src/model/correlate.js';
import { LineParser } from '../../src/parse/index.js';
import { remedyId } from '../../src/remedy/index.js';
import { encodeBatch } from '../../src/store/encode.js';
import { deriveColumns } from '../../src/app/derive.js';
import { deriveTls, T } from '../../src/app/derive-tls.js';

// What the derivation rules make of every reply, failed delivery and stall the fixture logs give,
// as one hash; and the judgement of a change to it against the file that records it.

/** The recorded state: the rules' version and what they gave for the fixtures then. */
export interface Recorded {
  version: number;
  /** sha256 of every distinct (stored inputs -> reason, remedy_id) */
  fingerprint: string;
  /** sha256 of the distinct stored inputs alone: tells a change of rules from a change of fixtures */
  inputs: string;
}

export const RECORD_FILE = 'test/golden/derive-fingerprint.json';
export const UPDATE_COMMAND = `UPDATE_DERIVE=1 npx vitest run test/app/derive-guard.test.ts`;

/** fixtures/lab/*.log and fixtures/corpus/**\/*.log under `root`, sorted. */
export function fixtureLogs(root: string): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.log') ? [join(dir, e.name)] : []));
  const lab = ['fixtures/lab', 'fixtures/lab2'].flatMap((d) => readdirSync(join(root, d)).filter((f) => f.endsWith('.log')).map((f) => join(root, d, f)));
  return [...lab, ...walk(join(root, 'fixtures/corpus'))].sort();
}

/** Every distinct input of the derived columns, with what the rules derive from it, as "input\toutput". */
export function derivedPairs(files: string[]): Map<string, string> {
  const out = new Map<string, string>();
  const put = (input: unknown[], output: unknown[]) => out.set(JSON.stringify(input), JSON.stringify(output));
  for (const file of files) {
    const parser = new LineParser({ year: 2026 });
    const correlator = new Correlator({ remedyId });
    // analyse strips a CR before the newline: so does this (one corpus file has CRLF lines)
    for (const line of readFileSync(file, 'utf8').split(/\r?\n/)) {
      if (line === '') continue;
      const o = parser.parse(line);
      if (o.type === 'event') correlator.handle(o.rec, o.mta, o.event);
    }
    const e = encodeBatch(correlator.takeBatch(true), [], [], null);
    deriveColumns(e);
    // the columns store/rederive.ts reads back, in encode.ts order
    for (const r of e.replies) put(['reply', r[7], r[9], r[10], r[12], r[6]].map((v) => v ?? null), [r[11], r[24]]);
    for (const d of e.deliveries) {
      if (d[13] !== 'sent') put(['delivery', d[13], d[14], d[16], d[17], d[18], d[19], d[24], d[25], d[26]].map((v) => v ?? null), [d[20], d[21]]);
    }
    for (const s of e.stalls) put(['stall', s[5], s[4]], [s[11]]);
    // a library line completes the latest failure of its process: in the batch (the row has it) or, for
    // a failure of an earlier batch, in the writer (tlsAmends)
    for (const t of e.tlsFailures) put(['tls', t[T.detail], t[T.libraryError] ?? null, t[T.direction]], [t[T.reason], t[T.remedy]]);
    for (const [, host, program, pid, text] of e.tlsAmends) {
      const t = e.tlsFailures.findLast((x) => x[1] === host && x[3] === program && x[4] === pid);
      if (t === undefined) continue;
      const d = deriveTls(t[T.detail] as string, text as string, t[T.direction] as string);
      put(['tls', t[T.detail], text, t[T.direction]], [d.reason, d.remedy_id]);
    }
  }
  return out;
}

export function fingerprintOf(pairs: Map<string, string>, version: number): Recorded {
  const keys = [...pairs.keys()].sort();
  const h = (lines: string[]) => createHash('sha256').update(lines.join('\n')).digest('hex');
  return { version, fingerprint: h(keys.map((k) => `${k}\t${pairs.get(k)}`)), inputs: h(keys) };
}

export type Verdict = { ok: true } | { ok: false; message: string; /** the file may simply be rewritten */ mayRecord: boolean };

/** Whether the code's rules (`now`) may stand against what the file records. */
export function judge(recorded: Recorded, now: Recorded): Verdict {
  const bump = `bump DERIVE_VERSION in src/app/derive.ts to ${recorded.version + 1}, then run: ${UPDATE_COMMAND}`;
  if (now.version < recorded.version) {
    return { ok: false, mayRecord: false, message: `DERIVE_VERSION went back from ${recorded.version} to ${now.version}: it only ever grows` };
  }
  if (now.version > recorded.version) {
    return { ok: false, mayRecord: true, message: `DERIVE_VERSION is ${now.version} but ${RECORD_FILE} records ${recorded.version}: record the new rules with: ${UPDATE_COMMAND}` };
  }
  if (now.fingerprint === recorded.fingerprint) return { ok: true };
  if (now.inputs === recorded.inputs) {
    return {
      ok: false, mayRecord: false,
      message: `the reason or remedy_id derived for the fixture replies changed (masking or matching) while DERIVE_VERSION is still ${now.version}: ` +
        `stored rows would keep the old values; ${bump}`,
    };
  }
  return {
    ok: false, mayRecord: true,
    message: `the fixtures or the parser give other replies than ${RECORD_FILE} was recorded from, so a change of rules cannot be told apart: ` +
      `if masking (normaliseReason) or remedy matching changed, ${bump}; if not, record the fixtures with: ${UPDATE_COMMAND}`,
  };
}
