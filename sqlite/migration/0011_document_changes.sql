-- Documents stored, changed or deleted count as changes too: a server's
-- in-memory news index also keeps every document's full-text tokens
-- (for the bm25 statistics of all rows, with or without an extraction),
-- and reads again the documents whose number is past the last it saw.
CREATE TRIGGER documents_changed_ai AFTER INSERT ON documents BEGIN
	INSERT OR REPLACE INTO extraction_changes (document_id, seq)
		VALUES (NEW.id, (SELECT coalesce(max(seq), 0) + 1 FROM extraction_changes));
END;

CREATE TRIGGER documents_changed_ad AFTER DELETE ON documents BEGIN
	INSERT OR REPLACE INTO extraction_changes (document_id, seq)
		VALUES (OLD.id, (SELECT coalesce(max(seq), 0) + 1 FROM extraction_changes));
END;

CREATE TRIGGER documents_changed_au AFTER UPDATE OF id, title, text ON documents BEGIN
	INSERT OR REPLACE INTO extraction_changes (document_id, seq)
		VALUES (OLD.id, (SELECT coalesce(max(seq), 0) + 1 FROM extraction_changes));
	INSERT OR REPLACE INTO extraction_changes (document_id, seq)
		VALUES (NEW.id, (SELECT coalesce(max(seq), 0) + 1 FROM extraction_changes));
END;
