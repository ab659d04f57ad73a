# Sourced by ./switchyard and the bench scripts: finds a JDK >= 21 (JAVA_HOME first, then /usr/lib/jvm/*, newest
# first) and puts it on PATH, or says plainly that there is none.

# Prints a JDK home whose major version is >= $1.
pick_jdk() {
  local min="$1" c v major
  for c in "${JAVA_HOME:-}" $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
    c="${c%/}"
    [ -n "$c" ] && [ -x "$c/bin/javac" ] && [ -r "$c/release" ] || continue
    v=$(sed -n 's/^JAVA_VERSION="\([^"]*\)"/\1/p' "$c/release")
    major="${v%%.*}"; [ "$major" = "1" ] && major=$(echo "$v" | cut -d. -f2)
    if [ -n "$major" ] && [ "$major" -ge "$min" ] 2>/dev/null; then echo "$c"; return 0; fi
  done
  return 1
}

use_jdk() {
  local home
  if ! home="$(pick_jdk 21)"; then
    echo "switchyard: no JDK >= 21 found. Checked JAVA_HOME (${JAVA_HOME:-unset}) and /usr/lib/jvm/*." >&2
    echo "switchyard: install one (for example 'apt-get install openjdk-21-jdk-headless') or point JAVA_HOME at it." >&2
    exit 1
  fi
  export JAVA_HOME="$home" PATH="$home/bin:$PATH"
}
