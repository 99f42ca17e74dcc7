# nnmath as a container image, from the Spring Boot jar that Maven built:
#   mvn -B package -DskipTests && docker build -t nnmath .
# Machines without a registry build on a local base instead (deploy/images/build-local-images.sh):
#   docker build --build-arg BASE_IMAGE=nnmath/jre:25 -t nnmath .
# The base needs java (25) and bash on the PATH.
ARG BASE_IMAGE=eclipse-temurin:25-jre

# Stage 1: split the jar into its layers (same base, so the same java does the work), in the
# extracted form that the JDK's AOT cache needs: nnmath.jar with its libraries beside it in lib/.
FROM ${BASE_IMAGE} AS extract
# Docker's classic builder keeps this stage as an untagged image; the label lets a clean-up find
# it (docker image prune --filter label=io.nnmath.stage=extract).
LABEL io.nnmath.stage=extract
WORKDIR /build
ARG JAR_FILE=target/nnmath-*.jar
COPY ${JAR_FILE} nnmath.jar
RUN java -Djarmode=tools -jar nnmath.jar extract --layers --destination layers --application-filename nnmath.jar

# Stage 2: the runtime. The layers go in from the least to the most often changed, so that a
# rebuild after a code change replaces only the last (small) one.
FROM ${BASE_IMAGE}
# A numeric non-root user: Kubernetes' runAsNonRoot can only check a numeric USER.
RUN groupadd --system --gid 10001 nnmath \
 && useradd --system --uid 10001 --gid nnmath --home-dir /app --no-create-home --shell /usr/sbin/nologin nnmath
WORKDIR /app
COPY --from=extract /build/layers/dependencies/ ./
COPY --from=extract /build/layers/spring-boot-loader/ ./
COPY --from=extract /build/layers/snapshot-dependencies/ ./
COPY --from=extract /build/layers/application/ ./
# The JDK's AOT cache (JEP 483, 514, 515): a training run starts the service as the ENTRYPOINT
# does, lets its warm-up send every hot path real requests over loopback until steady, and ends
# (nnmath.warmup.exit). The JVM then writes the classes it loaded and linked, and the method
# profiles of the request path, to /app/nnmath.aot; at run time the classes come from the cache and
# the JIT starts from those profiles. A cache that does not fit (another JDK) is ignored. The
# class path and --add-modules must be the same in both runs.
RUN java --add-modules=jdk.incubator.vector -XX:AOTCacheOutput=/app/nnmath.aot -jar /app/nnmath.jar \
        --nnmath.warmup.exit=true --server.address=127.0.0.1 --management.server.address=127.0.0.1 \
 && rm -rf /tmp/* \
 && test -s /app/nnmath.aot
# The files stay root's: the service can read its code, not change it.
USER 10001:10001

# 8080 the JSON API and OIP REST, 8081 health and metrics, 8082 OIP over gRPC
EXPOSE 8080 8081 8082

# Liveness through bash's /dev/tcp: no curl in the images, and a JVM per check would cost about
# half a CPU-second and tens of MB inside the container's limit every time. HTTP/1.0 makes Tomcat
# close the connection after the answer; the port follows MANAGEMENT_SERVER_PORT when it is set.
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${MANAGEMENT_SERVER_PORT:-8081} && printf 'GET /actuator/health/liveness HTTP/1.0\\r\\n\\r\\n' >&3 && read -r _ code _ <&3 && [ \"$code\" = 200 ]"]

# The Vector API module enables the SIMD kernels (pom.xml: vector.api.flag). The heap follows the
# container's memory limit (60 %, the rest for metaspace, threads and buffers); direct memory, where
# gRPC messages arrive and which comes on top of the heap, is bounded at 96 MB (by default it may
# grow to the heap's size: a flood of large gRPC calls had the kernel kill a 768 MiB container); and
# an OutOfMemoryError ends the process so that the orchestrator restarts it. More JVM options:
# JAVA_TOOL_OPTIONS; Spring properties: environment variables (SERVER_PORT, ...) or arguments.
ENTRYPOINT ["java", "--add-modules=jdk.incubator.vector", "-XX:AOTCache=/app/nnmath.aot", "-XX:MaxRAMPercentage=60", \
            "-XX:MaxDirectMemorySize=96m", \
            "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/nnmath.jar"]
