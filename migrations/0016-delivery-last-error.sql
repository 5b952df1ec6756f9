-- A bounce that says only that retrying ran out (Exim "** x: retry timeout exceeded", "all hosts
-- ... have been failing for a long time") and a message's expiry (Postfix "status=expired") keep
-- the cause the message's last deferral gave: the reply (with the remote's code) or the detail.
-- Rows stored before this column have none, and reports show them as before.
ALTER TABLE deliveries ADD COLUMN last_error TEXT;
-- While a message is open, the causes its deferrals gave so far (JSON, model/last-error.ts), so a
-- run that reads its bounce or expiry names the cause an earlier run read; NULL once it has ended.
ALTER TABLE messages ADD COLUMN causes TEXT;
