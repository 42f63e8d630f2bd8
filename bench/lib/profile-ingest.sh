#!/usr/bin/env bash
# Profiles usage-service ingestion: a fresh database with auto_explain for that database only (plans of statements
# over 200 ms in the PostgreSQL log), the work tree's usage-service under JFR, one ingest run; prints the JFR summary.
#
#   bench/lib/profile-ingest.sh [EVENTS] [BATCH] [SENDERS]      (defaults 150000 5000 2)
set -euo pipefail
cd "$(dirname "$0")/../.."
EVENTS=${1:-150000}; BATCH=${2:-5000}; SENDERS=${3:-2}
DB=llmaas_bench_profile; PORT=18183; OUT=bench/out/prof
mkdir -p $OUT
export PGOPTIONS='-c client_min_messages=warning'
P="psql -X -q -h 127.0.0.1 -U postgres -d postgres"
$P -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB" \
  -c "ALTER DATABASE $DB SET session_preload_libraries = 'auto_explain'" \
  -c "ALTER DATABASE $DB SET auto_explain.log_min_duration = 200" -c "ALTER DATABASE $DB SET auto_explain.log_analyze = on"
LLMAAS_DB_URL=jdbc:postgresql://127.0.0.1:5432/$DB LLMAAS_SERVICE_TOKEN=t LLMAAS_KEYS_URL=http://127.0.0.1:9 \
  java -Xmx1g -XX:StartFlightRecording=settings=profile,filename=$OUT/usage.jfr -Dquarkus.http.port=$PORT \
  -jar usage-service/target/quarkus-app/quarkus-run.jar >$OUT/usage-service.log 2>&1 &
PID=$!
trap 'kill -9 $PID 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -fs -o /dev/null http://127.0.0.1:$PORT/q/health/ready && break; sleep 0.5; done
java -jar bench/loadgen/target/loadgen.jar ingest --url http://127.0.0.1:$PORT --token t --events "$EVENTS" \
  --batch "$BATCH" --senders "$SENDERS" --service-pid $PID --pg-db $DB
jcmd $PID JFR.dump filename="$PWD/$OUT/usage.jfr" >/dev/null
python3 bench/lib/jfr_summary.py $OUT/usage.jfr >$OUT/usage-jfr.md
head -70 $OUT/usage-jfr.md
