package schema

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const testdata = "../testdata/schema"

func readDocs(t *testing.T, path string) []map[string]any {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(testdata, path))
	if err != nil {
		t.Fatal(err)
	}
	return splitDocs(t, data)
}

// validateAll validates every document of a fixture and returns the errors
// as "kind path: message" lines.
func validateAll(t *testing.T, v *Validator, docs []map[string]any) []string {
	t.Helper()
	var got []string
	for _, doc := range docs {
		for _, e := range v.Validate(doc) {
			got = append(got, e.Kind.String()+" "+e.Error())
		}
	}
	return got
}

func TestValidateErrorClasses(t *testing.T) {
	tests := []struct {
		file string
		want []string
	}{
		{"manifests/valid.yaml", nil},
		{"manifests/unknown-field.yaml", []string{
			`unknown-field spec.template.spec.containers[0].imagePullPolicyy: unknown field "imagePullPolicyy" (did you mean "imagePullPolicy"?)`,
			`unknown-field spec.template.spec.nodeSelectr: unknown field "nodeSelectr" (did you mean "nodeSelector"?)`,
		}},
		{"manifests/wrong-type.yaml", []string{
			`wrong-type spec.ports[0].name: expected string, got number 8080`,
			`wrong-type spec.ports[0].port: expected integer, got string "80"`,
			`wrong-type spec.publishNotReadyAddresses: expected boolean, got string "yes"`,
			`wrong-type spec.ports[0].port: expected integer, got number 80.5`,
		}},
		{"manifests/invalid-enum.yaml", []string{
			`invalid-enum spec.type: invalid value "LoadBalancr": must be one of "ClusterIP", "NodePort", "LoadBalancer", "ExternalName"`,
			`invalid-enum spec.ipFamilyPolicy: invalid value "": must be one of "SingleStack", "PreferDualStack", "RequireDualStack"`,
		}},
		{"manifests/missing-required.yaml", []string{
			`missing-required spec.template.spec.containers[0]: missing required field "name"`,
			`missing-required spec: missing required field "selector"`,
		}},
		{"manifests/invalid-name.yaml", []string{
			`invalid-name metadata.name: invalid name "My_Config": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
			`invalid-name metadata.namespace: invalid namespace "team.a": must not contain dots`,
			`invalid-name metadata.name: invalid name "1web": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`,
		}},
		{"manifests/unknown-kind.yaml", []string{
			`unknown-kind no schema for kind "Gadget" of apiVersion "example.com/v1"`,
		}},
	}
	v := New(Options{})
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got := validateAll(t, v, readDocs(t, tt.file))
			if !slices.Equal(got, tt.want) {
				t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestValidateCRD(t *testing.T) {
	v := New(Options{})
	for _, crd := range readDocs(t, "charts/widgets/crds/widgets.example.com.yaml") {
		if err := v.AddCRD(crd); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		file string
		want []string
	}{
		{"charts/widgets/templates/widget.yaml", nil},
		{"charts/widgets/bad-widget.yaml", []string{
			`invalid-enum spec.color: invalid value "purple": must be one of "red", "green", "blue"`,
			`unknown-field spec.colour: unknown field "colour" (did you mean "color"?)`,
			`wrong-type spec.labels.a: expected string, got number 1`,
			`missing-required spec: missing required field "size"`,
			`invalid-name metadata.name: invalid name "Bad_Widget": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got := validateAll(t, v, readDocs(t, tt.file))
			if !slices.Equal(got, tt.want) {
				t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestAddCRDRejects(t *testing.T) {
	tests := []struct {
		name string
		doc  map[string]any
		want string
	}{
		{"not a crd", map[string]any{"apiVersion": "v1", "kind": "ConfigMap"}, "not a CustomResourceDefinition"},
		{"no group", map[string]any{"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
			"spec": map[string]any{"names": map[string]any{"kind": "X"}}}, "customresourcedefinition without spec.group or spec.names.kind"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := New(Options{}).AddCRD(tt.doc)
			if err == nil || err.Error() != tt.want {
				t.Errorf("AddCRD() = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestKubeVersions(t *testing.T) {
	want := []string{"1.30", "1.31", "1.32", "1.33", "1.34", "1.35", "1.36", "1.37"}
	if got := KubeVersions(); !slices.Equal(got, want) {
		t.Errorf("KubeVersions() = %v, want %v", got, want)
	}
}

func TestKubeVersionSelectsAPI(t *testing.T) {
	// MutatingAdmissionPolicy reached admissionregistration.k8s.io/v1 in 1.36.
	doc := map[string]any{"apiVersion": "admissionregistration.k8s.io/v1", "kind": "MutatingAdmissionPolicy", "metadata": map[string]any{"name": "p"}}
	tests := []struct {
		version string
		unknown bool
	}{
		{"1.30", true},
		{"v1.37.2", false},
		{"", false},
	}
	for _, tt := range tests {
		errs := New(Options{KubeVersion: tt.version}).Validate(doc)
		gotUnknown := len(errs) > 0 && errs[0].Kind == UnknownKind
		if gotUnknown != tt.unknown {
			t.Errorf("version %q: errors %v, want unknown kind = %v", tt.version, errs, tt.unknown)
		}
	}
}

func TestServesGroup(t *testing.T) {
	v := New(Options{KubeVersion: "1.37"})
	for apiVersion, want := range map[string]bool{
		"v1": true, "apps/v1": true, "apps/v1beta9": true, "networking.k8s.io/v1": true,
		"gateway.networking.k8s.io/v1": false, "example.com/v1": false,
	} {
		if got := v.ServesGroup(apiVersion); got != want {
			t.Errorf("ServesGroup(%q) = %v, want %v", apiVersion, got, want)
		}
	}
	if New(Options{KubeVersion: "1.2"}).ServesGroup("apps/v1") {
		t.Error("a version without schemas serves no group")
	}
}

// A required field present as null or "" is an error at the field; null in
// an optional field is Kubernetes' "absent" and no error.
func TestEmptyRequired(t *testing.T) {
	v := New(Options{KubeVersion: "1.37"})
	doc := map[string]any{
		"apiVersion": "v1", "kind": "Service", "metadata": map[string]any{"name": "fx"},
		"spec": map[string]any{
			"loadBalancerIP": nil,
			"ports":          []any{map[string]any{"port": nil}},
		},
	}
	got := v.Validate(doc)
	if len(got) != 1 || got[0].Kind != EmptyRequired || got[0].Error() != "spec.ports[0].port: required field is null" {
		t.Errorf("Validate = %v, want one empty-required error at spec.ports[0].port", got)
	}
	doc = map[string]any{
		"apiVersion": "v1", "kind": "Pod", "metadata": map[string]any{"name": "fx"},
		"spec": map[string]any{"containers": []any{map[string]any{"name": ""}}},
	}
	got = v.Validate(doc)
	if len(got) != 1 || got[0].Kind != EmptyRequired || got[0].Error() != "spec.containers[0].name: required field is an empty string" {
		t.Errorf("Validate = %v, want one empty-required error at spec.containers[0].name", got)
	}
}

// testCRD is a CustomResourceDefinition of kind Widget (example.com/v1)
// whose spec has the given OpenAPI schema.
func testCRD(spec map[string]any) map[string]any {
	return map[string]any{
		"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
		"spec": map[string]any{
			"group": "example.com", "names": map[string]any{"kind": "Widget"},
			"versions": []any{map[string]any{"name": "v1", "schema": map[string]any{"openAPIV3Schema": map[string]any{
				"type": "object", "properties": map[string]any{"spec": spec},
			}}}},
		},
	}
}

// widgetSpecCase is a Widget's spec and the errors its validation gives.
type widgetSpecCase struct {
	name string
	spec map[string]any
	want []string
}

// checkWidgetSpecs validates each case's Widget against crd, a subtest
// each.
func checkWidgetSpecs(t *testing.T, crd map[string]any, tests []widgetSpecCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := validateWidgetSpec(t, crd, tt.spec)
			if !slices.Equal(got, tt.want) {
				t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// validateWidgetSpec validates a Widget with the given spec against crd
// and returns its errors as lines.
func validateWidgetSpec(t *testing.T, crd, spec map[string]any) []string {
	t.Helper()
	v := New(Options{})
	if err := v.AddCRD(crd); err != nil {
		t.Fatal(err)
	}
	doc := map[string]any{"apiVersion": "example.com/v1", "kind": "Widget", "metadata": map[string]any{"name": "w"}, "spec": spec}
	return validateAll(t, v, []map[string]any{doc})
}

// A required property of a custom resource with a default is filled in by
// the API server when it is absent or a null it prunes (not nullable)
// before validation; a nullable null is kept and present.
func TestCRDRequiredDefaults(t *testing.T) {
	crd := testCRD(map[string]any{
		"type":     "object",
		"required": []any{"replicas", "mode", "size", "note", "tag"},
		"properties": map[string]any{
			"replicas": map[string]any{"type": "integer", "default": 1},
			"mode":     map[string]any{"type": "string", "default": "fast", "nullable": true},
			"size":     map[string]any{"type": "integer"},
			"note":     map[string]any{"type": "string", "nullable": true},
			"tag":      map[string]any{"type": []any{"string", "null"}},
		},
	})
	tests := []widgetSpecCase{
		{"absent", map[string]any{}, []string{
			`missing-required spec: missing required field "note"`,
			`missing-required spec: missing required field "size"`,
			`missing-required spec: missing required field "tag"`,
		}},
		{"null", map[string]any{"replicas": nil, "mode": nil, "size": nil, "note": nil, "tag": nil}, []string{
			`empty-required spec.size: required field is null`,
		}},
		{"set", map[string]any{"replicas": 2, "mode": "slow", "size": 3, "note": "n", "tag": "t"}, nil},
	}
	checkWidgetSpecs(t, crd, tests)
}

// A required string of a custom resource set to "" is present: only a
// minLength rejects it (built-in kinds' required strings reject "", see
// TestEmptyRequired).
func TestCRDRequiredEmptyString(t *testing.T) {
	crd := testCRD(map[string]any{
		"type":     "object",
		"required": []any{"bucket", "provider"},
		"properties": map[string]any{
			"bucket":   map[string]any{"type": "string"},
			"provider": map[string]any{"type": "string", "minLength": 1},
		},
	})
	got := validateWidgetSpec(t, crd, map[string]any{"bucket": "", "provider": ""})
	want := []string{`empty-required spec.provider: required field is an empty string`}
	if !slices.Equal(got, want) {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// A list's items are checked as objects of their own, names included (an
// item of a ConfigMapList without apiVersion and kind is a v1 ConfigMap);
// the list's own name is never sent, so it is not checked.
func TestValidateListItems(t *testing.T) {
	v := New(Options{})
	doc := map[string]any{
		"apiVersion": "v1", "kind": "ConfigMapList", "metadata": map[string]any{},
		"items": []any{
			map[string]any{"metadata": map[string]any{"name": "a"}, "data": map[string]any{"k": 1}},
			map[string]any{"apiVersion": "v1", "kind": "Secret", "metadata": map[string]any{"name": ""}},
			map[string]any{"apiVersion": "v1", "kind": "List", "items": []any{}}, // a list in a list needs no name either
		},
	}
	got := validateAll(t, v, []map[string]any{doc})
	want := []string{
		`wrong-type items[0].data.k: expected string, got number 1`,
		`invalid-name items[1].metadata.name: invalid name "": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestIsList(t *testing.T) {
	tests := []struct {
		doc  map[string]any
		want bool
	}{
		{map[string]any{"apiVersion": "v1", "kind": "List"}, true},
		{map[string]any{"apiVersion": "v1", "kind": "ConfigMapList", "items": []any{}}, true},
		{map[string]any{"apiVersion": "example.com/v1", "kind": "AccessList", "spec": map[string]any{}}, false},
		{map[string]any{"apiVersion": "v1", "kind": "ConfigMap", "items": []any{}}, false},
	}
	for _, tt := range tests {
		if got := IsList(tt.doc); got != tt.want {
			t.Errorf("IsList(%v) = %v, want %v", tt.doc, got, tt.want)
		}
	}
}

// A string of a custom resource must match the pattern its schema sets, as
// the API server matches it (Go's regexp), "" included; a pattern Go does
// not compile is left to the API server, which refuses the definition.
func TestCRDPattern(t *testing.T) {
	duration := "^(0|(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?)$"
	crd := testCRD(map[string]any{
		"type": "object",
		"properties": map[string]any{
			"interval": map[string]any{"type": "string", "pattern": duration},
			"port":     map[string]any{"x-kubernetes-int-or-string": true, "pattern": "^[a-z]+$"},
			"odd":      map[string]any{"type": "string", "pattern": "(?<=a)b"},
		},
	})
	tests := []widgetSpecCase{
		{"matching", map[string]any{"interval": "30s", "port": "http", "odd": "x"}, nil},
		{"number for int-or-string", map[string]any{"port": 8080}, nil},
		{"not matching", map[string]any{"interval": "30 seconds", "port": "HTTP"}, []string{
			`invalid-value spec.interval: invalid value "30 seconds": should match '` + duration + `'`,
			`invalid-value spec.port: invalid value "HTTP": should match '^[a-z]+$'`,
		}},
		{"empty", map[string]any{"port": ""}, []string{`invalid-value spec.port: invalid value "": should match '^[a-z]+$'`}},
	}
	checkWidgetSpecs(t, crd, tests)
}

// A custom resource's values must keep within its schema's limits, as the
// API server checks them: string lengths in characters, minimum and
// maximum (OpenAPI's exclusive flags, or a JSON schema's exclusive
// limits), how many items and properties. An optional "" under minLength
// breaks it; a required one is the required check's
// (TestCRDRequiredEmptyString).
func TestCRDBounds(t *testing.T) {
	crd := testCRD(map[string]any{
		"type": "object",
		"properties": map[string]any{
			"name":     map[string]any{"type": "string", "minLength": 2, "maxLength": 3},
			"replicas": map[string]any{"type": "integer", "minimum": 1, "maximum": 5, "exclusiveMaximum": true},
			"ratio":    map[string]any{"type": "number", "exclusiveMinimum": 0},
			"hosts":    map[string]any{"type": "array", "minItems": 1, "maxItems": 2, "items": map[string]any{"type": "string"}},
			"labels":   map[string]any{"type": "object", "maxProperties": 1, "additionalProperties": map[string]any{"type": "string"}},
		},
	})
	tests := []widgetSpecCase{
		{"within", map[string]any{"name": "żół", "replicas": 4, "ratio": 0.5, "hosts": []any{"a", "b"}, "labels": map[string]any{"a": "b"}}, nil},
		{"below", map[string]any{"name": "a", "replicas": 0, "ratio": 0, "hosts": []any{}}, []string{
			`invalid-value spec.hosts: invalid value (array): 0 items, fewer than the 1 its schema asks for`,
			`invalid-value spec.name: invalid value "a": 1 characters, fewer than the 2 its schema asks for`,
			`invalid-value spec.ratio: invalid value 0: must be > 0`,
			`invalid-value spec.replicas: invalid value 0: must be >= 1`,
		}},
		{"above", map[string]any{"name": "abcd", "replicas": 5, "hosts": []any{"a", "b", "c"}, "labels": map[string]any{"a": "b", "c": "d"}}, []string{
			`invalid-value spec.hosts: invalid value (array): 3 items, more than the 2 its schema allows`,
			`invalid-value spec.labels: invalid value (object): 2 properties, more than the 1 its schema allows`,
			`invalid-value spec.name: invalid value "abcd": 4 characters, more than the 3 its schema allows`,
			`invalid-value spec.replicas: invalid value 5: must be < 5`,
		}},
		{"empty string", map[string]any{"name": ""}, []string{
			`invalid-value spec.name: invalid value "": 0 characters, fewer than the 2 its schema asks for`,
		}},
	}
	checkWidgetSpecs(t, crd, tests)
}

// A custom resource's number must be a multiple of its schema's
// multipleOf, as kube-openapi checks it: a whole number (an int64 to the
// API server) by integer division, a fraction to within rounding (0.3 is a
// multiple of 0.1, 0.07 of 0.01 though 0.07/0.01 is 7.000000000000001). A
// whole number against a fractional multipleOf is not checked: the API
// server truncates the factor there.
func TestCRDMultipleOf(t *testing.T) {
	crd := testCRD(map[string]any{
		"type": "object",
		"properties": map[string]any{
			"replicas": map[string]any{"type": "integer", "multipleOf": 2},
			"ratio":    map[string]any{"type": "number", "multipleOf": 0.1},
			"share":    map[string]any{"type": "number", "multipleOf": 0.01},
			"weight":   map[string]any{"type": "number", "multipleOf": 2.5},
			"port":     map[string]any{"x-kubernetes-int-or-string": true, "multipleOf": 10},
		},
	})
	tests := []widgetSpecCase{
		{"multiples", map[string]any{"replicas": 4, "ratio": 0.3, "share": 0.07, "weight": 7.5, "port": 80}, nil},
		{"a string for int-or-string", map[string]any{"port": "http"}, nil},
		{"whole against a fraction", map[string]any{"ratio": 3, "weight": 5}, nil},
		{"not multiples", map[string]any{"replicas": 3, "ratio": 0.25, "weight": 6.5, "port": 85}, []string{
			`invalid-value spec.port: invalid value 85: must be a multiple of 10`,
			`invalid-value spec.ratio: invalid value 0.25: must be a multiple of 0.1`,
			`invalid-value spec.replicas: invalid value 3: must be a multiple of 2`,
			`invalid-value spec.weight: invalid value 6.5: must be a multiple of 2.5`,
		}},
	}
	checkWidgetSpecs(t, crd, tests)
}

// A whole number is described in full, as it was written (the YAML decoder
// makes every number a float64), not as 3e+09.
func TestDescribeValue(t *testing.T) {
	for val, want := range map[any]string{
		3000000000.0: "3000000000", 0.25: "0.25", -1e6: "-1000000", 1e21: "1e+21", 1.5e-7: "1.5e-07", "x": `"x"`, 7: "7",
	} {
		if got := describeValue(val); got != want {
			t.Errorf("describeValue(%v) = %s, want %s", val, got, want)
		}
	}
}

// A custom resource's string must have the format its schema sets, for
// the formats the API server checks, as kube-openapi's registry checks
// them ("" included; a format it drops, or not checked here, is no
// finding); an integer of format int32 must be within int32.
func TestCRDFormat(t *testing.T) {
	props := map[string]any{
		"count": map[string]any{"type": "integer", "format": "int32"},
		"big":   map[string]any{"type": "integer", "format": "int64"},
		"port":  map[string]any{"x-kubernetes-int-or-string": true, "format": "int-or-string"},
		"size":  map[string]any{"x-kubernetes-int-or-string": true, "format": "hostname"},
		"other": map[string]any{"type": "string", "format": "creditcard"},
		"title": map[string]any{"type": "string", "format": "Date-Time"},
		"key":   map[string]any{"type": "string", "format": "password"},
	}
	for _, f := range []string{"date-time", "datetime", "date", "duration", "byte", "ipv4", "ipv6", "cidr", "mac", "uuid", "uuid4", "hostname", "email", "uri", "bsonobjectid"} {
		props[f] = map[string]any{"type": "string", "format": f}
	}
	crd := testCRD(map[string]any{"type": "object", "properties": props})
	tests := []widgetSpecCase{
		{"valid", map[string]any{
			"date-time": "2024-05-01T10:00:00Z", "datetime": "2024-05-01t10:00:00.5+02:00", "date": "2024-02-29",
			"duration": "3 days", "byte": "aGVsbG8=", "ipv4": "010.0.0.1", "ipv6": "fe80::1", "cidr": "10.0.0.0/8",
			"mac": "00:1a:2b:3c:4d:5e", "uuid": "123E4567E89B12D3A456426614174000", "uuid4": "123e4567-e89b-42d3-a456-426614174000",
			"hostname": "ex-ample.com", "email": "Ops <ops@example.com>", "uri": "https://example.com/x", "bsonobjectid": "507f1f77bcf86cd799439011",
			"count": 2147483647, "big": 3000000000, "port": "http", "size": 8080, "other": "x", "title": "x", "key": "",
		}, nil},
		{"invalid", map[string]any{
			"date-time": "2024-05-01 10:00:00Z", "datetime": "2024-05-01T24:00:00Z", "date": "2024-02-30",
			"duration": "soon", "byte": "aGVsbG8", "ipv4": "256.0.0.1", "ipv6": "10.0.0.1", "cidr": "10.0.0.0/33",
			"mac": "00:1a:2b:3c:4d", "uuid": "123e4567-e89b-12d3-a456", "uuid4": "123e4567-e89b-12d3-a456-426614174000",
			"hostname": "-example.com", "email": "ops", "uri": "example.com", "bsonobjectid": "507f",
			"count": 2147483648, "size": "a_b",
		}, []string{
			`invalid-value spec.bsonobjectid: invalid value "507f": must be of format bsonobjectid`,
			`invalid-value spec.byte: invalid value "aGVsbG8": must be of format byte`,
			`invalid-value spec.cidr: invalid value "10.0.0.0/33": must be of format cidr`,
			`invalid-value spec.count: invalid value 2147483648: must be of format int32`,
			`invalid-value spec.date: invalid value "2024-02-30": must be of format date`,
			`invalid-value spec.date-time: invalid value "2024-05-01 10:00:00Z": must be of format date-time`,
			`invalid-value spec.datetime: invalid value "2024-05-01T24:00:00Z": must be of format datetime`,
			`invalid-value spec.duration: invalid value "soon": must be of format duration`,
			`invalid-value spec.email: invalid value "ops": must be of format email`,
			`invalid-value spec.hostname: invalid value "-example.com": must be of format hostname`,
			`invalid-value spec.ipv4: invalid value "256.0.0.1": must be of format ipv4`,
			`invalid-value spec.ipv6: invalid value "10.0.0.1": must be of format ipv6`,
			`invalid-value spec.mac: invalid value "00:1a:2b:3c:4d": must be of format mac`,
			`invalid-value spec.size: invalid value "a_b": must be of format hostname`,
			`invalid-value spec.uri: invalid value "example.com": must be of format uri`,
			`invalid-value spec.uuid: invalid value "123e4567-e89b-12d3-a456": must be of format uuid`,
			`invalid-value spec.uuid4: invalid value "123e4567-e89b-12d3-a456-426614174000": must be of format uuid4`,
		}},
		{"empty", map[string]any{"email": "", "uri": "", "date-time": ""}, []string{
			`invalid-value spec.date-time: invalid value "": must be of format date-time`,
			`invalid-value spec.email: invalid value "": must be of format email`,
			`invalid-value spec.uri: invalid value "": must be of format uri`,
		}},
	}
	checkWidgetSpecs(t, crd, tests)
}
