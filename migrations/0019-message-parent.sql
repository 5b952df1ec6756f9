-- The message a message was made from, by queue id on the same host: the original of a Postfix
-- bounce or delay notice ("QID: sender non-delivery notification: NEWID") or of a message requeued
-- by postsuper -r (pickup's "orig_id="), and the message an Exim bounce returns (R= on its "<= <>"
-- line). NULL for every other message and for messages stored before this column.
ALTER TABLE messages ADD COLUMN parent_id TEXT;
