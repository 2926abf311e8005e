-- The decision log's HMAC chain (issue #13): mac is the hex HMAC-SHA256,
-- under a key kept outside the database (the key directory), of the
-- previous decision's mac, or its hash if it has none, followed by the
-- decision's content (dossier.DecisionContent). ALTER TABLE fires no
-- UPDATE trigger.
ALTER TABLE decisions ADD COLUMN mac TEXT NOT NULL DEFAULT '';
