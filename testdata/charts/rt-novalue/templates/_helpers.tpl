{{- define "novalue.missing" -}}
i{{ .Values.missing }}j
{{- end }}
