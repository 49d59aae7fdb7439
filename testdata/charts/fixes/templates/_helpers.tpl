{{/* The app's name. */}}
{{- define "fixes.name" -}}
{{ .Chart.Name }}
{{- end }}
