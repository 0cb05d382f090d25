# Sourced by ./mvnw and ./reflex: makes JAVA_HOME point at a JDK >= 21.
# Order: JAVA_HOME if it is new enough, then `java` on PATH, then the newest JDK under /usr/lib/jvm
# (and a few other usual install roots). Prints a clear message and fails when none is found.
reflex_java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n 1 | cut -d. -f1
}

reflex_find_jdk() {
  _min=21
  if [ -n "${JAVA_HOME-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    _v=$(reflex_java_major "$JAVA_HOME/bin/java")
    [ -n "$_v" ] && [ "$_v" -ge "$_min" ] && return 0
  fi
  if command -v javac >/dev/null 2>&1; then
    _home=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    _v=$(reflex_java_major "$_home/bin/java")
    if [ -n "$_v" ] && [ "$_v" -ge "$_min" ]; then JAVA_HOME=$_home; export JAVA_HOME; return 0; fi
  fi
  _best= ; _bestv=0
  case $- in *f*) _noglob=1; set +f ;; *) _noglob= ;; esac
  for _d in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
    [ -x "$_d/bin/javac" ] || continue
    _v=$(reflex_java_major "$_d/bin/java")
    [ -n "$_v" ] || continue
    if [ "$_v" -ge "$_min" ] && [ "$_v" -gt "$_bestv" ]; then _best=$_d; _bestv=$_v; fi
  done
  [ -n "$_noglob" ] && set -f
  if [ -n "$_best" ]; then JAVA_HOME=$_best; export JAVA_HOME; return 0; fi
  echo "Reflex needs a JDK $_min or newer: none found in JAVA_HOME, on PATH or under /usr/lib/jvm." >&2
  echo "Install one (e.g. apt-get install openjdk-21-jdk) or set JAVA_HOME." >&2
  return 1
}
