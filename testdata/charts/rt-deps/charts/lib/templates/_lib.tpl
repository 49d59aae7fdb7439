{{- define "lib.name" -}}
{{ .Release.Name }}-{{ .Chart.Name }}
{{- end -}}
{{- define "lib.labels" -}}
app: {{ .Chart.Name }}
{{- end -}}
