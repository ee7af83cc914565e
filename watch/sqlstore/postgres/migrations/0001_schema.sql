-- armband's schema on PostgreSQL, version 1: the tables, keys and guards
-- of the SQLite schema, in PostgreSQL's words. Every table is keyed by
-- programme first (the distribution column on a sharded database,
-- docs/stores.md section 7). Text compares byte by byte (COLLATE "C"), so
-- pages come in the order every store uses whatever the database's
-- locale. Instants are bigint microseconds since 1970 in UTC (NULL:
-- none); dates are YYYY-MM-DD text; documents are JSON kept as bytes.

-- Every refusal of the guards raises SQLSTATE AB001, which the dialect
-- reads as "history is append-only".
CREATE FUNCTION armband_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'armband: %', TG_ARGV[0] USING ERRCODE = 'AB001';
END $$;

CREATE TABLE programs (
	program text COLLATE "C" NOT NULL PRIMARY KEY,
	kinds   bytea NOT NULL, -- the declared kinds, read by every new incident
	doc     bytea NOT NULL  -- the programme record
);

CREATE TABLE volunteers (
	program text COLLATE "C" NOT NULL REFERENCES programs (program),
	id      text COLLATE "C" NOT NULL,
	erased  integer NOT NULL CHECK (erased IN (0, 1)),
	doc     bytea NOT NULL,
	PRIMARY KEY (program, id)
);

CREATE TRIGGER volunteers_stay_erased BEFORE UPDATE OF erased ON volunteers
FOR EACH ROW WHEN (OLD.erased = 1 AND NEW.erased = 0)
EXECUTE FUNCTION armband_refuse('an erased volunteer stays erased');

CREATE TABLE rotas (
	program   text COLLATE "C" NOT NULL REFERENCES programs (program),
	version   integer NOT NULL CHECK (version >= 1),
	from_date text COLLATE "C" NOT NULL,
	to_date   text COLLATE "C" NOT NULL,
	doc       bytea NOT NULL,
	PRIMARY KEY (program, version)
);

CREATE TABLE incidents (
	program          text COLLATE "C" NOT NULL REFERENCES programs (program),
	id               text COLLATE "C" NOT NULL,
	kind             text COLLATE "C" NOT NULL,
	severity         integer NOT NULL,
	occurred_at      bigint NOT NULL,
	reported_at      bigint,
	beat             text COLLATE "C" NOT NULL,
	contact_point    text COLLATE "C" NOT NULL,
	reported_by      text COLLATE "C" NOT NULL,
	police_case      integer NOT NULL,
	tags             bytea NOT NULL,
	description      text NOT NULL,
	description_hash text NOT NULL,
	creation_hash    text NOT NULL,
	version          integer NOT NULL CHECK (version >= 0),
	state            text COLLATE "C" NOT NULL,
	PRIMARY KEY (program, id)
);
CREATE INDEX incidents_by_time ON incidents (program, occurred_at, id);
CREATE INDEX incidents_by_beat ON incidents (program, beat, occurred_at, id);
CREATE INDEX incidents_by_reporter ON incidents (program, reported_by);

CREATE TRIGGER incidents_append_only BEFORE UPDATE ON incidents
FOR EACH ROW WHEN (NEW.program IS DISTINCT FROM OLD.program OR NEW.id IS DISTINCT FROM OLD.id
	OR NEW.kind IS DISTINCT FROM OLD.kind OR NEW.severity IS DISTINCT FROM OLD.severity
	OR NEW.occurred_at IS DISTINCT FROM OLD.occurred_at OR NEW.reported_at IS DISTINCT FROM OLD.reported_at
	OR NEW.beat IS DISTINCT FROM OLD.beat OR NEW.contact_point IS DISTINCT FROM OLD.contact_point
	OR NEW.reported_by IS DISTINCT FROM OLD.reported_by OR NEW.police_case IS DISTINCT FROM OLD.police_case
	OR NEW.tags IS DISTINCT FROM OLD.tags OR NEW.description_hash IS DISTINCT FROM OLD.description_hash
	OR NEW.creation_hash IS DISTINCT FROM OLD.creation_hash
	OR (NEW.description IS DISTINCT FROM OLD.description AND NEW.description <> '')
	OR (NEW.version IS DISTINCT FROM OLD.version AND NEW.version <> OLD.version + 1))
EXECUTE FUNCTION armband_refuse('history is append-only');

CREATE TRIGGER incidents_no_delete BEFORE DELETE ON incidents
FOR EACH ROW EXECUTE FUNCTION armband_refuse('history is append-only');
CREATE TRIGGER incidents_no_truncate BEFORE TRUNCATE ON incidents
FOR EACH STATEMENT EXECUTE FUNCTION armband_refuse('history is append-only');

CREATE TABLE events (
	program   text COLLATE "C" NOT NULL,
	incident  text COLLATE "C" NOT NULL,
	seq       integer NOT NULL CHECK (seq >= 1),
	type      text COLLATE "C" NOT NULL,
	at        bigint NOT NULL,
	author    text COLLATE "C" NOT NULL,
	text      text NOT NULL,
	text_hash text NOT NULL,
	prev      text NOT NULL,
	hash      text NOT NULL,
	PRIMARY KEY (program, incident, seq),
	FOREIGN KEY (program, incident) REFERENCES incidents (program, id)
);
CREATE INDEX events_by_author ON events (program, author);

-- An event is the next link or nothing: its seq is the incident's version
-- (moved on in the same transaction), its prev the hash of the link before.
CREATE FUNCTION armband_next_link() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	want_seq integer;
	want_prev text;
BEGIN
	SELECT version, creation_hash INTO want_seq, want_prev FROM incidents
	WHERE program = NEW.program AND id = NEW.incident;
	IF NEW.seq > 1 THEN
		SELECT hash INTO want_prev FROM events
		WHERE program = NEW.program AND incident = NEW.incident AND seq = NEW.seq - 1;
	END IF;
	IF NEW.seq IS DISTINCT FROM want_seq OR NEW.prev IS DISTINCT FROM want_prev THEN
		RAISE EXCEPTION 'armband: an event must be the next link of its history' USING ERRCODE = 'AB001';
	END IF;
	RETURN NEW;
END $$;
CREATE TRIGGER events_next_link BEFORE INSERT ON events
FOR EACH ROW EXECUTE FUNCTION armband_next_link();

CREATE TRIGGER events_append_only BEFORE UPDATE ON events
FOR EACH ROW WHEN (NEW.program IS DISTINCT FROM OLD.program OR NEW.incident IS DISTINCT FROM OLD.incident
	OR NEW.seq IS DISTINCT FROM OLD.seq OR NEW.type IS DISTINCT FROM OLD.type OR NEW.at IS DISTINCT FROM OLD.at
	OR NEW.author IS DISTINCT FROM OLD.author OR NEW.text_hash IS DISTINCT FROM OLD.text_hash
	OR NEW.prev IS DISTINCT FROM OLD.prev OR NEW.hash IS DISTINCT FROM OLD.hash
	OR (NEW.text IS DISTINCT FROM OLD.text AND NEW.text <> ''))
EXECUTE FUNCTION armband_refuse('history is append-only');

CREATE TRIGGER events_no_delete BEFORE DELETE ON events
FOR EACH ROW EXECUTE FUNCTION armband_refuse('history is append-only');
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
FOR EACH STATEMENT EXECUTE FUNCTION armband_refuse('history is append-only');

CREATE TABLE policies (
	program  text COLLATE "C" NOT NULL REFERENCES programs (program),
	id       text COLLATE "C" NOT NULL, -- SHA-256 of doc
	doc      bytea NOT NULL,
	saved_at bigint,
	PRIMARY KEY (program, id)
);

CREATE TABLE bindings (
	program  text COLLATE "C" NOT NULL,
	incident text COLLATE "C" NOT NULL,
	policy   text COLLATE "C" NOT NULL,
	PRIMARY KEY (program, incident),
	FOREIGN KEY (program, incident) REFERENCES incidents (program, id),
	FOREIGN KEY (program, policy) REFERENCES policies (program, id)
);

CREATE TABLE outbox (
	program      text COLLATE "C" NOT NULL REFERENCES programs (program),
	delivery_key text COLLATE "C" NOT NULL,
	incident     text COLLATE "C" NOT NULL,
	rule         text COLLATE "C" NOT NULL,
	step         integer NOT NULL,
	target       text COLLATE "C" NOT NULL,
	due_at       bigint NOT NULL,
	attempts     integer NOT NULL,
	outcome      text COLLATE "C" NOT NULL,
	last_error   text NOT NULL,
	done_at      bigint,
	PRIMARY KEY (program, delivery_key)
);
-- Due reads pending deliveries in order from this index alone.
CREATE INDEX outbox_pending ON outbox (program, due_at, delivery_key) WHERE outcome = 'pending';
CREATE INDEX outbox_by_incident ON outbox (program, incident, due_at, delivery_key);

CREATE TABLE patrols (
	program    text COLLATE "C" NOT NULL REFERENCES programs (program),
	id         text COLLATE "C" NOT NULL,
	date       text COLLATE "C" NOT NULL,
	start_at   bigint,
	end_at     bigint,
	shift      text COLLATE "C" NOT NULL,
	beat       text COLLATE "C" NOT NULL,
	all_normal integer NOT NULL,
	volunteers bytea NOT NULL,
	incidents  bytea NOT NULL,
	notes      text NOT NULL,
	PRIMARY KEY (program, id)
);
CREATE INDEX patrols_by_date ON patrols (program, date, start_at, id);

CREATE TABLE patrol_volunteers (
	program   text COLLATE "C" NOT NULL,
	volunteer text COLLATE "C" NOT NULL,
	patrol    text COLLATE "C" NOT NULL,
	PRIMARY KEY (program, volunteer, patrol),
	FOREIGN KEY (program, patrol) REFERENCES patrols (program, id)
);
