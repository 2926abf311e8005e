-- API tokens of the HTTP server: one row per issued token. Only the
-- SHA-256 of the secret is stored; the secret is shown once.
CREATE TABLE api_tokens (
	id      INTEGER PRIMARY KEY,
	name    TEXT    NOT NULL,
	scope   TEXT    NOT NULL CHECK (scope IN ('read', 'write')),
	hash    TEXT    NOT NULL UNIQUE, -- hex SHA-256 of the secret
	hint    TEXT    NOT NULL,        -- first characters of the secret
	created TEXT    NOT NULL,        -- RFC 3339
	revoked TEXT                     -- RFC 3339, NULL while valid
);

-- A name identifies one valid token; revoked tokens keep theirs.
CREATE UNIQUE INDEX api_tokens_valid_name ON api_tokens (name) WHERE revoked IS NULL;
