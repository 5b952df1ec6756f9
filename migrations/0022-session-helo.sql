-- The name the client gave in HELO/EHLO, as the log shows it: Postfix's helo=<...> on a refusal or
-- warning, Exim's H=(...) and its "rejected EHLO or HELO" lines. The latest one of the connection.
-- NULL when no line of the connection names it, and for connections read before this version.
ALTER TABLE sessions ADD COLUMN helo TEXT;
