import split2 from 'split2';
import { FileTextReader, type TextChunk } from '../src/ingest/file-reader.js';
import { LineParser } from '../src/parse/index.js';

// One measurement, in its own process so its peak RSS is its own:
//   node dist/bench/child.js split FILE   read + split only (the floor any parser stands on)
//   node dist/bench/child.js parse FILE   read + split + LineParser.parse on every line
//   ... parse FILE --mta exim              the same with the MTA forced, as `analyse --mta` does
// Prints one JSON line with the counts, so the parent can check every line was seen.

const [mode, file] = process.argv.slice(2);
if ((mode !== 'split' && mode !== 'parse') || file === undefined) {
  process.stderr.write('usage: child.js split|parse FILE\n');
  process.exit(64);
}

const counts = { lines: 0, event: 0, miss: 0, foreign: 0 };
const mtaAt = process.argv.indexOf('--mta');
const mta = mtaAt >= 0 ? process.argv[mtaAt + 1] : 'auto';
if (mta !== 'auto' && mta !== 'postfix' && mta !== 'exim') {
  process.stderr.write(`unknown --mta ${mta}\n`);
  process.exit(64);
}
// with host clocks, as analyse parses (a log with no repeated local hour never asks for one)
const parser = new LineParser({ year: 2026, mta, latestOf: () => undefined });
// read as analyse reads a plain file, split on '\n' as analyse does (its splitter strips a CR itself);
// the text stays latin1, as the generated logs are ASCII (analyse decodes a non-ASCII line again)
// each line goes to split2's mapper, as analyse hands it to its line handler (no stream push per line)
const onLine =
  mode === 'split'
    ? (): undefined => {
        counts.lines++;
        return undefined;
      }
    : (line: string): undefined => {
        counts.lines++;
        counts[parser.parse(line).type]++;
        return undefined;
      };
const reader = new FileTextReader(file);
const lines = split2('\n', onLine, { maxLength: 1 << 20, writableObjectMode: true });
lines.resume();
reader.on('data', (c: TextChunk) => lines.write(c.text));
reader.on('end', () => lines.end());
reader.on('error', (err) => {
  process.stderr.write(`${err.message}\n`);
  process.exit(66);
});
lines.on('end', () => {
  process.stdout.write(JSON.stringify(counts) + '\n');
});
