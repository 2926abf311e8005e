-- Acknowledgements of alerts: an analyst has seen an alert and dealt
-- with it. One per alert; the first stands.
CREATE TABLE alert_acks (
	alert_id INTEGER PRIMARY KEY REFERENCES alerts (id),
	author   TEXT NOT NULL,
	note     TEXT NOT NULL DEFAULT '',
	created  TEXT NOT NULL
);
