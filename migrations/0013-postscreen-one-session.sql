-- An mxlens older than "one postscreen connection is one session" closed a postscreen session at
-- HANGUP or PASS and made the DISCONNECT that follows a session of its own (start = end, nothing
-- else in it), so an upgraded database counted such connections twice. The DISCONNECT closes the
-- session before it, as the program now stores it: that session ends (and was last heard of) at the
-- DISCONNECT, and the extra row goes. A session is followed by its client's address and port; a
-- PASS stays open to its DISCONNECT for 10 minutes of log time (PASS_LINGER_MS), and so is a
-- HANGUP followed here (postscreen logs its DISCONNECT at once).
CREATE TEMP TABLE postscreen_merge AS
SELECT id AS extra_id, prev_id AS kept_id, end_ts, seen_ts
FROM (SELECT id, start_ts, end_ts, seen_ts, end_reason, counters, rejects, messages, stalled,
             lag(id) OVER w AS prev_id, lag(end_reason) OVER w AS prev_reason, lag(end_ts) OVER w AS prev_end
      FROM sessions
      WHERE (program = 'postscreen' OR program GLOB '*/postscreen') AND client_ip IS NOT NULL AND client_port IS NOT NULL
      WINDOW w AS (PARTITION BY host, program, client_ip, client_port ORDER BY id))
WHERE end_reason = 'disconnect' AND start_ts = end_ts AND counters IS NULL AND rejects = 0 AND messages = 0 AND stalled = 0
  AND prev_reason IN ('hangup', 'pass') AND prev_end IS NOT NULL AND prev_end <= start_ts AND start_ts - prev_end <= 600000;

-- a row something points at is left as it is
DELETE FROM postscreen_merge
WHERE extra_id IN (SELECT session_id FROM replies WHERE session_id IS NOT NULL)
   OR extra_id IN (SELECT session_id FROM stalls WHERE session_id IS NOT NULL)
   OR extra_id IN (SELECT session_id FROM messages WHERE session_id IS NOT NULL);

UPDATE sessions SET end_ts = m.end_ts, seen_ts = m.seen_ts FROM postscreen_merge AS m WHERE sessions.id = m.kept_id;
DELETE FROM sessions WHERE id IN (SELECT extra_id FROM postscreen_merge);
DROP TABLE postscreen_merge;
