#!/usr/bin/env bash
# Runs every test of the platform: unit, REST, PostgreSQL, cross-service (*IT) and browser tests.
# Set-up it does itself on a fresh machine: starts PostgreSQL if installed, creates the test database, installs
# Debian's nodejs/npm (portal assets), chromium + chromium-driver (browser tests) and prometheus (promtool, for the
# alert rules of k8s/) when missing (as root). The k8s module also needs kubectl (1.27+, for kustomize).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

ensure_postgres
ensure_database llmaas_test

# The portal's front-end assets are built with the machine's Node/npm; browser tests drive Debian's Chromium;
# the k8s module checks and unit-tests the alert rules with promtool.
ensure_commands node:nodejs npm:npm chromium:chromium chromedriver:chromium-driver promtool:prometheus
if ! command -v kubectl >/dev/null 2>&1; then
  echo "kubectl is missing: the k8s module's tests build the overlays with kubectl kustomize (install kubectl 1.27+)" >&2
  exit 1
fi

exec ./mvnw -B verify "$@"
