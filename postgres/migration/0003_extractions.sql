-- What the extraction pipeline found in each document. Re-extracting a
-- document replaces its rows.
CREATE TABLE extractions (
	document_id TEXT PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
	pipeline    TEXT NOT NULL, -- component names, space-separated
	version     TEXT NOT NULL, -- dossier version that ran it
	extracted   TEXT NOT NULL
);

CREATE TABLE doc_entities (
	document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
	entity_id   TEXT NOT NULL, -- e1, e2, … within the document
	type        TEXT NOT NULL,
	name        TEXT NOT NULL,
	norm        TEXT NOT NULL, -- lower-cased name without accents, for look-ups
	data        TEXT NOT NULL, -- the DocEntity as JSON
	PRIMARY KEY (document_id, entity_id)
);

CREATE INDEX doc_entities_norm ON doc_entities (norm);

-- "end" is a reserved word in PostgreSQL: queries quote it.
CREATE TABLE mentions (
	document_id TEXT    NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
	entity_id   TEXT    NOT NULL,
	start       INTEGER NOT NULL,
	"end"       INTEGER NOT NULL,
	text        TEXT    NOT NULL,
	PRIMARY KEY (document_id, start)
);
