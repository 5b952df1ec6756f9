import type { Readable } from 'node:stream';

// One JSON value per line, as `journalctl -o json` and Docker's json-file driver write them.
// Each line is parsed on its own, so a damaged line costs that line only: it is handed on as
// text with its line number, and the lines after it are read as usual.
// `journalctl -o json-pretty` spreads an object over lines, from a line `{` to a line `}`:
// such a block is gathered and parsed as one value (a damaged block costs that block).

export type JsonLine =
  | { line: number; value: unknown }
  /** text that is not valid JSON (or too long to be an entry), cut for the example */
  | { line: number; bad: string };

/** A line longer than this is no journal or Docker entry (journald's own limit is far lower). */
const MAX_LINE = 16 * 1024 * 1024;
const MAX_EXAMPLE = 500;
const NL = 0x0a;

export async function* readJsonLines(input: Readable): AsyncGenerator<JsonLine> {
  let parts: Buffer[] = [];
  let size = 0;
  let lineNo = 0;
  let overlong = false;
  let block: string[] | null = null;
  let blockStart = 0;
  let blockSize = 0;

  function* take(buf: Buffer): Generator<JsonLine> {
    lineNo++;
    let text = buf.toString('utf8');
    if (lineNo === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    // journalctl -o json-seq (RFC 7464): each entry begins with a record separator
    if (text.charCodeAt(0) === 0x1e) text = text.slice(1);
    if (text.endsWith('\r')) text = text.slice(0, -1);
    const trimmed = text.trim();
    if (block !== null) {
      block.push(text);
      blockSize += text.length;
      if (trimmed === '}' || blockSize > MAX_LINE) {
        const all = block.join('\n');
        block = null;
        yield parseOne(all, blockStart);
      }
      return;
    }
    if (trimmed === '') return;
    if (trimmed === '{') {
      block = [text];
      blockStart = lineNo;
      blockSize = text.length;
      return;
    }
    yield parseOne(text, lineNo);
  }

  for await (const chunk of input) {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    let from = 0;
    for (let nl = b.indexOf(NL, from); nl >= 0; nl = b.indexOf(NL, from)) {
      const piece = b.subarray(from, nl);
      from = nl + 1;
      if (overlong) {
        overlong = false;
        parts = [];
        size = 0;
        continue;
      }
      const whole = parts.length === 0 ? piece : Buffer.concat([...parts, piece]);
      parts = [];
      size = 0;
      yield* take(whole);
    }
    if (from < b.length && !overlong) {
      const rest = b.subarray(from);
      parts.push(rest);
      size += rest.length;
      if (size > MAX_LINE) {
        // counted once, its bytes dropped up to the next newline
        lineNo++;
        yield { line: lineNo, bad: Buffer.concat(parts).subarray(0, MAX_EXAMPLE).toString('utf8') };
        overlong = true;
        parts = [];
        size = 0;
      }
    }
  }
  // an unterminated last line (an export cut short) is read if it is whole, counted if not
  if (parts.length > 0 && !overlong) yield* take(Buffer.concat(parts));
  if (block !== null) yield { line: blockStart, bad: (block as string[]).join('\n').slice(0, MAX_EXAMPLE) };
}

function parseOne(text: string, line: number): JsonLine {
  try {
    return { line, value: JSON.parse(text) as unknown };
  } catch {
    return { line, bad: text.slice(0, MAX_EXAMPLE) };
  }
}
