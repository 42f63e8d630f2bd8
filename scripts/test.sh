#!/usr/bin/env bash
# Runs every test of the platform: unit, REST, PostgreSQL, cross-service (*IT) and browser tests.
# Set-up it does itself on a fresh machine: starts PostgreSQL if installed, creates the test database, installs
# Debian's chromium + chromium-driver for the browser tests when missing (as root).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

ensure_postgres
ensure_database llmaas_test

if ! command -v chromedriver >/dev/null 2>&1 || ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian's chromium and chromium-driver for the browser tests..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
  else
    echo "chromium and chromedriver are needed for the browser tests: apt-get install -y chromium chromium-driver" >&2
    exit 1
  fi
fi

exec ./mvnw -B verify "$@"
