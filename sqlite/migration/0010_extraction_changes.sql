-- Which documents' extractions changed, and in what order: every insert
-- or delete of an extractions row (a new extraction, a re-extraction, a
-- deleted document) gives the document the next sequence number. A
-- server's in-memory news index reads the documents changed since the
-- last number it saw, so it stays current whoever wrote them (the server
-- itself, or "dossier ingest" in another process). One row per document.
CREATE TABLE extraction_changes (
	document_id TEXT    PRIMARY KEY,
	seq         INTEGER NOT NULL
) WITHOUT ROWID;

CREATE UNIQUE INDEX extraction_changes_seq ON extraction_changes (seq);

INSERT INTO extraction_changes (document_id, seq)
	SELECT document_id, row_number() OVER (ORDER BY rowid) FROM extractions;

CREATE TRIGGER extractions_inserted AFTER INSERT ON extractions BEGIN
	INSERT OR REPLACE INTO extraction_changes (document_id, seq)
		VALUES (NEW.document_id, (SELECT coalesce(max(seq), 0) + 1 FROM extraction_changes));
END;

CREATE TRIGGER extractions_deleted AFTER DELETE ON extractions BEGIN
	INSERT OR REPLACE INTO extraction_changes (document_id, seq)
		VALUES (OLD.document_id, (SELECT coalesce(max(seq), 0) + 1 FROM extraction_changes));
END;
