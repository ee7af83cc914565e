-- armband's schema on PostgreSQL, version 2, for escalators: leased deliveries
-- (OutboxStore.Claim). lease_owner is the escalator that holds a delivery
-- ('' when none does); lease_until is when its lease ends, or when a
-- released delivery may be tried again (NULL: never leased).
ALTER TABLE outbox ADD COLUMN lease_owner text COLLATE "C" NOT NULL DEFAULT '',
	ADD COLUMN lease_until bigint;

-- An incident is planned once an escalator has bound its policy (Admit or
-- BindPolicy), for good; Unplanned reads the others from this index
-- alone instead of every incident.
ALTER TABLE incidents ADD COLUMN planned integer NOT NULL DEFAULT 0 CHECK (planned IN (0, 1));
UPDATE incidents i SET planned = 1
WHERE EXISTS (SELECT 1 FROM bindings b WHERE b.program = i.program AND b.incident = i.id);
CREATE INDEX incidents_unplanned ON incidents (program, id) WHERE planned = 0;
CREATE TRIGGER incidents_stay_planned BEFORE UPDATE ON incidents
FOR EACH ROW WHEN (OLD.planned = 1 AND NEW.planned = 0)
EXECUTE FUNCTION armband_refuse('a planned incident stays planned');
