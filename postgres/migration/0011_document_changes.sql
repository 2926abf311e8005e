-- Documents stored, changed or deleted count as changes too: a server's
-- in-memory news index also keeps every document's full-text tokens,
-- and reads again the documents whose number is past the last it saw.
CREATE FUNCTION documents_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP IN ('UPDATE', 'DELETE') THEN
		PERFORM dossier_changed(OLD.id);
	END IF;
	IF TG_OP IN ('INSERT', 'UPDATE') THEN
		PERFORM dossier_changed(NEW.id);
	END IF;
	RETURN NULL;
END;
$$;

CREATE TRIGGER documents_changed_ai AFTER INSERT ON documents
	FOR EACH ROW EXECUTE FUNCTION documents_changed();
CREATE TRIGGER documents_changed_ad AFTER DELETE ON documents
	FOR EACH ROW EXECUTE FUNCTION documents_changed();
CREATE TRIGGER documents_changed_au AFTER UPDATE OF id, title, text ON documents
	FOR EACH ROW EXECUTE FUNCTION documents_changed();
