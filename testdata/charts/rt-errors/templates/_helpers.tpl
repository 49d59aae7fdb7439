{{- define "rt.recurse" -}}
{{ include "rt.recurse" . }}
{{- end -}}
{{- define "rt.nilHelper" -}}
value: {{ .Values.missing.deeper.key }}
{{- end -}}
