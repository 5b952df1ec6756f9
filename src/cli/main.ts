#!/usr/bin/env node
import { hideBin } from 'yargs/helpers';
import { EX } from './exit-codes.js';
import { processIO } from './io.js';
import { run } from './run.js';

run(hideBin(process.argv), processIO()).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`mxlens: internal error: ${String(err)}\n`);
    process.exitCode = EX.SOFTWARE;
  },
);
