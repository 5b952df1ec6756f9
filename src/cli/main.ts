#!/usr/bin/env node
import { hideBin } from 'yargs/helpers';
import { EX } from './exit-codes.js';
import { processIO } from './io.js';
import { run } from './run.js';

// `mxlens query … | head`: the reader has what it wanted and closed the pipe. Stop quietly, as
// other Unix filters do, instead of an unhandled EPIPE error and a stack trace.
// Output redirected to a file on a full disk (`mxlens report > /var/tmp/r.txt`) fails the same
// way: one line and 74, not a stack trace, so a cron job knows its file is short.
const io = processIO();
for (const stream of [io.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    if (stream === io.stdout) {
      const why = err.code === 'ENOSPC' || err.code === 'EDQUOT' ? 'the disk is full' : (err.code ?? err.message);
      process.stderr.write(`mxlens: cannot write the output (${why})\n`);
    }
    process.exit(EX.IOERR);
  });
}

run(hideBin(process.argv), io).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`mxlens: internal error: ${String(err)}\n`);
    process.exitCode = EX.SOFTWARE;
  },
);
