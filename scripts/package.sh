#!/usr/bin/env bash
# Builds Switchyard's release archive from already built jars (see docs/operations.md, "Packaging"; decision 0013):
#
#   dist/switchyard-VERSION-linux-x64.tar.gz          switchyard-VERSION/{bin/switchyard, lib/*.jar, runtime/, conf/,
#   dist/switchyard-VERSION-linux-x64.tar.gz.sha256       packaging/}: a jlink runtime, so no JDK is needed to run it
#
# usage: scripts/package.sh [--out DIR] [--classpath CP]
#   --out DIR        where the archive and its checksum go (default: ./dist)
#   --classpath CP   the application's jars and class directories, ':'-separated (default: the server jar and
#                    switchyard-server/target/lib/*, as `./switchyard build` leaves them); directories are jarred
# Needs a JDK >= 21 with jlink (JAVA_HOME or /usr/lib/jvm), tar, gzip and sha256sum. No Maven, no network.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$ROOT/scripts/jdk.sh"
. "$ROOT/scripts/jvm-opts.sh"

VERSION=0.1.0
OUT="$ROOT/dist"
CP=""
while [ $# -gt 0 ]; do
  case "$1" in
    --out) OUT="$2"; shift 2 ;;
    --classpath) CP="$2"; shift 2 ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "package: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
use_jdk
if [ -z "$CP" ]; then
  jar="$ROOT/switchyard-server/target/switchyard-server-$VERSION-SNAPSHOT.jar"
  [ -f "$jar" ] || { echo "package: $jar not built; run ./switchyard build first" >&2; exit 1; }
  CP="$jar"
  for j in "$ROOT"/switchyard-server/target/lib/*.jar; do CP="$CP:$j"; done
fi

# The runtime's modules: what the gateway and its libraries use (jdeps over the classpath is slow and misses
# reflective and service-loaded uses, so the list is explicit; the packaged-gateway test proves it sufficient).
MODULES=java.base,java.logging,java.management,java.naming,java.net.http,java.sql,java.xml,jdk.unsupported,jdk.crypto.ec,jdk.zipfs
if ! "$JAVA_HOME/bin/java" --list-modules | grep -q '^jdk.crypto.ec@'; then MODULES="${MODULES/,jdk.crypto.ec/}"; fi

NAME="switchyard-$VERSION"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
APP="$WORK/$NAME"
mkdir -p "$APP/bin" "$APP/lib" "$APP/conf" "$APP/packaging"

IFS=':' read -r -a entries <<< "$CP"
n=0
for e in "${entries[@]}"; do
  [ -n "$e" ] || continue
  if [ -d "$e" ]; then
    n=$((n + 1)); "$JAVA_HOME/bin/jar" --create --file "$APP/lib/app-$n-$(basename "$(dirname "$e")").jar" -C "$e" .
  elif [ -f "$e" ]; then
    cp "$e" "$APP/lib/"
  fi
done

"$JAVA_HOME/bin/jlink" --add-modules "$MODULES" --output "$APP/runtime" --strip-debug --no-man-pages \
  --no-header-files --compress zip-6

cat > "$APP/bin/switchyard" <<'LAUNCHER'
#!/bin/sh
# Switchyard, packaged: runs the gateway's CLI on the bundled runtime (no JDK or Maven needed).
#   bin/switchyard [run] [--port N] [--data-dir DIR] [--config FILE]    start the gateway
#   bin/switchyard --help | COMMAND --help                              every command and its options
# The JVM flags are those of ./switchyard (decision 0021); SWITCHYARD_JVM_OPTS adds or overrides them.
HERE="$(cd "$(dirname "$0")/.." && pwd)"
case "${1:-}" in ""|--config*|--host*|--port*|--data-dir*) set -- run "$@" ;; esac
# shellcheck disable=SC2086
exec "$HERE/runtime/bin/java" @JVM_OPTS@ \
  ${SWITCHYARD_JVM_OPTS:-} -cp "$HERE/lib/*" dev.switchyard.server.cli.SwitchyardCli "$@"
LAUNCHER
sed -i "s|@JVM_OPTS@|$SWITCHYARD_DEFAULT_JVM_OPTS|" "$APP/bin/switchyard"
chmod 755 "$APP/bin/switchyard"
cp "$ROOT/packaging/switchyard.service" "$ROOT/packaging/Dockerfile" "$APP/packaging/"
cp "$ROOT/packaging/switchyard.yaml.example" "$APP/conf/"

mkdir -p "$OUT"
ARCHIVE="$NAME-linux-x64.tar.gz"
tar -C "$WORK" -cf - "$NAME" | gzip -1 > "$OUT/$ARCHIVE"
(cd "$OUT" && sha256sum "$ARCHIVE" > "$ARCHIVE.sha256")
echo "$OUT/$ARCHIVE"
