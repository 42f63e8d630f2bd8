#!/bin/sh
# The gateway's AppCDS archive, made by the JVM that will run it: Dockerfile.jvm runs this when the image is built,
# bench/run.sh on the bench machine. A training start (gateway.training-run: platform mode against stand-ins of
# keys-service and usage-service that the gateway serves itself on STANDIN_PORT, the demo model) sends itself one
# request of each kind and exits; the JVM then writes every class it loaded to ARCHIVE, and later starts with
# -XX:SharedArchiveFile=ARCHIVE map those classes instead of loading and verifying them again (about 0.5 s of CPU).
# The archive only fits the exact JVM build and the jar path given here: start the gateway with the same -jar path.
#
#   appcds-archive.sh JAR ARCHIVE [java option ...]
set -eu
jar=$1
archive=$2
shift 2
spool=$(mktemp -d)
trap 'rm -rf "$spool"' EXIT
rm -f "$archive"
standins=http://127.0.0.1:${STANDIN_PORT:-18998}
LLMAAS_GATEWAY_MODE=platform LLMAAS_KEYS_URL=$standins LLMAAS_USAGE_URL=$standins \
  LLMAAS_SERVICE_TOKEN=training-run-not-a-secret LLMAAS_MASTER_KEY=training-run-not-a-secret LLMAAS_SPOOL_DIR="$spool" \
  java "$@" -XX:ArchiveClassesAtExit="$archive" -Xlog:cds=error \
  -Dgateway.training-run=true -Dquarkus.http.port="${TRAINING_PORT:-18999}" -Dquarkus.http.host=127.0.0.1 \
  -Dgateway.health-check.enabled=false -Dgateway.mock.latency=0s -Dgateway.mock.tokens-per-second=100000 \
  -jar "$jar"
test -s "$archive"
