{{- define "par.name" -}}{{ .Values.name }}-{{ .Release.Name }}{{- end -}}
{{- define "par.labels" -}}
{{- $labels := merge (dict "release" .Release.Name) .Values.labels -}}
{{- range $k := keys $labels | sortAlpha }}
{{ $k }}: {{ get $labels $k | quote }}
{{- end }}
{{- end -}}
{{- define "par.countdown" -}}
{{- if gt (int .) 0 }}{{ . }} {{ include "par.countdown" (sub (int .) 1) }}{{ end -}}
{{- end -}}
