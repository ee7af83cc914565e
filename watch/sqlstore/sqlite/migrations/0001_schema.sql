-- armband's schema on SQLite, version 1. Every table is keyed by
-- programme first. Instants are integer microseconds since 1970 in UTC
-- (NULL: none); dates are YYYY-MM-DD text; documents are JSON.

CREATE TABLE programs (
	program TEXT NOT NULL PRIMARY KEY,
	kinds   BLOB NOT NULL, -- the declared kinds, read by every new incident
	doc     BLOB NOT NULL  -- the programme record
) STRICT;

CREATE TABLE volunteers (
	program TEXT NOT NULL REFERENCES programs (program),
	id      TEXT NOT NULL,
	erased  INTEGER NOT NULL CHECK (erased IN (0, 1)),
	doc     BLOB NOT NULL,
	PRIMARY KEY (program, id)
) STRICT;

-- Erasure is for ever.
CREATE TRIGGER volunteers_stay_erased BEFORE UPDATE OF erased ON volunteers
WHEN OLD.erased = 1 AND NEW.erased = 0
BEGIN SELECT RAISE(ABORT, 'armband: an erased volunteer stays erased'); END;

CREATE TABLE rotas (
	program   TEXT NOT NULL REFERENCES programs (program),
	version   INTEGER NOT NULL CHECK (version >= 1),
	from_date TEXT NOT NULL,
	to_date   TEXT NOT NULL,
	doc       BLOB NOT NULL,
	PRIMARY KEY (program, version)
) STRICT;

-- An incident as created is link 0 of its history; version and state move
-- on with each event.
CREATE TABLE incidents (
	program          TEXT NOT NULL REFERENCES programs (program),
	id               TEXT NOT NULL,
	kind             TEXT NOT NULL,
	severity         INTEGER NOT NULL,
	occurred_at      INTEGER NOT NULL,
	reported_at      INTEGER,
	beat             TEXT NOT NULL,
	contact_point    TEXT NOT NULL,
	reported_by      TEXT NOT NULL,
	police_case      INTEGER NOT NULL,
	tags             BLOB NOT NULL,
	description      TEXT NOT NULL,
	description_hash TEXT NOT NULL,
	creation_hash    TEXT NOT NULL,
	version          INTEGER NOT NULL CHECK (version >= 0),
	state            TEXT NOT NULL,
	PRIMARY KEY (program, id)
) STRICT;
CREATE INDEX incidents_by_time ON incidents (program, occurred_at, id);
CREATE INDEX incidents_by_beat ON incidents (program, beat, occurred_at, id);
CREATE INDEX incidents_by_reporter ON incidents (program, reported_by);

CREATE TRIGGER incidents_append_only BEFORE UPDATE ON incidents
WHEN NEW.program IS NOT OLD.program OR NEW.id IS NOT OLD.id OR NEW.kind IS NOT OLD.kind
	OR NEW.severity IS NOT OLD.severity OR NEW.occurred_at IS NOT OLD.occurred_at
	OR NEW.reported_at IS NOT OLD.reported_at OR NEW.beat IS NOT OLD.beat
	OR NEW.contact_point IS NOT OLD.contact_point OR NEW.reported_by IS NOT OLD.reported_by
	OR NEW.police_case IS NOT OLD.police_case OR NEW.tags IS NOT OLD.tags
	OR NEW.description_hash IS NOT OLD.description_hash OR NEW.creation_hash IS NOT OLD.creation_hash
	OR (NEW.description IS NOT OLD.description AND NEW.description <> '')
	OR (NEW.version IS NOT OLD.version AND NEW.version <> OLD.version + 1)
BEGIN SELECT RAISE(ABORT, 'armband: history is append-only'); END;

CREATE TRIGGER incidents_no_delete BEFORE DELETE ON incidents
BEGIN SELECT RAISE(ABORT, 'armband: history is append-only'); END;

CREATE TABLE events (
	program   TEXT NOT NULL,
	incident  TEXT NOT NULL,
	seq       INTEGER NOT NULL CHECK (seq >= 1),
	type      TEXT NOT NULL,
	at        INTEGER NOT NULL,
	author    TEXT NOT NULL,
	text      TEXT NOT NULL,
	text_hash TEXT NOT NULL,
	prev      TEXT NOT NULL,
	hash      TEXT NOT NULL,
	PRIMARY KEY (program, incident, seq),
	FOREIGN KEY (program, incident) REFERENCES incidents (program, id)
) STRICT, WITHOUT ROWID; -- kept in the order histories are read
CREATE INDEX events_by_author ON events (program, author);

-- An event is the next link or nothing: its seq is the incident's version
-- (moved on in the same transaction), its prev the hash of the link before.
CREATE TRIGGER events_next_link BEFORE INSERT ON events
WHEN NEW.seq IS NOT (SELECT version FROM incidents WHERE program = NEW.program AND id = NEW.incident)
	OR NEW.prev IS NOT (CASE WHEN NEW.seq = 1
		THEN (SELECT creation_hash FROM incidents WHERE program = NEW.program AND id = NEW.incident)
		ELSE (SELECT hash FROM events WHERE program = NEW.program AND incident = NEW.incident AND seq = NEW.seq - 1) END)
BEGIN SELECT RAISE(ABORT, 'armband: an event must be the next link of its history'); END;

CREATE TRIGGER events_append_only BEFORE UPDATE ON events
WHEN NEW.program IS NOT OLD.program OR NEW.incident IS NOT OLD.incident OR NEW.seq IS NOT OLD.seq
	OR NEW.type IS NOT OLD.type OR NEW.at IS NOT OLD.at OR NEW.author IS NOT OLD.author
	OR NEW.text_hash IS NOT OLD.text_hash OR NEW.prev IS NOT OLD.prev OR NEW.hash IS NOT OLD.hash
	OR (NEW.text IS NOT OLD.text AND NEW.text <> '')
BEGIN SELECT RAISE(ABORT, 'armband: history is append-only'); END;

CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'armband: history is append-only'); END;

CREATE TABLE policies (
	program  TEXT NOT NULL REFERENCES programs (program),
	id       TEXT NOT NULL, -- SHA-256 of doc
	doc      BLOB NOT NULL,
	saved_at INTEGER,
	PRIMARY KEY (program, id)
) STRICT;

CREATE TABLE bindings (
	program  TEXT NOT NULL,
	incident TEXT NOT NULL,
	policy   TEXT NOT NULL,
	PRIMARY KEY (program, incident),
	FOREIGN KEY (program, incident) REFERENCES incidents (program, id),
	FOREIGN KEY (program, policy) REFERENCES policies (program, id)
) STRICT;

CREATE TABLE outbox (
	program      TEXT NOT NULL REFERENCES programs (program),
	delivery_key TEXT NOT NULL,
	incident     TEXT NOT NULL,
	rule         TEXT NOT NULL,
	step         INTEGER NOT NULL,
	target       TEXT NOT NULL,
	due_at       INTEGER NOT NULL,
	attempts     INTEGER NOT NULL,
	outcome      TEXT NOT NULL,
	last_error   TEXT NOT NULL,
	done_at      INTEGER,
	PRIMARY KEY (program, delivery_key)
) STRICT;
-- Due reads pending deliveries in order from this index alone.
CREATE INDEX outbox_pending ON outbox (program, due_at, delivery_key) WHERE outcome = 'pending';
CREATE INDEX outbox_by_incident ON outbox (program, incident, due_at, delivery_key);

CREATE TABLE patrols (
	program    TEXT NOT NULL REFERENCES programs (program),
	id         TEXT NOT NULL,
	date       TEXT NOT NULL,
	start_at   INTEGER,
	end_at     INTEGER,
	shift      TEXT NOT NULL,
	beat       TEXT NOT NULL,
	all_normal INTEGER NOT NULL,
	volunteers BLOB NOT NULL,
	incidents  BLOB NOT NULL,
	notes      TEXT NOT NULL,
	PRIMARY KEY (program, id)
) STRICT;
CREATE INDEX patrols_by_date ON patrols (program, date, start_at, id);

-- Who walked which patrol, so erasure finds their patrols' notes.
CREATE TABLE patrol_volunteers (
	program   TEXT NOT NULL,
	volunteer TEXT NOT NULL,
	patrol    TEXT NOT NULL,
	PRIMARY KEY (program, volunteer, patrol),
	FOREIGN KEY (program, patrol) REFERENCES patrols (program, id)
) STRICT;
