import { PassThrough, type Readable } from 'node:stream';
import { FINGERPRINT_BYTES, IngestError } from './input.js';

// Which of the accepted inputs a byte stream is, from its first bytes only, so that
// stdin (which cannot be re-read) works as well as a file.

export type InputKind =
  | { type: 'text' }
  | { type: 'journald'; shape: 'lines' | 'array' }
  | { type: 'docker' };

const HEAD_LIMIT = 64 * 1024;

/** Pure: decides from the head of the input (the first object's keys are enough). */
export function classifyHead(head: string): InputKind {
  let i = 0;
  // a UTF-8 byte-order mark, then JSON whitespace (and json-seq's record separators, RFC 7464)
  if (head.charCodeAt(0) === 0xfeff) i = 1;
  while (i < head.length && ' \t\r\n\x1e'.includes(head[i]!)) i++;
  const c = head[i];
  if (c !== '{' && c !== '[') return { type: 'text' };
  const body = head.slice(i, i + HEAD_LIMIT);
  const hasKey = (k: string) => body.includes(`"${k}"`);
  if (hasKey('__CURSOR') || hasKey('__REALTIME_TIMESTAMP') || (hasKey('MESSAGE') && hasKey('_HOSTNAME'))) {
    return { type: 'journald', shape: c === '[' ? 'array' : 'lines' };
  }
  // a long first log line can push "stream" and "time" past the head: `{"log":` is enough
  if (c === '{' && (/^\{\s*"log"\s*:/.test(body) || (hasKey('log') && (hasKey('time') || hasKey('stream'))))) return { type: 'docker' };
  return { type: 'text' };
}

/**
 * What a `--journal-file` is read as: a Docker json-file log as such, any other JSON as a
 * journal export even when its first keys are unusual; text is refused (exit 65), as it
 * would only give one damaged entry per line.
 */
export function journalFileKind(kind: InputKind, head: string, name: string): Exclude<InputKind, { type: 'text' }> {
  if (kind.type !== 'text') return kind;
  const start = head.replace(/^\ufeff/, '').replace(/^[\s\x1e]+/, '');
  if (start.startsWith('[')) return { type: 'journald', shape: 'array' };
  if (start.startsWith('{') || start === '') return { type: 'journald', shape: 'lines' };
  throw new IngestError('dataerr', `${name}: not a journald export (journalctl -o json): it does not start with a JSON object or array`);
}

const JOURNALCTL_HEADER = /^-- (?:Journal begins|Logs begin) at .* --\r?$/;

/**
 * Reads enough of `input` to classify it, then hands back a stream that replays those
 * bytes followed by the rest, so nothing read for the decision is lost.
 */
export async function sniffStream(input: Readable): Promise<{ kind: InputKind; stream: Readable; head: string; fingerprint: string }> {
  const chunks: Buffer[] = [];
  let size = 0;
  const iterator = input[Symbol.asyncIterator]();
  let done = false;
  // a stream that fails this early still hands on what it gave first: the reader keeps those lines
  // and reports the error after them, as it does for a failure further on
  let failure: unknown = null;
  while (size < 4096) {
    let r: IteratorResult<unknown>;
    try {
      r = await iterator.next();
    } catch (err) {
      failure = err;
      done = true;
      break;
    }
    if (r.done) {
      done = true;
      break;
    }
    const b = Buffer.isBuffer(r.value) ? r.value : Buffer.from(r.value as string);
    chunks.push(b);
    size += b.length;
    // the first object's keys: a journald or docker line is far shorter than this
    if (b.includes(0x0a) && size >= 512) break;
  }
  let head = Buffer.concat(chunks);
  // journalctl's text output before systemd 250 opens with "-- Journal begins at …, ends at … --" (before
  // 246, "-- Logs begin at …"), whose times move with every call: a stream known by its first bytes
  // would be a new one each time, and read whole again. The line says nothing of mail: it is left out.
  const nl = head.indexOf(0x0a);
  if (nl > 0 && JOURNALCTL_HEADER.test(head.subarray(0, nl).toString('utf8'))) head = head.subarray(nl + 1);
  const kind = classifyHead(head.subarray(0, HEAD_LIMIT).toString('utf8'));
  const out = new PassThrough();
  void (async () => {
    try {
      if (head.length > 0 && !out.write(head)) await new Promise((r) => out.once('drain', r));
      if (failure !== null) throw failure;
      while (!done) {
        const r = await iterator.next();
        if (r.done) break;
        if (!out.write(r.value)) await new Promise((r) => out.once('drain', r));
      }
      out.end();
    } catch (err) {
      // what came before the failure reaches the reader first: destroying drops what is buffered
      while (!out.destroyed && out.readableLength + out.writableLength > 0) await new Promise((r) => setImmediate(r));
      out.destroy(err as Error);
    }
  })();
  // at least 512 bytes were read unless the stream is shorter: its fingerprint is whole, as a file's
  return { kind, stream: out, head: head.subarray(0, 64).toString('utf8'), fingerprint: head.subarray(0, FINGERPRINT_BYTES).toString('hex') };
}
