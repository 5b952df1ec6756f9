import { compileTable, type PatternRow } from '../table.js';

/** Every Exim line shape, in matching order. */
export const eximRows: readonly PatternRow[] = [
  {
    id: 'exim.daemon-started',
    services: '*',
    re: /^exim (?<version>\S+) daemon started: pid=(?<pid>\d+)/,
    build: (g) => ({ kind: 'info', pattern: 'exim.daemon-started', mta: 'exim', detail: `daemon started ${g.version}` }),
    samples: ['2026-11-28 18:12:52 exim 4.96 daemon started: pid=15584, -q20s, listening for SMTP on [127.0.0.1]:25'],
  },
];

export const eximTable = compileTable(eximRows);
