-- TLS handshakes that failed and certificates that did not verify: a client that could not
-- complete STARTTLS (or TLS on connect) with our server (direction inbound), or a remote whose
-- TLS our client could not use or could not verify (outbound). One row a log line; the Postfix
-- warning that says why fills in library_error: "TLS library problem: ..." logged after the
-- failure by the same smtpd or smtp process, or tlsproxy's warning naming the same client just
-- before it. Rows exist only for lines read by this version on.
CREATE TABLE tls_failures (
  id INTEGER PRIMARY KEY,
  ts INTEGER,
  host TEXT NOT NULL,
  mta TEXT NOT NULL,
  program TEXT NOT NULL,
  pid INTEGER,
  direction TEXT NOT NULL,
  session_id INTEGER,
  queue_id TEXT,
  peer_host TEXT,
  peer_ip TEXT,
  detail TEXT NOT NULL,
  library_error TEXT,
  -- masked, for grouping (numbers, addresses and names replaced)
  reason TEXT,
  remedy_id TEXT,
  pattern TEXT NOT NULL,
  line TEXT NOT NULL
) STRICT;
CREATE INDEX tls_failures_ts ON tls_failures (ts);
-- the warning that completes a failure finds it by its process
CREATE INDEX tls_failures_process ON tls_failures (host, program, pid) WHERE pid IS NOT NULL;
-- the common question: which TLS failures, how often, from or to whom
CREATE VIEW tls_failures_by_reason AS
  SELECT direction, remedy_id, reason, count(*) AS n, count(DISTINCT peer_ip) AS peers, min(ts) AS first_ts, max(ts) AS last_ts
  FROM tls_failures GROUP BY direction, remedy_id, reason ORDER BY n DESC;
