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
