#!/usr/bin/env bash
# Shows the platform's metrics in a real Prometheus (Debian's `prometheus` package), scraped the way the
# ServiceMonitors of k8s/base scrape them (path /q/metrics, every 10 s, honorLabels, one job per service), with the
# alert rules of k8s/monitoring loaded. It starts the four packaged services on free ports against a database of its
# own (llmaas_demo, dropped and created afresh), sends traffic through the gateway with a virtual key made with the
# master key (LiteLLM's /key/generate) on the built-in `demo` model, then asks Prometheus's query API for the
# gateway's request, token and spend series. Everything it started is stopped at the end.
#
#   scripts/prometheus-demo.sh            (builds the services first if their jars are missing)
#   KEEP=1 scripts/prometheus-demo.sh     leaves everything running until Ctrl-C (Prometheus UI URL printed)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
. scripts/lib.sh

ensure_postgres
ensure_commands prometheus:prometheus promtool:prometheus curl:curl python3:python3

SERVICES=(keys-service usage-service gateway-service admin-service)
for svc in "${SERVICES[@]}"; do
  if [ ! -f "$(service_jar "$svc")" ]; then
    ./mvnw -B -q -DskipTests -pl "platform-contracts,$(IFS=,; echo "${SERVICES[*]}")" package
    break
  fi
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/llmaas-prometheus-demo.XXXXXX")
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
declare -A PORT
for svc in "${SERVICES[@]}"; do PORT[$svc]=$(free_port); done
PROM_PORT=$(free_port)

PG_DB=llmaas_demo
psql -q -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -c "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" \
  -c "CREATE DATABASE $PG_DB" >/dev/null

MASTER_KEY="sk-demo-master-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export LLMAAS_MASTER_KEY="$MASTER_KEY"
export LLMAAS_SERVICE_TOKEN="demo-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export LLMAAS_ENCRYPTION_KEY=$(head -c 32 /dev/urandom | base64 | tr -d '\n')
export LLMAAS_DB_URL="jdbc:postgresql://$PG_HOST:$PG_PORT/$PG_DB"
export LLMAAS_KEYS_URL="http://127.0.0.1:${PORT[keys-service]}"
export LLMAAS_USAGE_URL="http://127.0.0.1:${PORT[usage-service]}"
export LLMAAS_GATEWAY_URL="http://127.0.0.1:${PORT[gateway-service]}"
export LLMAAS_ADMIN_URL="http://127.0.0.1:${PORT[admin-service]}"
export LLMAAS_SPOOL_DIR="$WORK/spool"
export QUARKUS_LOG_CONSOLE_JSON_ENABLED=false
export ADMIN_DEV_OAUTH_ENABLED=true

PIDS=()
cleanup() {
  trap - INT TERM EXIT
  [ ${#PIDS[@]} -gt 0 ] && { kill "${PIDS[@]}" 2>/dev/null || true; wait "${PIDS[@]}" 2>/dev/null || true; }
  psql -q -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -c "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" \
    >/dev/null 2>&1 || true
  echo "Logs were in $WORK (removed)."
  rm -rf "$WORK"
}
trap cleanup INT TERM EXIT

for svc in "${SERVICES[@]}"; do
  QUARKUS_HTTP_PORT=${PORT[$svc]} java -Xmx384m -jar "$(service_jar "$svc")" \
    > "$WORK/$svc.log" 2>&1 &
  PIDS+=($!)
  # keys-service first: the gateway stays not ready until it has the routing table from keys-service.
  for _ in $(seq 1 120); do
    curl -fsS -o /dev/null "http://127.0.0.1:${PORT[$svc]}/q/health/ready" 2>/dev/null && break
    sleep 1
  done
  curl -fsS -o /dev/null "http://127.0.0.1:${PORT[$svc]}/q/health/ready" \
    || { echo "$svc is not ready:"; tail -n 20 "$WORK/$svc.log"; exit 1; }
  echo "$svc ready on port ${PORT[$svc]}"
done

# The scrape configuration the ServiceMonitors of k8s/base produce: path, interval and honor_labels as there.
cp k8s/monitoring/llmaas-alerts.rules.yaml "$WORK/rules.yaml"
{
  echo "global: {scrape_interval: 10s, evaluation_interval: 10s}"
  echo "rule_files: [rules.yaml]"
  echo "scrape_configs:"
  for svc in "${SERVICES[@]}"; do
    echo "  - job_name: $svc"
    echo "    metrics_path: /q/metrics"
    echo "    scheme: http"
    echo "    scrape_interval: 10s"
    echo "    honor_labels: true"
    echo "    static_configs: [{targets: ['127.0.0.1:${PORT[$svc]}'], labels: {service: $svc, namespace: llmaas}}]"
  done
} > "$WORK/prometheus.yml"
promtool check config "$WORK/prometheus.yml"
prometheus --config.file="$WORK/prometheus.yml" --storage.tsdb.path="$WORK/tsdb" \
  --web.listen-address="127.0.0.1:$PROM_PORT" > "$WORK/prometheus.log" 2>&1 &
PIDS+=($!)
PROM="http://127.0.0.1:$PROM_PORT"
for _ in $(seq 1 30); do curl -fsS -o /dev/null "$PROM/-/ready" 2>/dev/null && break; sleep 1; done
echo "Prometheus ready on $PROM"

GW="http://127.0.0.1:${PORT[gateway-service]}"
KEY=$(curl -fsS "$GW/key/generate" -H "Authorization: Bearer $MASTER_KEY" -H 'Content-Type: application/json' \
  -d '{"models":["demo"],"max_budget":5,"key_alias":"prometheus-demo"}' \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["key"])')
echo "Virtual key made with /key/generate; sending traffic to the demo model..."
ok=0
for i in $(seq 1 20); do
  curl -fsS -o /dev/null "$GW/v1/chat/completions" -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
    -d "{\"model\":\"demo\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello number $i, tell me a story\"}]}" \
    && ok=$((ok + 1))
done
for i in $(seq 1 10); do
  curl -fsSN -o /dev/null "$GW/v1/chat/completions" -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
    -d "{\"model\":\"demo\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Stream $i\"}]}" \
    && ok=$((ok + 1))
done
# Two requests the gateway refuses: an unknown model (404) and a bad key (401).
curl -sS -o /dev/null "$GW/v1/chat/completions" -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
  -d '{"model":"no-such-model","messages":[{"role":"user","content":"x"}]}' || true
curl -sS -o /dev/null "$GW/v1/chat/completions" -H "Authorization: Bearer sk-wrong" -H 'Content-Type: application/json' \
  -d '{"model":"demo","messages":[{"role":"user","content":"x"}]}' || true
echo "$ok of 30 requests answered 200 (20 plain, 10 streamed)."

query() { # PromQL -> "labels value" lines from Prometheus's HTTP API
  curl -fsS --get "$PROM/api/v1/query" --data-urlencode "query=$1" | python3 -c '
import json, sys
data = json.load(sys.stdin)["data"]["result"]
for r in data:
    labels = ",".join(k + "=" + v for k, v in sorted(r["metric"].items()))
    value = r["value"][1]
    print("    {" + labels + "} " + value)
if not data:
    print("    (no series)")'
}

echo "Waiting for two scrapes..."
sleep 25
for q in 'sum by (job, model, status) (llmaas_gateway_requests_total)' \
         'sum by (model, type) (llmaas_gateway_tokens_total)' \
         'sum by (model) (llmaas_gateway_spend_usd_total)' \
         'histogram_quantile(0.99, sum by (le) (llmaas_gateway_request_duration_seconds_bucket{model="demo"}))' \
         'histogram_quantile(0.5, sum by (le) (llmaas_gateway_time_to_first_token_seconds_bucket{model="demo"}))' \
         'sum by (model) (llmaas_usage_spend_usd_total)' \
         'up'; do
  echo "  $q"
  query "$q"
done
echo "  alerts: $(curl -fsS "$PROM/api/v1/alerts" | python3 -c 'import json,sys; a=json.load(sys.stdin)["data"]["alerts"]; print(", ".join(x["labels"]["alertname"]+"="+x["state"] for x in a) or "none firing or pending")')"

if [ -n "${KEEP:-}" ]; then
  echo "Prometheus: $PROM   gateway: $GW   (Ctrl-C stops everything)"
  wait
fi
