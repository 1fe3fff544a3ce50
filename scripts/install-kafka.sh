#!/usr/bin/env bash
# Installs Apache Kafka $KAFKA_VERSION (KRaft mode: broker and controller in one JVM)
# from its jars on Maven Central into .platform/tools/kafka-$KAFKA_VERSION/libs.
source "$(dirname "$0")/lib.sh"

dest="$TOOLS/kafka-$KAFKA_VERSION"
if [[ -f "$dest/.complete" ]]; then
  ok "Kafka $KAFKA_VERSION already installed ($dest)"
  exit 0
fi
command -v java >/dev/null || die "Java 17+ is needed to run Kafka $KAFKA_VERSION (for example: apt-get install openjdk-17-jre-headless)."
command -v mvn >/dev/null || die "Maven is needed to fetch Kafka's jars from Maven Central (for example: apt-get install maven)."
need_registry "Maven Central" "https://repo.maven.apache.org/maven2/org/apache/kafka/kafka_$KAFKA_SCALA_VERSION/$KAFKA_VERSION/kafka_$KAFKA_SCALA_VERSION-$KAFKA_VERSION.pom"

step "Fetching Apache Kafka $KAFKA_VERSION jars from Maven Central (first time only)"
build="$PLATFORM_HOME/build/kafka"
rm -rf "$build" "$dest" && mkdir -p "$build" "$dest/libs"
# The broker (kafka_2.13), Kafka's own command-line tools (topics, console consumer),
# and a small SLF4J backend so the broker can log.
cat >"$build/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>platform.local</groupId>
  <artifactId>kafka-runtime</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_$KAFKA_SCALA_VERSION</artifactId><version>$KAFKA_VERSION</version></dependency>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka-tools</artifactId><version>$KAFKA_VERSION</version></dependency>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-simple</artifactId><version>1.7.36</version></dependency>
  </dependencies>
</project>
POM
run_logged "resolve Kafka jars" "$LOGS/kafka-install.log" \
  mvn -B -f "$build/pom.xml" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$dest/libs"
touch "$dest/.complete"
ok "Kafka $KAFKA_VERSION: $(ls "$dest/libs" | wc -l) jars in $dest/libs"
