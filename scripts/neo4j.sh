#!/usr/bin/env bash
# A throwaway Neo4j Community server for tests and CI, without Docker: the small embedded
# launcher in neo4j-server/ serving Bolt on 127.0.0.1 only, unencrypted, auth on.
#
#   scripts/neo4j.sh start    build the launcher if needed, start on a wiped store, wait until
#                             the Python driver runs RETURN 1, print the NEO4J_* exports
#   scripts/neo4j.sh stop     SIGTERM the pid in the pid file (SIGKILL after 30 s)
#   scripts/neo4j.sh status   exit 0 when running and answering, 3 otherwise
#   scripts/neo4j.sh build    only build the launcher (e.g. to warm ~/.m2 in CI)
#
# Environment:
#   TALENTGRAPH_NEO4J_VERSION  Neo4j version (default 5.26.31 on JDK 17). Versions 20xx
#                              (e.g. 2026.09.0) run on the Temurin 25 JDK. Aliases: 5.26, 2026.
#   TALENTGRAPH_NEO4J_PORT     Bolt port on 127.0.0.1 (default 7688, not the usual 7687)
#   NEO4J_PASSWORD             password of user neo4j (default talentgraph-test, >= 8 chars)
#   PYTHON                     interpreter with the `neo4j` package (default python3)
#   TALENTGRAPH_NEO4J_HOME     state folder (default .neo4j/), to run several servers at once
#   TALENTGRAPH_NEO4J_KEEP_DATA  1: start on the store left by the last run (e.g. after a crash)
#   TALENTGRAPH_NEO4J_HEAP     JVM heap, fixed (default 6g with 16 GiB of RAM or more, else 3g;
#                              1g works, loads are slower)
#   TALENTGRAPH_NEO4J_PAGECACHE  page cache (default 1g: a 1M-move store fits; filled lazily)
# State: ${TALENTGRAPH_NEO4J_HOME:-.neo4j}/<version>/{pid,server.log,build.log,data/}; the data is
# wiped at each start unless TALENTGRAPH_NEO4J_KEEP_DATA=1. The launcher builds into neo4j-server/target/<version>/.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SERVER_DIR="$ROOT/neo4j-server"

DEFAULT_LTS=5.26.31       # newest 5.26 served by Maven Central here (Nov 2026)
DEFAULT_CURRENT=2026.09.0 # newest calendar release served here (Nov 2026)
TEMURIN_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
START_TIMEOUT=180
STOP_TIMEOUT=30

VERSION=${TALENTGRAPH_NEO4J_VERSION:-$DEFAULT_LTS}
case "$VERSION" in
  5.26 | lts) VERSION=$DEFAULT_LTS ;;
  2026 | latest) VERSION=$DEFAULT_CURRENT ;;
esac
if [[ ! "$VERSION" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
  echo "neo4j.sh: TALENTGRAPH_NEO4J_VERSION must look like 5.26.31 or 2026.09.0, not '$VERSION'" >&2
  exit 2
fi
PORT=${TALENTGRAPH_NEO4J_PORT:-7688}
# 6g where the machine has 16 GiB or more: a million-move load ran 9-12% faster than with 3g
# (its young generation, half the heap, fills and is collected half as often), and a
# smaller machine keeps room for the tests beside two servers.
default_heap() {
  local kb
  kb=$(awk '/^MemTotal:/ {print $2}' /proc/meminfo 2>/dev/null || true)
  if [[ -n "$kb" ]] && ((kb >= 16 * 1024 * 1024)); then echo 6g; else echo 3g; fi
}
HEAP=${TALENTGRAPH_NEO4J_HEAP:-$(default_heap)}
if [[ ! "$HEAP" =~ ^[1-9][0-9]*[mMgG]$ ]]; then
  echo "neo4j.sh: TALENTGRAPH_NEO4J_HEAP must look like 3g or 1536m, not '$HEAP'" >&2
  exit 2
fi
if [[ -n "${TALENTGRAPH_NEO4J_PAGECACHE:-}" && ! "$TALENTGRAPH_NEO4J_PAGECACHE" =~ ^[1-9][0-9]*[mMgG]$ ]]; then
  echo "neo4j.sh: TALENTGRAPH_NEO4J_PAGECACHE must look like 1g or 512m, not '$TALENTGRAPH_NEO4J_PAGECACHE'" >&2
  exit 2
fi
if [[ ! "$PORT" =~ ^[1-9][0-9]{0,4}$ ]] || ((PORT > 65535)); then
  echo "neo4j.sh: TALENTGRAPH_NEO4J_PORT must be a port number, not '$PORT'" >&2
  exit 2
fi
export NEO4J_PASSWORD=${NEO4J_PASSWORD:-talentgraph-test}
PYTHON=${PYTHON:-python3}
URI="bolt://127.0.0.1:$PORT"

STATE="${TALENTGRAPH_NEO4J_HOME:-$ROOT/.neo4j}/$VERSION"
PID_FILE="$STATE/pid"
LOG="$STATE/server.log"
TARGET="$SERVER_DIR/target/$VERSION"
MAIN_CLASS=talentgraph.neo4jserver.Main

say() { echo "neo4j.sh: $*" >&2; }

java_major() { # major version of the JDK at $1
  "$1/bin/java" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p'
}

# The JDK for this version: 5.26 runs on Java 17 or 21, 2025.x+ on 21 or newer (the Temurin 25
# JDK here). A JAVA_HOME of the wrong major version is passed over, not used.
java_home() {
  local -a candidates
  local lo hi home major
  if [[ "$VERSION" == 20* ]]; then
    candidates=("$TEMURIN_HOME" "${JAVA_HOME:-}")
    lo=21 hi=99
  else
    candidates=("${JAVA_HOME:-}" /usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/java-21-openjdk-amd64)
    lo=17 hi=21
  fi
  if command -v java >/dev/null; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for home in "${candidates[@]}"; do
    [[ -n "$home" && -x "$home/bin/java" ]] || continue
    major=$(java_major "$home")
    if [[ -n "$major" ]] && ((major >= lo && major <= hi)); then
      echo "$home"
      return 0
    fi
  done
  if ((hi == 99)); then say "Neo4j $VERSION needs a JDK $lo+ (expected $TEMURIN_HOME)"
  else say "Neo4j $VERSION needs a JDK $lo..$hi (e.g. Debian's openjdk-17-jdk)"; fi
  return 1
}

build() {
  local jhome=$1 stamp="$TARGET/.built"
  mkdir -p "$TARGET" "$STATE"
  # One build at a time per version (several servers may share this launcher); the lock
  # goes with the subshell. No `rm -rf target`: a running server may be using those jars.
  (
    flock 9
    if [[ -f "$stamp" && -d "$TARGET/classes" && -d "$TARGET/lib" ]] &&
       [[ -z "$(find "$SERVER_DIR/pom.xml" "$SERVER_DIR/src" -newer "$stamp" -print -quit)" ]]; then
      exit 0
    fi
    command -v mvn >/dev/null || { say "Maven (mvn) is needed to build the launcher"; exit 1; }
    say "building the launcher for Neo4j $VERSION (first time downloads ~130-160 MB of jars into ~/.m2)"
    if ! (cd "$SERVER_DIR" && JAVA_HOME="$jhome" mvn -q -B -Dstyle.color=never -DskipTests "-Dneo4j.version=$VERSION" compile) \
         >"$STATE/build.log" 2>&1; then
      say "build failed; last lines of $STATE/build.log:"
      tail -n 40 "$STATE/build.log" >&2
      exit 1
    fi
    touch "$stamp"
  ) 9>"$TARGET/.build.lock"
}

# Is pid $1 alive? A zombie (exited, not yet reaped by its parent) counts as gone.
alive() {
  kill -0 "$1" 2>/dev/null || return 1
  local state
  state=$(sed -n 's/^[0-9]* (.*) \([A-Z]\).*/\1/p' "/proc/$1/stat" 2>/dev/null) || return 1
  [[ -n "$state" && "$state" != Z ]]
}

# Pid from the pid file if that process is alive and is our launcher, else nothing.
live_pid() {
  [[ -f "$PID_FILE" ]] || return 0
  local pid
  pid=$(<"$PID_FILE")
  [[ "$pid" =~ ^[0-9]+$ ]] || return 0
  if alive "$pid" && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "$MAIN_CLASS"; then
    echo "$pid"
  fi
}

# Can the Python driver log in and run RETURN 1? Exit 0 yes, 1 not (yet), 3 no driver,
# 4 credentials refused.
probe() {
  NEO4J_URI="$URI" "$PYTHON" - <<'PY'
import os, sys
try:
    from neo4j import GraphDatabase
    from neo4j.exceptions import AuthError
except ImportError:
    sys.exit(3)
try:
    with GraphDatabase.driver(os.environ["NEO4J_URI"], auth=("neo4j", os.environ["NEO4J_PASSWORD"]),
                              connection_timeout=5) as driver:
        records, _, _ = driver.execute_query("RETURN 1 AS one")
        sys.exit(0 if records[0]["one"] == 1 else 1)
except AuthError as e:
    print(f"AuthError: {e}", file=sys.stderr)
    sys.exit(4)
except Exception as e:  # not up yet, or wrong credentials: the caller retries, then reports
    print(f"{type(e).__name__}: {e}", file=sys.stderr)
    sys.exit(1)
PY
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }

stop() {
  local pid
  pid=$(live_pid)
  if [[ -z "$pid" ]]; then
    rm -f "$PID_FILE"
    say "Neo4j $VERSION is not running"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  local tenths=0
  while alive "$pid"; do
    if ((tenths == STOP_TIMEOUT * 10)); then
      say "pid $pid still running after ${STOP_TIMEOUT}s: SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
    elif ((tenths > STOP_TIMEOUT * 10 + 100)); then
      say "pid $pid survived SIGKILL for 10s"
      exit 1
    fi
    sleep 0.1
    tenths=$((tenths + 1))
  done
  # It has exited; as a zombie it keeps its pid until init reaps it, usually within ~2 s.
  for _ in {1..50}; do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  rm -f "$PID_FILE"
  say "stopped Neo4j $VERSION (pid $pid)"
}

start() {
  if ! "$PYTHON" -c 'import neo4j' 2>/dev/null; then
    say "$PYTHON cannot import the neo4j driver: pip install neo4j, or set PYTHON"
    exit 1
  fi
  if [[ -n "$(live_pid)" ]]; then
    say "already running: restarting on a clean store"
    stop
  fi
  if [[ ${#NEO4J_PASSWORD} -lt 8 ]]; then
    say "NEO4J_PASSWORD must have at least 8 characters (Neo4j's minimum)"
    exit 2
  fi
  if port_in_use; then
    say "127.0.0.1:$PORT is already in use by another process; set TALENTGRAPH_NEO4J_PORT"
    exit 1
  fi

  local jhome major
  jhome=$(java_home)
  major=$(java_major "$jhome")
  build "$jhome"

  # Bulk loads make short-lived garbage (each batch's transaction state): a fixed heap with a
  # large young generation and the throughput collector spend about 1 s of GC per 100k
  # moves, against 8 s for the defaults (G1, -Xmx1g, growing from 256 MB).
  local -a jvm=("-Xms$HEAP" "-Xmx$HEAP" -XX:NewRatio=1 -XX:+UseParallelGC
    --add-opens=java.base/java.nio=ALL-UNNAMED
    --add-opens=java.base/java.io=ALL-UNNAMED
    --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
    --add-opens=java.base/java.lang=ALL-UNNAMED)
  if ((major >= 22)); then jvm+=(--enable-native-access=ALL-UNNAMED); fi
  if ((major >= 24)); then jvm+=(--sun-misc-unsafe-memory-access=allow); fi

  mkdir -p "$STATE"
  if [[ "${TALENTGRAPH_NEO4J_KEEP_DATA:-}" != 1 ]]; then rm -rf "$STATE/data"; fi
  mkdir -p "$STATE/data"
  local t0=$SECONDS
  # setsid: the server lives on after this script, and a Ctrl-C meant for the caller does not
  # reach it; stop() ends it by its pid.
  setsid "$jhome/bin/java" "${jvm[@]}" -cp "$TARGET/classes:$TARGET/lib/*" "$MAIN_CLASS" \
    "$STATE/data" "$PORT" </dev/null >"$LOG" 2>&1 &
  local pid=$!
  echo "$pid" >"$PID_FILE"

  local rc=1
  while ((SECONDS - t0 < START_TIMEOUT)); do
    if ! alive "$pid"; then
      say "the server exited during start-up; last lines of $LOG:"
      tail -n 60 "$LOG" >&2
      rm -f "$PID_FILE"
      exit 1
    fi
    if grep -q '^READY ' "$LOG"; then
      rc=0
      probe 2>"$STATE/probe.err" || rc=$?
      if ((rc == 0 || rc >= 3)); then break; fi
    fi
    sleep 0.5
  done
  if ((rc != 0)); then
    case $rc in
      3) say "$PYTHON lost the neo4j driver" ;;
      4) say "the server refused neo4j/\$NEO4J_PASSWORD" ;;
      *) say "no answer to RETURN 1 on $URI within ${START_TIMEOUT}s" ;;
    esac
    cat "$STATE/probe.err" >&2 2>/dev/null || true
    say "last lines of $LOG:"
    tail -n 60 "$LOG" >&2
    stop
    exit 1
  fi
  rm -f "$STATE/probe.err"
  say "Neo4j $VERSION (Java $major) answers on $URI after $((SECONDS - t0))s; pid $pid, log $LOG"
  echo "export NEO4J_URI=$URI"
  echo "export NEO4J_USER=neo4j"
  if [[ "$NEO4J_PASSWORD" == talentgraph-test ]]; then
    echo "export NEO4J_PASSWORD=$NEO4J_PASSWORD"
  else
    echo "# NEO4J_PASSWORD: the one set in your environment"
  fi
}

status() {
  local pid
  pid=$(live_pid)
  if [[ -z "$pid" ]]; then
    echo "Neo4j $VERSION: not running"
    return 3
  fi
  if probe 2>/dev/null; then
    echo "Neo4j $VERSION: running, pid $pid, answering on $URI"
  else
    echo "Neo4j $VERSION: running, pid $pid, NOT answering on $URI (see $LOG)"
    return 1
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  build)
    jhome=$(java_home)
    build "$jhome"
    ;;
  *)
    echo "usage: $0 start|stop|status|build   (see the top of this file for the environment)" >&2
    exit 2
    ;;
esac
