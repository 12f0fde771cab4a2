# syntax=docker/dockerfile:1
#
# One image for every fraudstream program. The build stage runs the same Maven build as a developer machine (the
# wrapper pins Maven); the runtime stage holds each runnable jar next to its lib/ directory (the jars' manifests put
# lib/*.jar on the class path), so any program starts with `java -jar /app/<name>/<name>.jar`. docker-compose.yml
# picks the program per service with `command:`.

FROM eclipse-temurin:21-jdk AS build
WORKDIR /src
COPY . .
# The cache mount keeps ~/.m2 (and the Maven distribution the wrapper downloads) between builds.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q package -DskipTests

FROM eclipse-temurin:21-jre
# XGBoost's native library (trainer, scoring) links the GNU OpenMP runtime, which the base image does not install.
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libgomp1 \
    && rm -rf /var/lib/apt/lists/*
# A fixed non-root user, and the directories the compose file mounts volumes on, owned by it: a named volume
# mounted there for the first time starts as a copy of the directory, owner included.
RUN groupadd --system --gid 10001 fraudstream \
    && useradd --system --uid 10001 --gid fraudstream --home-dir /app --no-create-home --shell /usr/sbin/nologin fraudstream \
    && mkdir -p /var/lib/fraudstream/state /var/lib/fraudstream/reports /var/lib/fraudstream/history \
    && chown -R fraudstream:fraudstream /var/lib/fraudstream

COPY --from=build /src/ingest-service/target/ingest-service.jar /app/ingest-service/
COPY --from=build /src/ingest-service/target/lib/ /app/ingest-service/lib/
COPY --from=build /src/feature-stream/target/feature-stream.jar /app/feature-stream/
COPY --from=build /src/feature-stream/target/lib/ /app/feature-stream/lib/
COPY --from=build /src/scoring-service/target/scoring-service.jar /app/scoring-service/
COPY --from=build /src/scoring-service/target/lib/ /app/scoring-service/lib/
COPY --from=build /src/pipeline-app/target/pipeline-app.jar /app/pipeline-app/
COPY --from=build /src/pipeline-app/target/lib/ /app/pipeline-app/lib/
COPY --from=build /src/trainer/target/fraudstream-trainer.jar /app/trainer/
COPY --from=build /src/trainer/target/lib/ /app/trainer/lib/
COPY --from=build /src/dashboard/target/dashboard.jar /app/dashboard/
COPY --from=build /src/dashboard/target/lib/ /app/dashboard/lib/
COPY --from=build /src/launcher/target/fraudstream-launcher.jar /app/launcher/
COPY --from=build /src/launcher/target/lib/ /app/launcher/lib/

USER fraudstream
WORKDIR /app
# The base image's entry point (optional extra CA certificates, then exec) stays; without a command the image
# prints the launcher's help.
CMD ["java", "-jar", "/app/launcher/fraudstream-launcher.jar", "--help"]
