-- Monitoring: links between news entities and list entities, watched
-- subjects, their alerts and webhook deliveries, the decisions audit log
-- and batch jobs. Times are RFC 3339 text, UTC.

-- A document entity (PER, ORG) linked to a list entity. Rewritten only
-- when the link changes.
CREATE TABLE links (
	document_id     TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
	doc_entity_id   TEXT NOT NULL,
	list_entity_id  TEXT NOT NULL,
	doc_entity_name TEXT NOT NULL,
	doc_entity_type TEXT NOT NULL,
	caption         TEXT NOT NULL,
	schema          TEXT NOT NULL,
	dataset         TEXT NOT NULL,
	list_version    TEXT NOT NULL,
	score           REAL NOT NULL,
	matched_name    TEXT NOT NULL DEFAULT '',
	explanations    TEXT NOT NULL, -- JSON object: feature → {score, detail}
	linked          TEXT NOT NULL,
	PRIMARY KEY (document_id, doc_entity_id, list_entity_id)
) WITHOUT ROWID;

CREATE INDEX links_list_entity ON links (list_entity_id, score DESC);

-- Watched subjects. reference is the customer's ID, unique when set.
CREATE TABLE watches (
	id         INTEGER PRIMARY KEY,
	name       TEXT NOT NULL,
	schema     TEXT NOT NULL DEFAULT '',
	birth_date TEXT NOT NULL DEFAULT '',
	country    TEXT NOT NULL DEFAULT '',
	reference  TEXT, -- NULL when none
	created    TEXT NOT NULL,
	updated    TEXT NOT NULL
);

CREATE UNIQUE INDEX watches_reference ON watches (reference) WHERE reference IS NOT NULL;

-- Alerts outlive their watch, so watch_id is not a foreign key.
CREATE TABLE alerts (
	id             INTEGER PRIMARY KEY,
	watch_id       INTEGER NOT NULL,
	watch_name     TEXT NOT NULL,
	kind           TEXT NOT NULL CHECK (kind IN ('list_hit', 'news_hit')),
	change         TEXT NOT NULL,
	target         TEXT NOT NULL,
	list_entity_id TEXT NOT NULL DEFAULT '',
	dataset        TEXT NOT NULL DEFAULT '',
	list_version   TEXT NOT NULL DEFAULT '',
	document_id    TEXT NOT NULL DEFAULT '',
	doc_entity_id  TEXT NOT NULL DEFAULT '',
	caption        TEXT NOT NULL DEFAULT '',
	schema         TEXT NOT NULL DEFAULT '',
	score          REAL NOT NULL,
	matched_name   TEXT NOT NULL DEFAULT '',
	explanations   TEXT NOT NULL,
	fingerprint    TEXT NOT NULL,
	delivery       TEXT NOT NULL DEFAULT '',
	created        TEXT NOT NULL
);

CREATE INDEX alerts_watch ON alerts (watch_id, id);

-- The last sighting of each hit of each watch: what alerts are
-- deduplicated against.
CREATE TABLE watch_hits (
	watch_id    INTEGER NOT NULL,
	kind        TEXT    NOT NULL,
	target      TEXT    NOT NULL,
	fingerprint TEXT    NOT NULL,
	alert_id    INTEGER NOT NULL,
	PRIMARY KEY (watch_id, kind, target)
) WITHOUT ROWID;

CREATE TABLE deliveries (
	id          INTEGER PRIMARY KEY,
	alert_id    INTEGER NOT NULL REFERENCES alerts (id),
	url         TEXT    NOT NULL,
	attempt     INTEGER NOT NULL,
	status      TEXT    NOT NULL,
	http_status INTEGER NOT NULL DEFAULT 0,
	error       TEXT    NOT NULL DEFAULT '',
	created     TEXT    NOT NULL
);

CREATE INDEX deliveries_alert ON deliveries (alert_id, id);

-- The decisions audit log: append-only (the triggers below refuse any
-- UPDATE or DELETE), each row chained to the one before by
-- hash = sha256(prev_hash || content) (dossier.ChainHash).
CREATE TABLE decisions (
	id             INTEGER PRIMARY KEY,
	subject_key    TEXT NOT NULL,
	watch_id       INTEGER NOT NULL DEFAULT 0,
	subject_name   TEXT NOT NULL DEFAULT '',
	list_entity_id TEXT NOT NULL DEFAULT '',
	document_id    TEXT NOT NULL DEFAULT '',
	doc_entity_id  TEXT NOT NULL DEFAULT '',
	target         TEXT NOT NULL,
	verdict        TEXT NOT NULL CHECK (verdict IN ('match', 'false_positive', 'needs_review')),
	author         TEXT NOT NULL,
	note           TEXT NOT NULL DEFAULT '',
	created        TEXT NOT NULL, -- RFC 3339 with nanoseconds, as hashed
	prev_hash      TEXT NOT NULL,
	hash           TEXT NOT NULL UNIQUE
);

CREATE INDEX decisions_subject ON decisions (subject_key, target, id);

CREATE TRIGGER decisions_no_update BEFORE UPDATE ON decisions BEGIN
	SELECT RAISE(ABORT, 'decisions: the audit log is append-only');
END;
CREATE TRIGGER decisions_no_delete BEFORE DELETE ON decisions BEGIN
	SELECT RAISE(ABORT, 'decisions: the audit log is append-only');
END;
-- A row must follow the last one: the next ID, chained to its hash.
CREATE TRIGGER decisions_chain BEFORE INSERT ON decisions BEGIN
	SELECT RAISE(ABORT, 'decisions: row does not extend the chain')
	WHERE NEW.id IS NOT (SELECT COALESCE(MAX(id), 0) + 1 FROM decisions)
	   OR NEW.prev_hash IS NOT COALESCE((SELECT hash FROM decisions ORDER BY id DESC LIMIT 1), '');
END;

CREATE TABLE jobs (
	id         INTEGER PRIMARY KEY,
	kind       TEXT    NOT NULL,
	input      TEXT,             -- the CSV itself, or NULL when read from input_path
	input_path TEXT    NOT NULL DEFAULT '',
	input_name TEXT    NOT NULL DEFAULT '',
	threshold  REAL    NOT NULL DEFAULT 0,
	hit_limit  INTEGER NOT NULL DEFAULT 0,
	state      TEXT    NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
	done       INTEGER NOT NULL DEFAULT 0,
	total      INTEGER NOT NULL DEFAULT 0,
	error      TEXT    NOT NULL DEFAULT '',
	created    TEXT    NOT NULL,
	started    TEXT,
	finished   TEXT
);

CREATE INDEX jobs_state ON jobs (state, id);

-- One row per input row, written with the job's progress in one
-- transaction.
CREATE TABLE job_results (
	job_id     INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
	row        INTEGER NOT NULL,
	line       INTEGER NOT NULL DEFAULT 0,
	reference  TEXT    NOT NULL DEFAULT '',
	query      TEXT    NOT NULL DEFAULT '',
	error      TEXT    NOT NULL DEFAULT '',
	hits       TEXT    NOT NULL, -- JSON array of dossier.ListHit
	suppressed INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (job_id, row)
) WITHOUT ROWID;
