package lsp_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/chartwright/chartwright/lsp/lsptest"
)

// TestHoverE2E hovers over the server's pipes: a values path with the
// value each values file sets, a define inside a .tgz library, a
// position after non-ASCII text on a CRLF line of an unsaved template.
func TestHoverE2E(t *testing.T) {
	c, folder := session(t, nil, "shop", "webapp")
	ctx := withTimeout(t)
	type hover struct {
		Contents struct{ Kind, Value string } `json:"contents"`
		Range    lsptest.Range                `json:"range"`
	}
	unsaved := filepath.Join(folder, "shop/templates/unsaved.yaml")
	unsavedText := "# «Ünïcödé»\r\nname: «{{ .Values.orders.storage }}»\r\n"
	if err := c.Open(unsaved, "helm", unsavedText); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		file, text, context string
		rng, want           string
	}{
		{"shop/templates/unsaved.yaml", unsavedText, "«{{ .Values.orders.stor", "1:25-1:32",
			"**`.Values.orders.storage`**\n\nSize of the database volume.\n\n- `values.yaml`: `5Gi`\n- `charts/db-folder/values.yaml`: `1Gi`\n\nRenders: `5Gi`"},
		{"webapp/templates/configmap.yaml", "", ".Values.config.maxConn", "6:36-6:50",
			"**`.Values.config.maxConnections`**\n\n- `values.yaml`: `1000000`\n\nRenders: `1000000`"},
		{"shop/templates/_helpers.tpl", "", `include "common.lab`, "7:11-7:26",
			"**`common.labels`**, defined in `charts/common-1.0.0.tgz/templates/_labels.tpl`\n\n" +
				"Standard labels of an object: name, instance and managed-by.\n\n```helm\napp.kubernetes.io/name: {{ .Chart.Name }}\n" +
				"app.kubernetes.io/instance: {{ .Release.Name }}\napp.kubernetes.io/managed-by: {{ .Release.Service }}\n```"},
		{"shop/values.yaml", "", "greet", "10:0-10:8",
			"**`.Values.greeting`**\n\nGreeting shown on the home page — «bienvenue» in every language.\n\n" +
				"- `values.yaml`: `\"Grüß Gott 👋\"`\n\nRenders: `\"Grüß Gott 👋\"`\n\nRead by 1 template."},
		{"shop/templates/deployment.yaml", "", "| nind", "6:34-6:41", "```go\nnindent(spaces int, s string) string\n```\n\n" +
			"The `nindent` function is the same as the indent function, but prepends a new\nline to the beginning of the string.\n\n" +
			"```\nnindent 4 $lots_of_text\n```\n\nThe above will indent every line of text by 4 space characters and add a new\n" +
			"line to the beginning.\n\nExample: `nindent 4 $lots_of_text`\n\n(sprig)"},
		{"shop/templates/NOTES.txt", "", "The sh", "", ""},
	}
	for _, tt := range tests {
		path := filepath.Join(folder, tt.file)
		text := tt.text
		if text == "" {
			text = read(t, path)
		}
		var got *hover
		if err := c.Call(ctx, "textDocument/hover", navParams(path, navPosition(t, text, tt.context)), &got); err != nil {
			t.Fatal(err)
		}
		if tt.want == "" {
			if got != nil {
				t.Errorf("%s after %q: hover %q, want none", tt.file, tt.context, got.Contents.Value)
			}
			continue
		}
		if got == nil || got.Contents.Kind != "markdown" || got.Contents.Value != tt.want || describeRange(got.Range) != tt.rng {
			t.Errorf("%s after %q: hover %+v\nwant %s on %s", tt.file, tt.context, got, tt.want, tt.rng)
		}
	}
	// On a key's value, the hover is the key's, with no range: the key's
	// would place it away from the pointer.
	values := filepath.Join(folder, "webapp/values.yaml")
	var onValue *struct {
		Contents struct{ Value string } `json:"contents"`
		Range    *lsptest.Range         `json:"range"`
	}
	if err := c.Call(ctx, "textDocument/hover", navParams(values, navPosition(t, read(t, values), "replicaCount: ")), &onValue); err != nil {
		t.Fatal(err)
	}
	if onValue == nil || !strings.Contains(onValue.Contents.Value, "`.Values.replicaCount`") || onValue.Range != nil {
		t.Errorf("hover on replicaCount's value: %+v, want the key's hover without a range", onValue)
	}
	if !strings.Contains(c.Stderr(), "textDocument/hover") {
		t.Error("the server did not log the hovers")
	}
}
