# nnmath as a container image, from the Spring Boot jar that Maven built:
#   mvn -B package -DskipTests && docker build -t nnmath .
# Machines without a registry build on a local base instead (deploy/images/build-local-images.sh):
#   docker build --build-arg BASE_IMAGE=nnmath/jre:25 -t nnmath .
# The base needs java (25) and bash on the PATH.
ARG BASE_IMAGE=eclipse-temurin:25-jre

# Stage 1: split the jar into its layers (same base, so the same java does the work).
FROM ${BASE_IMAGE} AS extract
# Docker's classic builder keeps this stage as an untagged image; the label lets a clean-up find
# it (docker image prune --filter label=io.nnmath.stage=extract).
LABEL io.nnmath.stage=extract
WORKDIR /build
ARG JAR_FILE=target/nnmath-*.jar
COPY ${JAR_FILE} nnmath.jar
RUN java -Djarmode=tools -jar nnmath.jar extract --layers --launcher --destination layers

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
# The files stay root's: the service can read its code, not change it.
USER 10001:10001

EXPOSE 8080 8081

# Liveness through bash's /dev/tcp: no curl in the images, and a JVM per check would cost about
# half a CPU-second and tens of MB inside the container's limit every time. HTTP/1.0 makes Tomcat
# close the connection after the answer; the port follows MANAGEMENT_SERVER_PORT when it is set.
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${MANAGEMENT_SERVER_PORT:-8081} && printf 'GET /actuator/health/liveness HTTP/1.0\\r\\n\\r\\n' >&3 && read -r _ code _ <&3 && [ \"$code\" = 200 ]"]

# The Vector API module enables the SIMD kernels (pom.xml: vector.api.flag). The heap follows the
# container's memory limit (75 %, the rest for metaspace, threads and buffers), and an
# OutOfMemoryError ends the process so that the orchestrator restarts it. More JVM options:
# JAVA_TOOL_OPTIONS; Spring properties: environment variables (SERVER_PORT, ...) or arguments.
ENTRYPOINT ["java", "--add-modules=jdk.incubator.vector", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", \
            "org.springframework.boot.loader.launch.JarLauncher"]
