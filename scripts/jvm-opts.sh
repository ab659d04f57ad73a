# Sourced by ./switchyard, scripts/package.sh (which writes the same flags into the packaged launcher) and the bench
# scripts: the JVM flags Switchyard ships, in one place (docs/decisions/0021-collector-and-jvm-flags.md).
#   --enable-native-access=ALL-UNNAMED   Netty's and SQLite's native libraries load without JDK warnings
#   -XX:+UseSerialGC                     one event loop per core does the work; the cheapest collector per request
#   -Xss512k                             small thread stacks
#   -Xms16m                              a small initial heap: an idle gateway stays small
#   -Xmx1g                               bounded memory (decision 0017; SWITCHYARD_JVM_OPTS=-Xmx4g overrides)
#   -XX:+PerfDisableSharedMem            no hsperfdata file in /tmp for safepoints to write to (jstat loses it, jcmd
#                                        keeps working)
#   -XX:TrimNativeHeapInterval=5000      every 5 s, hand the C library's freed native memory back to the OS (the JIT's
#                                        arenas after a compilation burst: ~15 MiB of an idle gateway; ~0.3 ms a trim)
SWITCHYARD_DEFAULT_JVM_OPTS="--enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -Xss512k -Xms16m -Xmx1g -XX:+PerfDisableSharedMem -XX:TrimNativeHeapInterval=5000"
# -XX:TrimNativeHeapInterval came with JDK 21.0.1: a 21.0.0 runtime refuses unknown flags, so it is left out there
# (the JDK the launchers will pick: pick_jdk from scripts/jdk.sh when sourced first, else JAVA_HOME)
_switchyard_jdk="$( (command -v pick_jdk >/dev/null 2>&1 && pick_jdk 21) || echo "${JAVA_HOME:-}")"
if grep -qs '^JAVA_VERSION="21\(\.0\.0\)\?"$' "$_switchyard_jdk/release"; then
  SWITCHYARD_DEFAULT_JVM_OPTS="${SWITCHYARD_DEFAULT_JVM_OPTS/ -XX:TrimNativeHeapInterval=5000/}"
fi
unset _switchyard_jdk
