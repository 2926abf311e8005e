-- Acknowledgements of alerts (the twin of sqlite's 0015): an analyst has
-- seen an alert and dealt with it. One per alert; the first stands.
CREATE TABLE alert_acks (
	alert_id BIGINT PRIMARY KEY REFERENCES alerts (id),
	author   TEXT NOT NULL,
	note     TEXT NOT NULL DEFAULT '',
	created  TEXT NOT NULL
);
