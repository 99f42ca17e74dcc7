#!/usr/bin/env bash
# Builds local stand-ins for the public images that cannot be pulled on machines without a
# container registry (see shared/CONTAINERS.md), from Debian packages and the local JDK only:
#
#   nnmath/jre:25              Debian bookworm (minbase) + a jlink'ed Temurin 25 runtime in /opt/java,
#                              with jdk.incubator.vector; the Dockerfile's BASE_IMAGE in CI
#   nnmath/prometheus:latest   Debian bookworm (minbase) + Debian's prometheus package, laid out like
#                              prom/prometheus (config in /etc/prometheus, data in /prometheus, user nobody)
#
# An image that already exists is kept (FORCE=1 rebuilds both). Needs root, debootstrap and a
# running Docker engine. Takes about a minute.
set -euo pipefail

JDK=${JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}
JRE_IMAGE=${JRE_IMAGE:-nnmath/jre:25}
PROM_IMAGE=${PROM_IMAGE:-nnmath/prometheus:latest}
SUITE=bookworm

# java.se plus what Spring Boot and Micrometer use outside it (sun.misc.Unsafe, the
# com.sun.management process metrics, DNS lookups, EC keys) and the Vector API.
JRE_MODULES=java.se,jdk.unsupported,jdk.management,jdk.naming.dns,jdk.crypto.ec,jdk.incubator.vector

log() { echo "images: $*"; }

have() { docker image inspect "$1" >/dev/null 2>&1 && [ "${FORCE:-0}" != 1 ]; }

if have "$JRE_IMAGE" && have "$PROM_IMAGE"; then
  log "$JRE_IMAGE and $PROM_IMAGE present"
  exit 0
fi

# The Debian mirror this machine's apt uses (deb822 sources first, then the one-line format).
mirror=$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
if [ -z "$mirror" ]; then
  mirror=$(awk '$1 == "deb" { print $2; exit }' /etc/apt/sources.list 2>/dev/null || true)
fi
mirror=${mirror:-http://deb.debian.org/debian}

work=$(mktemp -d /tmp/nnmath-images.XXXXXX)
trap 'rm -rf "$work"' EXIT

# One debootstrap serves both images (each gets its own copy).
log "debootstrap $SUITE from $mirror"
if ! debootstrap --variant=minbase "$SUITE" "$work/base" "$mirror" >"$work/debootstrap.log" 2>&1; then
  tail -20 "$work/debootstrap.log" >&2
  exit 1
fi

# Drops what a runtime image never reads: package caches and lists, docs, man pages, translations.
slim() {
  rm -rf "$1"/var/cache/apt/archives/*.deb "$1"/var/cache/apt/*.bin "$1"/var/lib/apt/lists/* \
    "$1"/usr/share/doc/* "$1"/usr/share/man/* "$1"/usr/share/info/* "$1"/usr/share/locale/*
}

import() { # DIR IMAGE docker-import-changes...
  local dir=$1 image=$2
  shift 2
  tar -C "$dir" -c . | docker import "$@" - "$image" >/dev/null
  log "built $image ($(docker image inspect -f '{{.Size}}' "$image" | awk '{ printf "%d MB", $1 / 1e6 }'))"
}

if ! have "$PROM_IMAGE"; then
  cp -a "$work/base" "$work/prom"
  # No service may start inside the chroot.
  printf '#!/bin/sh\nexit 101\n' >"$work/prom/usr/sbin/policy-rc.d"
  chmod +x "$work/prom/usr/sbin/policy-rc.d"
  # Valid-Until is not checked: the mirror may be a dated snapshot.
  if ! chroot "$work/prom" env DEBIAN_FRONTEND=noninteractive apt-get -q \
      -o Acquire::Check-Valid-Until=false install -y --no-install-recommends prometheus \
      >"$work/apt.log" 2>&1; then
    tail -20 "$work/apt.log" >&2
    exit 1
  fi
  rm -f "$work/prom/usr/sbin/policy-rc.d"
  mkdir -p "$work/prom/prometheus"
  chown 65534:65534 "$work/prom/prometheus"
  slim "$work/prom"
  import "$work/prom" "$PROM_IMAGE" \
    -c 'USER 65534' -c 'WORKDIR /prometheus' -c 'EXPOSE 9090' \
    -c 'ENTRYPOINT ["/usr/bin/prometheus"]' \
    -c 'CMD ["--config.file=/etc/prometheus/prometheus.yml", "--storage.tsdb.path=/prometheus"]'
fi

if ! have "$JRE_IMAGE"; then
  # Uncompressed modules and a CDS archive: some 35 MB more than --compress zip-6, but faster start-up.
  "$JDK/bin/jlink" --add-modules "$JRE_MODULES" --strip-debug --no-man-pages --no-header-files \
    --generate-cds-archive --output "$work/base/opt/java" 2>&1 | grep -v -e 'incubator modules' -e 'CDS archive' || true
  "$work/base/opt/java/bin/java" --add-modules=jdk.incubator.vector -version >/dev/null 2>&1
  slim "$work/base"
  import "$work/base" "$JRE_IMAGE" \
    -c 'ENV PATH=/opt/java/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    -c 'ENV JAVA_HOME=/opt/java' -c 'ENV LANG=C.UTF-8'
fi
