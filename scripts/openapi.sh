#!/usr/bin/env bash
# Refreshes openapi/openapi.yaml from what the application serves, after a deliberate API change.
# OpenApiContractTests fails until the committed file and /v3/api-docs agree again.
set -euo pipefail
cd "$(dirname "$0")/.."
java25=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
mvn -q -B package -DskipTests
"$java25" --add-modules jdk.incubator.vector -jar target/nnmath-0.1.0-SNAPSHOT.jar \
  --server.port=18480 --management.server.port=18481 >/tmp/nnmath-openapi.log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 60); do
  if curl -fsS localhost:18480/v3/api-docs.yaml -o /tmp/nnmath-openapi.yaml 2>/dev/null; then
    mv /tmp/nnmath-openapi.yaml openapi/openapi.yaml
    echo "openapi/openapi.yaml: $(wc -l < openapi/openapi.yaml) lines"
    exit 0
  fi
  sleep 1
done
echo "the application did not answer; see /tmp/nnmath-openapi.log" >&2
exit 1
