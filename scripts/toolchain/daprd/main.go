// Command daprd is Dapr's sidecar runtime, built with only the components this
// platform uses. Registering a handful of components instead of Dapr's full
// catalogue keeps the build to a few minutes on a 2-core machine and the
// binary small. The version comes from scripts/versions.sh via -ldflags.
package main

import (
	"github.com/dapr/dapr/cmd/daprd/app"

	"github.com/dapr/components-contrib/nameresolution/mdns"
	"github.com/dapr/components-contrib/nameresolution/sqlite"
	"github.com/dapr/components-contrib/pubsub/kafka"
	"github.com/dapr/components-contrib/secretstores/local/env"
	"github.com/dapr/components-contrib/secretstores/local/file"
	"github.com/dapr/components-contrib/state/redis"

	nrLoader "github.com/dapr/dapr/pkg/components/nameresolution"
	pubsubLoader "github.com/dapr/dapr/pkg/components/pubsub"
	secretstoresLoader "github.com/dapr/dapr/pkg/components/secretstores"
	stateLoader "github.com/dapr/dapr/pkg/components/state"
)

func init() {
	pubsubLoader.DefaultRegistry.RegisterComponent(kafka.NewKafka, "kafka")
	stateLoader.DefaultRegistry.RegisterComponent(redis.NewRedisStateStore, "redis")
	// sqlite resolves app ids between sidecars on one machine without multicast,
	// which mDNS needs and sandboxes often lack; mdns stays for dapr-CLI parity.
	nrLoader.DefaultRegistry.RegisterComponent(sqlite.NewResolver, "sqlite")
	nrLoader.DefaultRegistry.RegisterComponent(mdns.NewResolver, "mdns")
	secretstoresLoader.DefaultRegistry.RegisterComponent(env.NewEnvSecretStore, "local.env")
	secretstoresLoader.DefaultRegistry.RegisterComponent(file.NewLocalSecretStore, "local.file")
}

func main() {
	app.Run()
}
