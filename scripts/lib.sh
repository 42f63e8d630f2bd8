# Shared by run.sh and test.sh: make sure the local PostgreSQL answers and our databases exist.
# PG host/port come from LLMAAS_PG_HOST / LLMAAS_PG_PORT (default 127.0.0.1:5432, user postgres, trust auth).

PG_HOST="${LLMAAS_PG_HOST:-127.0.0.1}"
PG_PORT="${LLMAAS_PG_PORT:-5432}"
PG_USER="${LLMAAS_DB_USER:-postgres}"

pg_answers() {
  if command -v pg_isready >/dev/null 2>&1; then
    pg_isready -q -h "$PG_HOST" -p "$PG_PORT"
  else
    (exec 3<>"/dev/tcp/$PG_HOST/$PG_PORT") 2>/dev/null
  fi
}

ensure_postgres() {
  pg_answers && return 0
  if [ "$PG_HOST" = "127.0.0.1" ] || [ "$PG_HOST" = "localhost" ]; then
    if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
      local version
      version=$(ls /etc/postgresql | sort -V | tail -n 1)
      echo "Starting PostgreSQL $version (it is installed but not running)..."
      pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
      for _ in $(seq 1 30); do pg_answers && return 0; sleep 1; done
    fi
  fi
  cat >&2 <<MSG
PostgreSQL does not answer on $PG_HOST:$PG_PORT.
  - Install it (Debian/Ubuntu, as root):  apt-get update && apt-get install -y postgresql
    then allow local passwordless connections (trust for 127.0.0.1 in pg_hba.conf), or
  - point the platform at a PostgreSQL you have:  LLMAAS_PG_HOST=… LLMAAS_PG_PORT=… LLMAAS_DB_USER=… LLMAAS_DB_PASSWORD=…
    (the services read LLMAAS_DB_URL=jdbc:postgresql://host:port/llmaas, LLMAAS_DB_USER and LLMAAS_DB_PASSWORD).
MSG
  return 1
}

ensure_database() {
  local name="$1"
  if ! command -v psql >/dev/null 2>&1; then
    echo "psql is missing: apt-get install -y postgresql-client (or create database '$name' yourself)" >&2
    return 1
  fi
  local exists
  exists=$(PGPASSWORD="${LLMAAS_DB_PASSWORD:-}" psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = '$name'")
  if [ "$exists" != "1" ]; then
    PGPASSWORD="${LLMAAS_DB_PASSWORD:-}" psql -q -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres \
      -c "CREATE DATABASE $name" >/dev/null
    echo "Created database $name"
  fi
}

# Installs Debian packages when a command is missing (as root), or says what to install.
ensure_commands() { # "command:package" pairs
  local missing=() pair
  for pair in "$@"; do
    command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair##*:}")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian packages: ${missing[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "Missing: ${missing[*]} — install them (Debian: apt-get install -y ${missing[*]})" >&2
    return 1
  fi
}

# service_jar SERVICE [TARGET]: the packaged service in TARGET (default SERVICE/target). The gateway is built as one
# jar, SERVICE-runner.jar (its image maps a class archive of it: bench/ANALYSIS.md); the other services as Quarkus
# fast-jars, quarkus-app/quarkus-run.jar.
service_jar() {
  local target=${2:-$1/target}
  if [ -f "$target/$1-runner.jar" ]; then echo "$target/$1-runner.jar"; else echo "$target/quarkus-app/quarkus-run.jar"; fi
}
