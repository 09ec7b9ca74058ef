-- Mock interview sessions: a session has rounds (chosen at start), and an
-- append-only list of turns. A candidate turn carries the client's id for
-- it, so a re-sent answer is stored once.
CREATE TABLE sessions (
	id         TEXT PRIMARY KEY,
	owner      TEXT NOT NULL,
	kind       TEXT NOT NULL,
	mode       TEXT NOT NULL,
	title      TEXT NOT NULL,
	company    TEXT NOT NULL DEFAULT '',
	role       TEXT NOT NULL DEFAULT '',
	loop_id    TEXT NOT NULL DEFAULT '',
	status     TEXT NOT NULL,
	round_idx  INTEGER NOT NULL DEFAULT 0,
	question_idx INTEGER NOT NULL DEFAULT 0,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	debrief    TEXT
);
CREATE INDEX sessions_owner ON sessions (owner, created_at);

CREATE TABLE session_rounds (
	session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
	idx        INTEGER NOT NULL,
	stage      TEXT NOT NULL,
	round_id   TEXT NOT NULL,
	type       TEXT NOT NULL,
	name       TEXT NOT NULL,
	minutes    INTEGER NOT NULL,
	questions  TEXT NOT NULL,
	status     TEXT NOT NULL,
	notes      TEXT NOT NULL DEFAULT '',
	report     TEXT,
	PRIMARY KEY (session_id, idx)
);

CREATE TABLE turns (
	session_id   TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
	seq          INTEGER NOT NULL,
	round_idx    INTEGER NOT NULL,
	question_idx INTEGER NOT NULL,
	role         TEXT NOT NULL,
	kind         TEXT NOT NULL,
	text         TEXT NOT NULL,
	key_point    TEXT NOT NULL DEFAULT '',
	deeper       INTEGER NOT NULL DEFAULT 0,
	client_id    TEXT,
	created_at   TEXT NOT NULL,
	PRIMARY KEY (session_id, seq)
);
CREATE UNIQUE INDEX turns_client_id ON turns (session_id, client_id) WHERE client_id IS NOT NULL;
