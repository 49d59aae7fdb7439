package main

import (
	"slices"
	"testing"

	"github.com/spf13/pflag"
)

// TestInstallFlags parses helm install's flags as helm template takes
// them and checks what each Helm version says before rendering: notices in
// Helm's order, or the error of a flag or value it refuses.
func TestInstallFlags(t *testing.T) {
	tests := []struct {
		args    []string
		helm3   bool
		notices []string
		err     string
	}{
		{args: []string{"--create-namespace", "--wait", "--timeout=1m", "-l", "a=b", "--version", "1.0.0"}},
		{args: []string{"--create-namespace", "--wait"}, helm3: true},
		{args: []string{"--atomic", "--wait=false", "--hide-notes"}, notices: []string{
			`level=WARN msg="--wait=false is deprecated (boolean value) and can be replaced with --wait=hookOnly"`,
			"Flag --atomic has been deprecated, use --rollback-on-failure instead",
			"Flag --hide-notes has been deprecated, this flag has no effect for 'helm template' and will be removed in Helm 5",
		}},
		{args: []string{"--atomic", "--wait=false", "--hide-notes"}, helm3: true},
		{args: []string{"--dry-run", "--force"}, notices: []string{
			"Flag --force has been deprecated, use --force-replace instead",
			`level=WARN msg="--dry-run is deprecated and should be replaced with '--dry-run=client'"`,
		}},
		{args: []string{"--dry-run=true"}, notices: []string{`level=WARN msg="boolean '--dry-run=true' flag is deprecated and must be replaced with '--dry-run=client'"`}},
		{args: []string{"--dry-run=client", "--wait=legacy", "--rollback-on-failure"}},
		{args: []string{"--rollback-on-failure"}, helm3: true, err: "unknown flag: --rollback-on-failure"},
		{args: []string{"--wait=legacy"}, helm3: true, err: `invalid argument "legacy" for "--wait" flag: strconv.ParseBool: parsing "legacy": invalid syntax`},
		{args: []string{"--wait=1"}, err: `invalid argument "1" for "--wait" flag: invalid wait input "1". Valid inputs are watcher, hookOnly, and legacy`},
		{args: []string{"--dry-run=none"}, err: `invalid dry-run value ("none"). Must be "server" or "client"`},
		{args: []string{"--dry-run=none"}, helm3: true},
		{args: []string{"--dry-run=bad"}, err: `invalid dry-run value ("bad"). Must be "none", "server", or "client"`},
		{args: []string{"--dry-run=bad"}, helm3: true, err: "Invalid dry-run flag. Flag must one of the following: false, true, none, client, server"},
		{args: []string{"--dry-run=server"}, err: "--dry-run=server validates against a Kubernetes cluster, which chartwright does not talk to"},
	}
	for _, tt := range tests {
		var f installFlags
		fs := pflag.NewFlagSet("template", pflag.ContinueOnError)
		f.register(fs)
		if err := fs.Parse(tt.args); err != nil {
			t.Fatalf("%v: %v", tt.args, err)
		}
		notices, err := f.check(tt.helm3)
		gotErr := ""
		if err != nil {
			gotErr = err.Error()
		}
		if gotErr != tt.err || !slices.Equal(notices, tt.notices) {
			t.Errorf("%v (Helm 3: %v): notices %q, error %q; want %q, %q", tt.args, tt.helm3, notices, gotErr, tt.notices, tt.err)
		}
	}
}

// TestReleaseNameFlag checks that --release-name is the one install flag
// that changes the render: --output-dir writes under the release's name.
func TestReleaseNameFlag(t *testing.T) {
	var f installFlags
	fs := pflag.NewFlagSet("template", pflag.ContinueOnError)
	f.register(fs)
	if err := fs.Parse([]string{"--release-name", "--labels", "a=b"}); err != nil {
		t.Fatal(err)
	}
	if !f.releaseNameDir || !slices.Equal(f.given, []string{"release-name", "labels"}) {
		t.Errorf("release name folder %v, flags given %q", f.releaseNameDir, f.given)
	}
	if fl := fs.Lookup("release-name"); !fl.Hidden {
		t.Error("the install flags show in help")
	}
}
