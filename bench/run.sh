#!/usr/bin/env bash
# The platform's performance benchmark (issue 7): builds what it needs, starts everything on this machine, measures
# side by side, stops everything it started and writes bench/RESULTS.md.
#
#   bench/run.sh [all|gateway|ingest] [--quick] [--build] [--worktree]
#
#   all       (default) the gateway measurements 1-5 with the call counters, a JFR profile, then usage ingestion (6)
#   gateway   only the gateway measurements, counters and profile
#   ingest    only usage-service ingestion into PostgreSQL
#   --quick   shorter steps (a smoke run of the harness; its numbers are not worth reporting)
#   --build   rebuild the services even when a build of the same sources exists
#   --worktree  measure the services as they are in the work tree (default: as committed at HEAD)
#
# Environment: BENCH_PIN=0 disables CPU pinning; BENCH_GATEWAY_JAVA_OPTS (default: -XX:MaxRAM=512m, the heap the JVM
# picks in a 512 MiB container, and the -XX options of the gateway's image, its class archive included);
# BENCH_KEYS_JAVA_OPTS (default: the -XX options of keys-service's image); BENCH_GATEWAY_ENV extra "NAME=value ..." for
# the gateway; LLMAAS_PG_HOST/PORT.
# Ports 18081-18082 (keys, usage), 18100-18102 (mocks, nginx proxy), 18182 (ingest), 18400 (gateway), 18401 (the
# Vert.x floor); databases llmaas_bench_platform and llmaas_bench_usage, recreated on every run. Needs root only to
# install missing tools.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
BENCH=$ROOT/bench
OUT=$BENCH/out
MODE=all
QUICK=no
BUILD=no
SOURCE=head
for arg in "$@"; do
  case $arg in
    all|gateway|ingest) MODE=$arg ;;
    --quick) QUICK=yes ;;
    --build) BUILD=yes ;;
    --worktree) SOURCE=worktree ;;
    *) echo "unknown argument: $arg (see the header of $0)" >&2; exit 2 ;;
  esac
done

PG_HOST=${LLMAAS_PG_HOST:-127.0.0.1}
PG_PORT=${LLMAAS_PG_PORT:-5432}
PLATFORM_DB=llmaas_bench_platform
INGEST_DB=llmaas_bench_usage
KEYS_PORT=18081
USAGE_PORT=18082
INGEST_PORT=18182
MOCK_PORT=18100
PROXY_PORT=18101
PACED_PORT=18102
GW_PORT=18400
FLOOR_PORT=18401
MASTER=sk-bench-master-not-a-secret
TOKEN=bench-service-token-not-a-secret
# The gateway's JVM: the heap the JVM picks in a 512 MiB container, plus the -XX options of its image (Dockerfile.jvm).
image_xx_opts() { sed -n 's/^ENV JAVA_OPTS_APPEND="\(.*\)"/\1/p' "$ROOT/$1/src/main/docker/Dockerfile.jvm" | tr ' ' '\n' \
  | grep '^-XX:' | tr '\n' ' '; }
GW_JAVA_OPTS=${BENCH_GATEWAY_JAVA_OPTS:--XX:MaxRAM=512m $(image_xx_opts gateway-service)}
# keys-service's JVM: the -XX options of its image (C1 only).
KEYS_JAVA_OPTS=${BENCH_KEYS_JAVA_OPTS-$(image_xx_opts keys-service)}
LOADGEN=$BENCH/loadgen/target/loadgen.jar
# CPU 0: load generators, the mocks and the platform around the gateway (keys-service, usage-service, PostgreSQL);
# CPU 1: the proxy under test (the gateway, or nginx as the reference proxy), as it would have its own CPU in a cluster.
if [ "${BENCH_PIN:-1}" = 1 ] && [ "$(nproc)" -ge 2 ]; then
  PIN_LOAD="taskset -c 0"; PIN_PROXY="taskset -c 1"
  PINNING="load generator, mocks, keys-service, usage-service and PostgreSQL on CPU 0, proxy under test on CPU 1"
else
  PIN_LOAD=""; PIN_PROXY=""; PINNING="none (BENCH_PIN=0)"
fi
if [ $QUICK = yes ]; then
  LAT_N=500; LAT_WARM=300; WARMUP_S=3; RATES=500,2000; STEP=3; WARM=1; MAX_S=5; STREAMS=100,500; PACED_CHUNKS=20
  INGEST_RUNS="40000:1000:4"
else
  LAT_N=5000; LAT_WARM=10000; WARMUP_S=30; RATES=250,500,1000,2000,4000,6000,8000; STEP=10; WARM=3; MAX_S=15
  STREAMS=250,500,1000,2000; PACED_CHUNKS=50
  INGEST_RUNS="300000:1000:4 300000:1000:8 300000:5000:2"
fi
PACING_MS=100

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
psql_db() { PGOPTIONS='-c client_min_messages=warning' psql -X -q -tA -h "$PG_HOST" -p "$PG_PORT" -U postgres -d "$1" -c "$2"; }

# stop_pid PID: SIGTERM, up to 15 s for a graceful stop, then SIGKILL.
stop_pid() {
  kill "$1" 2>/dev/null || return 0
  for _ in $(seq 1 150); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

# pin_postgres CPUS: every PostgreSQL process (new backends inherit the postmaster's affinity).
pin_postgres() {
  [ -n "$PIN_LOAD" ] || return 0
  local pid; for pid in $(pgrep -x postgres); do taskset -a -cp "$1" "$pid" >/dev/null 2>&1 || true; done
}

PIDS=()
cleanup() {
  pin_postgres "0-$(( $(nproc) - 1 ))"
  for pid in "${PIDS[@]}"; do [ -n "$pid" ] && stop_pid "$pid"; done
  for conf in mock proxy; do
    [ -f "$OUT/nginx-$conf.pid" ] && kill "$(cat "$OUT/nginx-$conf.pid")" 2>/dev/null || true
  done
  PIDS=()
}
trap cleanup EXIT

# --- tools -----------------------------------------------------------------------------------------------------------
install_tools() {
  local missing=()
  command -v nginx >/dev/null || missing+=(nginx-light)
  command -v wrk >/dev/null || missing+=(wrk)
  command -v psql >/dev/null || missing+=(postgresql-client)
  command -v taskset >/dev/null || missing+=(util-linux)
  command -v perf >/dev/null || missing+=(linux-perf)
  if [ ${#missing[@]} -gt 0 ]; then
    [ "$(id -u)" = 0 ] || { echo "missing: ${missing[*]} (run as root to install them)" >&2; exit 1; }
    log "installing ${missing[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

. "$ROOT/scripts/lib.sh" # service_jar

# The services are built from the committed HEAD, exported under bench/target/build/<module>-<tree hash> (so a
# colleague's half-done edit in the work tree is never measured, and nothing outside bench/ is written); --worktree
# uses the work tree's own jars instead, rebuilding a module whose sources are newer than its jar.
jar_of() { echo "${JARS[$1]}"; }
declare -A JARS
jar_key() { echo "$1-$(git rev-parse --short=12 "HEAD:$1")-$(git rev-parse --short=12 HEAD:platform-contracts)-$(git rev-parse --short=12 HEAD:pom.xml)"; }

build() {
  if [ ! -f "$LOADGEN" ] || [ -n "$(find "$BENCH/loadgen/src" "$BENCH/loadgen/pom.xml" -newer "$LOADGEN" -print -quit)" ]; then
    log "building the load tool"
    ./mvnw -B -q -f "$BENCH/loadgen/pom.xml" package
  fi
  local modules=(usage-service) missing=() module
  [ $MODE = ingest ] || modules+=(gateway-service keys-service)
  for module in "${modules[@]}"; do
    if [ $SOURCE = worktree ]; then
      local jar; jar=$(service_jar "$module")
      if [ $BUILD = yes ] || [ ! -f "$jar" ] || [ -n "$(find "$module/src/main" "$module/pom.xml" -newer "$jar" -print -quit)" ]; then
        log "building $module (work tree)"
        ./mvnw -B -q package -DskipTests -pl "$module"
      fi
      JARS[$module]=$ROOT/$(service_jar "$module")
    else
      JARS[$module]=$(service_jar "$module" "$BENCH/target/jars/$(jar_key $module)")
      [ $BUILD = yes ] || [ ! -f "${JARS[$module]}" ] && missing+=("$module")
    fi
  done
  [ ${#missing[@]} -eq 0 ] && return
  local src=$BENCH/target/build/src
  log "building ${missing[*]} as committed at $(git rev-parse --short HEAD)"
  rm -rf "$src"; mkdir -p "$src"
  git archive HEAD | tar -x -C "$src"
  (cd "$src" && ./mvnw -B -q package -DskipTests -pl "platform-contracts,$(IFS=,; echo "${missing[*]}")")
  for module in "${missing[@]}"; do
    local copy; copy=$BENCH/target/jars/$(jar_key $module)
    rm -rf "$copy"; mkdir -p "$copy"
    local built; built=$(service_jar "$module" "$src/$module/target")
    case $built in
      */quarkus-app/quarkus-run.jar) cp -r "$(dirname "$built")" "$copy/" ;; # a fast-jar is a folder
      *) cp "$built" "$copy/" ;;
    esac
    JARS[$module]=$(service_jar "$module" "$copy")
  done
  rm -rf "$src"
}

# The gateway's class archive, made as its image makes it (Dockerfile.jvm runs the same script): a training start by
# this machine's JVM. Only when the gateway's options name the image's archive; the path is mapped to the jar's folder.
appcds_archive() {
  case " $GW_JAVA_OPTS " in *" -XX:SharedArchiveFile=/deployments/app-cds.jsa "*) ;; *) return 0 ;; esac
  local jar dir; jar=$(jar_of gateway-service); dir=$(dirname "$jar")
  log "gateway class archive: a training start (gateway-service/src/main/docker/appcds-archive.sh)"
  # shellcheck disable=SC2046
  $PIN_PROXY sh "$ROOT/gateway-service/src/main/docker/appcds-archive.sh" "$jar" "$dir/app-cds.jsa" \
    $(printf '%s\n' $GW_JAVA_OPTS | grep -v '^-XX:SharedArchiveFile=') >"$OUT/appcds-training.log" 2>&1 \
    || { echo "the gateway's training start failed; see $OUT/appcds-training.log" >&2; tail -20 "$OUT/appcds-training.log" >&2; exit 1; }
  GW_JAVA_OPTS=${GW_JAVA_OPTS//\/deployments\//$dir/}
}

recreate_db() {
  psql_db postgres "DROP DATABASE IF EXISTS $1 WITH (FORCE)" >/dev/null
  psql_db postgres "CREATE DATABASE $1" >/dev/null
}

# wait_http URL PID LOG: until URL answers 2xx, or the process exits.
wait_http() {
  for _ in $(seq 1 240); do
    curl -fs -o /dev/null "$1" 2>/dev/null && return 0
    kill -0 "$2" 2>/dev/null || { echo "process $2 exited; see $3" >&2; tail -20 "$3" >&2; exit 1; }
    sleep 0.25
  done
  echo "$1 did not answer; see $3" >&2; exit 1
}

# --- the mock model server and nginx as reference proxy --------------------------------------------------------------
COMPLETION='{"id":"chatcmpl-bench","object":"chat.completion","created":1,"model":"bench","choices":[{"index":0,"message":{"role":"assistant","content":"Hello from the benchmark mock."},"finish_reason":"stop"}],"usage":{"prompt_tokens":10,"completion_tokens":6,"total_tokens":16}}'
chunk() { printf 'data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1,"model":"bench","choices":[%s]%s}\\n\\n' "$1" "${2:-}"; }
sse_body() {
  chunk '{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}'
  for w in Hello from the benchmark mock.; do chunk "{\"index\":0,\"delta\":{\"content\":\" $w\"},\"finish_reason\":null}"; done
  chunk '{"index":0,"delta":{},"finish_reason":"stop"}'
  chunk '' ',"usage":{"prompt_tokens":10,"completion_tokens":5,"total_tokens":15}'
  printf 'data: [DONE]\\n\\n'
}

start_nginx() {
  cat >"$OUT/nginx-mock.conf" <<EOF
# The mock model server: a fixed chat completion under /plain/v1 and a fixed SSE stream under /sse/v1.
worker_processes 1;
pid $OUT/nginx-mock.pid;
error_log $OUT/nginx-mock.error.log warn;
worker_rlimit_nofile 65536;
events { worker_connections 16384; }
http {
    access_log off;
    keepalive_requests 1000000;
    keepalive_timeout 120s;
    client_body_buffer_size 64k;
    server {
        listen 127.0.0.1:$MOCK_PORT backlog=4096;
        location /plain/ { default_type application/json; return 200 '$COMPLETION'; }
        location /sse/ { default_type text/event-stream; return 200 '$(sse_body)'; }
    }
}
EOF
  cat >"$OUT/nginx-proxy.conf" <<EOF
# nginx as the reference proxy of the same mock: keep-alive upstream connections, no buffering of answers.
worker_processes 1;
pid $OUT/nginx-proxy.pid;
error_log $OUT/nginx-proxy.error.log warn;
worker_rlimit_nofile 65536;
events { worker_connections 16384; }
http {
    access_log off;
    keepalive_requests 1000000;
    keepalive_timeout 120s;
    upstream mock { server 127.0.0.1:$MOCK_PORT; keepalive 256; keepalive_requests 1000000; }
    server {
        listen 127.0.0.1:$PROXY_PORT backlog=4096;
        location /v1/ {
            proxy_pass http://mock/plain/v1/;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_buffering off;
        }
    }
}
EOF
  $PIN_LOAD nginx -c "$OUT/nginx-mock.conf" -p "$OUT" -e "$OUT/nginx-mock.error.log"
  $PIN_PROXY nginx -c "$OUT/nginx-proxy.conf" -p "$OUT" -e "$OUT/nginx-proxy.error.log"
  for _ in $(seq 1 40); do [ -s "$OUT/nginx-proxy.pid" ] && [ -s "$OUT/nginx-mock.pid" ] && break; sleep 0.1; done
  $PIN_LOAD java -jar "$LOADGEN" sse-mock --port $PACED_PORT --chunks $PACED_CHUNKS --pacing-ms $PACING_MS \
    >"$OUT/sse-mock.log" 2>&1 &
  PIDS+=($!)
  wait_http "http://127.0.0.1:$PACED_PORT/v1/models" $! "$OUT/sse-mock.log"
}

nginx_worker_pid() { pgrep -P "$(cat "$OUT/nginx-$1.pid")" | head -1; }

# --- the platform: keys-service, usage-service, then the gateway ---------------------------------------------------
start_platform() {
  recreate_db $PLATFORM_DB
  pin_postgres 0
  local enc; enc=$(head -c 32 /dev/urandom | base64)
  log "starting keys-service :$KEYS_PORT and usage-service :$USAGE_PORT (database $PLATFORM_DB)"
  LLMAAS_DB_URL="jdbc:postgresql://$PG_HOST:$PG_PORT/$PLATFORM_DB" LLMAAS_MASTER_KEY=$MASTER LLMAAS_SERVICE_TOKEN=$TOKEN \
    LLMAAS_ENCRYPTION_KEY=$enc LLMAAS_SEED_CATALOG=false LLMAAS_ADMIN_URL=http://127.0.0.1:9 \
    $PIN_LOAD java $KEYS_JAVA_OPTS -Dquarkus.http.port=$KEYS_PORT -jar "$(jar_of keys-service)" >"$OUT/keys-service.log" 2>&1 &
  KEYS_PID=$!; PIDS+=($KEYS_PID)
  wait_http "http://127.0.0.1:$KEYS_PORT/q/health/ready" $KEYS_PID "$OUT/keys-service.log"
  LLMAAS_DB_URL="jdbc:postgresql://$PG_HOST:$PG_PORT/$PLATFORM_DB" LLMAAS_MASTER_KEY=$MASTER LLMAAS_SERVICE_TOKEN=$TOKEN \
    LLMAAS_KEYS_URL=http://127.0.0.1:$KEYS_PORT \
    $PIN_LOAD java -Dquarkus.http.port=$USAGE_PORT -jar "$(jar_of usage-service)" >"$OUT/usage-service.log" 2>&1 &
  USAGE_PID=$!; PIDS+=($USAGE_PID)
  wait_http "http://127.0.0.1:$USAGE_PORT/q/health/ready" $USAGE_PID "$OUT/usage-service.log"

  log "catalog and a virtual key through keys-service"
  local m="Authorization: Bearer $MASTER" j="Content-Type: application/json" alias url
  for pair in "bench-chat=http://127.0.0.1:$MOCK_PORT/plain/v1" "bench-stream=http://127.0.0.1:$MOCK_PORT/sse/v1" \
              "bench-paced=http://127.0.0.1:$PACED_PORT/v1"; do
    alias=${pair%%=*}; url=${pair#*=}
    curl -fsS "http://127.0.0.1:$KEYS_PORT/api/models" -H "$m" -H "$j" -d "{\"alias\":\"$alias\",
      \"capabilities\":[\"chat\"],\"inputPricePer1M\":0.10,\"outputPricePer1M\":0.20,
      \"deployments\":[{\"backend\":\"openai\",\"baseUrl\":\"$url\",\"upstreamModel\":\"bench\"}]}" >/dev/null
  done
  curl -fsS "http://127.0.0.1:$KEYS_PORT/user/new" -H "$m" -H "$j" \
    -d '{"user_id":"bench-user","user_email":"bench@example.com","auto_create_key":false}' >/dev/null
  # Limits and a budget that apply (and are leased) but never trigger during the run.
  VKEY=$(curl -fsS "http://127.0.0.1:$KEYS_PORT/key/generate" -H "$m" -H "$j" -d '{"user_id":"bench-user",
    "key_alias":"bench","models":["bench-chat","bench-stream","bench-paced"],"rpm_limit":100000000,
    "tpm_limit":10000000000,"max_budget":1000000,"budget_duration":"30d"}' | sed -E 's/.*"key":"([^"]+)".*/\1/')
  cat >"$OUT/routing.yaml" <<EOF
# Standalone routing of the benchmark (used until the gateway takes its routing table from keys-service).
router:
  strategy: least-busy
models:
  - alias: bench-chat
    price: {input-per-1m: 0.10, output-per-1m: 0.20}
    deployments: [{backend: openai, base-url: "http://127.0.0.1:$MOCK_PORT/plain/v1", model: bench}]
  - alias: bench-stream
    price: {input-per-1m: 0.10, output-per-1m: 0.20}
    deployments: [{backend: openai, base-url: "http://127.0.0.1:$MOCK_PORT/sse/v1", model: bench}]
  - alias: bench-paced
    price: {input-per-1m: 0.10, output-per-1m: 0.20}
    deployments: [{backend: openai, base-url: "http://127.0.0.1:$PACED_PORT/v1", model: bench}]
EOF
}

# start_gateway: starts it and records the time from exec to the first successful chat completion. The requests that
# poll it are clients like the load generator, so they run on its CPU, not on the gateway's (a curl every 10 ms on the
# gateway's core took about 0.1 s from its start: median 1,844 against 1,720 ms, 7 alternating starts).
start_gateway() {
  local t0 t1 body='{"model":"bench-chat","messages":[{"role":"user","content":"Hello"}],"max_tokens":16}'
  rm -rf "$OUT/gateway-spool"
  t0=$(date +%s%N)
  # shellcheck disable=SC2086
  env LLMAAS_SPOOL_DIR="$OUT/gateway-spool" LLMAAS_MASTER_KEY=$MASTER LLMAAS_SERVICE_TOKEN=$TOKEN LLMAAS_KEYS_URL=http://127.0.0.1:$KEYS_PORT \
    LLMAAS_USAGE_URL=http://127.0.0.1:$USAGE_PORT LLMAAS_ROUTING_FILE="$OUT/routing.yaml" ${BENCH_GATEWAY_ENV:-} \
    $PIN_PROXY java $GW_JAVA_OPTS -Dquarkus.http.port=$GW_PORT -jar "$(jar_of gateway-service)" \
    >>"$OUT/gateway-service.log" 2>&1 &
  GW_PID=$!; PIDS+=($GW_PID)
  local code=000
  for _ in $(seq 1 3000); do
    code=$($PIN_LOAD curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$GW_PORT/v1/chat/completions" \
      -H "Authorization: Bearer $AUTH" -H 'Content-Type: application/json' -d "$body" 2>/dev/null || true)
    [ "$code" = 200 ] && break
    # A gateway that refuses the virtual key but takes the master key has no virtual-key authentication yet.
    if [ "$code" = 401 ] && [ "$AUTH" = "$VKEY" ] && [ "$($PIN_LOAD curl -s -o /dev/null -w '%{http_code}' \
        "http://127.0.0.1:$GW_PORT/v1/chat/completions" -H "Authorization: Bearer $MASTER" \
        -H 'Content-Type: application/json' -d "$body")" = 200 ]; then
      AUTH=$MASTER; CONFIG=pre-enforcement; code=200; break
    fi
    kill -0 $GW_PID 2>/dev/null || { echo "gateway exited; see $OUT/gateway-service.log" >&2; tail -30 "$OUT/gateway-service.log" >&2; exit 1; }
    sleep 0.01
  done
  t1=$(date +%s%N)
  [ "$code" = 200 ] || { echo "gateway never answered 200 (last $code)" >&2; exit 1; }
  START_MS=$(( (t1 - t0) / 1000000 ))
}

# stop_tracked PID: stops it and drops it from the PIDS that cleanup stops.
stop_tracked() {
  stop_pid "$1"
  local keep=() p; for p in "${PIDS[@]}"; do [ "$p" != "$1" ] && keep+=("$p"); done; PIDS=("${keep[@]}")
}

stop_gateway() { stop_tracked "$GW_PID"; }

metrics_snapshot() { # NAME: gateway and keys-service metrics and the platform database's transaction counters
  curl -fs "http://127.0.0.1:$GW_PORT/q/metrics" | grep '^llmaas_gateway_' | grep -v '_bucket{' >"$OUT/metrics-$1-gateway.txt" || true
  curl -fs "http://127.0.0.1:$KEYS_PORT/q/metrics" | grep '^llmaas_keys_' | grep -v '_bucket{' >"$OUT/metrics-$1-keys.txt" || true
  psql_db postgres "SELECT 'pg_xact_commit ' || xact_commit || E'\npg_tup_returned ' || tup_returned || E'\npg_tup_inserted ' || tup_inserted || E'\npg_tup_updated ' || tup_updated FROM pg_stat_database WHERE datname = '$PLATFORM_DB'" >"$OUT/metrics-$1-db.txt"
  psql_db $PLATFORM_DB "SELECT 'usage_events_stored ' || count(*) FROM usage.usage_event" >>"$OUT/metrics-$1-db.txt" 2>/dev/null || true
}

. "$BENCH/lib/measure.sh"

main() {
  mkdir -p "$OUT"
  install_tools
  build
  ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
  RUN_STARTED=$(date -u '+%Y-%m-%d %H:%M UTC')
  if [ $MODE != ingest ]; then
    appcds_archive
    start_nginx
    start_platform
    measure_gateway
    cleanup
  fi
  if [ $MODE != gateway ]; then
    measure_ingest
  fi
  write_results
  log "wrote $BENCH/RESULTS.md"
}

# BENCH_NO_MAIN=1: only define the functions (for experiments that source this file and call them one by one).
[ -n "${BENCH_NO_MAIN:-}" ] || main
