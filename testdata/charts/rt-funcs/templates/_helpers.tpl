{{- define "rt.outer" -}}
outer({{ include "rt.inner" . }})
{{- end -}}
{{- define "rt.inner" -}}
inner:{{ .Template.Name }}:{{ .Template.BasePath }}
{{- end -}}
{{- define "rt.block" -}}
line1
line2
{{- end -}}
{{- define "rt.yamlLines" }}
    a: {{ .Template.Name }}
    b: 2
{{- end }}
