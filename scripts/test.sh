#!/usr/bin/env bash
# Runs every test of the platform: unit, REST, PostgreSQL, cross-service (*IT) and browser tests.
# Set-up it does itself on a fresh machine: starts PostgreSQL if installed, creates the test database, installs
# Debian's nodejs/npm (portal assets) and chromium + chromium-driver (browser tests) when missing (as root).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

ensure_postgres
ensure_database llmaas_test

# The portal's front-end assets are built with the machine's Node/npm; browser tests drive Debian's Chromium.
ensure_commands node:nodejs npm:npm chromium:chromium chromedriver:chromium-driver

exec ./mvnw -B verify "$@"
