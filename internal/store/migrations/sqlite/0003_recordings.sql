-- Spoken answers. A recording belongs to a session's question; its audio
-- arrives in chunks while the candidate speaks (so a closed tab keeps what
-- arrived) and is stored in recording_audio until it is transcribed, and
-- after that only if the candidate chose to keep recordings. The row is
-- also the transcription job: the worker takes queued recordings, oldest
-- first, and a server restarted mid-transcription queues them again.
CREATE TABLE recordings (
	id           TEXT PRIMARY KEY,
	session_id   TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
	round_idx    INTEGER NOT NULL,
	question_idx INTEGER NOT NULL,
	format       TEXT NOT NULL DEFAULT '',
	bytes        INTEGER NOT NULL DEFAULT 0,
	has_audio    INTEGER NOT NULL DEFAULT 0,
	keep         INTEGER NOT NULL DEFAULT 0,
	complete     INTEGER NOT NULL DEFAULT 0,
	source       TEXT NOT NULL DEFAULT 'server',
	status       TEXT NOT NULL,
	error        TEXT NOT NULL DEFAULT '',
	error_kind   TEXT NOT NULL DEFAULT '',
	retryable    INTEGER NOT NULL DEFAULT 0,
	transcript   TEXT,
	attempts     INTEGER NOT NULL DEFAULT 0,
	turn_seq     INTEGER,
	created_at   TEXT NOT NULL,
	updated_at   TEXT NOT NULL
);
CREATE INDEX recordings_session ON recordings (session_id, created_at);
CREATE INDEX recordings_status ON recordings (status, created_at);

-- The audio, in the chunks it arrived in.
CREATE TABLE recording_audio (
	recording_id TEXT NOT NULL REFERENCES recordings (id) ON DELETE CASCADE,
	seq          INTEGER NOT NULL,
	data         BLOB NOT NULL,
	PRIMARY KEY (recording_id, seq)
);
