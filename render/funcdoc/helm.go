package funcdoc

import "sync"

// helmEntry returns the description of Helm's function name in the mode:
// Helm's functions in both, Helm 4's only in Helm 4.
func helmEntry(name string, helm3 bool) (described, bool) {
	d, ok := helmFuncs()[name]
	if !ok || helm3 && d.origin == Helm4 {
		return described{}, false
	}
	return d, true
}

// helmFuncs describes the functions Helm adds to sprig or replaces sprig's
// with, after Helm's source (pkg/engine/funcs.go and engine.go).
var helmFuncs = sync.OnceValue(func() map[string]described {
	return map[string]described{
		"include": {
			name: "include", origin: Helm, params: []string{"name", "data"},
			summary: "Executes the named template (a `define` of the chart, its subcharts or library charts, " +
				"or a template file) with `data` as `.` and returns its output as a string, " +
				"which, unlike the `template` action's, can be piped: `include \"x\" . | nindent 4`.",
			more: "Fails when no template has the name. A template that includes itself more than 1000 times " +
				"in a row fails with `rendering template has a nested reference name`.",
			example: `include "mychart.labels" . | nindent 4`,
		},
		"tpl": {
			name: "tpl", origin: Helm, params: []string{"text", "data"},
			summary: "Renders `text` as a template, with `data` as `.`, and returns the output. " +
				"The text sees every define of the chart, and may define templates of its own, which only it sees.",
			more: "Lets values hold templates: `tpl .Values.annotation .`; pass `.` (or `$`) as data " +
				"for the text to see `.Values`, `.Release` and the other built-in objects.",
			example: `tpl .Values.extraConfig .`,
		},
		"required": {
			name: "required", origin: Helm, params: []string{"message", "value"},
			summary: "Returns `value`, or fails the render with `message` when it is nil or the empty string " +
				"(0, false and empty lists or maps pass).",
			more:    "`helm lint` reports the missing value and goes on instead of failing.",
			example: `required "image.repository is required" .Values.image.repository`,
		},
		"fail": {
			name: "fail", origin: Helm, params: []string{"message"},
			summary: "Fails the render with `message`, which Helm prints as `execution error at (<file>:<line>:<column>): <message>`.",
			more:    "`helm lint` reports the message and goes on instead of failing.",
			example: `fail "ingress.tls needs ingress.enabled"`,
		},
		"lookup": {
			name: "lookup", origin: Helm, params: []string{"apiVersion", "kind", "namespace", "name"},
			summary: "Looks an object up in the cluster and returns it as a map; with an empty name, a list of the kind's objects " +
				"(`items`), in `namespace` or, when empty, in all namespaces. Without a cluster — `helm template`, " +
				"`helm lint`, `--dry-run=client` — it returns an empty map.",
			example: `lookup "v1" "Secret" .Release.Namespace "db-password"`,
		},
		"getHostByName": {
			name: "getHostByName", origin: Helm, params: []string{"name"},
			summary: "Returns the IP address of a domain name. Helm resolves it only with `--enable-dns`; " +
				"otherwise, and in `helm template` and `helm lint`, it returns an empty string.",
			example: `getHostByName "db.example.com"`,
		},
		"toYaml": {
			name: "toYaml", origin: Helm, params: []string{"value"},
			summary: "Encodes a value as YAML (keys sorted, lists not indented under their key), " +
				"without the final newline; the empty string when it cannot be encoded.",
			example: `toYaml .Values.resources | nindent 12`,
		},
		"toYamlPretty": {
			name: "toYamlPretty", origin: Helm, params: []string{"value"},
			summary: "Encodes a value as YAML indented by 2 spaces, lists indented under their key, " +
				"without the final newline; the empty string when it cannot be encoded.",
			example: `toYamlPretty .Values.config | nindent 4`,
		},
		"fromYaml": {
			name: "fromYaml", origin: Helm, params: []string{"yaml"},
			summary: "Decodes a YAML document (YAML 1.1, as values files are read) into a map. " +
				"When it cannot, the map holds the error under the key `Error`.",
			example: `(fromYaml (include "mychart.config" .)).port`,
		},
		"fromYamlArray": {
			name: "fromYamlArray", origin: Helm, params: []string{"yaml"},
			summary: "Decodes a YAML list into a list. When it cannot, the list holds the error's text alone.",
			example: `fromYamlArray "[a, b]"`,
		},
		"toJson": {
			name: "toJson", origin: Helm, params: []string{"value"},
			summary: "Encodes a value as compact JSON (keys sorted, `<`, `>` and `&` escaped); the empty string when it cannot be encoded.",
			example: `toJson .Values.podLabels`,
		},
		"fromJson": {
			name: "fromJson", origin: Helm, params: []string{"json"},
			summary: "Decodes a JSON object into a map (numbers become floats). When it cannot, the map holds the error under the key `Error`.",
			example: `(fromJson .Values.settings).timeout`,
		},
		"fromJsonArray": {
			name: "fromJsonArray", origin: Helm, params: []string{"json"},
			summary: "Decodes a JSON array into a list. When it cannot, the list holds the error's text alone.",
			example: `fromJsonArray "[1, 2]"`,
		},
		"toToml": {
			name: "toToml", origin: Helm, params: []string{"value"},
			summary: "Encodes a value as TOML. When it cannot be encoded, it returns the error's text.",
			example: `toToml .Values.config`,
		},
		"fromToml": {
			name: "fromToml", origin: Helm, params: []string{"toml"},
			summary: "Decodes a TOML document into a map. When it cannot, the map holds the error under the key `Error`.",
			example: `(fromToml .Values.configToml).server`,
		},
		"mustToYaml": {
			name: "mustToYaml", origin: Helm4, panics: true, params: []string{"value"},
			summary: "Encodes a value as `toYaml` does, but fails the render when it cannot be encoded.",
			example: `mustToYaml .Values.resources | nindent 12`,
		},
		"mustToJson": {
			name: "mustToJson", origin: Helm4, panics: true, params: []string{"value"},
			summary: "Encodes a value as `toJson` does, but fails the render when it cannot be encoded. " +
				"Helm 4's replaces sprig's, which Helm 3 has.",
			example: `mustToJson .Values.podLabels`,
		},
		"mustToToml": {
			name: "mustToToml", origin: Helm4, panics: true, params: []string{"value"},
			summary: "Encodes a value as TOML, failing the render when it cannot be encoded.",
			example: `mustToToml .Values.config`,
		},
		"mustToDuration": {
			name: "mustToDuration", origin: Helm4, panics: true, params: []string{"duration"},
			summary: "Reads a duration: a Go duration string (`\"1h30m\"`) or a number of seconds, as a number or a string. " +
				"Fails the render when it cannot.",
			example: `mustToDuration .Values.timeout`,
		},
		"durationSeconds":      durationUnit("durationSeconds", "seconds", "a float"),
		"durationMinutes":      durationUnit("durationMinutes", "minutes", "a float"),
		"durationHours":        durationUnit("durationHours", "hours", "a float"),
		"durationDays":         durationUnit("durationDays", "days (24 hours)", "a float"),
		"durationWeeks":        durationUnit("durationWeeks", "weeks (7 days)", "a float"),
		"durationMilliseconds": durationUnit("durationMilliseconds", "milliseconds", "an integer"),
		"durationMicroseconds": durationUnit("durationMicroseconds", "microseconds", "an integer"),
		"durationNanoseconds":  durationUnit("durationNanoseconds", "nanoseconds", "an integer"),
		"durationRoundTo": {
			name: "durationRoundTo", origin: Helm4, params: []string{"duration", "multiple"},
			summary: "Rounds a duration (read as `mustToDuration` does) to the nearest multiple of another, " +
				"halfway values away from zero; 0 when the duration cannot be read, the duration itself when the multiple cannot.",
			example: `durationRoundTo "1h29m" "1h"`,
		},
		"durationTruncateTo": {
			name: "durationTruncateTo", origin: Helm4, params: []string{"duration", "multiple"},
			summary: "Rounds a duration (read as `mustToDuration` does) toward zero to a multiple of another; " +
				"0 when the duration cannot be read, the duration itself when the multiple cannot.",
			example: `durationTruncateTo "1h29m" "1h"`,
		},
	}
})

// durationUnit describes one of Helm 4's functions converting a duration
// to a unit.
func durationUnit(name, unit, number string) described {
	return described{
		name: name, origin: Helm4, params: []string{"duration"},
		summary: "Returns a duration (read as `mustToDuration` does: a Go duration string or a number of seconds) in " +
			unit + ", as " + number + "; 0 when it cannot be read.",
		example: name + ` "90m"`,
	}
}
