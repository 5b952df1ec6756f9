-- all_replies named a reply's peer by client_ip alone: the remote server that gave an outbound reply
-- (a remote-error row) is in relay_ip, so its peer_ip read NULL. The peer is whichever side answered.
-- A delivery our own agent or router failed (local_agent) is no remote's reply: its direction is
-- 'local', as the report and explain call it.
DROP VIEW all_replies;
CREATE VIEW all_replies AS
  SELECT ts, host, mta, kind, direction, code, code_derived, enhanced, text, stage, queue_id,
         CASE direction WHEN 'outbound' THEN relay_ip ELSE client_ip END AS peer_ip, recipient, remedy_id, line
  FROM replies
  UNION ALL
  SELECT ts, host, mta, 'delivery', CASE local_agent WHEN 1 THEN 'local' ELSE 'outbound' END, code, code_derived, enhanced,
         coalesce(reply_text, detail), stage, queue_id, relay_ip, recipient, remedy_id, line
  FROM deliveries WHERE code IS NOT NULL;
