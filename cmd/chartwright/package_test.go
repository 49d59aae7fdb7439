package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chartwright/chartwright/internal/testfs"

	"github.com/ProtonMail/go-crypto/openpgp"
	"github.com/ProtonMail/go-crypto/openpgp/packet"
	"github.com/chartwright/chartwright/chart"
)

// writeFiles writes name → content under dir.
func writeFiles(t *testing.T, dir string, files map[string]string) string {
	t.Helper()
	return testfs.Write(t, dir, files)
}

func demoChart(t *testing.T, name, version string, extra ...string) string {
	t.Helper()
	chartYAML := fmt.Sprintf("apiVersion: v2\nname: %s\nversion: %s\n", name, version) + strings.Join(extra, "")
	return writeFiles(t, filepath.Join(t.TempDir(), name), map[string]string{
		"Chart.yaml": chartYAML, "values.yaml": "a: 1\n", "templates/cm.yaml": "kind: ConfigMap\n",
	})
}

type result struct {
	code           int
	stdout, stderr string
}

// call runs `chartwright command args...`.
func call(command string, args ...string) result {
	return callArgs(append([]string{command}, args...)...)
}

func TestCommandsHelpAndUsageErrors(t *testing.T) {
	for _, name := range []string{"package", "verify", "index", "serve"} {
		if r := call(name, "--help"); r.code != 0 || !strings.Contains(r.stdout, "Usage:\n  chartwright "+name) {
			t.Errorf("%s --help: %+v", name, r)
		}
		if r := call(name, "--no-such-flag"); r.code != 2 || !strings.Contains(r.stderr, "unknown flag: --no-such-flag") {
			t.Errorf("%s --no-such-flag: %+v", name, r)
		}
	}
	for _, tc := range []struct {
		cmd  string
		args []string
		want string
	}{
		{"package", nil, "need at least one argument"},
		{"package", []string{"x", "--sign"}, "--key is required"},
		{"package", []string{"x", "--helm", "2"}, "--helm must be 3 or 4"},
		{"verify", nil, "exactly one argument"},
		{"index", []string{"a", "b"}, "exactly one argument"},
		{"serve", []string{"a", "b"}, "at most one argument"},
	} {
		if r := call(tc.cmd, tc.args...); r.code != 2 || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%v: %+v, want exit 2 and %q", tc.args, r, tc.want)
		}
	}
}

func TestPackageReproducibleCommand(t *testing.T) {
	src := demoChart(t, "demo", "1.0.0")
	var sums []string
	for i := range 2 {
		// A different source time each run, as on another machine.
		when := time.Now().Add(time.Duration(i) * time.Hour)
		os.Chtimes(filepath.Join(src, "values.yaml"), when, when)
		dest := t.TempDir()
		r := call("package", src, "--reproducible", "-d", dest)
		if r.code != 0 {
			t.Fatalf("package: %+v", r)
		}
		want := "Successfully packaged chart and saved it to: " + filepath.Join(dest, "demo-1.0.0.tgz") + "\n"
		if r.stdout != want {
			t.Errorf("stdout %q, want %q", r.stdout, want)
		}
		data, err := os.ReadFile(filepath.Join(dest, "demo-1.0.0.tgz"))
		if err != nil {
			t.Fatal(err)
		}
		sums = append(sums, chart.Digest(data))
		if i == 0 {
			time.Sleep(1100 * time.Millisecond) // a later second: packaging time must not leak in
		}
	}
	if sums[0] != sums[1] {
		t.Errorf("--reproducible gave different archives: %v", sums)
	}
	t.Setenv("SOURCE_DATE_EPOCH", "1700000000")
	dest := t.TempDir()
	if r := call("package", src, "-d", dest, "--version", "1.0.1", "--app-version", "2"); r.code != 0 {
		t.Fatalf("package with SOURCE_DATE_EPOCH: %+v", r)
	}
	c, err := chart.LoadArchiveFile(filepath.Join(dest, "demo-1.0.1.tgz"), chart.Options{})
	if err != nil || c.Metadata.AppVersion != "2" || !c.ModTimes["Chart.yaml"].Equal(time.Unix(1700000000, 0)) {
		t.Errorf("archive: %v, appVersion %q, Chart.yaml time %v", err, c.Metadata.AppVersion, c.ModTimes["Chart.yaml"])
	}
	t.Setenv("SOURCE_DATE_EPOCH", "yesterday")
	if r := call("package", src, "-d", dest); r.code != 2 || !strings.Contains(r.stderr, "invalid SOURCE_DATE_EPOCH") {
		t.Errorf("bad SOURCE_DATE_EPOCH: %+v", r)
	}
}

func TestPackageErrors(t *testing.T) {
	dest := t.TempDir()
	bad := demoChart(t, "bad", "1.2.3.4")
	if r := call("package", bad, "-d", dest); r.code != 1 || !strings.Contains(r.stderr, `chart.metadata.version "1.2.3.4" is invalid`) {
		t.Errorf("invalid version: %+v", r)
	}
	if r := call("package", filepath.Join(dest, "missing"), "-d", dest); r.code != 1 || !strings.Contains(r.stderr, "no such file") {
		t.Errorf("missing chart: %+v", r)
	}
	// Helm's own words, as helm v4.3.1 and v3.22.0 print them: no prefix
	// of ours, the bare semver error, and for an archive Helm 4 opens
	// Chart.yaml inside it as if it were a folder.
	if r := call("package", bad, "-d", dest); r.stderr != "Error: validation: chart.metadata.version \"1.2.3.4\" is invalid\n" {
		t.Errorf("invalid version: stderr %q", r.stderr)
	}
	good := demoChart(t, "good", "1.0.0")
	if r := call("package", good, "--version", "notsemver", "-d", dest); r.stderr != "Error: invalid semantic version\n" {
		t.Errorf("--version notsemver: stderr %q", r.stderr)
	}
	archive := filepath.Join(t.TempDir(), "good-1.0.0.tgz")
	os.WriteFile(archive, []byte("not read"), 0o644)
	inside := filepath.Join(archive, "Chart.yaml")
	if r := call("package", archive, "-d", dest); r.stderr != "Error: unable to detect chart at "+inside+": open "+inside+": not a directory\n" {
		t.Errorf("an archive, Helm 4: stderr %q", r.stderr)
	}
	if r := call("package", "--helm", "3", archive, "-d", dest); r.stderr != "Error: Chart.yaml file is missing\n" {
		t.Errorf("an archive, Helm 3: stderr %q", r.stderr)
	}
	v3 := writeFiles(t, filepath.Join(t.TempDir(), "v3"), map[string]string{"Chart.yaml": "apiVersion: v3\nname: v3\nversion: 1.0.0\n"})
	if r := call("package", v3, "-d", dest); r.code != 1 || r.stderr != "Error: invalid chart apiVersion\n" {
		t.Errorf("an apiVersion v3 chart, Helm 4: %+v", r)
	}
	badSchema := demoChart(t, "badschema", "1.0.0")
	writeFiles(t, badSchema, map[string]string{"values.schema.json": "{\"type\":\n"})
	for helm, want := range map[string]string{"4": "invalid", "3": "Invalid"} {
		if r := call("package", "--helm", helm, badSchema, "-d", dest); r.stderr != "Error: failed to save: "+want+" JSON in values.schema.json\n" {
			t.Errorf("invalid values.schema.json, Helm %s: stderr %q", helm, r.stderr)
		}
	}
	// In the way of the archive: a folder of its name, a file for a folder.
	inTheWay := filepath.Join(t.TempDir(), "good-1.0.0.tgz")
	os.Mkdir(inTheWay, 0o755)
	if r := call("package", good, "-d", filepath.Dir(inTheWay)); r.stderr != "Error: failed to save: open "+inTheWay+": is a directory\n" {
		t.Errorf("a folder in the way: stderr %q", r.stderr)
	}
	under := filepath.Join(good, "values.yaml", "x")
	if r := call("package", good, "-d", under); r.stderr != "Error: failed to save: stat "+under+": stat "+under+": not a directory\n" {
		t.Errorf("a file in the way: stderr %q", r.stderr)
	}
	t.Chdir(dest)
	if r := call("package", good, "-d", ""); r.code != 0 || r.stdout != "Successfully packaged chart and saved it to: good-1.0.0.tgz\n" {
		t.Errorf("-d '' (the current folder, as helm package takes it): %+v", r)
	}
	os.Remove(filepath.Join(dest, "good-1.0.0.tgz"))
	if entries, _ := os.ReadDir(dest); len(entries) != 0 {
		t.Errorf("files left after failures: %v", entries)
	}
}

func TestSignAndVerifyCommands(t *testing.T) {
	key, err := openpgp.NewEntity("Chart Signer", "", "signer@example.com", &packet.Config{Algorithm: packet.PubKeyAlgoEdDSA})
	if err != nil {
		t.Fatal(err)
	}
	if err := key.EncryptPrivateKeys([]byte("pass phrase"), nil); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	secring, pubring, passFile := filepath.Join(dir, "secring.gpg"), filepath.Join(dir, "pubring.gpg"), filepath.Join(dir, "pass")
	var sec, pub bytes.Buffer
	if err := key.SerializePrivateWithoutSigning(&sec, nil); err != nil {
		t.Fatal(err)
	}
	key.Serialize(&pub)
	os.WriteFile(secring, sec.Bytes(), 0o600)
	os.WriteFile(pubring, pub.Bytes(), 0o644)
	os.WriteFile(passFile, []byte("pass phrase\n"), 0o600)

	src := demoChart(t, "demo", "1.0.0")
	archive := filepath.Join(dir, "demo-1.0.0.tgz")
	notKeys := filepath.Join(src, "values.yaml")
	// The exact ones are Helm's words, as helm v4.3.1 and v3.22.0 print them.
	for _, tc := range []struct {
		name  string
		args  []string
		want  string
		exact bool
	}{
		{"encrypted key without passphrase", []string{"--key", "Chart Signer", "--keyring", secring}, "--passphrase-file", false},
		{"missing keyring", []string{"--key", "Chart Signer", "--keyring", "nope.gpg"}, "Error: open nope.gpg: no such file or directory\n", true},
		{"not a keyring", []string{"--key", "Chart Signer", "--keyring", notKeys}, "Error: openpgp: invalid data: tag byte does not have MSB set\n", true},
		{"public keyring", []string{"--key", "Chart Signer", "--keyring", pubring}, "Error: provided key is not a private key. Try providing a keyring with secret keys\n", true},
		{"unknown key", []string{"--key", "Someone Else", "--keyring", secring}, "Error: private key not found\n", true},
	} {
		if tc.exact { // the chart's error comes first, as in Helm, which signs what it has packaged
			bad := demoChart(t, "demo", "1.0.0", "type: foo\n")
			if r := call("package", append([]string{bad, "-d", dir, "--sign"}, tc.args...)...); r.stderr != "Error: validation: chart.metadata.type must be application or library\n" {
				t.Errorf("%s, invalid chart: stderr %q", tc.name, r.stderr)
			}
		}
		r := call("package", append([]string{src, "-d", dir, "--sign"}, tc.args...)...)
		if r.code != 1 || !strings.Contains(r.stderr, tc.want) || tc.exact && r.stderr != tc.want {
			t.Errorf("%s: %+v, want exit 1 and %q", tc.name, r, tc.want)
		}
		if _, err := os.Stat(archive); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s: a failed package --sign left %s (%v)", tc.name, archive, err)
		}
	}
	if r := call("package", src, "-d", dir, "--sign", "--key", "Chart Signer", "--keyring", secring, "--passphrase-file", passFile); r.code != 0 {
		t.Fatalf("package --sign: %+v", r)
	}
	r := call("verify", archive, "--keyring", pubring)
	want := fmt.Sprintf("Signed by: Chart Signer <signer@example.com>\nUsing Key With Fingerprint: %X\nChart Hash Verified: sha256:", key.PrimaryKey.Fingerprint)
	if r.code != 0 || !strings.HasPrefix(r.stdout, want) {
		t.Errorf("verify: %+v\nwant prefix %q", r, want)
	}
	if r := call("verify", archive, "--keyring", notKeys); r.code != 1 || r.stderr != "Error: failed to load keyring: openpgp: invalid data: tag byte does not have MSB set\n" {
		t.Errorf("verify with a file that is not a keyring: %+v", r)
	}
	unsigned := filepath.Join(t.TempDir(), "demo-1.0.0.tgz")
	data, _ := os.ReadFile(archive)
	os.WriteFile(unsigned, data, 0o644)
	os.WriteFile(unsigned+".prov", []byte("garbage\n"), 0o644)
	if r := call("verify", unsigned, "--keyring", pubring); r.code != 1 || r.stderr != "Error: signature block not found\n" {
		t.Errorf("verify with a .prov that is not signed: %+v", r)
	}
	f, _ := os.OpenFile(archive, os.O_APPEND|os.O_WRONLY, 0)
	f.Write([]byte{0})
	f.Close()
	if r := call("verify", archive, "--keyring", pubring); r.code != 1 || !strings.Contains(r.stderr, "sha256 sum does not match for demo-1.0.0.tgz") {
		t.Errorf("verify of a changed archive: %+v", r)
	}
}

// TestVerifyMissing checks that verify names what is missing, as helm
// verify does, before it looks at the keyring (missing here too).
func TestVerifyMissing(t *testing.T) {
	dir := t.TempDir()
	noKeyring := filepath.Join(dir, "pubring.gpg")
	missing := filepath.Join(dir, "missing-1.0.0.tgz")
	unsigned := filepath.Join(dir, "unsigned-1.0.0.tgz")
	os.WriteFile(unsigned, []byte("not really an archive"), 0o644)
	for _, tc := range []struct{ archive, want string }{
		{missing, "Error: stat " + missing + ": no such file or directory\n"},
		{unsigned, "Error: could not load provenance file " + unsigned + ".prov: stat " + unsigned + ".prov: no such file or directory\n"},
	} {
		if r := call("verify", tc.archive, "--keyring", noKeyring); r.code != 1 || r.stderr != tc.want {
			t.Errorf("verify %s: %+v, want exit 1 and %q", tc.archive, r, tc.want)
		}
	}
}

func TestIndexCommand(t *testing.T) {
	dir := t.TempDir()
	for _, v := range []string{"1.0.0", "1.1.0"} {
		if r := call("package", demoChart(t, "demo", v), "-d", dir); r.code != 0 {
			t.Fatal(r)
		}
	}
	os.WriteFile(filepath.Join(dir, "junk.tgz"), []byte("junk"), 0o644)
	r := call("index", dir, "--url", "https://charts.example.com")
	if r.code != 0 || r.stdout != "" || !strings.Contains(r.stderr, "warning: skipped junk.tgz") {
		t.Fatalf("index: %+v", r)
	}
	idx, _, err := chart.LoadIndexFile(filepath.Join(dir, "index.yaml"))
	if err != nil || len(idx.Entries["demo"]) != 2 || idx.Entries["demo"][0].URLs[0] != "https://charts.example.com/demo-1.1.0.tgz" {
		t.Errorf("index: %v %+v", err, idx)
	}
	if r := call("index", dir, "--json"); r.code != 0 {
		t.Fatal(r)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "index.yaml")); !bytes.HasPrefix(data, []byte("{\n  \"apiVersion\": \"v1\",")) {
		t.Errorf("--json wrote %.40q", data)
	}
	if r := call("index", filepath.Join(dir, "nope")); r.code != 1 {
		t.Errorf("missing dir: %+v", r)
	}
}

// serve runs `chartwright serve args` until ctx ends; ready receives the
// address once the server listens.
func serve(ctx context.Context, args []string, stdout, stderr io.Writer, ready func(addr string)) int {
	return execute(ctx, newServeCmd(ready), args, stdout, stderr)
}

// startServe runs `chartwright serve` until the test ends and returns its URL.
func startServe(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	addrc := make(chan string, 1)
	done := make(chan result, 1)
	go func() {
		var out, errb bytes.Buffer
		code := serve(ctx, append(args, "--addr", "127.0.0.1:0"), &out, &errb, func(a string) { addrc <- a })
		done <- result{code, out.String(), errb.String()}
	}()
	t.Cleanup(func() {
		cancel()
		if r := <-done; r.code != 0 {
			t.Errorf("serve exited with %+v", r)
		}
	})
	select {
	case addr := <-addrc:
		return "http://" + addr
	case r := <-done:
		t.Fatalf("serve did not start: %+v", r)
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not start in 10s")
	}
	return ""
}

func TestServeAndDependencyUpdate(t *testing.T) {
	repoDir := t.TempDir()
	t.Setenv("CHARTWRIGHT_SERVE_TOKEN", "s3cret")
	url := startServe(t, repoDir, "--upload", "--anonymous-get") // dependency update reads without credentials
	webDir := t.TempDir()
	if r := call("package", demoChart(t, "web", "1.4.2"), "-d", webDir); r.code != 0 {
		t.Fatal(r)
	}
	archive, err := os.ReadFile(filepath.Join(webDir, "web-1.4.2.tgz"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		token  string
		status int
	}{{"", http.StatusUnauthorized}, {"s3cret", http.StatusCreated}} {
		req, _ := http.NewRequest(http.MethodPost, url+"/api/charts", bytes.NewReader(archive))
		if tc.token != "" {
			req.Header.Set("Authorization", "Bearer "+tc.token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tc.status {
			t.Errorf("upload with token %q: %d, want %d", tc.token, resp.StatusCode, tc.status)
		}
	}
	app := demoChart(t, "app", "0.1.0", "dependencies:\n- name: web\n  version: ^1.4.0\n  repository: "+url+"\n")
	dest := t.TempDir()
	if r := call("package", app, "-d", dest); r.code != 1 || !strings.Contains(r.stderr, "missing in charts/ directory: web") {
		t.Errorf("package without the dependency: %+v", r)
	}
	if r := call("package", app, "-d", dest, "--dependency-update"); r.code != 0 {
		t.Fatalf("package -u: %+v", r)
	}
	c, err := chart.LoadArchiveFile(filepath.Join(dest, "app-0.1.0.tgz"), chart.Options{})
	if err != nil || len(c.Subcharts) != 1 || c.Subcharts[0].Metadata.Version != "1.4.2" || c.Lock == nil {
		t.Errorf("packaged app: %v", err)
	}
}

func TestServeRefusesOpenUploadsBeyondLoopback(t *testing.T) {
	t.Setenv("CHARTWRIGHT_SERVE_TOKEN", "")
	r := call("serve", t.TempDir(), "--upload", "--addr", "0.0.0.0:0")
	if r.code != 1 || !strings.Contains(r.stderr, "refusing unauthenticated uploads") {
		t.Errorf("%+v", r)
	}
}

// TestSymbolicLinks: Helm logs every symbolic link it follows while it
// loads a chart folder, and fails on one that leads nowhere, even one that
// .helmignore leaves out (helm v4.3.1 and v3.22.0 print these lines).
func TestSymbolicLinks(t *testing.T) {
	dir := demoChart(t, "links", "1.0.0")
	os.WriteFile(filepath.Join(dir, "real.txt"), []byte("x\n"), 0o644)
	os.Symlink("real.txt", filepath.Join(dir, "link.txt"))
	link, real := filepath.Join(dir, "link.txt"), filepath.Join(dir, "real.txt")
	logged := map[string]string{
		"4": "level=INFO msg=\"found symbolic link in path. Contents of linked file included and used\" path=" + link + " resolved=" + real + "\n",
		"3": "walk.go:75: found symbolic link in path: " + link + " resolves to " + real + ". Contents of linked file included and used\n",
	}
	for helm, want := range logged {
		if r := call("package", "--helm", helm, dir, "-d", t.TempDir()); r.code != 0 || r.stderr != want {
			t.Errorf("package --helm %s: %+v, want stderr %q", helm, r, want)
		}
		if r := call("template", "--helm", helm, dir); r.code != 0 || r.stderr != want {
			t.Errorf("template --helm %s: %+v, want stderr %q", helm, r, want)
		}
	}
	os.Remove(real)
	os.WriteFile(filepath.Join(dir, ".helmignore"), []byte("link.txt\n"), 0o644)
	want := "Error: error evaluating symlink " + link + ": lstat " + real + ": no such file or directory\n"
	for _, args := range [][]string{{"package", dir, "-d", t.TempDir()}, {"template", dir}, {"template", "--helm", "3", dir}} {
		if r := call(args[0], args[1:]...); r.code != 1 || r.stderr != want {
			t.Errorf("%v with a link to nothing: %+v, want stderr %q", args, r, want)
		}
	}
}
