{{- define "rt-values.where" -}}
{{ .Template.Name }} in {{ .Template.BasePath }}
{{- end -}}
