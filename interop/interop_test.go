package interop

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ProtonMail/go-crypto/openpgp"
	"github.com/ProtonMail/go-crypto/openpgp/packet"
	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/chart/repo"
	helmchart "helm.sh/helm/v4/pkg/chart/v2"
	helmloader "helm.sh/helm/v4/pkg/chart/v2/loader"
	helmutil "helm.sh/helm/v4/pkg/chart/v2/util"
	"helm.sh/helm/v4/pkg/downloader"
	"helm.sh/helm/v4/pkg/getter"
	"helm.sh/helm/v4/pkg/provenance"
	helmrepo "helm.sh/helm/v4/pkg/repo/v1"
	"sigs.k8s.io/yaml"
)

// corpusCharts returns the INDEX_CHARTS chart directories of
// ../../shared/corpus (the corpus beside the repository), skipping loudly
// when it is absent and failing under CI.
func corpusCharts(t *testing.T) []string {
	t.Helper()
	corpus, err := filepath.Abs(filepath.Join("..", "..", "shared", "corpus"))
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(corpus, "INDEX_CHARTS"))
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("corpus missing at %s: %v", corpus, err)
		}
		t.Skipf("SKIPPED: corpus missing at %s (%v)", corpus, err)
	}
	var dirs []string
	for _, name := range strings.Fields(string(data)) {
		dirs = append(dirs, filepath.Join(corpus, "charts", name))
	}
	return dirs
}

// localChart writes a small chart exercising a dependency, a lock, a
// schema, a .helmignore and an ignored file.
func localChart(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "local")
	files := map[string]string{
		"Chart.yaml":              "apiVersion: v2\nname: local\nversion: 0.3.0\nappVersion: \"1.0\"\ndependencies:\n- name: sub\n  version: 0.1.0\n  repository: file://charts/sub\n",
		"Chart.lock":              "dependencies:\n- name: sub\n  repository: file://charts/sub\n  version: 0.1.0\ndigest: sha256:0\ngenerated: \"2024-01-01T00:00:00Z\"\n",
		"values.yaml":             "image: nginx # a comment\n",
		"values.schema.json":      `{"type":"object"}`,
		".helmignore":             "*.bak\n",
		"old.bak":                 "ignored",
		"templates/cm.yaml":       "kind: ConfigMap\n",
		"templates/_helpers.tpl":  "{{- define \"x\" }}x{{ end }}\n",
		"crds/crd.yaml":           "kind: CustomResourceDefinition\n",
		"charts/sub/Chart.yaml":   "apiVersion: v2\nname: sub\nversion: 0.1.0\n",
		"charts/sub/values.yaml":  "a: 1\n",
		"charts/sub/templates/s":  "s\n",
		"charts/sub/README.md":    "sub\n",
		"charts/sub/.helmignore":  "README.md\n",
		"charts/sub/x/nested.txt": "n\n",
	}
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// describe flattens what Helm loaded into comparable lines.
func describe(c *helmchart.Chart, prefix string) []string {
	md, _ := json.Marshal(c.Metadata)
	lock, _ := json.Marshal(c.Lock)
	values, _ := json.Marshal(c.Values)
	out := []string{prefix + "metadata " + string(md), prefix + "lock " + string(lock), prefix + "values " + string(values), prefix + "schema " + string(c.Schema)}
	for _, f := range c.Templates {
		out = append(out, prefix+"template "+f.Name+" "+chart.Digest(f.Data))
	}
	for _, f := range c.Files {
		out = append(out, prefix+"file "+f.Name+" "+chart.Digest(f.Data))
	}
	deps := c.Dependencies()
	slices.SortFunc(deps, func(a, b *helmchart.Chart) int { return strings.Compare(a.Name(), b.Name()) })
	for _, d := range deps {
		out = append(out, describe(d, prefix+d.Name()+"/")...)
	}
	return out
}

func diff(want, got []string) string {
	var b strings.Builder
	for i := 0; i < max(len(want), len(got)); i++ {
		var w, g string
		if i < len(want) {
			w = want[i]
		}
		if i < len(got) {
			g = got[i]
		}
		if w != g {
			fmt.Fprintf(&b, "-%s\n+%s\n", w, g)
		}
	}
	return b.String()
}

// TestHelmLoadsOurArchives: Helm loads each archive we write as the same
// chart as the directory, and with SOURCE_DATE_EPOCH Helm's own packaging
// gives the same bytes (charts with at most one subchart: Helm orders
// several by map iteration).
func TestHelmLoadsOurArchives(t *testing.T) {
	dirs := append(corpusCharts(t), localChart(t))
	epoch := time.Unix(1700000000, 0)
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			ours, err := chart.PackageDir(dir, t.TempDir(), chart.PackageOptions{Epoch: &epoch})
			if err != nil {
				t.Fatal(err)
			}
			fromArchive, err := helmloader.Load(ours)
			if err != nil {
				t.Fatalf("helm cannot load our archive: %v", err)
			}
			fromDir, err := helmloader.Load(dir)
			if err != nil {
				t.Fatal(err)
			}
			fromDir.StampModTimes(epoch) // what SOURCE_DATE_EPOCH does to Chart.lock's generated time
			if d := diff(describe(fromDir, ""), describe(fromArchive, "")); d != "" {
				t.Errorf("helm loads our archive differently from the directory:\n%s", d)
			}
			if len(fromDir.Dependencies()) > 1 {
				return
			}
			compareWithHelmsArchive(t, ours, fromDir)
		})
	}
}

// compareWithHelmsArchive fails unless the archive at ours is, byte for
// byte, the one Helm's Save writes of the chart it loaded (its times
// stamped as SOURCE_DATE_EPOCH stamps them).
func compareWithHelmsArchive(t *testing.T, ours string, loaded *helmchart.Chart) {
	t.Helper()
	theirs, err := helmutil.Save(loaded, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	a, _ := os.ReadFile(ours)
	b, _ := os.ReadFile(theirs)
	if !bytes.Equal(a, b) {
		t.Errorf("archive differs from helm's with the same SOURCE_DATE_EPOCH (%d vs %d bytes)", len(a), len(b))
	}
}

// TestWeLoadHelmsArchives: we load an archive Helm wrote as the same chart
// as the directory.
func TestWeLoadHelmsArchives(t *testing.T) {
	for _, dir := range append(corpusCharts(t), localChart(t)) {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			hc, err := helmloader.Load(dir)
			if err != nil {
				t.Fatal(err)
			}
			theirs, err := helmutil.Save(hc, t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			fromArchive, err := chart.LoadArchiveFile(theirs, chart.Options{})
			if err != nil {
				t.Fatalf("we cannot load helm's archive: %v", err)
			}
			fromDir, err := chart.Load(dir, chart.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if d := diff(ourDescription(fromDir, ""), ourDescription(fromArchive, "")); d != "" {
				t.Errorf("helm's archive loads differently from the directory:\n%s", d)
			}
		})
	}
}

func ourDescription(c *chart.Chart, prefix string) []string {
	md, _ := json.Marshal(c.Metadata)
	values, _ := json.Marshal(c.Values)
	out := []string{prefix + "metadata " + string(md), prefix + "values " + string(values), prefix + "schema " + string(c.Schema)}
	for _, f := range append(slices.Clone(c.Templates), c.Files...) {
		out = append(out, prefix+"file "+f.Name+" "+chart.Digest(f.Data))
	}
	for _, s := range c.Subcharts {
		out = append(out, ourDescription(s, prefix+s.Name()+"/")...)
	}
	return out
}

type keys struct {
	entity           *openpgp.Entity
	secring, pubring string
}

func newKeys(t *testing.T) keys {
	t.Helper()
	e, err := openpgp.NewEntity("Interop Signer", "", "interop@example.com", &packet.Config{Algorithm: packet.PubKeyAlgoEdDSA})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	k := keys{entity: e, secring: filepath.Join(dir, "secring.gpg"), pubring: filepath.Join(dir, "pubring.gpg")}
	var sec, pub bytes.Buffer
	if err := e.SerializePrivate(&sec, nil); err != nil {
		t.Fatal(err)
	}
	if err := e.Serialize(&pub); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(k.secring, sec.Bytes(), 0o600)
	os.WriteFile(k.pubring, pub.Bytes(), 0o644)
	return k
}

// TestProvenanceBothWays: Helm verifies our .prov; we verify Helm's.
func TestProvenanceBothWays(t *testing.T) {
	k := newKeys(t)
	path, err := chart.PackageDir(localChart(t), t.TempDir(), chart.PackageOptions{})
	if err != nil {
		t.Fatal(err)
	}
	archive, _ := os.ReadFile(path)
	name := filepath.Base(path)
	ours, err := chart.Sign(archive, name, k.entity)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(path+".prov", ours, 0o644)
	if v, err := downloader.VerifyChart(path, path+".prov", k.pubring); err != nil {
		t.Errorf("helm rejects our .prov: %v", err)
	} else if v.FileHash != "sha256:"+chart.Digest(archive) {
		t.Errorf("helm verified hash %s", v.FileHash)
	}
	tampered := bytes.Replace(ours, []byte("name: local"), []byte("name: loca1"), 1)
	os.WriteFile(path+".prov", tampered, 0o644)
	if _, err := downloader.VerifyChart(path, path+".prov", k.pubring); err == nil {
		t.Error("helm accepted a tampered .prov")
	}

	signer, err := provenance.NewFromKeyring(k.secring, "Interop Signer")
	if err != nil {
		t.Fatal(err)
	}
	hc, err := helmloader.LoadArchive(bytes.NewReader(archive))
	if err != nil {
		t.Fatal(err)
	}
	mdYAML, err := yaml.Marshal(hc.Metadata) // as helm package --sign does
	if err != nil {
		t.Fatal(err)
	}
	theirs, err := signer.ClearSign(archive, name, mdYAML)
	if err != nil {
		t.Fatal(err)
	}
	ring, err := chart.LoadKeyring(k.pubring)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := chart.Verify(archive, []byte(theirs), name, ring); err != nil {
		t.Errorf("we reject helm's .prov: %v", err)
	}
	if _, err := chart.Verify(append(archive, 0), []byte(theirs), name, ring); err == nil {
		t.Error("we accepted helm's .prov for a changed archive")
	}
}

var shapes = []struct {
	re   *regexp.Regexp
	repl string
}{
	{regexp.MustCompile(`"\d{4}-\d\d-\d\dT[0-9:.]+(Z|[+-]\d\d:\d\d)"`), `"<time>"`},
}

func byShape(s string) string {
	for _, sh := range shapes {
		s = sh.re.ReplaceAllString(s, sh.repl)
	}
	return s
}

// TestIndexBothWays: Helm parses our index.yaml (and --json), which equals
// Helm's own by shape; we parse Helm's.
func TestIndexBothWays(t *testing.T) {
	dir := t.TempDir()
	for _, src := range append(corpusCharts(t), localChart(t)) {
		if _, err := chart.PackageDir(src, dir, chart.PackageOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	os.MkdirAll(filepath.Join(dir, "old"), 0o755)
	if _, err := chart.PackageDir(localChart(t), filepath.Join(dir, "old"), chart.PackageOptions{Version: "0.2.0"}); err != nil {
		t.Fatal(err)
	}
	for _, asJSON := range []bool{false, true} {
		if _, _, err := repo.UpdateIndex(dir, repo.IndexOptions{URL: "https://charts.example.com/x", JSON: asJSON}); err != nil {
			t.Fatal(err)
		}
		ours, _ := os.ReadFile(filepath.Join(dir, "index.yaml"))
		hi, err := helmrepo.LoadIndexFile(filepath.Join(dir, "index.yaml"))
		if err != nil {
			t.Fatalf("helm cannot load our index (json %v): %v", asJSON, err)
		}
		if len(hi.Entries["local"]) != 2 || hi.Entries["local"][1].URLs[0] != "https://charts.example.com/x/old/local-0.2.0.tgz" {
			t.Errorf("helm reads our index as %+v", hi.Entries["local"])
		}
		theirsIdx, err := helmrepo.IndexDirectory(dir, "https://charts.example.com/x")
		if err != nil {
			t.Fatal(err)
		}
		theirsIdx.SortEntries()
		out := filepath.Join(t.TempDir(), "index")
		if asJSON {
			err = theirsIdx.WriteJSONFile(out, 0o644)
		} else {
			err = theirsIdx.WriteFile(out, 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
		theirs, _ := os.ReadFile(out)
		if d := diff(strings.Split(byShape(string(theirs)), "\n"), strings.Split(byShape(string(ours)), "\n")); d != "" {
			t.Errorf("index (json %v) differs from helm's by shape:\n%s", asJSON, d)
		}
		ourView, _, err := chart.LoadIndexFile(out)
		if err != nil || len(ourView.Entries) != len(hi.Entries) {
			t.Errorf("we read helm's index: %v", err)
		}
	}
}

// TestHelmPullsFromServe: `helm repo add` + `helm pull --verify` against
// chartwright's server over loopback.
func TestHelmPullsFromServe(t *testing.T) {
	k := newKeys(t)
	s, err := repo.NewServer(repo.ServerOptions{Dir: t.TempDir(), Upload: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ts := httptest.NewServer(s) // 127.0.0.1
	defer ts.Close()

	path, err := chart.PackageDir(localChart(t), t.TempDir(), chart.PackageOptions{})
	if err != nil {
		t.Fatal(err)
	}
	archive, _ := os.ReadFile(path)
	prov, err := chart.Sign(archive, filepath.Base(path), k.entity)
	if err != nil {
		t.Fatal(err)
	}
	body, ctype := form(t, archive, prov)
	resp, err := http.Post(ts.URL+"/api/charts", ctype, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	msg, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("upload: %d %s", resp.StatusCode, msg)
	}

	getters := getter.Providers{{Schemes: []string{"http", "https"}, New: getter.NewHTTPGetter}}
	home := t.TempDir()
	reposFile, cache := filepath.Join(home, "repositories.yaml"), filepath.Join(home, "cache")
	entry := &helmrepo.Entry{Name: "cw", URL: ts.URL}
	cr, err := helmrepo.NewChartRepository(entry, getters)
	if err != nil {
		t.Fatal(err)
	}
	cr.CachePath = cache
	if _, err := cr.DownloadIndexFile(); err != nil {
		t.Fatalf("helm repo add: %v", err)
	}
	rf := helmrepo.NewFile()
	rf.Add(entry)
	if err := rf.WriteFile(reposFile, 0o644); err != nil {
		t.Fatal(err)
	}
	dl := downloader.ChartDownloader{
		Out: io.Discard, Verify: downloader.VerifyAlways, Keyring: k.pubring, Getters: getters,
		RepositoryConfig: reposFile, RepositoryCache: cache, ContentCache: filepath.Join(home, "content"),
	}
	dest := t.TempDir()
	got, v, err := dl.DownloadTo("cw/local", "^0.3", dest)
	if err != nil {
		t.Fatalf("helm pull --verify: %v", err)
	}
	data, _ := os.ReadFile(got)
	if !bytes.Equal(data, archive) || v == nil || v.FileHash != "sha256:"+chart.Digest(archive) {
		t.Errorf("pulled archive differs from the upload (verification %+v)", v)
	}
}

// TestHelmRepoAddWithCredentials: with credentials configured, reads need
// them, and `helm repo add --username --password` sends them.
func TestHelmRepoAddWithCredentials(t *testing.T) {
	s, err := repo.NewServer(repo.ServerOptions{Dir: t.TempDir(), Auth: &repo.Credentials{Username: "ci", Password: "pw"}})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ts := httptest.NewServer(s)
	defer ts.Close()
	getters := getter.Providers{{Schemes: []string{"http", "https"}, New: getter.NewHTTPGetter}}
	for _, tc := range []struct {
		user, pass string
		ok         bool
	}{{"", "", false}, {"ci", "wrong", false}, {"ci", "pw", true}} {
		cr, err := helmrepo.NewChartRepository(&helmrepo.Entry{Name: "cw", URL: ts.URL, Username: tc.user, Password: tc.pass}, getters)
		if err != nil {
			t.Fatal(err)
		}
		cr.CachePath = t.TempDir()
		if _, err := cr.DownloadIndexFile(); (err == nil) != tc.ok {
			t.Errorf("helm repo add --username %q --password %q: %v", tc.user, tc.pass, err)
		}
	}
}

// form builds the multipart body helm cm-push sends.
func form(t *testing.T, archive, prov []byte) ([]byte, string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for field, data := range map[string][]byte{"chart": archive, "prov": prov} {
		w, err := mw.CreateFormFile(field, field)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	mw.Close()
	return b.Bytes(), mw.FormDataContentType()
}

// TestLocksPackagedAsHelm packages charts whose Chart.lock is empty, a
// comment, null or an empty mapping: Helm's loader reads the first three as
// no lock, which its archive then leaves out; ours must be byte for byte
// Helm's.
func TestLocksPackagedAsHelm(t *testing.T) {
	epoch := time.Unix(1700000000, 0)
	for name, lock := range map[string]string{"empty": "", "newline": "\n", "comment": "# none\n", "null": "null\n", "mapping": "{}\n"} {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "locked")
			files := map[string]string{
				"Chart.yaml":  "apiVersion: v2\nname: locked\nversion: 0.1.0\n",
				"values.yaml": "a: 1\n",
				"Chart.lock":  lock,
			}
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			for file, text := range files {
				if err := os.WriteFile(filepath.Join(dir, file), []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			ours, err := chart.PackageDir(dir, t.TempDir(), chart.PackageOptions{Epoch: &epoch})
			if err != nil {
				t.Fatal(err)
			}
			fromDir, err := helmloader.Load(dir)
			if err != nil {
				t.Fatal(err)
			}
			fromDir.StampModTimes(epoch)
			compareWithHelmsArchive(t, ours, fromDir)
		})
	}
}
