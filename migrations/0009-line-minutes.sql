-- Line accounting per minute, next to the hourly line_stats (which stays as it was, for the
-- queries people already run on it): a report over any window to the minute counts exactly the
-- lines of that window. Rows written before this migration have hours only: a report says when
-- its line counts had to cover whole hours for them.
CREATE TABLE line_minutes (
  minute   INTEGER NOT NULL,            -- epoch ms floored to the minute; 0 when the line had no time
  host     TEXT NOT NULL,
  mta      TEXT NOT NULL,               -- postfix | exim | '' (other programs, no prefix)
  lines    INTEGER NOT NULL DEFAULT 0,
  parsed   INTEGER NOT NULL DEFAULT 0,
  unparsed INTEGER NOT NULL DEFAULT 0,
  foreign_lines INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (minute, host, mta)
) STRICT, WITHOUT ROWID;

-- Unparsed lines per minute and shape (misses keeps the example and the all-time count), so the
-- UNPARSED section of a windowed report counts the same lines as its totals.
CREATE TABLE miss_minutes (
  minute  INTEGER NOT NULL,             -- epoch ms floored to the minute; 0 when the line had no time
  program TEXT NOT NULL,
  shape   TEXT NOT NULL,
  count   INTEGER NOT NULL,
  PRIMARY KEY (minute, program, shape)
) STRICT, WITHOUT ROWID;
