{{- define "fx.cm" -}}
{{- $dot := (index .a 0) -}}
{{- $values := $dot.Values.AsMap -}}
apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  image: {{ $values.image.repository | quote }}
{{- end -}}
