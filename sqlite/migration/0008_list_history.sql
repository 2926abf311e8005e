-- A dataset's current version is explicit and unique: the current column
-- of list_versions, with at most one current row per dataset. Until now
-- a load set it on the newest row; a rollback can set it on an older one.
UPDATE list_versions SET current = 0
WHERE current = 1 AND rowid < (SELECT max(p.rowid) FROM list_versions p
	WHERE p.dataset = list_versions.dataset AND p.current = 1);
UPDATE list_versions SET current = 1
WHERE rowid = (SELECT max(p.rowid) FROM list_versions p WHERE p.dataset = list_versions.dataset)
	AND NOT EXISTS (SELECT 1 FROM list_versions p WHERE p.dataset = list_versions.dataset AND p.current = 1);
CREATE UNIQUE INDEX list_versions_current ON list_versions (dataset) WHERE current = 1;

-- Every change of a dataset's current version, oldest first: a load
-- that made a new version current, or a rollback that restored an older
-- one. Rows are only ever added.
CREATE TABLE list_events (
	rowid       INTEGER PRIMARY KEY,
	dataset     TEXT    NOT NULL,
	action      TEXT    NOT NULL CHECK (action IN ('load', 'rollback')),
	version_id  INTEGER NOT NULL REFERENCES list_versions (rowid),
	previous_id INTEGER REFERENCES list_versions (rowid),
	at          TEXT    NOT NULL
);
CREATE INDEX list_events_dataset ON list_events (dataset, rowid);

-- The loads made before this history was kept.
INSERT INTO list_events (dataset, action, version_id, previous_id, at)
SELECT v.dataset, 'load', v.rowid,
	(SELECT max(p.rowid) FROM list_versions p WHERE p.dataset = v.dataset AND p.rowid < v.rowid),
	v.loaded
FROM list_versions v ORDER BY v.rowid;
