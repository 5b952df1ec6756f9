-- Two remediation entries now answer Exim lines as well as Postfix ones, and lost the
-- "postfix." in their ids. Rows keep the id of the entry that matched when they were read;
-- renaming the ids they hold keeps every stored id one that the catalogue still knows.
UPDATE replies SET remedy_id = 'text.sender-rejected' WHERE remedy_id = 'text.postfix.sender-rejected';
UPDATE replies SET remedy_id = 'text.unknown-client' WHERE remedy_id = 'text.postfix.unknown-client';
UPDATE deliveries SET remedy_id = 'text.sender-rejected' WHERE remedy_id = 'text.postfix.sender-rejected';
UPDATE deliveries SET remedy_id = 'text.unknown-client' WHERE remedy_id = 'text.postfix.unknown-client';
UPDATE stalls SET remedy_id = 'text.sender-rejected' WHERE remedy_id = 'text.postfix.sender-rejected';
UPDATE stalls SET remedy_id = 'text.unknown-client' WHERE remedy_id = 'text.postfix.unknown-client';
