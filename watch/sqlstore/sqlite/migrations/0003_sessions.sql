-- armband's schema on SQLite, version 3: patrol sessions (SessionStore),
-- which the overdue alarm watches. A session is kept as its document with
-- its version; events are only ever appended (the store compares the
-- version it read), and an ended session stays ended.
CREATE TABLE patrol_sessions (
	program TEXT NOT NULL REFERENCES programs (program),
	id      TEXT NOT NULL,
	date    TEXT NOT NULL,
	ended   INTEGER NOT NULL DEFAULT 0 CHECK (ended IN (0, 1)),
	version INTEGER NOT NULL CHECK (version >= 1),
	doc     BLOB NOT NULL,
	PRIMARY KEY (program, id)
) STRICT;
CREATE INDEX patrol_sessions_by_date ON patrol_sessions (program, date, id);
-- OpenSessions reads the open sessions from this index alone.
CREATE INDEX patrol_sessions_open ON patrol_sessions (program, id) WHERE ended = 0;
CREATE TRIGGER patrol_sessions_append_only BEFORE UPDATE ON patrol_sessions
WHEN NEW.version < OLD.version OR (OLD.ended = 1 AND NEW.ended = 0)
BEGIN SELECT RAISE(ABORT, 'armband: a patrol session is only appended to'); END;
