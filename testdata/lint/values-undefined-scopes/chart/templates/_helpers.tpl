{{- define "fx.database" -}}
{{ .Values.psql }}
{{- end -}}
