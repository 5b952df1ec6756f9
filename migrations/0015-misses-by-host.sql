-- Unparsed lines by host as well, so that a report for some hosts only (report --host) lists
-- their shapes, counts and examples. misses and miss_minutes stay as they were (all hosts
-- together) for the queries people already run on them. Lines stored before this migration
-- have no per-host shape counts: a report for a host counts them in its totals and says
-- that their shapes are not known per host.
CREATE TABLE miss_hosts (
  host     TEXT NOT NULL,               -- '' for a line with no recognisable prefix
  program  TEXT NOT NULL,
  shape    TEXT NOT NULL,
  count    INTEGER NOT NULL,
  first_ts INTEGER,
  last_ts  INTEGER,
  example  TEXT NOT NULL,               -- the first line of this shape from this host
  PRIMARY KEY (host, program, shape)
) STRICT;

CREATE TABLE miss_host_minutes (
  minute  INTEGER NOT NULL,             -- epoch ms floored to the minute; 0 when the line had no time
  host    TEXT NOT NULL,
  program TEXT NOT NULL,
  shape   TEXT NOT NULL,
  count   INTEGER NOT NULL,
  PRIMARY KEY (minute, host, program, shape)
) STRICT, WITHOUT ROWID;
