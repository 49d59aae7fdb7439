# SYNTAX TEST "source.helm" "_helpers.tpl: defines, includes, variables and a multi-line action"
{{/*
# <---- comment.block.helm punctuation.definition.comment.begin.helm
Expand the name of the chart.
# <--------------- comment.block.helm
*/}}
# <---- comment.block.helm punctuation.definition.comment.end.helm
{{- define "webapp.name" -}}
# <-- punctuation.section.embedded.begin.helm
# ^ keyword.operator.trim.helm
#   ^^^^^^ keyword.control.helm
#           ^^^^^^^^^^^ entity.name.function.template.helm
#                        ^ keyword.operator.trim.helm
#                         ^^ punctuation.section.embedded.end.helm
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
#   ^^^^^^^ support.function.helm
#            ^^^^^ variable.language.builtin.helm
#                               ^^^^^^^^^^^^ variable.other.property.values.helm
#                                                    ^^ constant.numeric.helm
#                                                                    ^^^ string.quoted.double.helm
{{- end }}
#   ^^^ keyword.control.helm

{{- define "webapp.labels" -}}
#           ^^^^^^^^^^^^^ entity.name.function.template.helm
app.kubernetes.io/name: {{ include "webapp.name" . }}
# <---------------------- entity.name.tag.yaml
#                          ^^^^^^^ support.function.helm
#                                   ^^^^^^^^^^^ entity.name.function.template.helm
{{- with .Values.extraLabels }}
{{ toYaml . }}
#  ^^^^^^ support.function.helm
{{- end }}
{{- $ctx := dict "root" $ "name" (include "webapp.name" .) }}
#   ^^^^ variable.other.helm
#        ^^ keyword.operator.assignment.helm
#           ^^^^ support.function.helm
#                       ^ variable.language.root.helm
#                                ^ punctuation.section.parens.begin.helm
{{- template "webapp.other" $ctx }}
#   ^^^^^^^^ keyword.control.helm
#             ^^^^^^^^^^^^ entity.name.function.template.helm
{{- block "webapp.extra" . }}{{ end }}
#   ^^^^^ keyword.control.helm
#          ^^^^^^^^^^^^ entity.name.function.template.helm
{{- range $i := until 3 }}{{ if eq $i 1 }}{{ break }}{{ end }}{{ continue }}{{ end }}
#                                            ^^^^^ keyword.control.helm
#                                                                ^^^^^^^^ keyword.control.helm
{{- $multi := list
#   ^^^^^^ meta.embedded.template.helm variable.other.helm
  "a" .Values.b }}
# ^^^ meta.embedded.template.helm string.quoted.double.helm
#             ^ meta.embedded.template.helm variable.other.property.values.helm
#               ^^ punctuation.section.embedded.end.helm
{{- end }}
