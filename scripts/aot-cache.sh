#!/usr/bin/env bash
# The JDK's AOT cache for the plain jar, as the Dockerfile builds it for the image: extracts
# target/nnmath-0.1.0-SNAPSHOT.jar to target/extracted (nnmath.jar with lib/ beside it: the form the
# cache needs), then starts it once on loopback ports so that the warm-up sends every hot path real
# requests, and ends (nnmath.warmup.exit=true); the JVM writes target/extracted/nnmath.aot.
#
#   mvn -B package -DskipTests && scripts/aot-cache.sh
#   cd target/extracted && java --add-modules=jdk.incubator.vector -XX:AOTCache=nnmath.aot -jar nnmath.jar
#
# The cache is for this jar and this JDK: build it again after either changes (a stale one is ignored).
set -euo pipefail
cd "$(dirname "$0")/.."
java25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
rm -rf target/extracted
"$java25" -Djarmode=tools -jar target/nnmath-0.1.0-SNAPSHOT.jar extract --destination target/extracted \
  --application-filename nnmath.jar
cd target/extracted
# Ports 0: the training run takes free ones, so it can run beside a service already on 8080-8082.
"$java25" --add-modules=jdk.incubator.vector -XX:AOTCacheOutput=nnmath.aot -jar nnmath.jar \
  --nnmath.warmup.exit=true --server.address=127.0.0.1 --server.port=0 --management.server.port=0 \
  --spring.grpc.server.address=127.0.0.1 --spring.grpc.server.port=0 >training.log 2>&1
test -s nnmath.aot
echo "target/extracted/nnmath.aot: $(du -h nnmath.aot | cut -f1); the training run's log is target/extracted/training.log"
