{{- define "fx.password" -}}
{{ required "database.password is required" .Values.database.password }}
{{- end -}}
