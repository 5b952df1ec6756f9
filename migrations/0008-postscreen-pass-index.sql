-- A postscreen session that ended with PASS may still hear of its client a little later (when
-- postscreen could not hand the connection to smtpd it logs DISCONNECT after the PASS). A run
-- that resumes reads back the PASS sessions of the last minutes of log time to go on with them;
-- this partial index holds just those rows. The WHERE clause is the one store/sources.ts uses.
CREATE INDEX sessions_passed ON sessions (seen_ts) WHERE end_reason = 'pass';
