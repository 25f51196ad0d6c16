# Sourced by ./lodestone and .ci/run. Sets LODESTONE_JAVA_HOME to a JDK 21 or newer (and
# LODESTONE_JAVA_MAJOR to its version):
# JAVA_HOME if it fits, then the `java` on PATH, then the newest JDK in the system's JVM folders.

lodestone_java_major() { # JAVA_BIN -> major version, or nothing
    "$1" -XshowSettings:properties -version 2>&1 |
        sed -n 's/^ *java\.specification\.version = \([0-9.]*\).*/\1/p' | sed 's/^1\.//; s/\..*//'
}

lodestone_find_jdk() {
    local want=21 candidate major best="" best_major=0
    if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
        major=$(lodestone_java_major "$JAVA_HOME/bin/java")
        if [ -n "$major" ] && [ "$major" -ge "$want" ]; then
            LODESTONE_JAVA_HOME="$JAVA_HOME"; LODESTONE_JAVA_MAJOR=$major; return 0
        fi
    fi
    if candidate=$(command -v java 2>/dev/null); then
        candidate=$(readlink -f "$candidate")
        major=$(lodestone_java_major "$candidate")
        if [ -n "$major" ] && [ "$major" -ge "$want" ]; then
            LODESTONE_JAVA_HOME=$(dirname "$(dirname "$candidate")"); LODESTONE_JAVA_MAJOR=$major; return 0
        fi
    fi
    for candidate in /usr/lib/jvm/*/ /usr/java/*/ /opt/java/*/ /Library/Java/JavaVirtualMachines/*/Contents/Home/; do
        [ -x "${candidate}bin/java" ] && [ -x "${candidate}bin/javac" ] || continue
        major=$(lodestone_java_major "${candidate}bin/java")
        if [ -n "$major" ] && [ "$major" -ge "$want" ] && [ "$major" -gt "$best_major" ]; then
            best="${candidate%/}"; best_major=$major
        fi
    done
    if [ -n "$best" ]; then LODESTONE_JAVA_HOME="$best"; LODESTONE_JAVA_MAJOR=$best_major; return 0; fi
    echo "lodestone: no JDK $want or newer found (set JAVA_HOME, or install e.g. openjdk-21-jdk)" >&2
    return 1
}
