{{/* A node's configuration, from a list of its name and its data, as helm-toolkit's daemonset_overrides includes it. */}}
{{- define "rt-selfdict.node" -}}
{{- $name := index . 0 -}}
{{- $node := index . 1 -}}
name: {{ $name }}
chart: {{ $node.Chart.Name }}
conf: {{- $node.Values.conf | toYaml | nindent 2 }}
{{- end -}}
