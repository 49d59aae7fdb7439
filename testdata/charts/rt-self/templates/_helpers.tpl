{{/* The idiom of some charts: carry the top-level object along as .root. */}}
{{- define "rt-self.fullname" -}}
{{- if not .root -}}
{{- $_ := set . "root" . -}}
{{- end -}}
{{- printf "%s-%s" .root.Release.Name .root.Values.name -}}
{{- end -}}
