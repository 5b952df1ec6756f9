-- mxlens schema, version 1. Times are INTEGER epoch milliseconds UTC.
-- Remediation text is not stored: rows keep remedy_id, the text lives in the program.

-- One row per input source, with the read checkpoint committed together with the rows it produced.
CREATE TABLE sources (
  id          INTEGER PRIMARY KEY,
  path        TEXT NOT NULL,
  kind        TEXT NOT NULL,            -- file | stdin | journal | docker | refused
  dev         INTEGER,
  ino         INTEGER,
  fingerprint TEXT,                     -- hex of the first bytes read (compared as a prefix)
  byte_offset INTEGER NOT NULL DEFAULT 0, -- uncompressed bytes consumed, always at a line boundary
  size        INTEGER,
  lines       INTEGER NOT NULL DEFAULT 0,
  last_ts     INTEGER,
  cursor      TEXT,                     -- journald __CURSOR
  updated_at  INTEGER
) STRICT;

-- Line accounting per hour, host and MTA: what was read, understood, not understood, or not ours.
CREATE TABLE line_stats (
  hour     INTEGER NOT NULL,            -- epoch ms floored to the hour; 0 when the line had no time
  host     TEXT NOT NULL,
  mta      TEXT NOT NULL,               -- postfix | exim | '' (other programs, no prefix)
  lines    INTEGER NOT NULL DEFAULT 0,
  parsed   INTEGER NOT NULL DEFAULT 0,
  unparsed INTEGER NOT NULL DEFAULT 0,
  foreign_lines INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (hour, host, mta)
) STRICT;

-- Lines from Postfix or Exim that no pattern understood, grouped by program and masked shape.
CREATE TABLE misses (
  program  TEXT NOT NULL,
  shape    TEXT NOT NULL,
  count    INTEGER NOT NULL,
  first_ts INTEGER,
  last_ts  INTEGER,
  example  TEXT NOT NULL,
  PRIMARY KEY (program, shape)
) STRICT;

-- One client connection (Postfix smtpd/postscreen connect..disconnect, Exim connection).
CREATE TABLE sessions (
  id          INTEGER PRIMARY KEY,
  host        TEXT NOT NULL,
  mta         TEXT NOT NULL,
  program     TEXT NOT NULL,
  pid         INTEGER,
  client_host TEXT,
  client_ip   TEXT,
  start_ts    INTEGER,
  end_ts      INTEGER,
  counters    TEXT,                     -- Postfix: ehlo=1 mail=1 rcpt=0/1 ... commands=3/4
  end_reason  TEXT,                     -- disconnect | lost | timeout | too-many-errors | unterminated
  end_stage   TEXT,
  stalled     INTEGER NOT NULL DEFAULT 0,
  rejects     INTEGER NOT NULL DEFAULT 0,
  messages    INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX sessions_start ON sessions (start_ts);

-- One message: a Postfix queue id or an Exim message id, per host.
CREATE TABLE messages (
  id          INTEGER PRIMARY KEY,
  host        TEXT NOT NULL,
  mta         TEXT NOT NULL,
  queue_id    TEXT NOT NULL,
  session_id  INTEGER,
  first_ts    INTEGER,
  last_ts     INTEGER,
  origin      TEXT,                     -- smtp | pickup | local | bounce
  client_host TEXT,
  client_ip   TEXT,
  sender      TEXT,
  size        INTEGER,
  nrcpt       INTEGER,
  message_id  TEXT,
  state       TEXT NOT NULL DEFAULT 'open' -- open | removed | expired | completed | rejected
) STRICT;
CREATE INDEX messages_first ON messages (first_ts);

-- SMTP replies not tied to a delivery attempt: our rejections (inbound) and remote servers' answers
-- logged apart from a status line (outbound). Replies on delivery lines stay in deliveries.
CREATE TABLE replies (
  id           INTEGER PRIMARY KEY,
  ts           INTEGER,
  host         TEXT NOT NULL,
  mta          TEXT NOT NULL,
  program      TEXT NOT NULL,
  pid          INTEGER,
  kind         TEXT NOT NULL,           -- reject | reject-warning | delivery | remote-error | ...
  direction    TEXT NOT NULL,           -- inbound | outbound
  code         INTEGER,
  code_derived INTEGER NOT NULL DEFAULT 0,
  enhanced     TEXT,
  text         TEXT NOT NULL,
  reason       TEXT NOT NULL,           -- text with addresses, IPs and numbers masked
  stage        TEXT,
  queue_id     TEXT,
  session_id   INTEGER,
  message_row  INTEGER,
  client_host  TEXT,
  client_ip    TEXT,
  relay_host   TEXT,
  relay_ip     TEXT,
  sender       TEXT,
  recipient    TEXT,
  recipient_domain TEXT,
  status       TEXT,                    -- for replies on delivery lines
  remedy_id    TEXT NOT NULL,
  pattern      TEXT NOT NULL,
  origin       TEXT NOT NULL DEFAULT 'log', -- log | rejectlog
  line         TEXT NOT NULL
) STRICT;
CREATE INDEX replies_kind_ts ON replies (kind, ts);

-- One delivery attempt for one recipient (Postfix status=, Exim => -> == **).
CREATE TABLE deliveries (
  id           INTEGER PRIMARY KEY,
  ts           INTEGER,
  host         TEXT NOT NULL,
  mta          TEXT NOT NULL,
  program      TEXT NOT NULL,
  queue_id     TEXT,
  message_row  INTEGER,
  recipient    TEXT,
  recipient_domain TEXT,
  orig_recipient TEXT,
  relay_host   TEXT,
  relay_ip     TEXT,
  delay        REAL,
  dsn          TEXT,
  status       TEXT NOT NULL,           -- sent | deferred | bounced | expired | ...
  code         INTEGER,                 -- the remote's reply on this attempt, when quoted
  code_derived INTEGER NOT NULL DEFAULT 0,
  enhanced     TEXT,                    -- enhanced code, else the dsn
  stage        TEXT,
  reply_text   TEXT,
  detail       TEXT,                    -- the status text as logged
  reason       TEXT,                    -- masked text of a failed attempt, for grouping
  remedy_id    TEXT,
  pattern      TEXT NOT NULL,
  line         TEXT,                    -- the log line of a failed attempt (null when sent)
  stall_kind   TEXT                     -- set when the attempt broke off after the remote's 354
) STRICT;
CREATE INDEX deliveries_status_ts ON deliveries (status, ts);

-- Stalled 354 sessions: DATA was accepted and the end of the message never came, either way.
CREATE TABLE stalls (
  id          INTEGER PRIMARY KEY,
  ts          INTEGER,
  host        TEXT NOT NULL,
  mta         TEXT NOT NULL,
  program     TEXT NOT NULL,
  direction   TEXT NOT NULL,
  kind        TEXT NOT NULL,
  session_id  INTEGER,
  queue_id    TEXT,
  peer_host   TEXT,
  peer_ip     TEXT,
  bytes       INTEGER,
  remedy_id   TEXT NOT NULL,
  pattern     TEXT NOT NULL,
  line        TEXT NOT NULL
) STRICT;
CREATE INDEX stalls_ts ON stalls (ts);

-- warning:, fatal:, panic: and Exim paniclog lines.
CREATE TABLE problems (
  id        INTEGER PRIMARY KEY,
  ts        INTEGER,
  host      TEXT NOT NULL,
  mta       TEXT NOT NULL,
  program   TEXT NOT NULL,
  severity  TEXT NOT NULL,
  shape     TEXT NOT NULL,
  line      TEXT NOT NULL
) STRICT;
CREATE INDEX problems_ts ON problems (ts);

-- Views for the common questions.
CREATE VIEW rejections AS
  SELECT id, ts, host, mta, code, enhanced, text, reason, stage, client_host, client_ip,
         sender, recipient, recipient_domain, remedy_id, line
  FROM replies WHERE kind = 'reject';

CREATE VIEW bounces AS
  SELECT id, ts, host, mta, queue_id, recipient, recipient_domain, relay_host, code, enhanced, dsn, detail, remedy_id, line
  FROM deliveries WHERE status = 'bounced';

CREATE VIEW deferrals AS
  SELECT id, ts, host, mta, queue_id, recipient, recipient_domain, relay_host, code, enhanced, dsn, detail, remedy_id, line
  FROM deliveries WHERE status = 'deferred';

CREATE VIEW rejections_by_code AS
  SELECT code, enhanced, reason, count(*) AS n, min(ts) AS first_ts, max(ts) AS last_ts
  FROM replies WHERE kind = 'reject' GROUP BY code, enhanced, reason ORDER BY n DESC;

-- Every SMTP reply, whichever table holds it.
CREATE VIEW all_replies AS
  SELECT ts, host, mta, kind, direction, code, code_derived, enhanced, text, stage, queue_id, client_ip AS peer_ip, recipient, remedy_id, line
  FROM replies
  UNION ALL
  SELECT ts, host, mta, 'delivery', 'outbound', code, code_derived, enhanced, coalesce(reply_text, detail), stage, queue_id, relay_ip, recipient, remedy_id, line
  FROM deliveries WHERE code IS NOT NULL;

CREATE VIEW stalls_by_kind AS
  SELECT direction, kind, count(*) AS n, min(ts) AS first_ts, max(ts) AS last_ts
  FROM stalls GROUP BY direction, kind ORDER BY n DESC;
