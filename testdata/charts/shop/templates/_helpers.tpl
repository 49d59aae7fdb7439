{{/* The release-qualified name of the shop, at most 63 characters. */}}
{{- define "shop.fullname" -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels shared by every object of the shop. */}}
{{- define "shop.labels" -}}
{{ include "common.labels" . }}
region: {{ .Values.global.region }}
{{- end -}}
