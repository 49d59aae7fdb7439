package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// runAsMainEnv makes the test binary behave as chartwright (see TestMain),
// so that a shell can run it without a separate build.
const runAsMainEnv = "CHARTWRIGHT_TEST_RUN_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(runAsMainEnv) == "1" {
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	// Helm's namespace comes from the environment (see releaseNamespace);
	// the goldens were recorded in "default".
	os.Setenv("HELM_NAMESPACE", "")
	os.Setenv("HELM_KUBECONTEXT", "")
	os.Setenv("KUBECONFIG", os.DevNull)
	os.Exit(m.Run())
}

// TestRootHelp checks the root help: Helm's layout (Usage, Available
// Commands with their summaries, Flags) with every subcommand and the
// completion command listed.
func TestRootHelp(t *testing.T) {
	for _, args := range [][]string{nil, {"--help"}, {"help"}} {
		r := callArgs(args...)
		if r.code != 0 || r.stderr != "" {
			t.Fatalf("%q: %+v", args, r)
		}
		sections := []string{"\nUsage:\n  chartwright [command]\n", "\nAvailable Commands:\n", "\nFlags:\n  -h, --help   help for chartwright\n",
			"\nUse \"chartwright [command] --help\" for more information about a command.\n"}
		assertInOrder(t, r.stdout, sections)
		for _, c := range []string{"completion", "index", "lint", "lsp", "package", "serve", "template", "verify", "version"} {
			if !regexp.MustCompile(`(?m)^  ` + c + ` +\S`).MatchString(r.stdout) {
				t.Errorf("%q: no line for %s in\n%s", args, c, r.stdout)
			}
		}
	}
}

// TestLintHelp checks `lint --help` line by line where Helm's layout shows:
// a shorthand and its long name on one line, the type, the default.
func TestLintHelp(t *testing.T) {
	for _, args := range [][]string{{"lint", "--help"}, {"help", "lint"}, {"lint", "-h"}} {
		r := callArgs(args...)
		if r.code != 0 {
			t.Fatalf("%q: %+v", args, r)
		}
		assertInOrder(t, r.stdout, []string{"Lint charts:", "\n\nUsage:\n  chartwright lint [CHART|DIR ...] [flags]\n\nFlags:\n"})
		for _, line := range []string{
			`^  -f, --values strings +values file to merge \(repeatable\)$`,
			`^  -n, --namespace string +namespace of the release \(default \$HELM_NAMESPACE, else the kubeconfig context's, else "default"\)$`,
			`^      --set stringArray +set values on the command line`,
			`^      --helm int +Helm version whose lint to reproduce: 4 \(v4.3.1\) or 3 \(v3.22.0\) \(default 4\)$`,
			`^      --fail-on string +.*\(default "error"\)$`,
			`^  -h, --help +help for lint$`,
		} {
			if !regexp.MustCompile("(?m)" + line).MatchString(r.stdout) {
				t.Errorf("%q: no line matching %s in\n%s", args, line, r.stdout)
			}
		}
		if strings.Contains(r.stdout, "shorthand for") {
			t.Errorf("a shorthand has its own entry:\n%s", r.stdout)
		}
	}
}

// TestUsageErrors checks the did-you-mean hints and that every usage error
// exits 2, the status the README gives.
func TestUsageErrors(t *testing.T) {
	chartDir := fixture("chart-icon")
	tests := []struct {
		args []string
		want []string // in order, in stderr
	}{
		{[]string{"tempalte"}, []string{`Error: unknown command "tempalte" for "chartwright"`, "Did you mean this?\n\ttemplate\n", "Run 'chartwright --help' for usage."}},
		{[]string{"lnt", chartDir}, []string{`unknown command "lnt"`, "\tlint\n"}},
		{[]string{"lint", "--vaules", "x.yaml", chartDir}, []string{"Error: unknown flag: --vaules", "Did you mean this?\n\t--values\n", "Run 'chartwright lint --help' for usage."}},
		{[]string{"template", chartDir, "--kube-verison", "1.30"}, []string{"unknown flag: --kube-verison", "\t--kube-version\n"}},
		{[]string{"lint", "--fail", "warning", chartDir}, []string{"unknown flag: --fail", "\t--fail-on\n"}},
		// A single dash reads shorthands, as in Helm: -set is -s et.
		{[]string{"lint", "-set", "a=b", chartDir}, []string{`unknown shorthand flag: 's' in -set`, "\t--set\n"}},
		{[]string{"lint", "--helm", "5", chartDir}, []string{"--helm must be 3 or 4, not 5"}},
		{[]string{"lint", "--namespace"}, []string{"flag needs an argument: --namespace"}},
		{[]string{"version", "extra"}, []string{`unknown command "extra" for "chartwright version"`}},
	}
	for _, tt := range tests {
		r := callArgs(tt.args...)
		if r.code != 2 {
			t.Errorf("%q: exit %d, want 2\n%s", tt.args, r.code, r.stderr)
		}
		assertInOrder(t, r.stderr, tt.want)
		if n := strings.Count(r.stderr, "Error:"); n != 1 {
			t.Errorf("%q: %d errors printed, want 1:\n%s", tt.args, n, r.stderr)
		}
		if r.stdout != "" {
			t.Errorf("%q: stdout %q, want nothing", tt.args, r.stdout)
		}
	}
	if r := callArgs("lint", "--vaules=x.yaml", chartDir); !strings.Contains(r.stderr, "\t--values\n") {
		t.Errorf("--vaules=x.yaml: no suggestion in %q", r.stderr)
	}
	if r := callArgs("lint", "--zzzzzz", chartDir); strings.Contains(r.stderr, "Did you mean") {
		t.Errorf("a suggestion for a flag nothing resembles: %q", r.stderr)
	}
}

// TestFlagsAnywhere checks that flags may come before or after the
// arguments, in GNU forms (--flag=value, -f value, -fvalue).
func TestFlagsAnywhere(t *testing.T) {
	chartDir := fixture("chart-icon")
	for _, args := range [][]string{
		{"lint", "--fail-on", "info", chartDir},
		{"lint", chartDir, "--fail-on=info"},
		{"lint", "--color=never", chartDir, "--fail-on", "info"},
	} {
		if r := callArgs(args...); r.code != 1 || !strings.Contains(r.stdout, "chart-icon") {
			t.Errorf("%q: %+v, want exit 1 with the chart-icon finding", args, r)
		}
	}
	for _, args := range [][]string{
		{"template", "rel", chartDir, "-s", "templates/nope.yaml", "--set=name=x"},
		{"template", "-stemplates/nope.yaml", "rel", chartDir},
		{"template", "--show-only=templates/nope.yaml", "rel", chartDir},
	} {
		if r := callArgs(args...); r.code != 1 || !strings.Contains(r.stderr, "could not find template templates/nope.yaml in chart") {
			t.Errorf("%q: %+v, want --show-only applied", args, r)
		}
	}
}

// TestBashCompletion sources `chartwright completion bash` in a real bash
// and completes subcommands and flags the way bash does on TAB: with
// COMP_WORDS and COMP_CWORD set, calling the registered function, which
// runs this test binary as chartwright.
func TestBashCompletion(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("bash is required under CI=true")
		}
		t.Skip("SKIP: bash not found: completion not tested")
	}
	dir := t.TempDir()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(self, filepath.Join(dir, "chartwright")); err != nil {
		t.Fatal(err)
	}
	script := callArgs("completion", "bash")
	if script.code != 0 || !strings.Contains(script.stdout, "complete -o default -F __start_chartwright chartwright") {
		t.Fatalf("completion bash: %+v", script)
	}
	if err := os.WriteFile(filepath.Join(dir, "chartwright.bash"), []byte(script.stdout), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		line []string // the words typed, the last one being completed
		want []string
	}{
		{[]string{"chartwright", "li"}, []string{"lint"}},
		{[]string{"chartwright", "ver"}, []string{"verify", "version"}},
		{[]string{"chartwright", ""}, []string{"completion", "help", "index", "lint", "lsp", "package", "serve", "template", "verify", "version"}},
		{[]string{"chartwright", "lint", "--va"}, []string{"--values"}},
		{[]string{"chartwright", "lint", "--fail"}, []string{"--fail-on"}},
		{[]string{"chartwright", "template", "--show"}, []string{"--show-only"}},
		{[]string{"chartwright", "completion", ""}, []string{"bash", "fish", "powershell", "zsh"}},
		{[]string{"chartwright", "lint", "--fail-on", "w"}, []string{"warning"}},
		{[]string{"chartwright", "lint", "--explain", "chart-version-semver"}, []string{"chart-version-semver", "chart-version-semver-v2"}},
		{[]string{"chartwright", "lint", "--color", "a"}, []string{"always", "auto"}},
	}
	for _, tt := range tests {
		got := completeInBash(t, bash, dir, tt.line)
		slices.Sort(got)
		if !slices.Equal(got, tt.want) {
			t.Errorf("completing %q: %q, want %q", tt.line, got, tt.want)
		}
	}
}

// TestOtherShellCompletions checks that the zsh, fish and powershell
// scripts are generated for chartwright (bash's is run in TestBashCompletion).
func TestOtherShellCompletions(t *testing.T) {
	for shell, want := range map[string]string{
		"zsh":        "#compdef chartwright",
		"fish":       "complete -c chartwright ",
		"powershell": "Register-ArgumentCompleter -CommandName 'chartwright'",
	} {
		r := callArgs("completion", shell)
		if r.code != 0 || !strings.Contains(r.stdout, want) || !strings.Contains(r.stdout, "__complete") {
			t.Errorf("completion %s: exit %d, want a script with %q:\n%.300s", shell, r.code, want, r.stdout)
		}
	}
}

// completeInBash runs bash with the completion script sourced and returns
// what the completion function put in COMPREPLY for words. Without the
// bash-completion package (not needed by the script's users who have it),
// a minimal _get_comp_words_by_ref stands in for it.
func completeInBash(t *testing.T, bash, dir string, words []string) []string {
	t.Helper()
	const prog = `
source "$DIR/chartwright.bash"
[[ -f /usr/share/bash-completion/bash_completion ]] && source /usr/share/bash-completion/bash_completion
if ! declare -F _get_comp_words_by_ref >/dev/null; then
  _get_comp_words_by_ref() { cur=${COMP_WORDS[COMP_CWORD]}; prev=${COMP_WORDS[COMP_CWORD-1]}; words=("${COMP_WORDS[@]}"); cword=$COMP_CWORD; }
fi
compopt() { :; }
COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}; COMP_TYPE=9
__start_chartwright
printf '%s\n' "${COMPREPLY[@]}"
`
	cmd := exec.Command(bash, append([]string{"--norc", "--noprofile", "-c", prog, "bash"}, words...)...)
	cmd.Env = append(os.Environ(), "DIR="+dir, "PATH="+dir+string(os.PathListSeparator)+os.Getenv("PATH"), runAsMainEnv+"=1")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("bash: %v\n%s", err, out)
	}
	return strings.Fields(string(out))
}

// callArgs runs chartwright with args.
func callArgs(args ...string) result {
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return result{code, out.String(), errb.String()}
}

// assertInOrder checks that text contains each of want, in order.
func assertInOrder(t *testing.T, text string, want []string) {
	t.Helper()
	rest := text
	for _, w := range want {
		i := strings.Index(rest, w)
		if i < 0 {
			t.Errorf("lacks %q (in this order) in\n%s", w, text)
			return
		}
		rest = rest[i+len(w):]
	}
}
