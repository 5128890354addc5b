#!/usr/bin/env bash
# Prepares the PostgreSQL and Redis of `make run-scale` under VAR_DIR/scale, which supervisord.scale.conf
# then runs: idempotent, so a second run reuses the data and the passwords of the first.
#
#   scale/services.sh VAR_DIR
#
# - VAR_DIR/scale/db-password, redis-password: made once (mode 0600); Rasa and the API get them through
#   the environment (make run-scale), so no command line shows them.
# - VAR_DIR/scale/pg: a PostgreSQL cluster (initdb of PG_BIN) owned by the OS user it runs as,
#   SCALE_PG_OS_USER (the Makefile: `postgres` for root, whom initdb refuses, else the caller). Local connections of that
#   user by peer authentication on the Unix socket inside the data folder; TCP on 127.0.0.1 only, for the
#   role $RASA_DB_USER by password (scram-sha-256). The role and its database $RASA_DB_NAME are made in
#   single-user mode right after initdb, so no server has to run for it. Rasa creates its tables itself
#   when it first connects (SQLTrackerStore retries when two replicas race to create them).
# - VAR_DIR/scale/redis.conf: Redis on 127.0.0.1 with the password, nothing written to disk (the lock
#   store's tickets only matter while a message is processed), rewritten on every run.
set -euo pipefail

var_dir=${1:?usage: scale/services.sh VAR_DIR}
scale="$var_dir/scale"
pg_data="$scale/pg"
db_name=${RASA_DB_NAME:-rasa}
db_user=${RASA_DB_USER:-rasa}
umask 077
mkdir -p "$scale/redis"

pg_bin=${PG_BIN:?the folder of the PostgreSQL programs}
pg_os_user=${SCALE_PG_OS_USER:?the OS user PostgreSQL runs as}
as_pg() { if [ "$(id -un)" = "$pg_os_user" ]; then "$@"; else runuser -u "$pg_os_user" -- "$@"; fi; }

secret() {  # 32 random bytes, URL-safe, made once
  [ -s "$1" ] || { head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n'; echo; } > "$1"
}
secret "$scale/db-password"
secret "$scale/redis-password"

mkdir -p "$pg_data"
if [ "$(id -un)" != "$pg_os_user" ]; then
  chown "$pg_os_user:" "$pg_data"
  # The server's user may pass through var/ (mode 0700) to its own folder, and read nothing else there.
  setfacl -m "u:$pg_os_user:x" "$var_dir" "$scale"
fi
chmod 700 "$pg_data"

if [ ! -s "$pg_data/PG_VERSION" ]; then
  as_pg "$pg_bin/initdb" -D "$pg_data" --auth-local=peer --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  # In single-user mode each line is one statement; the password comes on stdin, on no command line.
  printf 'CREATE ROLE "%s" LOGIN PASSWORD '"'"'%s'"'"';\nCREATE DATABASE "%s" OWNER "%s";\n' \
    "$db_user" "$(cat "$scale/db-password")" "$db_name" "$db_user" \
    | as_pg "$pg_bin/postgres" --single -D "$pg_data" -c listen_addresses= postgres >"$scale/bootstrap.log" 2>&1
  if grep -E 'ERROR|FATAL' "$scale/bootstrap.log" >&2; then
    echo "scale/services.sh: making the role and database failed; remove $pg_data to start afresh" >&2
    exit 1
  fi
fi

cat > "$scale/redis.conf" <<REDIS
bind 127.0.0.1
protected-mode yes
daemonize no
dir $scale/redis
save ""
appendonly no
requirepass $(cat "$scale/redis-password")
REDIS
