# Shared by ./dam and ./run-tests: finds a JDK >= 21 and the system libraries the bundled ffmpeg needs.
# Sourced, not run. Nothing here needs the user to export anything.

dam_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# These checks run under `set -euo pipefail`: they never pipe into a reader that may stop early
# (`grep -q`, `head`), since the writer's SIGPIPE would fail the pipeline now and then. Output is
# captured whole and matched in bash.

# Prints the major version of a java executable ("17", "21", "25"), or nothing.
java_major() {
  local out line
  out="$("$1" -XshowSettings:properties -version 2>&1)" || return 0
  while IFS= read -r line; do
    if [[ $line =~ ^[[:space:]]*java\.specification\.version[[:space:]]*=[[:space:]]*([0-9]+) ]]; then
      echo "${BASH_REMATCH[1]}"
      return 0
    fi
  done <<<"$out"
}

# Sets JAVA to the newest java >= 21 among $DAM_JAVA, $JAVA_HOME, PATH and /usr/lib/jvm (+ common install places).
# Asking each candidate its version starts a JVM per candidate, so the answer is remembered (in the user's
# cache folder) and re-used while the candidates are the same paths and the chosen one is unchanged.
find_java() {
  local best="" best_v=0 c v key cache stamp line1 line2 line3 line4
  local candidates=()
  [ -n "${DAM_JAVA:-}" ] && candidates+=("$DAM_JAVA")
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME/bin/java")
  command -v java >/dev/null 2>&1 && candidates+=("$(command -v java)")
  for c in /usr/lib/jvm/*/bin/java /opt/java/*/bin/java /opt/jdk*/bin/java "$HOME"/.sdkman/candidates/java/*/bin/java; do
    [ -x "$c" ] && candidates+=("$c")
  done
  key="${candidates[*]:-}"
  cache="${XDG_CACHE_HOME:-$HOME/.cache}/that-dam-toolbox/java"
  # The remembered answer counts only from a file of this user that nobody else may change, and only when it
  # names one of today's candidates: a cache must never make the launcher run anything else.
  if [ -f "$cache" ] && [ -O "$cache" ] && [ -O "$(dirname "$cache")" ] \
      && [ -z "$(find "$cache" "$(dirname "$cache")" -maxdepth 0 -perm /022 2>/dev/null)" ]; then
    { IFS= read -r line1; IFS= read -r line2; IFS= read -r line3; IFS= read -r line4; } <"$cache" || true
    if [ "$line1" = "$key" ] && is_candidate "$line2" "${candidates[@]}" && [ -x "$line2" ] \
        && [ "$(java_stamp "$line2")" = "$line4" ]; then
      JAVA="$line2"
      JAVA_MAJOR="$line3"
      JAVA_STAMP="$line4"
      return 0
    fi
  fi
  for c in "${candidates[@]}"; do
    [ -x "$c" ] || continue
    v="$(java_major "$c")"
    [ -n "$v" ] || continue
    if [ "$v" -ge 21 ] && [ "$v" -gt "$best_v" ]; then best="$c"; best_v="$v"; fi
  done
  if [ -z "$best" ]; then
    echo "dam: no Java 21 or newer found (looked at \$DAM_JAVA, \$JAVA_HOME, PATH and /usr/lib/jvm)." >&2
    echo "     Install one, e.g. 'apt-get install openjdk-21-jdk-headless' or any JDK >= 21." >&2
    return 1
  fi
  JAVA="$best"
  JAVA_MAJOR="$best_v"
  JAVA_STAMP="$(java_stamp "$JAVA")" || JAVA_STAMP=""
  stamp="$JAVA_STAMP"
  # best effort: a cache folder that cannot be written only costs the next start its checks
  if [ -n "$stamp" ] && mkdir -p -m 700 "$(dirname "$cache")" 2>/dev/null; then
    local tmp
    tmp="$(mktemp "$cache.XXXXXX" 2>/dev/null)" || return 0
    printf '%s\n%s\n%s\n%s\n' "$key" "$JAVA" "$JAVA_MAJOR" "$stamp" >"$tmp" && mv -f "$tmp" "$cache" || rm -f "$tmp"
  fi
  return 0
}

# Whether $1 is one of the other arguments.
is_candidate() {
  local want="$1" c
  shift
  for c in "$@"; do [ "$c" = "$want" ] && return 0; done
  return 1
}

# What identifies a java executable's installation: the real file it resolves to, its size and change time.
java_stamp() {
  local real
  real="$(readlink -f "$1" 2>/dev/null)" || return 1
  stat -c '%n %s %Z' "$real" 2>/dev/null
}

# Installs a Debian package when we may (root with apt-get), else says how. $1 package, $2 why.
apt_install() {
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "dam: installing $1 ($2)…" >&2
    { apt-get install -y -qq "$1" || { apt-get update -qq && apt-get install -y -qq "$1"; }; } >/dev/null 2>&1 || {
      echo "dam: could not install $1; install it with your package manager." >&2; return 1; }
  else
    echo "dam: $2: install it (Debian/Ubuntu: sudo apt-get install $1)." >&2
    return 1
  fi
}

# The bundled ffmpeg (org.bytedeco GPL build) links against the system's PulseAudio client library.
ensure_native_libs() {
  has_native_lib 'libpulse.so.0' && return 0
  apt_install libpulse0 "the bundled ffmpeg needs libpulse.so.0"
}

# Whether the dynamic linker's cache lists a library ($1, e.g. libpulse.so.0). ldconfig lives in
# /sbin, which is not on every user's PATH.
has_native_lib() {
  local ldconfig cache c
  ldconfig="$(command -v ldconfig || true)"
  for c in /sbin/ldconfig /usr/sbin/ldconfig; do
    [ -n "$ldconfig" ] || { [ -x "$c" ] && ldconfig="$c"; }
  done
  [ -n "$ldconfig" ] || return 1
  cache="$("$ldconfig" -p 2>/dev/null)" || return 1
  [[ $cache == *"$1 "* ]]
}

# File names are bytes; the JVM turns them into Strings with the locale's character set
# (sun.jnu.encoding, which cannot be set with -D). Under systemd, cron or `env -i` there is often no
# locale ("C": ASCII), and a JVM there could not even spell "café.mp4". So the JVM gets a UTF-8 locale
# (LC_ALL) when the current one is not UTF-8 or is not installed; a UTF-8 one is kept as it is.
utf8_locale() {
  local charmap="" available="" l chosen=""
  if command -v locale >/dev/null 2>&1; then
    charmap="$(locale charmap 2>/dev/null)" || charmap=""
  else
    l="${LC_ALL:-${LC_CTYPE:-${LANG:-}}}"
    [[ ${l,,} == *utf-8* || ${l,,} == *utf8* ]] && charmap="UTF-8"
  fi
  [ "$charmap" = "UTF-8" ] && return 0
  available="$(locale -a 2>/dev/null)" || available=""
  for l in C.utf8 C.UTF-8 en_US.utf8 en_US.UTF-8; do
    if [[ $'\n'$available$'\n' == *$'\n'$l$'\n'* ]]; then chosen="$l"; break; fi
  done
  if [ -z "$chosen" ]; then
    while IFS= read -r l; do
      if [[ ${l,,} == *.utf8 || ${l,,} == *.utf-8 ]]; then chosen="$l"; break; fi
    done <<<"$available"
  fi
  export LC_ALL="${chosen:-C.UTF-8}"
}

# JVM flags: quiet the JDK's warnings about native access (SQLite, JavaCPP) and Unsafe (xxHash) on newer JDKs.
# Also puts the JVM in a UTF-8 locale (utf8_locale).
jvm_flags() {
  utf8_locale
  JVM_FLAGS=()
  [ "${JAVA_MAJOR:-21}" -ge 22 ] && JVM_FLAGS+=(--enable-native-access=ALL-UNNAMED)
  [ "${JAVA_MAJOR:-21}" -ge 23 ] && JVM_FLAGS+=(--sun-misc-unsafe-memory-access=allow)
  return 0
}

# The class-data archive that starts the jar $1 fast with this Java (find_java first). A start maps the
# classes (JDK 25 and later: an AOT cache, the classes also linked; JDK 19-24: a dynamic CDS archive) instead
# of loading and verifying them from the jar again. The archive is made by one training run of the everyday
# commands (org.thatdam.cli.StartupTraining), and is only valid for the jar and the Java that made it, so its
# name holds both. It lives next to the jar, or in the user's cache folder when that one cannot be written.
# Sets STARTUP_CACHE (the file, made or not; empty when this Java has none), STARTUP_CACHE_USE and
# STARTUP_CACHE_MAKE (the JVM flags that map it, and that make it at the exit of a run: append the file name).
# A missing, stale or damaged archive is skipped by the JVM, silently (the logs are off): never an error.
startup_cache() {
  local jar="$1" name sum dir
  STARTUP_CACHE=""; STARTUP_CACHE_USE=(); STARTUP_CACHE_MAKE=()
  [ "${JAVA_MAJOR:-21}" -ge 19 ] || return 0
  sum="$(cksum <<<"$JAVA ${JAVA_STAMP:-}")"
  name="dam-$(stat -c '%s-%Y' "$jar")-${sum%% *}"
  if [ "$JAVA_MAJOR" -ge 25 ]; then
    name+=".aot"
    STARTUP_CACHE_MAKE=('-Xlog:aot*=off' '-Xlog:cds*=off' '-XX:AOTCacheOutput=')
  else
    name+=".jsa"
    STARTUP_CACHE_MAKE=('-Xlog:cds*=off' '-XX:ArchiveClassesAtExit=')
  fi
  for dir in "$(dirname "$jar")" "${XDG_CACHE_HOME:-$HOME/.cache}/that-dam-toolbox"; do
    if [ -f "$dir/$name" ] || { [ -z "$STARTUP_CACHE" ] && mkdir -p "$dir" 2>/dev/null && [ -w "$dir" ]; }; then
      STARTUP_CACHE="$dir/$name"
      [ -f "$STARTUP_CACHE" ] && break
    fi
  done
  [ -n "$STARTUP_CACHE" ] || return 0
  if [ "$JAVA_MAJOR" -ge 25 ]; then
    STARTUP_CACHE_USE=('-Xlog:aot*=off' '-Xlog:cds*=off' "-XX:AOTCache=$STARTUP_CACHE")
  else
    STARTUP_CACHE_USE=('-Xlog:cds*=off' "-XX:SharedArchiveFile=$STARTUP_CACHE")
  fi
}

# Before running the jar $1: its class-data archive's flags join JVM_FLAGS when it exists; else it is made in
# the background (this start runs without it) by running the class $2 of the jar as training.
use_startup_cache() {
  startup_cache "$1"
  if [ -f "$STARTUP_CACHE" ]; then
    JVM_FLAGS+=("${STARTUP_CACHE_USE[@]}")
  elif [ -n "$STARTUP_CACHE" ]; then
    (make_startup_cache "$1" "$2") </dev/null >/dev/null 2>&1 &
  fi
  return 0
}

# Makes $STARTUP_CACHE (see startup_cache) for the jar $1 by running its class $2 with the JVM flags $JVM_FLAGS:
# in a file of its own, renamed into place when complete, one maker at a time (others skip), older archives
# of the folder removed. Meant to run in the background: it prints nothing and fails quietly.
make_startup_cache() {
  local jar="$1" main="$2" lock="$STARTUP_CACHE.lock" tmp="$STARTUP_CACHE.$$.tmp" old
  [ -n "$STARTUP_CACHE" ] && [ ! -f "$STARTUP_CACHE" ] || return 0
  exec 9>>"$lock" 2>/dev/null || return 0
  if { ! command -v flock >/dev/null 2>&1 || flock -n 9; } && [ ! -f "$STARTUP_CACHE" ]; then
    local make=("${STARTUP_CACHE_MAKE[@]}")
    make[-1]+="$tmp"
    # at low priority and for at most two minutes: the training must never compete with the user's work
    if nice -n 10 timeout 120 "$JAVA" "${JVM_FLAGS[@]}" "${make[@]}" -Ddam.tty=false -cp "$jar" "$main" \
        </dev/null >/dev/null 2>&1 && [ -s "$tmp" ]; then
      for old in "$(dirname "$STARTUP_CACHE")"/dam-*.aot "$(dirname "$STARTUP_CACHE")"/dam-*.jsa; do
        [ -f "$old" ] && rm -f "$old"
      done
      mv -f "$tmp" "$STARTUP_CACHE"
    fi
    rm -f "$tmp" "$tmp.config"
  fi
  # once the archive is there, nobody needs the lock any more
  [ -f "$STARTUP_CACHE" ] && rm -f "$lock"
  return 0
}

# JVM flags for a command that is over in a moment (listing, showing, searching: $@ is the command line): the
# serial collector (no collector threads to start, a smaller footprint). Measured: the quick compiler alone
# (-XX:TieredStopAtLevel=1) made no difference once the archive is mapped, so the JIT keeps its defaults.
# Long runs (serve, scan, reindex, processing) and the commands that hash passwords or keys (users, api-keys,
# shares) keep the JVM's defaults.
quick_jvm_flags() {
  local a skip=false
  for a in "$@"; do
    if $skip; then skip=false; continue; fi
    case "$a" in
      --home|--config) skip=true ;;
      -*) ;;
      list|show|search|recent|stats|timeline|batches|roots|config|audit|probe|help)
        JVM_FLAGS+=(-XX:+UseSerialGC); return 0 ;;
      *) return 0 ;;
    esac
  done
  JVM_FLAGS+=(-XX:+UseSerialGC)
}

# The XMP tests check interoperability with exiftool: they write sidecars with it and read ours back.
ensure_exiftool() {
  command -v exiftool >/dev/null 2>&1 && return 0
  apt_install libimage-exiftool-perl "the XMP tests need exiftool"
}

# The terminal UI's end-to-end test runs `dam tui` in a real pseudo-terminal that tmux provides.
ensure_tmux() {
  command -v tmux >/dev/null 2>&1 && return 0
  apt_install tmux "the terminal UI test needs tmux"
}

# Capture devices are asked for their formats with v4l2-ctl (ffmpeg's own listing has no frame rates);
# only worth installing where there is a video device to ask.
ensure_v4l_utils() {
  command -v v4l2-ctl >/dev/null 2>&1 && return 0
  compgen -G '/dev/video[0-9]*' >/dev/null || return 0
  apt_install v4l-utils "listing a camera's frame rates needs v4l2-ctl"
}

# The browser tests drive Debian's Chromium (the test tool never downloads a browser of its own).
ensure_chromium() {
  command -v chromium-headless-shell >/dev/null 2>&1 && return 0
  apt_install chromium-headless-shell "the browser tests need Chromium's headless shell"
}
