#!/usr/bin/env bash
# Ingestion benchmark of usage-service: starts the packaged service against a fresh database, pushes usage batches
# from several concurrent senders, reports events/s and checks that every event was stored exactly once.
#
#   bench/usage-ingest/run.sh [EVENTS] [BATCH] [SENDERS]      (defaults 400000 1000 4)
#
# Needs the packaged service (./mvnw -pl usage-service package -DskipTests, or any build of the reactor), Java 17+
# and the local PostgreSQL (trust auth, user postgres). Uses database llmaas_bench_usage and a port of its own.
set -euo pipefail
cd "$(dirname "$0")/../.."
EVENTS=${1:-400000}
BATCH=${2:-1000}
SENDERS=${3:-4}
PG_HOST=${LLMAAS_PG_HOST:-127.0.0.1}
PG_PORT=${LLMAAS_PG_PORT:-5432}
DB=llmaas_bench_usage
PORT=${BENCH_PORT:-18082}
TOKEN=bench-token
JAR=usage-service/target/quarkus-app/quarkus-run.jar
LOG=bench/usage-ingest/target/usage-service.log

[ -f "$JAR" ] || { echo "$JAR is missing: ./mvnw -B -pl usage-service package -DskipTests" >&2; exit 1; }
mkdir -p bench/usage-ingest/target
psql -q -h "$PG_HOST" -p "$PG_PORT" -U postgres -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" \
  -c "CREATE DATABASE $DB" >/dev/null

LLMAAS_DB_URL="jdbc:postgresql://$PG_HOST:$PG_PORT/$DB" LLMAAS_SERVICE_TOKEN=$TOKEN \
  LLMAAS_KEYS_URL=http://127.0.0.1:9 QUARKUS_LOG_CONSOLE_JSON=false \
  java -Xmx1g -Dquarkus.http.port="$PORT" -jar "$JAR" >"$LOG" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null || true' EXIT
READY=no
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$PORT/q/health/ready" >/dev/null 2>&1 && { READY=yes; break; }
  kill -0 $PID 2>/dev/null || { echo "usage-service exited; see $LOG" >&2; exit 1; }
  sleep 0.5
done
[ "$READY" = yes ] || { echo "usage-service not ready on port $PORT; see $LOG" >&2; exit 1; }

RESULT=$(java bench/usage-ingest/IngestBench.java "http://127.0.0.1:$PORT" "$TOKEN" "$EVENTS" "$BATCH" "$SENDERS")
echo "$RESULT"
STORED=$(psql -tA -h "$PG_HOST" -p "$PG_PORT" -U postgres -d $DB \
  -c "SELECT count(*) FROM usage.usage_event WHERE gateway_id = 'bench'")
ROLLED=$(psql -tA -h "$PG_HOST" -p "$PG_PORT" -U postgres -d $DB -c "SELECT sum(requests) FROM usage.rollup_daily")
echo "stored_events=$STORED rollup_requests=$ROLLED"
