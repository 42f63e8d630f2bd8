#!/usr/bin/env bash
# Runs the whole platform locally: builds if needed, makes sure PostgreSQL answers, starts the four services,
# prints their URLs and a working curl. Ctrl-C stops everything this script started.
#
# Secrets for local runs (master key, service token, encryption key) are generated once into .run/ (git-ignored);
# set LLMAAS_MASTER_KEY / LLMAAS_SERVICE_TOKEN / LLMAAS_ENCRYPTION_KEY to use your own.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
. scripts/lib.sh

RUN_DIR="$ROOT/.run"
mkdir -p "$RUN_DIR/logs"

ensure_postgres
ensure_database llmaas

SERVICES=(keys-service usage-service gateway-service admin-service)

needs_build() {
  local svc jar
  for svc in "${SERVICES[@]}"; do
    jar=$(service_jar "$svc")
    [ -f "$jar" ] || return 0
    if [ -n "$(find pom.xml platform-contracts "$svc" -newer "$jar" -type f \
          \( -path '*/src/*' -o -name pom.xml \) -not -path '*/node_modules/*' -print -quit)" ]; then
      return 0
    fi
  done
  return 1
}

if needs_build; then
  ensure_commands node:nodejs npm:npm
  echo "Building the platform (./mvnw package -DskipTests)..."
  ./mvnw -B -q package -DskipTests
fi

secret() { # name, generator: read .run/<name> or make it
  local file="$RUN_DIR/$1"
  [ -s "$file" ] || { umask 077; $2 > "$file"; }
  cat "$file"
}
gen_key() { echo "sk-master-$(head -c 24 /dev/urandom | base64 | tr -d '/+=' | head -c 32)"; }
gen_token() { head -c 32 /dev/urandom | base64 | tr -d '/+=\n'; }
gen_aes() { head -c 32 /dev/urandom | base64 | tr -d '\n'; }

export LLMAAS_MASTER_KEY="${LLMAAS_MASTER_KEY:-$(secret master-key gen_key)}"
export LLMAAS_SERVICE_TOKEN="${LLMAAS_SERVICE_TOKEN:-$(secret service-token gen_token)}"
export LLMAAS_ENCRYPTION_KEY="${LLMAAS_ENCRYPTION_KEY:-$(secret encryption-key gen_aes)}"
export LLMAAS_DB_URL="${LLMAAS_DB_URL:-jdbc:postgresql://$PG_HOST:$PG_PORT/llmaas}"
export LLMAAS_KEYS_URL="${LLMAAS_KEYS_URL:-http://127.0.0.1:8081}"
export LLMAAS_USAGE_URL="${LLMAAS_USAGE_URL:-http://127.0.0.1:8082}"
export LLMAAS_GATEWAY_URL="${LLMAAS_GATEWAY_URL:-http://127.0.0.1:4000}"
export LLMAAS_ADMIN_URL="${LLMAAS_ADMIN_URL:-http://127.0.0.1:8083}"
# Local runs log in to the portal through admin-service's built-in fake OpenShift OAuth server (never in clusters).
export ADMIN_DEV_OAUTH_ENABLED="${ADMIN_DEV_OAUTH_ENABLED:-true}"
# Human-readable logs on a terminal; the containers log JSON.
export QUARKUS_LOG_CONSOLE_JSON_ENABLED="${QUARKUS_LOG_CONSOLE_JSON_ENABLED:-false}"

PIDS=()
stop_all() {
  trap - INT TERM EXIT
  if [ ${#PIDS[@]} -gt 0 ]; then
    echo
    echo "Stopping the platform..."
    kill "${PIDS[@]}" 2>/dev/null || true
    wait "${PIDS[@]}" 2>/dev/null || true
  fi
}
trap 'stop_all; exit 130' INT TERM
trap stop_all EXIT

port_of() {
  case "$1" in
    keys-service) echo 8081 ;; usage-service) echo 8082 ;; admin-service) echo 8083 ;; gateway-service) echo 4000 ;;
  esac
}

for svc in "${SERVICES[@]}"; do
  port=$(port_of "$svc")
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "Port $port is taken: is the platform already running? Stop it first." >&2
    exit 1
  fi
  java ${LLMAAS_JAVA_OPTS:--Xmx512m} -jar "$(service_jar "$svc")" > "$RUN_DIR/logs/$svc.log" 2>&1 &
  PIDS+=($!)
done

echo "Waiting for the services to be ready (logs in .run/logs/)..."
for svc in "${SERVICES[@]}"; do
  port=$(port_of "$svc")
  ready=""
  for _ in $(seq 1 120); do
    if curl -fsS -o /dev/null "http://127.0.0.1:$port/q/health/ready" 2>/dev/null; then ready=yes; break; fi
    sleep 1
  done
  if [ -z "$ready" ]; then
    echo "$svc did not become ready; last log lines:" >&2
    tail -n 30 "$RUN_DIR/logs/$svc.log" >&2
    exit 1
  fi
done

cat <<MSG

The platform is up.
  Gateway (OpenAI API)   http://127.0.0.1:4000/v1      (OpenAI's API, as OpenAI documents it)
  Portal                 http://127.0.0.1:8083      (dev login: pick admin, auditor or developer)
  keys-service           http://127.0.0.1:8081         (management API, LiteLLM-compatible /key/*, /user/*, …; /q/swagger-ui)
  usage-service          http://127.0.0.1:8082         (analytics, /spend/logs)
  Health / metrics       /q/health/ready and /q/metrics on every service

Master key (local only, kept in .run/master-key):
  $LLMAAS_MASTER_KEY

Try the built-in demo model (no model server needed):
  curl -s http://127.0.0.1:4000/v1/chat/completions \\
    -H "Authorization: Bearer $LLMAAS_MASTER_KEY" -H "Content-Type: application/json" \\
    -d '{"model":"demo","messages":[{"role":"user","content":"Hello!"}]}'

  curl -sN http://127.0.0.1:4000/v1/chat/completions \\
    -H "Authorization: Bearer $LLMAAS_MASTER_KEY" -H "Content-Type: application/json" \\
    -d '{"model":"demo","stream":true,"messages":[{"role":"user","content":"Hello!"}]}'

Press Ctrl-C to stop everything.
MSG

wait -n "${PIDS[@]}" || true
echo "A service exited; see .run/logs/. Stopping the others." >&2
