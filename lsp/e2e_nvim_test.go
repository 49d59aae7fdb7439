package lsp_test

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// nvimSession is what the Neovim session saw (lsp/testdata/nvim/session.lua).
type nvimSession struct {
	Error      string   `json:"error"`
	Steps      []string `json:"steps"`
	Filetype   string   `json:"filetype"`
	Clients    []string `json:"clients"`
	Completion []string `json:"completion"`
	Hover      string   `json:"hover"`
	Definition struct {
		URI  string
		Line int
	} `json:"definition"`
	Diagnostics []struct {
		Line    int    `json:"line"`
		Message string `json:"message"`
		Code    string `json:"code"`
	} `json:"diagnostics"`
	Modified          bool     `json:"modified"`
	Preview           []string `json:"preview"`
	PreviewModifiable bool     `json:"previewModifiable"`
}

// TestNeovim runs Debian's headless Neovim (0.7) with the configuration
// docs/editors/neovim.md documents, against the server, on a chart of
// testdata: the editor a user would run. It fails when nvim is missing
// and CI=true.
func TestNeovim(t *testing.T) {
	nvim, err := exec.LookPath("nvim")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("nvim is not installed; CI installs it (apt-get install -y neovim)")
		}
		t.Skip("NVIM MISSING: install Neovim 0.7+ to run the editor test")
	}
	folder := t.TempDir()
	if err := os.CopyFS(filepath.Join(folder, "shop"), os.DirFS("../testdata/charts/shop")); err != nil {
		t.Fatal(err)
	}
	docs, err := filepath.Abs("../docs/editors")
	if err != nil {
		t.Fatal(err)
	}
	script, err := filepath.Abs("testdata/nvim/session.lua")
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "session.json")
	template := filepath.Join(folder, "shop/templates/deployment.yaml")
	ctx, cancel := context.WithTimeout(context.Background(), 3*timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, nvim, "--headless", "--clean", "-n", "-c", "luafile "+script)
	cmd.Env = append(os.Environ(), "CW_DOCS="+docs, "CW_OUT="+out, "CW_BIN="+binary, "CW_TEMPLATE="+template,
		"XDG_STATE_HOME="+t.TempDir(), "XDG_CACHE_HOME="+t.TempDir())
	output, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("nvim: %v\n%s", err, output)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatalf("the session wrote nothing: %v\n%s", err, output)
	}
	var s nvimSession
	if err := json.Unmarshal(data, &s); err != nil {
		t.Fatalf("session result: %v\n%s", err, data)
	}
	if s.Error != "" {
		t.Errorf("the session failed after %v: %s", s.Steps, s.Error)
	}
	if s.Filetype != "helm" {
		t.Errorf("filetype %q, want helm", s.Filetype)
	}
	if !slices.Equal(s.Clients, []string{"chartwright"}) {
		t.Errorf("clients %v, want chartwright", s.Clients)
	}
	for _, key := range []string{"replicaCount", "image", "service", "greeting", "env", "global", "orders"} {
		if !slices.Contains(s.Completion, key) {
			t.Errorf("completion after .Values. lacks %q: %v", key, s.Completion)
		}
	}
	if !strings.Contains(s.Hover, "2") || !strings.Contains(s.Hover, "Number of shop pods") {
		t.Errorf("hover on .Values.replicaCount: %q, want its default 2 and its comment", s.Hover)
	}
	if !strings.HasSuffix(s.Definition.URI, "/shop/templates/_helpers.tpl") || s.Definition.Line != 1 {
		t.Errorf("definition of shop.fullname: %+v, want _helpers.tpl line 2", s.Definition)
	}
	if len(s.Diagnostics) == 0 || s.Diagnostics[0].Code != "template-render" || !strings.Contains(s.Diagnostics[0].Message, "parse error at (shop/templates/deployment.yaml:") {
		t.Errorf("diagnostics of the broken template: %+v", s.Diagnostics)
	}
	if !s.Modified {
		t.Error("the broken template was saved: diagnostics must come without saving")
	}
	preview := strings.Join(s.Preview, "\n")
	for _, want := range []string{"# Source: shop/templates/deployment.yaml", "kind: Deployment", "replicas: 2", "# Source: shop/charts/orders/templates/statefulset.yaml"} {
		if !strings.Contains(preview, want) {
			t.Errorf("the preview lacks %q:\n%s", want, preview)
		}
	}
	if s.PreviewModifiable {
		t.Error("the preview can be edited")
	}
}
