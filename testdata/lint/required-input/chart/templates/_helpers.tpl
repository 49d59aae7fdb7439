{{- define "fx.endpoint" -}}
{{- $ctx := required "a context is required" . -}}
{{- if not .Values.token -}}
{{- fail (printf "%s is required" "token") -}}
{{- end -}}
{{ required "A valid .Values.host entry required" .Values.host }}
{{- end -}}
{{- define "fx.check" -}}
{{- if not .Values.token -}}
{{- fail "a token is needed" -}}
{{- end -}}
{{- end -}}
