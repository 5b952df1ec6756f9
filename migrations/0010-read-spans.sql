-- What was read of JSON logs (journald, Docker), by stream: one row per span of positions read.
-- scope:  'journal:' || the cursor's seqnum id (s=), 'journal-host:' || host for entries without
--         a cursor, or 'docker:' || the source's name (its path, or '-' for standard input)
-- stream: journald: unit and identifier (joined by U+0001); Docker: host and stdout/stderr;
--         '*': the whole scope (a checkpoint stored before streams were told apart)
-- lo, hi: positions (journald sequence number, realtime µs, or Docker nanoseconds), both read, as
--         16 lowercase hex digits (so that text order is number order)
CREATE TABLE read_spans (
  scope  TEXT NOT NULL,
  stream TEXT NOT NULL,
  lo     TEXT NOT NULL,
  hi     TEXT NOT NULL,
  PRIMARY KEY (scope, stream, lo)
) STRICT;

-- The single checkpoint of before (the last journald cursor or Docker time of a source) keeps its
-- meaning: everything of that journal up to its sequence number, everything of that Docker log up
-- to its time, counts as read.
INSERT INTO read_spans (scope, stream, lo, hi)
  SELECT 'journal:' || substr(cursor, 3, instr(cursor || ';', ';') - 3), '*', '0000000000000000',
         substr('0000000000000000' || lower(i), -16, 16)
  FROM (SELECT cursor, substr(rest, 1, instr(rest || ';', ';') - 1) AS i
        FROM (SELECT cursor, substr(cursor, instr(cursor, ';i=') + 3) AS rest FROM sources
              WHERE kind = 'journal' AND cursor LIKE 's=%' AND instr(cursor, ';i=') > 0))
  WHERE length(i) BETWEEN 1 AND 16 AND i NOT GLOB '*[^0-9a-fA-F]*'
  ON CONFLICT (scope, stream, lo) DO UPDATE SET hi = max(read_spans.hi, excluded.hi);
INSERT INTO read_spans (scope, stream, lo, hi)
  SELECT 'docker:' || path, '*', '0000000000000000', printf('%016x', CAST(cursor AS INTEGER))
  FROM sources WHERE kind = 'docker' AND cursor GLOB '[0-9]*'
  ON CONFLICT (scope, stream, lo) DO UPDATE SET hi = max(read_spans.hi, excluded.hi);
