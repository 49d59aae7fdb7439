package lsp_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chartwright/chartwright/lsp/lsptest"
)

// cli runs the chartwright binary and returns its stdout, stderr and
// whether it succeeded.
func cli(t *testing.T, args ...string) (stdout, stderr string, ok bool) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatal(err)
	}
	return out.String(), errOut.String(), err == nil
}

// execute runs a server command and decodes its result.
func execute(ctx context.Context, c *lsptest.Client, command string, result any, args ...any) error {
	return c.Call(ctx, "workspace/executeCommand", map[string]any{"command": command, "arguments": args}, result)
}

// preview is renderPreview's result.
type preview struct {
	Text      string `json:"text"`
	Documents []struct {
		Source  string `json:"source"`
		Kind    string `json:"kind"`
		Content string `json:"content"`
		Lines   []struct {
			Template string `json:"template"`
			Line     int    `json:"line"`
			URI      string `json:"uri"`
		} `json:"lines"`
	} `json:"documents"`
}

// TestRenderPreviewCommand compares the preview of testdata charts, in
// both Helm modes of the settings, byte for byte with what `chartwright
// template` prints, and its documents with `chartwright template -o
// json`'s; each line's uri opens its template.
func TestRenderPreviewCommand(t *testing.T) {
	charts := []string{"shop", "webapp", "fixes"}
	for _, helm := range []string{"4", "3"} {
		t.Run("helm"+helm, func(t *testing.T) {
			c, folder := session(t, map[string]any{"helmVersion": helm}, charts...)
			ctx := withTimeout(t)
			waitIndexed(ctx, t, c)
			for _, name := range charts {
				dir := filepath.Join(folder, name)
				var got preview
				if err := execute(ctx, c, "chartwright.renderPreview", &got, lsptest.URI(dir)); err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				want, stderr, ok := cli(t, "template", "--helm", helm, dir)
				if !ok {
					t.Fatalf("chartwright template %s: %s", name, stderr)
				}
				if got.Text != want {
					t.Errorf("%s: the preview's text differs from chartwright template's: %s", name, firstDifference(got.Text, want))
				}
				compareJSON(t, name, got, cliJSON(t, "template", "--helm", helm, "-o", "json", dir), dir)
			}
		})
	}
}

// waitIndexed waits until the server has indexed the workspace's charts,
// which it does once it has the client's settings.
func waitIndexed(ctx context.Context, t *testing.T, c *lsptest.Client) {
	t.Helper()
	if _, err := c.WaitNotification(ctx, "$/progress", func(m lsptest.Message) bool {
		return strings.Contains(string(m.Params), `"kind":"end"`)
	}); err != nil {
		t.Fatalf("the workspace was not indexed: %v", err)
	}
}

// cliJSON runs chartwright with -o json and decodes its output.
func cliJSON(t *testing.T, args ...string) preview {
	t.Helper()
	out, stderr, ok := cli(t, args...)
	if !ok {
		t.Fatalf("chartwright %s: %s", strings.Join(args, " "), stderr)
	}
	var p preview
	if err := json.Unmarshal([]byte(out), &p); err != nil {
		t.Fatal(err)
	}
	return p
}

// compareJSON checks the preview's documents against template -o json's
// and the uri of every line against its template's file.
func compareJSON(t *testing.T, name string, got, want preview, dir string) {
	t.Helper()
	if len(got.Documents) != len(want.Documents) {
		t.Fatalf("%s: %d documents, template -o json gives %d", name, len(got.Documents), len(want.Documents))
	}
	for i, d := range got.Documents {
		w := want.Documents[i]
		if d.Source != w.Source || d.Kind != w.Kind || d.Content != w.Content || len(d.Lines) != len(w.Lines) {
			t.Errorf("%s: document %d is %s %s, want %s %s", name, i, d.Source, d.Kind, w.Source, w.Kind)
			continue
		}
		for j, l := range d.Lines {
			if l.Template != w.Lines[j].Template || l.Line != w.Lines[j].Line {
				t.Errorf("%s: %s line %d from %s:%d, want %s:%d", name, d.Source, j+1, l.Template, l.Line, w.Lines[j].Template, w.Lines[j].Line)
			}
			if l.Template == "" || strings.Contains(l.Template, "/charts/common/") {
				if l.URI != "" {
					t.Errorf("%s: line from %q (no file, or inside a .tgz) has uri %s", name, l.Template, l.URI)
				}
				continue
			}
			file := l.Template[strings.LastIndex(l.Template, "/templates/"):]
			if !strings.HasPrefix(l.URI, lsptest.URI(dir)+"/") || !strings.HasSuffix(l.URI, file) {
				t.Errorf("%s: line from %s has uri %q", name, l.Template, l.URI)
			}
		}
	}
}

// TestRenderPreviewOptions renders with values files relative to the
// chart folder (as the VS Code extension sends them) and --set values, on
// an unsaved buffer of a subchart's template, which renders the root.
func TestRenderPreviewOptions(t *testing.T) {
	c, folder := session(t, nil, "fixes")
	ctx := withTimeout(t)
	dir := filepath.Join(folder, "fixes")
	if err := os.MkdirAll(filepath.Join(dir, "ci"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "ci/prod.yaml"), []byte("replicaCount: 4\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var got preview
	err := execute(ctx, c, "chartwright.renderPreview", &got, lsptest.URI(dir), map[string]any{"valuesFiles": []string{"ci/prod.yaml"}, "set": []string{"service.port=9000"}})
	if err != nil {
		t.Fatal(err)
	}
	want, stderr, _ := cli(t, "template", dir, "-f", filepath.Join(dir, "ci/prod.yaml"), "--set", "service.port=9000")
	if got.Text != want || !strings.Contains(want, "replicas: 4") || !strings.Contains(want, "containerPort: 9000") {
		t.Errorf("with values:\n%s\nwant\n%s%s", got.Text, want, stderr)
	}
	sub := filepath.Join(dir, "charts/sub-folder/templates/configmap.yaml")
	text := read(t, sub)
	if err := c.Open(sub, "helm", strings.Replace(text, "mode:", "speed:", 1)); err != nil {
		t.Fatal(err)
	}
	if err := execute(ctx, c, "chartwright.renderPreview", &got, lsptest.URI(sub)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(got.Text, "# Source: fixes/templates/deployment.yaml") || !strings.Contains(got.Text, "  speed: \"fast\"") {
		t.Errorf("the subchart's unsaved template does not render with its root chart:\n%s", got.Text)
	}
}

// TestCommandErrors: a chart that fails to render gives Helm's message,
// as the CLI prints it; arguments naming no chart, and unknown commands,
// are invalid params.
func TestCommandErrors(t *testing.T) {
	c, folder := session(t, nil, "rt-broken", "fixes")
	ctx := withTimeout(t)
	broken := filepath.Join(folder, "rt-broken")
	_, stderr, ok := cli(t, "template", broken)
	helmMessage := strings.TrimSuffix(strings.TrimPrefix(stderr, "Error: "), "\n\nUse --debug flag to render out invalid YAML\n")
	if ok || helmMessage == stderr {
		t.Fatalf("chartwright template of the broken chart: %s", stderr)
	}
	err := execute(ctx, c, "chartwright.renderPreview", nil, lsptest.URI(filepath.Join(broken, "templates/b-parse.yaml")))
	if e, isRPC := err.(*lsptest.Error); !isRPC || e.Code != -32803 || e.Message != helmMessage {
		t.Errorf("render failure: %v, want code -32803 and %q", err, helmMessage)
	}
	if err := os.WriteFile(filepath.Join(folder, "notes.txt"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		command string
		args    []any
		want    string
	}{
		{"chartwright.renderPreview", []any{"untitled:Untitled-1"}, "not a file URI"},
		{"chartwright.renderPreview", []any{lsptest.URI(filepath.Join(folder, "notes.txt"))}, "is not in a chart of the workspace"},
		{"chartwright.renderPreview", nil, "want a file URI"},
		{"chartwright.renderPreview", []any{lsptest.URI(broken), map[string]any{"values": []string{"x"}}}, `unknown field "values"`},
		{"chartwright.packageChart", []any{lsptest.URI(folder)}, "no Chart.yaml at or above it"},
		{"chartwright.indexRepository", []any{lsptest.URI(filepath.Join(folder, "notes.txt"))}, "is not a folder"},
		{"chartwright.deploy", []any{lsptest.URI(broken)}, `unknown command "chartwright.deploy"`},
	} {
		err := execute(ctx, c, tt.command, nil, tt.args...)
		if e, isRPC := err.(*lsptest.Error); !isRPC || e.Code != -32602 || !strings.Contains(e.Message, tt.want) {
			t.Errorf("%s %v: %v, want invalid params with %q", tt.command, tt.args, err, tt.want)
		}
	}
}

// packaged is packageChart's result.
type packaged struct {
	Path   string `json:"path"`
	Digest string `json:"digest"`
}

// TestPackageAndIndexCommands packages a chart as `chartwright package`
// does (the same archive for the same SOURCE_DATE_EPOCH), next to the
// chart by default or in the destination the VS Code extension sends,
// fails with the CLI's message on a broken chart, and indexes the folder.
func TestPackageAndIndexCommands(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1700000000")
	c, folder := session(t, nil, "fixes", "webapp")
	ctx := withTimeout(t)
	var got packaged
	if err := execute(ctx, c, "chartwright.packageChart", &got, lsptest.URI(filepath.Join(folder, "fixes/values.yaml"))); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(got.Path)
	if err != nil || got.Path != filepath.Join(folder, "fixes-0.1.0.tgz") {
		t.Fatalf("archive %s: %v", got.Path, err)
	}
	sum := sha256.Sum256(data)
	if got.Digest != "sha256:"+hex.EncodeToString(sum[:]) {
		t.Errorf("digest %s does not match the archive", got.Digest)
	}
	cliDir := t.TempDir()
	if _, stderr, ok := cli(t, "package", filepath.Join(folder, "fixes"), "-d", cliDir); !ok {
		t.Fatal(stderr)
	}
	if cliData, _ := os.ReadFile(filepath.Join(cliDir, "fixes-0.1.0.tgz")); !bytes.Equal(cliData, data) {
		t.Error("the archive differs from chartwright package's")
	}

	repoDir := filepath.Join(folder, "repo")
	if err := execute(ctx, c, "chartwright.packageChart", &got, lsptest.URI(filepath.Join(folder, "webapp")), map[string]any{"destination": repoDir}); err != nil {
		t.Fatal(err)
	}
	if got.Path != filepath.Join(repoDir, "webapp-1.2.0.tgz") {
		t.Errorf("archive at %s", got.Path)
	}
	var index struct {
		Path    string `json:"path"`
		Entries int    `json:"entries"`
	}
	if err := execute(ctx, c, "chartwright.indexRepository", &index, lsptest.URI(repoDir), map[string]any{"url": "https://charts.example.com"}); err != nil {
		t.Fatal(err)
	}
	indexText, _ := os.ReadFile(filepath.Join(repoDir, "index.yaml"))
	if index.Path != filepath.Join(repoDir, "index.yaml") || index.Entries != 1 || !strings.Contains(string(indexText), "https://charts.example.com/webapp-1.2.0.tgz") {
		t.Errorf("index %+v:\n%s", index, indexText)
	}

	chartYAML := filepath.Join(folder, "fixes/Chart.yaml")
	if err := os.WriteFile(chartYAML, []byte("apiVersion: v2\nname: fixes\nversion: not.a.version\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, _ := cli(t, "package", filepath.Join(folder, "fixes"), "-d", cliDir)
	err = execute(ctx, c, "chartwright.packageChart", nil, lsptest.URI(chartYAML))
	if e, isRPC := err.(*lsptest.Error); !isRPC || e.Code != -32803 || "Error: "+e.Message+"\n" != stderr {
		t.Errorf("broken chart: %v, want the CLI's %q", err, stderr)
	}
}

// firstDifference describes the first line where got and want differ.
func firstDifference(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range min(len(g), len(w)) {
		if g[i] != w[i] {
			from := max(i-3, 0)
			return fmt.Sprintf("line %d is %q, want %q\n%q\n%q", i+1, g[i], w[i], g[from:i+2], w[from:i+2])
		}
	}
	return fmt.Sprintf("%d lines, want %d", len(g), len(w))
}
