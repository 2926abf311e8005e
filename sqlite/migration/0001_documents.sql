-- Documents: one row per repaired article, identified by the hash of its text.
CREATE TABLE documents (
	rowid     INTEGER PRIMARY KEY,
	id        TEXT    NOT NULL UNIQUE,
	text      TEXT    NOT NULL,
	title     TEXT    NOT NULL DEFAULT '',
	byline    TEXT    NOT NULL DEFAULT '',
	url       TEXT    NOT NULL DEFAULT '',
	source    TEXT    NOT NULL DEFAULT '',
	published TEXT,                       -- RFC 3339, NULL when unknown
	format    TEXT    NOT NULL,
	origin    TEXT    NOT NULL,
	repairs   TEXT    NOT NULL DEFAULT '[]', -- JSON array of strings
	ingested  TEXT    NOT NULL              -- RFC 3339
);

CREATE INDEX documents_published ON documents (published);

-- Full-text index over title and text, kept in step by triggers.
CREATE VIRTUAL TABLE documents_fts USING fts5(
	title, text,
	content = 'documents', content_rowid = 'rowid',
	tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER documents_ai AFTER INSERT ON documents BEGIN
	INSERT INTO documents_fts (rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
CREATE TRIGGER documents_ad AFTER DELETE ON documents BEGIN
	INSERT INTO documents_fts (documents_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
END;
CREATE TRIGGER documents_au AFTER UPDATE ON documents BEGIN
	INSERT INTO documents_fts (documents_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
	INSERT INTO documents_fts (rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
