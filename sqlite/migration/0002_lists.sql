-- Sanctions and PEP lists: every loaded version is kept, so that
-- versions can be compared; one per dataset is current.
CREATE TABLE list_versions (
	rowid     INTEGER PRIMARY KEY,
	dataset   TEXT    NOT NULL,
	version   TEXT    NOT NULL,
	title     TEXT    NOT NULL DEFAULT '',
	publisher TEXT    NOT NULL DEFAULT '',
	published TEXT,
	loaded    TEXT    NOT NULL,
	source    TEXT    NOT NULL DEFAULT '',
	entities  INTEGER NOT NULL,
	targets   INTEGER NOT NULL,
	current   INTEGER NOT NULL DEFAULT 0,
	UNIQUE (dataset, version)
);

CREATE TABLE list_entities (
	version_id INTEGER NOT NULL REFERENCES list_versions (rowid) ON DELETE CASCADE,
	id         TEXT    NOT NULL,
	schema     TEXT    NOT NULL,
	caption    TEXT    NOT NULL,
	data       TEXT    NOT NULL, -- the entity as JSON
	hash       TEXT    NOT NULL, -- of data, to compare versions
	PRIMARY KEY (version_id, id)
) WITHOUT ROWID;
