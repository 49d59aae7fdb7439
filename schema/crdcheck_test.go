package schema

import (
	"slices"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"
)

// validCRD is a CustomResourceDefinition the API server accepts; the
// tests break it one field at a time.
const validCRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  names: {kind: Widget, plural: widgets, shortNames: [wd], categories: [all]}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec: {type: object}
`

// decodeCRD decodes a CustomResourceDefinition as lint does.
func decodeCRD(t *testing.T, text string) map[string]any {
	t.Helper()
	var doc map[string]any
	if err := yaml.Unmarshal([]byte(text), &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

// mapAt walks a decoded document down keys (indices for lists).
func mapAt(t *testing.T, doc map[string]any, keys ...any) map[string]any {
	t.Helper()
	var cur any = doc
	for _, k := range keys {
		switch k := k.(type) {
		case string:
			cur = cur.(map[string]any)[k]
		case int:
			cur = cur.([]any)[k]
		}
	}
	return cur.(map[string]any)
}

// checkCRDErrors checks the document and returns each error as "path:
// message".
func checkCRDErrors(doc map[string]any) []string {
	var got []string
	for _, e := range CheckCRD(doc) {
		got = append(got, e.Error())
	}
	slices.Sort(got)
	return got
}

// matchErrors reports whether each error starts with the matching
// expectation, both sorted.
func matchErrors(got, want []string) bool {
	if len(got) != len(want) {
		return false
	}
	slices.Sort(want)
	for i := range got {
		if !strings.HasPrefix(got[i], want[i]) {
			return false
		}
	}
	return true
}

func TestCheckCRDSpec(t *testing.T) {
	version := func(doc map[string]any, i int) map[string]any { return mapAt(t, doc, "spec", "versions", i) }
	tests := []struct {
		name string
		edit func(doc map[string]any)
		want []string // the start of each error
	}{
		{"valid", func(map[string]any) {}, nil},
		{"name not plural.group", func(doc map[string]any) { mapAt(t, doc, "metadata")["name"] = "widget.example.com" },
			[]string{`metadata.name: invalid value "widget.example.com": must be spec.names.plural+"."+spec.group ("widgets.example.com")`}},
		{"group without a dot", func(doc map[string]any) {
			mapAt(t, doc, "spec")["group"] = "example"
			mapAt(t, doc, "metadata")["name"] = "widgets.example"
		}, []string{`spec.group: invalid value "example": should be a domain with at least one dot`}},
		{"group not a subdomain", func(doc map[string]any) {
			mapAt(t, doc, "spec")["group"] = "Example.com"
			mapAt(t, doc, "metadata")["name"] = "widgets.Example.com"
		}, []string{`spec.group: invalid value "Example.com": a lowercase RFC 1123 subdomain`}},
		{"protected group without approval", func(doc map[string]any) {
			mapAt(t, doc, "spec")["group"] = "x.k8s.io"
			mapAt(t, doc, "metadata")["name"] = "widgets.x.k8s.io"
		}, []string{`metadata.annotations.api-approved.kubernetes.io: required value: protected groups must have approval annotation`}},
		{"protected group approved by URL", func(doc map[string]any) {
			mapAt(t, doc, "spec")["group"] = "x.k8s.io"
			mapAt(t, doc, "metadata")["name"] = "widgets.x.k8s.io"
			mapAt(t, doc, "metadata")["annotations"] = map[string]any{"api-approved.kubernetes.io": "https://github.com/kubernetes/enhancements/pull/1111"}
		}, nil},
		{"protected group unapproved", func(doc map[string]any) {
			mapAt(t, doc, "spec")["group"] = "kubernetes.io"
			mapAt(t, doc, "metadata")["name"] = "widgets.kubernetes.io"
			mapAt(t, doc, "metadata")["annotations"] = map[string]any{"api-approved.kubernetes.io": "unapproved, experimental"}
		}, nil},
		{"protected group approved by a word", func(doc map[string]any) {
			mapAt(t, doc, "spec")["group"] = "x.k8s.io"
			mapAt(t, doc, "metadata")["name"] = "widgets.x.k8s.io"
			mapAt(t, doc, "metadata")["annotations"] = map[string]any{"api-approved.kubernetes.io": "yes"}
		}, []string{`metadata.annotations.api-approved.kubernetes.io: invalid value "yes": protected groups must have approval annotation`}},
		{"protected group approved by a URL without host", func(doc map[string]any) {
			mapAt(t, doc, "spec")["group"] = "x.k8s.io"
			mapAt(t, doc, "metadata")["name"] = "widgets.x.k8s.io"
			mapAt(t, doc, "metadata")["annotations"] = map[string]any{"api-approved.kubernetes.io": "mailto:sig-api@example.com"}
		}, []string{`metadata.annotations.api-approved.kubernetes.io: invalid value "mailto:sig-api@example.com": protected groups must have approval annotation`}},
		{"scope in lower case", func(doc map[string]any) { mapAt(t, doc, "spec")["scope"] = "namespaced" },
			[]string{`spec.scope: invalid value "namespaced": must be one of "Cluster", "Namespaced"`}},
		{"preserveUnknownFields", func(doc map[string]any) { mapAt(t, doc, "spec")["preserveUnknownFields"] = true },
			[]string{`spec.preserveUnknownFields: invalid value true: cannot set to true`}},
		{"no storage version", func(doc map[string]any) { version(doc, 0)["storage"] = false },
			[]string{`spec.versions: must have exactly one version marked as storage version, not 0`}},
		{"no versions", func(doc map[string]any) { mapAt(t, doc, "spec")["versions"] = []any{} },
			[]string{`spec.versions: must have exactly one version marked as storage version, not 0`}},
		{"two storage versions, one name twice", func(doc map[string]any) {
			spec := mapAt(t, doc, "spec")
			spec["versions"] = append(spec["versions"].([]any), decodeCRD(t, "{name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object}}}"))
		}, []string{
			`spec.versions: must have exactly one version marked as storage version, not 2`,
			`spec.versions[1].name: invalid value "v1": must contain unique version names`,
		}},
		{"version name in capitals", func(doc map[string]any) { version(doc, 0)["name"] = "V1" },
			[]string{`spec.versions[0].name: invalid value "V1": a DNS-1035 label`}},
		{"version without schema", func(doc map[string]any) { delete(version(doc, 0), "schema") },
			[]string{`spec.versions[0].schema.openAPIV3Schema: required value`}},
		{"deprecation warning of a version not deprecated", func(doc map[string]any) { version(doc, 0)["deprecationWarning"] = "old" },
			[]string{`spec.versions[0].deprecationWarning: invalid value "old": can only be set for deprecated versions`}},
		{"deprecation warning of a deprecated version", func(doc map[string]any) {
			version(doc, 0)["deprecationWarning"] = "old"
			version(doc, 0)["deprecated"] = true
		}, nil},
		{"printer column type and format", func(doc map[string]any) {
			version(doc, 0)["additionalPrinterColumns"] = []any{map[string]any{"name": "Age", "type": "time", "format": "duration", "jsonPath": ".x"}}
		}, []string{
			`spec.versions[0].additionalPrinterColumns[0].format: invalid value "duration": must be one of`,
			`spec.versions[0].additionalPrinterColumns[0].type: invalid value "time": must be one of`,
		}},
		{"plural and singular in capitals", func(doc map[string]any) {
			mapAt(t, doc, "spec", "names")["plural"] = "Widgets"
			mapAt(t, doc, "spec", "names")["singular"] = "Widget"
			mapAt(t, doc, "metadata")["name"] = "Widgets.example.com"
		}, []string{`spec.names.plural: invalid value "Widgets": a DNS-1035 label`, `spec.names.singular: invalid value "Widget": a DNS-1035 label`}},
		{"kind with a dot, short name and category with underscores", func(doc map[string]any) {
			names := mapAt(t, doc, "spec", "names")
			names["kind"] = "Wid.get"
			names["shortNames"] = []any{"w_d"}
			names["categories"] = []any{"my_all"}
		}, []string{
			`spec.names.categories[0]: invalid value "my_all": a DNS-1035 label`,
			`spec.names.kind: invalid value "Wid.get": may have mixed case, but should otherwise match: a DNS-1035 label`,
			`spec.names.shortNames[0]: invalid value "w_d": a DNS-1035 label`,
		}},
		{"listKind the kind", func(doc map[string]any) { mapAt(t, doc, "spec", "names")["listKind"] = "Widget" },
			[]string{`spec.names.listKind: invalid value "Widget": kind and listKind may not be the same`}},
		{"unknown conversion strategy", func(doc map[string]any) { mapAt(t, doc, "spec")["conversion"] = map[string]any{"strategy": "webhook"} },
			[]string{`spec.conversion.strategy: invalid value "webhook": must be one of "None", "Webhook"`}},
		{"webhook without config", func(doc map[string]any) { mapAt(t, doc, "spec")["conversion"] = map[string]any{"strategy": "Webhook"} },
			[]string{
				`spec.conversion.webhook.clientConfig: required value: required when strategy is set to Webhook`,
				`spec.conversion.webhook.conversionReviewVersions: required value`,
			}},
		{"webhook with url and service, review v2 only", func(doc map[string]any) {
			mapAt(t, doc, "spec")["conversion"] = decodeCRD(t, `{strategy: Webhook, webhook: {clientConfig: {url: "https://x", service: {name: s, namespace: n}}, conversionReviewVersions: [v2]}}`)
		}, []string{
			`spec.conversion.webhook.clientConfig: required value: exactly one of url or service is required`,
			`spec.conversion.webhook.conversionReviewVersions: invalid value [v2]: must include at least one of v1, v1beta1`,
		}},
		{"webhook", func(doc map[string]any) {
			mapAt(t, doc, "spec")["conversion"] = decodeCRD(t, `{strategy: Webhook, webhook: {clientConfig: {service: {name: s, namespace: n}}, conversionReviewVersions: [v1]}}`)
		}, nil},
		{"none with a webhook", func(doc map[string]any) {
			mapAt(t, doc, "spec")["conversion"] = decodeCRD(t, `{strategy: None, webhook: {clientConfig: {url: "https://x"}, conversionReviewVersions: [v1]}}`)
		}, []string{
			`spec.conversion.webhook.clientConfig: forbidden: should not be set when strategy is not set to Webhook`,
			`spec.conversion.webhook.conversionReviewVersions: forbidden: should not be set when strategy is not set to Webhook`,
		}},
		{"v1beta1 is not checked", func(doc map[string]any) {
			doc["apiVersion"] = "apiextensions.k8s.io/v1beta1"
			mapAt(t, doc, "spec")["scope"] = "namespaced"
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := decodeCRD(t, validCRD)
			tt.edit(doc)
			if got := checkCRDErrors(doc); !matchErrors(got, tt.want) {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestCheckCRDSchema(t *testing.T) {
	const at = "spec.versions[0].schema.openAPIV3Schema"
	tests := []struct {
		name   string
		schema string // the openAPIV3Schema, as YAML
		want   []string
	}{
		{"structural", `{type: object, properties: {
			metadata: {type: object, properties: {name: {type: string, maxLength: 20}, generateName: {type: string}}},
			spec: {type: object, properties: {
				port: {x-kubernetes-int-or-string: true, anyOf: [{type: integer}, {type: string}]},
				size: {x-kubernetes-int-or-string: true, allOf: [{anyOf: [{type: integer}, {type: string}]}, {pattern: "^[0-9]+$"}]},
				labels: {type: object, additionalProperties: {type: string}},
				anything: {x-kubernetes-preserve-unknown-fields: true},
				open: {type: object, properties: {a: {type: string}}, additionalProperties: true},
				template: {type: object, x-kubernetes-embedded-resource: true, x-kubernetes-preserve-unknown-fields: true},
				tags: {type: array, x-kubernetes-list-type: set, items: {type: string}},
				ports: {type: array, x-kubernetes-list-type: map, x-kubernetes-list-map-keys: [name, proto],
					items: {type: object, required: [name], properties: {name: {type: string}, proto: {type: string, default: TCP}}}},
				mode: {type: string, oneOf: [{enum: [a]}, {pattern: "^b"}]}}},
			status: {type: object, x-kubernetes-map-type: atomic}},
			anyOf: [{required: [spec]}, {properties: {spec: {required: [port]}}}]}`, nil},
		{"root of another type, nullable", `{type: array, nullable: true, items: {type: string}}`, []string{
			at + `.nullable: forbidden: nullable cannot be true at the root`,
			at + `.type: invalid value "array": must be object at the root`,
		}},
		{"root without type", `{properties: {spec: {type: object}}}`, []string{at + `.type: required value: must not be empty at the root`}},
		{"root preserving unknown fields", `{x-kubernetes-preserve-unknown-fields: true}`, nil},
		{"root additionalProperties", `{type: object, additionalProperties: {type: string}}`, []string{at + `.additionalProperties: forbidden: must not be used at the root`}},
		{"field and item without type", `{type: object, properties: {spec: {properties: {a: {type: string}}}, list: {type: array, items: {description: x}}}}`, []string{
			at + `.properties.list.items.type: required value: must not be empty for specified array items`,
			at + `.properties.spec.type: required value: must not be empty for specified object fields`,
		}},
		{"array without items", `{type: object, properties: {list: {type: array}}}`, []string{at + `.properties.list.items: required value: must be specified`}},
		{"items a list", `{type: object, properties: {list: {type: array, items: [{type: string}]}}}`, []string{
			at + `.properties.list.items: forbidden: items must be a schema object and not an array`,
		}},
		{"unknown type, null type", `{type: object, properties: {a: {type: int}, b: {type: "null"}}}`, []string{
			at + `.properties.a.type: invalid value "int": must be one of`,
			at + `.properties.b.type: forbidden: type cannot be set to null`,
		}},
		{"uniqueItems", `{type: object, properties: {a: {type: array, uniqueItems: true, items: {type: string}}, b: {type: array, uniqueItems: false, items: {type: string}}}}`, []string{
			at + `.properties.a.uniqueItems: forbidden: uniqueItems cannot be set to true`,
		}},
		{"additionalProperties beside properties", `{type: object, properties: {a: {type: object, properties: {x: {type: string}}, additionalProperties: false}}}`, []string{
			at + `.properties.a.additionalProperties: forbidden: additionalProperties and properties are mutual exclusive`,
		}},
		{"preserve-unknown-fields false", `{type: object, properties: {a: {type: object, x-kubernetes-preserve-unknown-fields: false}}}`, []string{
			at + `.properties.a.x-kubernetes-preserve-unknown-fields: invalid value false: must be true or undefined`,
		}},
		{"unsupported keywords", `{type: object, properties: {a: {type: string, $ref: "#/x", id: a}, b: {type: object, patternProperties: {"^x": {type: string}}}}}`, []string{
			at + `.properties.a.$ref: forbidden: $ref is not supported`,
			at + `.properties.a.id: forbidden: id is not supported`,
			at + `.properties.b.patternProperties: forbidden: patternProperties is not supported`,
		}},
		{"invalid pattern", `{type: object, properties: {a: {type: string, pattern: "(?<x>a)\\1"}}}`, []string{
			at + `.properties.a.pattern: invalid value "(?<x>a)\\1": must be a valid regular expression`,
		}},
		{"metadata restricting labels, described", `{type: object, properties: {metadata: {type: object, description: meta, properties: {name: {type: string}, labels: {type: object}}}}}`, []string{
			at + `.properties.metadata: forbidden: must not specify anything other than name and generateName`,
		}},
		{"metadata of another type, kind not a string", `{type: object, properties: {metadata: {type: string}, kind: {type: integer}}}`, []string{
			at + `.properties.kind.type: invalid value "integer": must be string`,
			at + `.properties.metadata.type: invalid value "string": must be object`,
		}},
		{"default in top-level metadata", `{type: object, properties: {apiVersion: {type: string, default: v1}}}`, []string{
			at + `.properties.apiVersion.default: forbidden: must not be set in top-level apiVersion`,
		}},
		{"default elsewhere", `{type: object, properties: {spec: {type: object, properties: {a: {type: string, default: x}}}}}`, nil},
		{"value validations that specify", `{type: object, properties: {a: {type: string, anyOf: [{type: string, nullable: true, description: d}], not: {default: x, x-kubernetes-list-type: set, properties: {metadata: {}}}}}}`, []string{
			at + `.properties.a.anyOf[0].description: forbidden: must be empty to be structural`,
			at + `.properties.a.anyOf[0].nullable: forbidden: must be false to be structural`,
			at + `.properties.a.anyOf[0].type: forbidden: must be empty to be structural`,
			at + `.properties.a.not.default: forbidden: must be undefined to be structural`,
			at + `.properties.a.not.properties.metadata: forbidden: must not be specified in a nested context`,
			at + `.properties.a.not.type: required value: must be array if x-kubernetes-list-type is specified`,
			at + `.properties.a.not.x-kubernetes-list-type: forbidden: must be undefined to be structural`,
		}},
		{"value validation of the root naming an unspecified property", `{type: object, properties: {spec: {type: object}}, oneOf: [{properties: {spec: {properties: {x: {minLength: 1}}}}}, {properties: {extra: {}}}]}`, []string{
			at + `.properties.extra: required value: because it is defined in ` + at + `.oneOf[1].properties.extra`,
			at + `.properties.spec.properties.x: required value: because it is defined in ` + at + `.oneOf[0].properties.spec.properties.x`,
		}},
		{"int-or-string with preserve-unknown-fields", `{type: object, properties: {a: {x-kubernetes-int-or-string: true, x-kubernetes-preserve-unknown-fields: true}}}`, []string{
			at + `.properties.a.x-kubernetes-preserve-unknown-fields: invalid value true: must be false if x-kubernetes-int-or-string is true`,
		}},
		{"embedded resource without properties, of another type", `{type: object, properties: {a: {type: string, x-kubernetes-embedded-resource: true}}}`, []string{
			at + `.properties.a.properties: required value: must not be empty if x-kubernetes-embedded-resource is true`,
			at + `.properties.a.type: invalid value "string": must be object if x-kubernetes-embedded-resource is true`,
		}},
		{"map type on a string, unknown", `{type: object, properties: {a: {type: string, x-kubernetes-map-type: shallow}}}`, []string{
			at + `.properties.a.type: invalid value "string": must be object if x-kubernetes-map-type is specified`,
			at + `.properties.a.x-kubernetes-map-type: invalid value "shallow": must be one of "atomic", "granular"`,
		}},
		{"list type unknown, keys without map", `{type: object, properties: {a: {type: array, x-kubernetes-list-type: bag, x-kubernetes-list-map-keys: [k], items: {type: string}}}}`, []string{
			at + `.properties.a.x-kubernetes-list-type: invalid value "bag": must be map if x-kubernetes-list-map-keys is non-empty`,
			at + `.properties.a.x-kubernetes-list-type: invalid value "bag": must be one of "atomic", "map", "set"`,
		}},
		{"set of granular objects, nullable", `{type: object, properties: {a: {type: array, x-kubernetes-list-type: set, items: {type: object, nullable: true}}}}`, []string{
			at + `.properties.a.items.nullable: forbidden: cannot be nullable when x-kubernetes-list-type is set`,
			at + `.properties.a.items.x-kubernetes-map-type: invalid value "": must be atomic as item of a list with x-kubernetes-list-type=set`,
		}},
		{"map list without keys", `{type: object, properties: {a: {type: array, x-kubernetes-list-type: map, items: {type: object}}}}`, []string{
			at + `.properties.a.x-kubernetes-list-map-keys: required value: must not be empty if x-kubernetes-list-type is map`,
		}},
		{"map list keys", `{type: object, properties: {a: {type: array, x-kubernetes-list-type: map, x-kubernetes-list-map-keys: [name, spec, gone, name],
			items: {type: object, required: [spec], properties: {name: {type: string, nullable: true}, spec: {type: object}}}}}}`, []string{
			at + `.properties.a.items.properties.name.default: required value: this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property`,
			at + `.properties.a.items.properties.name.default: required value: this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property`,
			at + `.properties.a.items.properties.name.nullable: forbidden: this property is in x-kubernetes-list-map-keys, so it cannot be nullable`,
			at + `.properties.a.items.properties.name.nullable: forbidden: this property is in x-kubernetes-list-map-keys, so it cannot be nullable`,
			at + `.properties.a.items.properties.spec.type: invalid value "object": must be a scalar type if parent array's x-kubernetes-list-type is map`,
			at + `.properties.a.x-kubernetes-list-map-keys: invalid value "gone": entries must all be names of item properties`,
			at + `.properties.a.x-kubernetes-list-map-keys: invalid value "name": must not contain duplicate entries`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := decodeCRD(t, validCRD)
			mapAt(t, doc, "spec", "versions", 0, "schema")["openAPIV3Schema"] = decodeCRD(t, tt.schema)
			if got := checkCRDErrors(doc); !matchErrors(got, tt.want) {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}
