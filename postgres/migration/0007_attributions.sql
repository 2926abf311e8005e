-- Who says what in each document, as the attribution model read it.
ALTER TABLE extractions ADD COLUMN attributions TEXT NOT NULL DEFAULT '[]';
