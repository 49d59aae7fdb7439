{{- define "shared.name" -}}sub{{- end -}}
{{- define "shared.empty" -}}{{ .Values.y }}{{- end -}}
