-- The latest log time read of each host. Open sessions and messages age by their own host's
-- clock (an hour for a session, a day for a Postfix message the queue manager never saw): a run
-- that reads no line of a host still ages that host's open states by the time its lines had
-- reached, as one run over the whole log would. Empty for databases whose lines were all read
-- before this version, until their hosts log again.
CREATE TABLE host_clocks (
  host TEXT PRIMARY KEY,
  latest_ts INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
