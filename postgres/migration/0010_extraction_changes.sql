-- Which documents' extractions changed, and in what order: every insert
-- or delete of an extractions row (a new extraction, a re-extraction, a
-- deleted document) gives the document the next change number. A
-- server's in-memory news index reads the documents changed since the
-- last number it saw, so it stays current whoever wrote them (the server
-- itself, "dossier ingest" or a worker in another process). One row per
-- document.
--
-- The numbers come from the one row of change_counter, not from a
-- sequence: a transaction that takes a number holds that row's lock
-- until it commits, so numbers are taken in commit order and a reader
-- that has seen number n never later finds a smaller one committed. (A
-- sequence hands out numbers at insert time, and a transaction that
-- took 5 may commit after one that took 6 was read.)
CREATE TABLE change_counter (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	n  BIGINT  NOT NULL
);
INSERT INTO change_counter (id, n) VALUES (1, 0);

CREATE TABLE extraction_changes (
	document_id TEXT   PRIMARY KEY,
	seq         BIGINT NOT NULL
);

CREATE UNIQUE INDEX extraction_changes_seq ON extraction_changes (seq);

-- dossier_changed gives document_id the next change number.
CREATE FUNCTION dossier_changed(document_id TEXT) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	next BIGINT;
BEGIN
	UPDATE change_counter SET n = n + 1 WHERE id = 1 RETURNING n INTO next;
	INSERT INTO extraction_changes AS c (document_id, seq) VALUES (dossier_changed.document_id, next)
		ON CONFLICT ON CONSTRAINT extraction_changes_pkey DO UPDATE SET seq = EXCLUDED.seq;
END;
$$;

CREATE FUNCTION extractions_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'DELETE' THEN
		PERFORM dossier_changed(OLD.document_id);
	ELSE
		PERFORM dossier_changed(NEW.document_id);
	END IF;
	RETURN NULL;
END;
$$;

CREATE TRIGGER extractions_inserted AFTER INSERT ON extractions
	FOR EACH ROW EXECUTE FUNCTION extractions_changed();
CREATE TRIGGER extractions_deleted AFTER DELETE ON extractions
	FOR EACH ROW EXECUTE FUNCTION extractions_changed();
