-- The rate-limit entry answers Postfix's anvil limits as well as Exim's ratelimit ACL, and lost
-- the "exim." in its id (as 0005 did for two others). Renaming the id the rows hold keeps every
-- stored id one the catalogue still knows.
UPDATE replies SET remedy_id = 'text.rate-limit' WHERE remedy_id = 'text.exim.rate-limit';
UPDATE deliveries SET remedy_id = 'text.rate-limit' WHERE remedy_id = 'text.exim.rate-limit';
UPDATE stalls SET remedy_id = 'text.rate-limit' WHERE remedy_id = 'text.exim.rate-limit';
