-- What the claims stage read in each document: claims (one row each,
-- for look-ups by subject, topic and stance), and the document-level
-- relations, sources and adverse-media judgement as JSON. Re-extracting a
-- document replaces its rows.
CREATE TABLE claims (
	document_id  TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
	claim_id     TEXT NOT NULL, -- c1, c2, … within the document
	subject_id   TEXT NOT NULL, -- doc_entities.entity_id
	subject_norm TEXT NOT NULL, -- folded subject name
	topic        TEXT NOT NULL,
	stance       TEXT NOT NULL,
	data         TEXT NOT NULL, -- the Claim as JSON
	PRIMARY KEY (document_id, claim_id)
);

CREATE INDEX claims_subject ON claims (document_id, subject_id);
CREATE INDEX claims_topic ON claims (topic, stance);

ALTER TABLE extractions ADD COLUMN relations TEXT NOT NULL DEFAULT '[]';
ALTER TABLE extractions ADD COLUMN sources TEXT NOT NULL DEFAULT '[]';
ALTER TABLE extractions ADD COLUMN adverse TEXT; -- NULL when not judged
