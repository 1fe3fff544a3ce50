{{/* Labels every object of the chart carries. */}}
{{- define "shop.labels" -}}
app.kubernetes.io/part-of: shop
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/instance: {{ .Release.Name }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end }}

{{/* The selector labels of one service's pods. */}}
{{- define "shop.selector" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end }}

{{/* A service's image reference. */}}
{{- define "shop.image" -}}
{{- $img := .root.Values.image -}}
{{ printf "%s/%s%s:%s" $img.registry $img.prefix .name (default .root.Chart.AppVersion $img.tag) }}
{{- end }}

{{/* The Secrets with a service's Dapr API token and app token (key: token). */}}
{{- define "shop.apiTokenSecret" -}}shop-{{ . }}-dapr-api-token{{- end }}
{{- define "shop.appTokenSecret" -}}shop-{{ . }}-dapr-app-token{{- end }}
{{/* The basic-auth Secret (username, password) of a service's database role. */}}
{{- define "shop.dbSecret" -}}shop-{{ . }}-db{{- end }}

{{/*
A random value kept across upgrades: the existing Secret's value when there is one (lookup
returns nothing under `helm template`, so a dry render gets a fresh one).
*/}}
{{- define "shop.keptRandom" -}}
{{- $existing := lookup "v1" "Secret" .namespace .name -}}
{{- if and $existing (index $existing.data .key) -}}
{{ index $existing.data .key | b64dec }}
{{- else -}}
{{ randAlphaNum 40 }}
{{- end -}}
{{- end }}
