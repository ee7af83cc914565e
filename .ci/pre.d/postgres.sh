# Starts a PostgreSQL 15 server of the tests' own: a fresh data folder, a
# free port on 127.0.0.1, trust authentication for the local user
# "armband", stopped when .ci/run exits. Exports ARMBAND_POSTGRES_URL,
# which the PostgreSQL tests read (without it they skip, or fail when CI
# is set). Sourced by .ci/run; also usable on its own:
#   . .ci/pre.d/postgres.sh && go test ./watch/sqlstore/postgres

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
if [ ! -x "$PG_BIN/initdb" ]; then
	echo "postgres: $PG_BIN/initdb is missing; installing postgresql-15 with apt"
	if [ "$(id -u)" = 0 ]; then
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 >/dev/null
	else
		sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 >/dev/null
	fi
fi

ARMBAND_PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/armband-pg.XXXXXX")
if [ "$(id -u)" = 0 ]; then
	# initdb refuses to run as root: the server runs as postgres.
	chown postgres: "$ARMBAND_PG_DIR"
	pg_as() { runuser -u postgres -- "$@"; }
else
	pg_as() { "$@"; }
fi

pg_stop() {
	pg_as "$PG_BIN/pg_ctl" -D "$ARMBAND_PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
	rm -rf "$ARMBAND_PG_DIR"
}
trap pg_stop EXIT

pg_as "$PG_BIN/initdb" -D "$ARMBAND_PG_DIR/data" -U armband --auth=trust -E UTF8 --locale=C >"$ARMBAND_PG_DIR/initdb.log" 2>&1 ||
	{ cat "$ARMBAND_PG_DIR/initdb.log"; false; }

# A free port: one nothing answers on, and that the server then binds
# (another process may take it in between: try the next).
ARMBAND_PG_PORT=
for try in 1 2 3 4 5 6 7 8 9 10; do
	port=$((20000 + RANDOM % 20000))
	if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
		continue
	fi
	if pg_as "$PG_BIN/pg_ctl" -D "$ARMBAND_PG_DIR/data" -l "$ARMBAND_PG_DIR/server.log" -w -t 60 \
		-o "-p $port -k $ARMBAND_PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=100" start >/dev/null; then
		ARMBAND_PG_PORT=$port
		break
	fi
done
if [ -z "$ARMBAND_PG_PORT" ]; then
	echo "postgres: the server did not start on any of 10 ports; its log:"
	cat "$ARMBAND_PG_DIR/server.log"
	false
fi

pg_as "$PG_BIN/createdb" -h 127.0.0.1 -p "$ARMBAND_PG_PORT" -U armband armband
export ARMBAND_POSTGRES_URL="postgres://armband@127.0.0.1:$ARMBAND_PG_PORT/armband?sslmode=disable"
echo "postgres: PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$ARMBAND_PG_PORT, data in $ARMBAND_PG_DIR"
