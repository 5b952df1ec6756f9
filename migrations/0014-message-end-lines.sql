-- An mxlens older than "an end line for an id never seen records nothing, and expiry ends the
-- message" stored a message row for a Postfix "removed" or Exim "Completed" line whose id it had
-- not seen (nothing else in the row, nothing pointing at it), and let such a line turn an expired
-- message into a removed or completed one. Upgraded databases counted those rows as messages.
-- A message a queue manager expired stays expired, ending at its expiry:
UPDATE messages SET state = 'expired', last_ts = coalesce(e.ts, messages.last_ts)
FROM (SELECT message_row, max(ts) AS ts FROM deliveries WHERE status = 'expired' AND message_row IS NOT NULL GROUP BY message_row) AS e
WHERE messages.id = e.message_row AND messages.state IN ('removed', 'completed');

-- and a row made of an end line alone goes
DELETE FROM messages
WHERE state IN ('removed', 'completed') AND first_ts IS last_ts
  AND session_id IS NULL AND origin IS NULL AND client_host IS NULL AND client_ip IS NULL AND sender IS NULL
  AND size IS NULL AND nrcpt IS NULL AND message_id IS NULL
  AND id NOT IN (SELECT message_row FROM deliveries WHERE message_row IS NOT NULL)
  AND id NOT IN (SELECT message_row FROM replies WHERE message_row IS NOT NULL);
