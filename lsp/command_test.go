package lsp

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ProtonMail/go-crypto/openpgp"
	"github.com/ProtonMail/go-crypto/openpgp/packet"
	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/chart/repo"
	"github.com/chartwright/chartwright/internal/corpus"
	"github.com/chartwright/chartwright/lint/rules"
	"github.com/chartwright/chartwright/lsp/cache"
	"github.com/chartwright/chartwright/render"
	"github.com/chartwright/chartwright/render/values"
	"go.lsp.dev/jsonrpc2"
)

// workspaceOf copies testdata charts into a workspace folder and returns
// a workspace on it.
func workspaceOf(t testing.TB, charts ...string) (*cache.Workspace, string) {
	t.Helper()
	folder := t.TempDir()
	for _, name := range charts {
		if err := os.CopyFS(filepath.Join(folder, name), os.DirFS(filepath.Join("..", "testdata", "charts", name))); err != nil {
			t.Fatal(err)
		}
	}
	w := cache.NewWorkspace(rules.All())
	w.SetFolders([]string{folder})
	return w, folder
}

// cliTemplate renders a chart folder as `chartwright template` does, with
// the same library calls.
func cliTemplate(t testing.TB, dir string, helm3 bool, flags values.Flags) (string, []render.JSONDocument) {
	t.Helper()
	c, err := chart.Load(dir, chart.Options{FirstValuesDocument: helm3, DetectChartVersion: !helm3})
	if err != nil {
		t.Fatal(err)
	}
	rel, err := render.TemplateWith(context.Background(), c, flags, os.ReadFile, render.Options{Helm3: helm3, SourceMap: true})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := rel.Write(&b, render.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	return b.String(), rel.JSONDocuments(render.WriteOptions{})
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestRenderPreview renders as the CLI does in both Helm modes, whatever
// file of the tree names the chart; each line of a document knows its
// template's URI, except the lines of a library chart inside a .tgz.
func TestRenderPreview(t *testing.T) {
	w, folder := workspaceOf(t, "shop", "webapp", "fixes")
	for _, helm3 := range []bool{false, true} {
		settings := cache.Settings{}
		if helm3 {
			settings.HelmVersion = "3"
		}
		snap := w.SetSettings(settings)
		for _, name := range []string{"shop", "webapp", "fixes"} {
			dir := filepath.Join(folder, name)
			wantText, wantDocs := cliTemplate(t, dir, helm3, values.Flags{})
			for _, path := range []string{dir, filepath.Join(dir, "Chart.yaml"), filepath.Join(dir, "values.yaml")} {
				res, err := renderPreview(context.Background(), nil, snap, path, previewOptions{})
				if err != nil {
					t.Fatalf("%s (helm3=%v): %v", path, helm3, err)
				}
				if res.Text != wantText {
					t.Errorf("%s (helm3=%v): the text differs from chartwright template's:\n%s\nwant\n%s", path, helm3, res.Text, wantText)
				}
				checkDocuments(t, res.Documents, wantDocs)
			}
		}
	}
	snap := w.SetSettings(cache.Settings{})
	res, err := renderPreview(context.Background(), nil, snap, filepath.Join(folder, "shop/charts/db-folder/templates/statefulset.yaml"), previewOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want, _ := cliTemplate(t, filepath.Join(folder, "shop"), false, values.Flags{})
	if res.Text != want {
		t.Error("a subchart's template does not render its root chart")
	}
	uris := lineURIs(res.Documents)
	for _, tmpl := range []string{"shop/charts/orders/templates/statefulset.yaml", "shop/templates/deployment.yaml"} {
		if got := uris[tmpl]; !strings.HasPrefix(got, "file://") {
			t.Errorf("lines of %s have URI %q", tmpl, got)
		}
	}
	if got := uris["shop/templates/deployment.yaml"]; got != string(fileURI(filepath.Join(folder, "shop/templates/deployment.yaml"))) {
		t.Errorf("deployment.yaml's URI is %s", got)
	}
	if got, ok := uris["shop/charts/common/templates/_labels.tpl"]; !ok || got != "" {
		t.Errorf("lines of the library chart in a .tgz: URI %q (present %v), want none", got, ok)
	}
}

// checkDocuments compares documents with `template -o json`'s, which name
// no URI.
func checkDocuments(t *testing.T, got, want []render.JSONDocument) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d documents, want %d", len(got), len(want))
	}
	for i := range got {
		g, w := got[i], want[i]
		if g.Source != w.Source || g.Kind != w.Kind || g.Name != w.Name || g.APIVersion != w.APIVersion || g.Content != w.Content || len(g.Lines) != len(w.Lines) {
			t.Errorf("document %d is %s %s %s, want %s %s %s", i, g.Source, g.Kind, g.Name, w.Source, w.Kind, w.Name)
			continue
		}
		for j := range g.Lines {
			if g.Lines[j].Template != w.Lines[j].Template || g.Lines[j].Line != w.Lines[j].Line {
				t.Errorf("%s line %d comes from %s:%d, want %s:%d", g.Source, j+1, g.Lines[j].Template, g.Lines[j].Line, w.Lines[j].Template, w.Lines[j].Line)
			}
		}
	}
}

// lineURIs maps template names to the URI their lines carry.
func lineURIs(docs []render.JSONDocument) map[string]string {
	out := map[string]string{}
	for _, d := range docs {
		for _, l := range d.Lines {
			if l.Template != "" {
				out[l.Template] = l.URI
			}
		}
	}
	return out
}

// A preview renders the unsaved buffers, with values files relative to
// the chart folder and --set values, as `chartwright template -f -set`.
func TestRenderPreviewValuesAndBuffers(t *testing.T) {
	w, folder := workspaceOf(t, "fixes")
	dir := filepath.Join(folder, "fixes")
	writeFile(t, filepath.Join(dir, "ci/prod.yaml"), "replicaCount: 3\nimage:\n  repository: registry.example.com/app\n")
	w.DiskChanged([]string{filepath.Join(dir, "ci/prod.yaml")})
	opts := previewOptions{ValuesFiles: []string{"ci/prod.yaml"}, Set: []string{"service.port=9090"}}
	res, err := renderPreview(context.Background(), nil, w.Snapshot(), filepath.Join(dir, "templates/deployment.yaml"), opts)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := cliTemplate(t, dir, false, values.Flags{ValueFiles: []string{filepath.Join(dir, "ci/prod.yaml")}, Set: opts.Set})
	if res.Text != want || !strings.Contains(want, "replicas: 3") || !strings.Contains(want, "containerPort: 9090") {
		t.Errorf("with values files and --set:\n%s\nwant\n%s", res.Text, want)
	}

	deployment := filepath.Join(dir, "templates/deployment.yaml")
	text, _ := os.ReadFile(deployment)
	edited := strings.Replace(string(text), "app: fixes\n", "app: edited-in-the-editor\n", 1)
	snap := w.Open(deployment, 1, []byte(edited))
	res, err = renderPreview(context.Background(), nil, snap, dir, previewOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(res.Text, "app: edited-in-the-editor") {
		t.Error("the preview does not render the unsaved buffer")
	}
}

// Failures give the message the CLI prints after "Error: ", and tell
// arguments that name no chart from charts that fail.
func TestRenderPreviewErrors(t *testing.T) {
	w, folder := workspaceOf(t, "rt-broken", "fixes")
	snap := w.Snapshot()
	ctx := context.Background()
	_, err := renderPreview(ctx, nil, snap, filepath.Join(folder, "rt-broken"), previewOptions{})
	if err == nil || err.Error() != "parse error at (rt-broken/templates/b-parse.yaml:7): unexpected EOF" {
		t.Errorf("broken chart: %v", err)
	}
	if rpc := commandError(ctx, cmdRenderPreview, err).(*jsonrpc2.Error); rpc.Code != codeRequestFailed {
		t.Errorf("a render failure is code %d", rpc.Code)
	}
	_, err = renderPreview(ctx, nil, snap, filepath.Join(folder, "README.md"), previewOptions{})
	var arg argError
	if !errors.As(err, &arg) || !strings.Contains(err.Error(), "is not in a chart of the workspace") {
		t.Errorf("outside a chart: %v", err)
	}
	if rpc := commandError(ctx, cmdRenderPreview, err).(*jsonrpc2.Error); rpc.Code != jsonrpc2.InvalidParams {
		t.Errorf("a bad argument is code %d", rpc.Code)
	}
	_, err = renderPreview(ctx, nil, snap, filepath.Join(folder, "fixes"), previewOptions{ValuesFiles: []string{"missing.yaml"}})
	if err == nil || !strings.Contains(err.Error(), filepath.Join(folder, "fixes", "missing.yaml")) {
		t.Errorf("missing values file: %v", err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	_, err = renderPreview(cancelled, nil, snap, filepath.Join(folder, "fixes"), previewOptions{})
	if !errors.Is(commandError(cancelled, cmdRenderPreview, err), context.Canceled) {
		t.Errorf("cancelled render: %v", err)
	}
}

// Previews share the snapshot's loaded chart and parse cache with the
// lint, which runs at the same time: neither disturbs the other (run with
// -race).
func TestRenderPreviewWhileLinting(t *testing.T) {
	w, folder := workspaceOf(t, "shop")
	snap := w.Snapshot()
	dir := filepath.Join(folder, "shop")
	want, _ := cliTemplate(t, dir, false, values.Flags{})
	done := make(chan error, 1)
	go func() {
		_, err := snap.Root(dir).Lint(context.Background(), snap.Rules(), true)
		done <- err
	}()
	for range 3 {
		res, err := renderPreview(context.Background(), nil, snap, dir, previewOptions{})
		if err != nil || res.Text != want {
			t.Fatalf("preview during the lint: %v", err)
		}
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func TestCommandArguments(t *testing.T) {
	for _, args := range [][]any{
		nil,
		{42},
		{"untitled:Untitled-1"},
		{"file:///a", map[string]any{}, "extra"},
	} {
		if _, _, err := commandArguments(args); !errors.As(err, new(argError)) {
			t.Errorf("%v: %v, want an argument error", args, err)
		}
	}
	path, options, err := commandArguments([]any{"file:///charts/a%20b", map[string]any{"set": []any{"a=1"}}})
	if err != nil || path != filepath.FromSlash("/charts/a b") || string(options) != `{"set":["a=1"]}` {
		t.Errorf("got %q %s %v", path, options, err)
	}
	run := withOptions(func(context.Context, *Server, *cache.Snapshot, string, previewOptions) (any, error) { return nil, nil })
	if _, err := run(context.Background(), nil, nil, "/x", []byte(`{"valueFiles": []}`)); err == nil || !strings.Contains(err.Error(), "valueFiles") {
		t.Errorf("a misspelled option: %v", err)
	}
}

// TestPackageChart packages as chartwright package does: the same archive
// for the same SOURCE_DATE_EPOCH, next to the chart folder by default, in
// the settings' Helm flavour.
func TestPackageChart(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1700000000")
	w, folder := workspaceOf(t, "fixes")
	dir := filepath.Join(folder, "fixes")
	ctx := context.Background()
	for _, helm := range []chart.HelmVersion{chart.Helm4, chart.Helm3} {
		snap := w.SetSettings(cache.Settings{HelmVersion: map[chart.HelmVersion]string{chart.Helm3: "3", chart.Helm4: "4"}[helm]})
		got, err := packageChart(ctx, nil, snap, filepath.Join(dir, "templates/deployment.yaml"), packageOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if got.Path != filepath.Join(folder, "fixes-0.1.0.tgz") {
			t.Errorf("archive at %s, want beside the chart folder", got.Path)
		}
		epoch, _ := chart.SourceDateEpoch("1700000000")
		cli, err := repo.Package(ctx, dir, t.TempDir(), repo.PackageOptions{PackageOptions: chart.PackageOptions{Helm: helm, Epoch: epoch}})
		if err != nil {
			t.Fatal(err)
		}
		if got.Digest != cli.Digest {
			t.Errorf("helm %d: digest %s, chartwright package's %s", helm, got.Digest, cli.Digest)
		}
	}
	got, err := packageChart(ctx, nil, w.Snapshot(), dir, packageOptions{Destination: "../dist"})
	if err != nil || got.Path != filepath.Join(folder, "dist", "fixes-0.1.0.tgz") {
		t.Errorf("relative destination: %+v %v", got, err)
	}
	sub, err := packageChart(ctx, nil, w.Snapshot(), filepath.Join(dir, "charts/sub-folder/Chart.yaml"), packageOptions{Destination: folder})
	if err != nil || sub.Path != filepath.Join(folder, "sub-0.1.0.tgz") {
		t.Errorf("a subchart's Chart.yaml packages the subchart: %+v %v", sub, err)
	}
}

func TestPackageChartErrors(t *testing.T) {
	w, folder := workspaceOf(t, "fixes")
	dir := filepath.Join(folder, "fixes")
	ctx := context.Background()
	values := filepath.Join(dir, "values.yaml")
	snap := w.Open(values, 1, []byte("replicaCount: 2\n"))
	if _, err := packageChart(ctx, nil, snap, dir, packageOptions{}); err == nil || !strings.Contains(err.Error(), values+" has unsaved changes") {
		t.Errorf("unsaved buffer: %v", err)
	}
	text, _ := os.ReadFile(values)
	snap = w.Open(values, 2, text)
	writeFile(t, filepath.Join(dir, "Chart.yaml"), "apiVersion: v2\nname: fixes\nversion: one\n")
	if _, err := packageChart(ctx, nil, snap, dir, packageOptions{Destination: folder}); err == nil || !strings.Contains(err.Error(), `"one"`) {
		t.Errorf("broken chart: %v", err)
	}
	if entries, _ := filepath.Glob(filepath.Join(folder, "*.tgz")); len(entries) > 0 {
		t.Errorf("a failure left %v", entries)
	}
	if _, err := packageChart(ctx, nil, snap, folder, packageOptions{}); !errors.As(err, new(argError)) {
		t.Errorf("no chart: %v", err)
	}
	if _, err := packageChart(ctx, nil, snap, dir, packageOptions{Sign: &signOptions{Keyring: "x"}}); !errors.As(err, new(argError)) {
		t.Errorf("sign without key: %v", err)
	}
}

// Signing reads the passphrase from passphraseFile only.
func TestPackageChartSigned(t *testing.T) {
	w, folder := workspaceOf(t, "fixes")
	dir := filepath.Join(folder, "fixes")
	key, err := openpgp.NewEntity("Chart Signer", "", "signer@example.com", &packet.Config{Algorithm: packet.PubKeyAlgoEdDSA})
	if err != nil {
		t.Fatal(err)
	}
	if err := key.EncryptPrivateKeys([]byte("pass phrase"), nil); err != nil {
		t.Fatal(err)
	}
	keys := t.TempDir()
	ring, err := os.Create(filepath.Join(keys, "secring.gpg"))
	if err != nil {
		t.Fatal(err)
	}
	key.SerializePrivateWithoutSigning(ring, nil)
	ring.Close()
	writeFile(t, filepath.Join(keys, "pass"), "pass phrase\n")
	sign := &signOptions{Key: "Chart Signer", Keyring: filepath.Join(keys, "secring.gpg")}
	ctx := context.Background()
	_, err = packageChart(ctx, nil, w.Snapshot(), dir, packageOptions{Sign: sign})
	if !errors.Is(err, chart.ErrNoPassphrase) || !strings.Contains(err.Error(), "sign.passphraseFile") {
		t.Errorf("encrypted key without passphrase file: %v", err)
	}
	sign.PassphraseFile = "-"
	if _, err = packageChart(ctx, nil, w.Snapshot(), dir, packageOptions{Sign: sign}); !errors.Is(err, chart.ErrNoStdin) {
		t.Errorf("passphrase from standard input: %v", err)
	}
	sign.PassphraseFile = filepath.Join(keys, "pass")
	got, err := packageChart(ctx, nil, w.Snapshot(), dir, packageOptions{Sign: sign})
	if err != nil {
		t.Fatal(err)
	}
	v, err := chart.VerifyArchive(got.Path, openpgp.EntityList{key})
	if err != nil || v.FileHash != got.Digest {
		t.Errorf("verify: %+v %v; digest %s", v, err, got.Digest)
	}
}

func TestIndexRepository(t *testing.T) {
	w, folder := workspaceOf(t, "fixes")
	repoDir := filepath.Join(folder, "repo")
	ctx := context.Background()
	for _, v := range []string{"0.1.0", "0.2.0"} {
		if _, err := packageChart(ctx, nil, w.Snapshot(), filepath.Join(folder, "fixes"), packageOptions{Destination: repoDir}); err != nil {
			t.Fatal(err)
		}
		if v == "0.1.0" {
			writeFile(t, filepath.Join(folder, "fixes", "Chart.yaml"), strings.Replace(readString(t, filepath.Join(folder, "fixes", "Chart.yaml")), "version: 0.1.0", "version: 0.2.0", 1))
		}
	}
	writeFile(t, filepath.Join(repoDir, "junk.tgz"), "junk")
	res, err := indexRepository(ctx, nil, w.Snapshot(), repoDir, indexOptions{URL: "https://charts.example.com"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Path != filepath.Join(repoDir, "index.yaml") || res.Entries != 2 || len(res.Skipped) != 1 {
		t.Errorf("result %+v", res)
	}
	first, _, err := chart.LoadIndexFile(res.Path)
	if err != nil || first.Entries["fixes"][0].URLs[0] != "https://charts.example.com/fixes-0.2.0.tgz" {
		t.Fatalf("index: %v %+v", err, first)
	}
	if _, err := indexRepository(ctx, nil, w.Snapshot(), repoDir, indexOptions{Merge: "index.yaml"}); err != nil {
		t.Fatal(err)
	}
	again, _, _ := chart.LoadIndexFile(res.Path)
	if !again.Entries["fixes"][1].Created.Equal(first.Entries["fixes"][1].Created) {
		t.Error("indexing again changed an unchanged archive's created time")
	}
	if _, err := indexRepository(ctx, nil, w.Snapshot(), res.Path, indexOptions{}); !errors.As(err, new(argError)) {
		t.Errorf("a file: %v", err)
	}
}

func readString(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// BenchmarkRenderPreview renders kube-prometheus-stack as the preview
// does; BenchmarkTemplateCLI as `chartwright template -o json` does, from
// a loaded chart: the preview should cost about the same.
func BenchmarkRenderPreview(b *testing.B) {
	dir := corpus.ChartPath(b, corpus.Dir(b), "prometheus-community__kube-prometheus-stack")
	w := cache.NewWorkspace(rules.All())
	snap := w.SetFolders([]string{filepath.Dir(dir)})
	if l := snap.Root(dir).Load(); l.Err != nil {
		b.Fatal(l.Err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := renderPreview(context.Background(), nil, snap, dir, previewOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkTemplateCLI(b *testing.B) {
	dir := corpus.ChartPath(b, corpus.Dir(b), "prometheus-community__kube-prometheus-stack")
	c, err := chart.Load(dir, chart.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		rel, err := render.TemplateWith(context.Background(), c, values.Flags{}, os.ReadFile, render.Options{SourceMap: true})
		if err != nil {
			b.Fatal(err)
		}
		var text strings.Builder
		rel.Write(&text, render.WriteOptions{})
		rel.JSONDocuments(render.WriteOptions{})
	}
}

// The preview of corpus charts is chartwright template's text: charts
// assembled from symbolic links, with subcharts, library charts and
// archives. Lines with random content (generated passwords) are those two
// renders of the CLI disagree on; they are left out.
func TestRenderPreviewCorpus(t *testing.T) {
	dir := corpus.Dir(t)
	for _, name := range []string{"prometheus-community__kube-prometheus-stack", "bitnami__redis"} {
		path := corpus.ChartPath(t, dir, name)
		w := cache.NewWorkspace(rules.All())
		snap := w.SetFolders([]string{filepath.Dir(path)})
		res, err := renderPreview(context.Background(), nil, snap, path, previewOptions{})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		first, wantDocs := cliTemplate(t, path, false, values.Flags{})
		second, _ := cliTemplate(t, path, false, values.Flags{})
		got, want, again := strings.Split(res.Text, "\n"), strings.Split(first, "\n"), strings.Split(second, "\n")
		if len(got) != len(want) || len(want) != len(again) {
			t.Fatalf("%s: %d lines, chartwright template gives %d and %d", name, len(got), len(want), len(again))
		}
		for i := range got {
			if want[i] == again[i] && got[i] != want[i] {
				t.Errorf("%s: line %d is %q, want %q", name, i+1, got[i], want[i])
			}
		}
		if len(res.Documents) != len(wantDocs) {
			t.Errorf("%s: %d documents, want %d", name, len(res.Documents), len(wantDocs))
		}
	}
}
