-- An mxlens older than the fix of Exim's multi-line entries (rejectlog, paniclog) stored each such
-- entry whole, its parts joined by NUL: replies.line and problems.line ended in NUL and the header
-- lines, and a miss's shape and example too, so reports showed the tail and a miss of the same
-- entry read later counted under a second shape. Stored text is log text: it ends at the first NUL.
UPDATE replies SET line = substr(line, 1, instr(line, char(0)) - 1) WHERE instr(line, char(0)) > 0;
UPDATE deliveries SET line = substr(line, 1, instr(line, char(0)) - 1) WHERE instr(line, char(0)) > 0;
UPDATE stalls SET line = substr(line, 1, instr(line, char(0)) - 1) WHERE instr(line, char(0)) > 0;
UPDATE problems SET line = substr(line, 1, instr(line, char(0)) - 1) WHERE instr(line, char(0)) > 0;
UPDATE misses SET example = substr(example, 1, instr(example, char(0)) - 1) WHERE instr(example, char(0)) > 0;

-- a shape is the masked first line, trimmed as the program trims it; entries that differed only
-- after the NUL become one shape, their counts added
INSERT INTO misses (program, shape, count, first_ts, last_ts, example)
  SELECT program, trim(substr(shape, 1, instr(shape, char(0)) - 1), ' ' || char(9, 10, 11, 12, 13)),
         sum(count), min(first_ts), max(last_ts), min(example)
  FROM misses WHERE instr(shape, char(0)) > 0
  GROUP BY program, trim(substr(shape, 1, instr(shape, char(0)) - 1), ' ' || char(9, 10, 11, 12, 13))
  ON CONFLICT (program, shape) DO UPDATE SET
    count = misses.count + excluded.count,
    first_ts = coalesce(min(misses.first_ts, excluded.first_ts), misses.first_ts, excluded.first_ts),
    last_ts = coalesce(max(misses.last_ts, excluded.last_ts), misses.last_ts, excluded.last_ts);
DELETE FROM misses WHERE instr(shape, char(0)) > 0;
