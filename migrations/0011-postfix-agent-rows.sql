-- Postfix delivery rows stored by an mxlens older than the postfix.delivery.local-agent pattern:
-- 0006 marked local_agent by that pattern, so these rows (a mailbox, pipe or error(8) delivery
-- stored as postfix.delivery.status, a relay=none failure with its server only in the text) kept
-- 0 and were reported as a remote server's answer. They get what the program now stores for the
-- same line: first the server a relay=none text names ("connect to", "host", "lost connection
-- with", "conversation with", also after "delivery temporarily suspended: "), then the pattern by
-- the agent that logged the line (the last part of the program name), then local_agent.
UPDATE deliveries SET relay_host = n.host, relay_ip = n.ip
FROM (SELECT id, p, substr(p, 1, instr(p, '[') - 1) AS host,
             substr(p, instr(p, '[') + 1, instr(p, ']') - instr(p, '[') - 1) AS ip
      FROM (SELECT id, CASE WHEN s GLOB 'connect to *' THEN substr(s, 12)
                            WHEN s GLOB 'host *' THEN substr(s, 6)
                            WHEN s GLOB 'lost connection with *' THEN substr(s, 22)
                            WHEN s GLOB 'conversation with *' THEN substr(s, 19) END AS p
            FROM (SELECT id, CASE WHEN detail GLOB 'delivery temporarily suspended: *' THEN substr(detail, 33) ELSE detail END AS s
                  FROM deliveries
                  WHERE mta = 'postfix' AND relay_host = 'none' AND relay_ip IS NULL AND detail IS NOT NULL
                    AND pattern IN ('postfix.delivery.status', 'postfix.delivery.local-agent')))
      WHERE p IS NOT NULL) AS n
WHERE deliveries.id = n.id
  AND instr(n.p, '[') > 0 AND instr(n.p, ']') > instr(n.p, '[')
  AND instr(n.host, ' ') = 0 AND instr(n.host, char(9)) = 0
  AND substr(n.p, instr(n.p, ']') + 1, 1) IN (':', ' ');

UPDATE deliveries SET pattern = 'postfix.delivery.local-agent'
WHERE mta = 'postfix' AND pattern = 'postfix.delivery.status'
  AND (program GLOB '*/local' OR program GLOB '*/virtual' OR program GLOB '*/pipe' OR program GLOB '*/error'
       OR program GLOB '*/retry' OR program GLOB '*/discard' OR program GLOB '*/qmgr' OR program GLOB '*/oqmgr');

-- a failed attempt that changes side also changes its remedy: the next analyse derives the rows again
UPDATE meta SET value = '0'
WHERE key = 'derive_version' AND EXISTS (
  SELECT 1 FROM deliveries
  WHERE mta = 'postfix' AND pattern IN ('postfix.delivery.status', 'postfix.delivery.local-agent') AND status <> 'sent'
    AND local_agent <> CASE WHEN pattern = 'postfix.delivery.local-agent' AND relay_ip IS NULL THEN 1 ELSE 0 END);

UPDATE deliveries SET local_agent = CASE WHEN pattern = 'postfix.delivery.local-agent' AND relay_ip IS NULL THEN 1 ELSE 0 END
WHERE mta = 'postfix' AND pattern IN ('postfix.delivery.status', 'postfix.delivery.local-agent')
  AND local_agent <> CASE WHEN pattern = 'postfix.delivery.local-agent' AND relay_ip IS NULL THEN 1 ELSE 0 END;
