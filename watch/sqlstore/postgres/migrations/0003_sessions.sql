-- armband's schema on PostgreSQL, version 3: patrol sessions
-- (SessionStore), as on SQLite. A session is kept as its document with its
-- version; events are only ever appended, and an ended session stays
-- ended.
CREATE TABLE patrol_sessions (
	program text COLLATE "C" NOT NULL REFERENCES programs (program),
	id      text COLLATE "C" NOT NULL,
	date    text COLLATE "C" NOT NULL,
	ended   integer NOT NULL DEFAULT 0 CHECK (ended IN (0, 1)),
	version integer NOT NULL CHECK (version >= 1),
	doc     bytea NOT NULL,
	PRIMARY KEY (program, id)
);
CREATE INDEX patrol_sessions_by_date ON patrol_sessions (program, date, id);
CREATE INDEX patrol_sessions_open ON patrol_sessions (program, id) WHERE ended = 0;
CREATE TRIGGER patrol_sessions_append_only BEFORE UPDATE ON patrol_sessions
FOR EACH ROW WHEN (NEW.version < OLD.version OR (OLD.ended = 1 AND NEW.ended = 0))
EXECUTE FUNCTION armband_refuse('a patrol session is only appended to');
