-- The content packs this database has served, with the version of each, so
-- that a report can say which rubric version graded it and an operator can
-- see when a pack changed.
CREATE TABLE packs (
	id         TEXT PRIMARY KEY,
	version    TEXT NOT NULL,
	source     TEXT NOT NULL,
	first_seen TEXT NOT NULL,
	last_seen  TEXT NOT NULL
);
