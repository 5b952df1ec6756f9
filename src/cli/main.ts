#!/usr/bin/env node
import { hideBin } from 'yargs/helpers';
import { EX } from './exit-codes.js';
import { processIO } from './io.js';
import { run } from './run.js';

// `mxlens query … | head`: the reader has what it wanted and closed the pipe. Stop quietly, as
// other Unix filters do, instead of an unhandled EPIPE error and a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

run(hideBin(process.argv), processIO()).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`mxlens: internal error: ${String(err)}\n`);
    process.exitCode = EX.SOFTWARE;
  },
);
