-- Settings of the database itself, by key. `derive_version` names the rules that filled the derived
-- columns (replies.reason and remedy_id, deliveries.reason and remedy_id of failed attempts,
-- stalls.remedy_id). A database created from nothing gets the program's version when it is
-- created; one that held rows before this migration has no such row, read as version 0, so the
-- next analyse derives its rows again, once.
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;
