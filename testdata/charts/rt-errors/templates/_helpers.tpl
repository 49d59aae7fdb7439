{{- define "rt.recurse" -}}
{{ include "rt.recurse" . }}
{{- end -}}
{{- define "rt.nilHelper" -}}
value: {{ .Values.missing.deeper.key }}
{{- end -}}

{{/* A template named as Helm names tpl's texts (case tplempty). */}}
{{- define "gotpl" }}defined by the chart{{ end }}
