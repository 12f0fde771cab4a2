# Sourced by ./fraudstream and .ci/run: exports JAVA_HOME pointing at a JDK 21 or newer.
# Order: $JAVA_HOME if it is 21+, the `java` on PATH if it is 21+, then the newest 21+ JDK found under the usual
# install roots (/usr/lib/jvm, /opt/java, /opt, ~/.sdkman/candidates/java, ~/.jdks). Fails with a clear message.

_fs_java_major() { # <java home> -> major version, or nothing
  local home="$1" v=""
  [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 0
  if [ -f "$home/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$home/release")
  fi
  if [ -z "$v" ]; then
    v=$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n1)
  fi
  v=${v#1.}
  echo "${v%%[.+-]*}"
}

fs_find_java_home() {
  local candidate major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ]; then
    major=$(_fs_java_major "$JAVA_HOME")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then echo "$JAVA_HOME"; return 0; fi
  fi
  if command -v java >/dev/null 2>&1; then
    candidate=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    major=$(_fs_java_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then echo "$candidate"; return 0; fi
  fi
  for candidate in /usr/lib/jvm/* /opt/java/* /opt/* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
    [ -d "$candidate" ] || continue
    major=$(_fs_java_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
      best="$candidate"; best_major="$major"
    fi
  done
  if [ -n "$best" ]; then echo "$best"; return 0; fi
  return 1
}

if ! FS_JAVA_HOME=$(fs_find_java_home); then
  echo "fraudstream needs a JDK 21 or newer (the local schema registry needs Java 21+)." >&2
  echo "None found in JAVA_HOME, on PATH, or under /usr/lib/jvm, /opt, ~/.sdkman, ~/.jdks." >&2
  echo "Install one (for example Temurin 21 or 25) and set JAVA_HOME to it." >&2
  return 1 2>/dev/null || exit 1
fi
export JAVA_HOME="$FS_JAVA_HOME"
export PATH="$JAVA_HOME/bin:$PATH"
