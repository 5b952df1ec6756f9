-- An Exim rejectlog entry whose mainlog line was read too is the same refusal, stored twice (origin
-- 'rejectlog' beside 'log'): the report and trace count it once, the views counted it twice, so
-- rejections_by_code disagreed with the report on a mainlog read with its rejectlog. The twin test is
-- the report's: same kind, time, host and text as a row from the log.
DROP VIEW rejections;
CREATE VIEW rejections AS
  SELECT id, ts, host, mta, code, enhanced, text, reason, stage, client_host, client_ip,
         sender, recipient, recipient_domain, remedy_id, line
  FROM replies r WHERE kind = 'reject'
    AND NOT (r.origin = 'rejectlog' AND EXISTS (SELECT 1 FROM replies t WHERE t.kind = r.kind AND t.ts = r.ts AND t.origin = 'log' AND t.host = r.host AND t.text = r.text));

DROP VIEW rejections_by_code;
CREATE VIEW rejections_by_code AS
  SELECT code, enhanced, reason, count(*) AS n, min(ts) AS first_ts, max(ts) AS last_ts
  FROM rejections GROUP BY code, enhanced, reason ORDER BY n DESC;

DROP VIEW all_replies;
CREATE VIEW all_replies AS
  SELECT ts, host, mta, kind, direction, code, code_derived, enhanced, text, stage, queue_id,
         CASE direction WHEN 'outbound' THEN relay_ip ELSE client_ip END AS peer_ip, recipient, remedy_id, line
  FROM replies r
  WHERE NOT (r.origin = 'rejectlog' AND EXISTS (SELECT 1 FROM replies t WHERE t.kind = r.kind AND t.ts = r.ts AND t.origin = 'log' AND t.host = r.host AND t.text = r.text))
  UNION ALL
  SELECT ts, host, mta, 'delivery', CASE local_agent WHEN 1 THEN 'local' ELSE 'outbound' END, code, code_derived, enhanced,
         coalesce(reply_text, detail), stage, queue_id, relay_ip, recipient, remedy_id, line
  FROM deliveries WHERE code IS NOT NULL;
