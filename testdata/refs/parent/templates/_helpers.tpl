{{- define "shared.name" -}}parent{{- end -}}
{{- define "shared.empty" -}}{{- end -}}
