# The one place where every pinned third-party version lives.
# Sourced by the install scripts (bash) and parsed by scripts/lib/versions.ts (node).
DAPR_VERSION=1.18.2
KAFKA_VERSION=4.1.1
KAFKA_SCALA_VERSION=2.13
SCHEMATHESIS_VERSION=4.32.5
TEMPO_VERSION=1.5.0
TEMPO_GO_VERSION=1.20.14
HELM_VERSION=4.3.1
KUBERNETES_VALIDATE_VERSION=1.37.0
K6_VERSION=1.8.1
