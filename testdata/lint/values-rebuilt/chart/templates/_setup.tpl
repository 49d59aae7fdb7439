{{/* The chart's values are its defaults overridden by the user's. */}}
{{- define "rebuilt.setup" -}}
{{- $_ := set . "Values" (mergeOverwrite (deepCopy .Values.defaults) (omit .Values "defaults")) -}}
{{- end -}}
