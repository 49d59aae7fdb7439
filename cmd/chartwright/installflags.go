package main

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/spf13/pflag"
)

// installFlags are the flags helm template shares with helm install: how
// to install, wait, fetch or record the release, which a render of a local
// chart without a cluster ignores. Scripts written for helm template pass
// them, so they are accepted (hidden) and their values checked as Helm
// checks them; --release-name is the one that changes the output (the
// folder --output-dir writes to).
type installFlags struct {
	// given are the names of the install flags given, in command-line order.
	given []string
	// wait and dryRun are as typed, or givenAlone for a flag without a
	// value: their meaning depends on the Helm version.
	wait, dryRun string
	// releaseNameDir is --release-name: --output-dir writes under a folder
	// named after the release.
	releaseNameDir bool
}

// givenAlone is the value of --wait or --dry-run given without one.
const givenAlone = "(given alone)"

// helm4OnlyInstallFlags are install flags that Helm 3 does not know.
var helm4OnlyInstallFlags = []string{"rollback-on-failure", "server-side", "force-conflicts", "force-replace"}

// helm4Deprecations are the install flags Helm 4 deprecates, with the
// reason its notice gives when one is used.
var helm4Deprecations = map[string]string{
	"atomic":                "use --rollback-on-failure instead",
	"force":                 "use --force-replace instead",
	"hide-notes":            "this flag has no effect for 'helm template' and will be removed in Helm 5",
	"render-subchart-notes": "this flag has no effect for 'helm template' and will be removed in Helm 5",
}

// register adds the install flags to fs, hidden, each recording its use.
func (f *installFlags) register(fs *pflag.FlagSet) {
	install := pflag.NewFlagSet("install", pflag.ContinueOnError)
	for _, name := range []string{"create-namespace", "dependency-update", "devel", "disable-openapi-validation",
		"insecure-skip-tls-verify", "pass-credentials", "plain-http", "replace", "skip-crds", "take-ownership",
		"wait-for-jobs", "atomic", "force", "hide-notes", "render-subchart-notes", "rollback-on-failure",
		"force-conflicts", "force-replace"} {
		install.Bool(name, false, "")
	}
	install.Bool("server-side", true, "")
	install.BoolVar(&f.releaseNameDir, "release-name", false, "")
	for _, name := range []string{"description", "keyring", "password", "username", "version"} {
		install.String(name, "", "")
	}
	install.StringArray("post-renderer-args", nil, "")
	install.StringToStringP("labels", "l", nil, "")
	install.Duration("timeout", 5*time.Minute, "")
	install.StringVar(&f.wait, "wait", "", "")
	install.StringVar(&f.dryRun, "dry-run", "", "")
	install.VisitAll(func(fl *pflag.Flag) {
		fl.Hidden = true
		fl.Value = recordedValue{fl.Value, fl.Name, &f.given}
		if fl.Name == "wait" || fl.Name == "dry-run" {
			fl.NoOptDefVal = givenAlone
		}
	})
	fs.AddFlagSet(install)
}

// recordedValue is a flag's value that records the flag's name when set.
type recordedValue struct {
	pflag.Value
	name  string
	given *[]string
}

func (v recordedValue) Set(s string) error {
	*v.given = append(*v.given, v.name)
	return v.Value.Set(s)
}

// IsBoolFlag keeps a boolean flag usable without a value.
func (v recordedValue) IsBoolFlag() bool {
	b, ok := v.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// check says what Helm (4, or 3) says of the install flags given before it
// renders: the notices it prints on stderr, in its order (the warning of a
// boolean --wait, the deprecated flags in command-line order, the warning
// of a --dry-run without a mode), or the error of a flag it does not know
// or of a value it refuses.
func (f *installFlags) check(helm3 bool) (notices []string, err error) {
	for _, name := range f.given {
		if helm3 && slices.Contains(helm4OnlyInstallFlags, name) {
			return nil, fmt.Errorf("unknown flag: --%s", name)
		}
	}
	var wait, dryRun string
	if slices.Contains(f.given, "wait") {
		if wait, err = checkWait(f.wait, helm3); err != nil {
			return nil, err
		}
	}
	if slices.Contains(f.given, "dry-run") {
		if dryRun, err = checkDryRun(f.dryRun, helm3); err != nil {
			return nil, err
		}
	}
	notices = appendNotice(notices, wait)
	for _, name := range f.given {
		if reason := helm4Deprecations[name]; reason != "" && !helm3 {
			notices = append(notices, fmt.Sprintf("Flag --%s has been deprecated, %s", name, reason))
		}
	}
	return appendNotice(notices, dryRun), nil
}

// appendNotice appends a notice unless it is empty.
func appendNotice(notices []string, notice string) []string {
	if notice == "" {
		return notices
	}
	return append(notices, notice)
}

// checkWait checks --wait as Helm parses it: a boolean in Helm 3; in
// Helm 4 a wait strategy, or a boolean it warns about.
func checkWait(value string, helm3 bool) (notice string, err error) {
	if value == givenAlone {
		return "", nil
	}
	if helm3 {
		if _, err := strconv.ParseBool(value); err != nil {
			return "", fmt.Errorf("invalid argument %q for \"--wait\" flag: %w", value, err)
		}
		return "", nil
	}
	switch value {
	case "watcher", "hookOnly", "legacy":
		return "", nil
	case "true":
		return `level=WARN msg="--wait=true is deprecated (boolean value) and can be replaced with --wait=watcher"`, nil
	case "false":
		return `level=WARN msg="--wait=false is deprecated (boolean value) and can be replaced with --wait=hookOnly"`, nil
	}
	return "", fmt.Errorf("invalid argument %q for \"--wait\" flag: invalid wait input %q. Valid inputs are watcher, hookOnly, and legacy", value, value)
}

// checkDryRun checks --dry-run as Helm does: client-side is what a
// template render is; server-side needs the cluster chartwright never
// talks to.
func checkDryRun(value string, helm3 bool) (notice string, err error) {
	if value == "server" {
		return "", errors.New("--dry-run=server validates against a Kubernetes cluster, which chartwright does not talk to")
	}
	if helm3 {
		switch value {
		case givenAlone, "", "false", "true", "none", "client":
			return "", nil
		}
		//lint:ignore ST1005 Helm 3's wording
		return "", errors.New("Invalid dry-run flag. Flag must one of the following: false, true, none, client, server")
	}
	switch value {
	case "client":
		return "", nil
	case givenAlone:
		return `level=WARN msg="--dry-run is deprecated and should be replaced with '--dry-run=client'"`, nil
	case "true":
		return `level=WARN msg="boolean '--dry-run=true' flag is deprecated and must be replaced with '--dry-run=client'"`, nil
	case "false", "none":
		return "", fmt.Errorf(`invalid dry-run value (%q). Must be "server" or "client"`, value)
	}
	return "", fmt.Errorf(`invalid dry-run value (%q). Must be "none", "server", or "client"`, value)
}
