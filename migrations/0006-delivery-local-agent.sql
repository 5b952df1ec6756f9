-- Which delivery failures no remote server had a part in: one of our own agents (Postfix error,
-- local, pipe... with no peer named) or an Exim router's :fail: or :defer:. Reports call them
-- local deliveries, name the agent and give the fix for our side.
ALTER TABLE deliveries ADD COLUMN local_agent INTEGER NOT NULL DEFAULT 0;
-- Postfix rows read before this column: their pattern and peer say it (an Exim router's decision
-- left no trace in the columns, so older Exim rows stay as they were)
UPDATE deliveries SET local_agent = 1 WHERE pattern = 'postfix.delivery.local-agent' AND relay_ip IS NULL;
