package main

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/internal/suggest"
	"github.com/chartwright/chartwright/render"
	"github.com/chartwright/chartwright/render/values"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// helmVersion is the --helm flag: the Helm major version to reproduce.
type helmVersion struct{ v *int }

func (h helmVersion) String() string {
	if h.v == nil {
		return "4"
	}
	return strconv.Itoa(*h.v)
}

func (h helmVersion) Set(s string) error {
	n, err := strconv.Atoi(s)
	if err != nil || n != 3 && n != 4 {
		return fmt.Errorf("--helm must be 3 or 4, not %s", s)
	}
	*h.v = n
	return nil
}

func (helmVersion) Type() string { return "int" }

// helmFlag registers --helm (default 4), accepting only 3 and 4.
func helmFlag(cmd *cobra.Command, p *int, what string) {
	*p = 4
	cmd.Flags().Var(helmVersion{p}, "helm", "Helm version whose "+what+" to reproduce: 4 (v4.3.1) or 3 (v3.22.0)")
	completeWords(cmd, "helm", []string{"4", "3"})
}

// completeWords makes shell completion offer words for a flag's value.
func completeWords(cmd *cobra.Command, flag string, words []string) {
	completeFunc(cmd, flag, func() []string { return words })
}

// completeFunc makes shell completion offer the words that words returns,
// called only when completing, for a flag's value.
func completeFunc(cmd *cobra.Command, flag string, words func() []string) {
	complete := func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return words(), cobra.ShellCompDirectiveNoFileComp
	}
	if err := cmd.RegisterFlagCompletionFunc(flag, complete); err != nil {
		panic(err) // a programming error: the flag is not defined
	}
}

// valuesFlags registers Helm's values flags, with Helm's types: -f/--values
// splits on commas, the --set family does not.
func valuesFlags(fs *pflag.FlagSet, v *values.Flags) {
	fs.VarP(&stringsFlag{p: &v.ValueFiles, split: true}, "values", "f", "values file to merge (repeatable)")
	stringArrayVarP(fs, &v.Set, "set", "", "set values on the command line: key1=val1,key2=val2 (repeatable)")
	stringArrayVarP(fs, &v.SetString, "set-string", "", "set STRING values on the command line (repeatable)")
	stringArrayVarP(fs, &v.SetFile, "set-file", "", "set values from files: key=path (repeatable)")
	stringArrayVarP(fs, &v.SetJSON, "set-json", "", "set JSON values on the command line (repeatable)")
	stringArrayVarP(fs, &v.SetLiteral, "set-literal", "", "set a literal STRING value (repeatable)")
}

// apiVersionsFlag registers -a/--api-versions: API versions added to
// .Capabilities.APIVersions, as Helm's flag.
func apiVersionsFlag(fs *pflag.FlagSet, p *[]string) {
	fs.VarP(&stringsFlag{p: p, split: true}, "api-versions", "a", "Kubernetes API versions added to .Capabilities.APIVersions (repeatable)")
}

// stringArrayVarP registers a repeatable string flag, each use one element,
// as pflag's StringArrayVarP with no default.
func stringArrayVarP(fs *pflag.FlagSet, p *[]string, name, shorthand, usage string) {
	fs.VarP(&stringsFlag{p: p}, name, shorthand, usage)
}

// stringsFlag is a repeatable string flag that parses as pflag's
// StringArray or, when split, its StringSlice (each use a comma-separated
// list, read as CSV), and looks the same in help. pflag's own types format
// their empty default through an encoding/csv writer when the flag is
// defined, which wrote a newline into a fresh 4 KiB buffer: a page fault
// in every process for each of the commands' 17 such flags, used or not.
type stringsFlag struct {
	p       *[]string
	split   bool
	changed bool
}

func (f *stringsFlag) Set(s string) error {
	items := []string{s}
	if f.split {
		var err error
		if items, err = splitCSV(s); err != nil {
			return err
		}
	}
	if !f.changed {
		*f.p = items
	} else {
		*f.p = append(*f.p, items...)
	}
	f.changed = true
	return nil
}

// splitCSV reads a StringSlice flag's value as one CSV record, as pflag
// does.
func splitCSV(s string) ([]string, error) {
	if s == "" {
		return []string{}, nil
	}
	return csv.NewReader(strings.NewReader(s)).Read()
}

// String is the value as pflag's types print it, "[a,b]", and "" when
// empty so that help, like pflag's, shows no default.
func (f *stringsFlag) String() string {
	if len(*f.p) == 0 {
		return ""
	}
	var b strings.Builder
	w := csv.NewWriter(&b)
	_ = w.Write(*f.p) // a strings.Builder does not fail
	w.Flush()
	return "[" + strings.TrimSuffix(b.String(), "\n") + "]"
}

// Type names the value's type in help as pflag's types do.
func (f *stringsFlag) Type() string {
	if f.split {
		return "stringSlice"
	}
	return "stringArray"
}

// flagError adds a did-you-mean to an unknown flag: the command's flags
// whose names are close to the one typed, or the long flag that a single
// dash turned into shorthands (-set is read as -s et, as in Helm).
func flagError(cmd *cobra.Command, err error) error {
	var missing *pflag.NotExistError
	if !errors.As(err, &missing) {
		return err
	}
	if group := missing.GetSpecifiedShortnames(); group != "" {
		long, _, _ := strings.Cut(group, "=")
		if f := cmd.Flags().Lookup(long); f != nil {
			return fmt.Errorf("%w\n\nDid you mean this?\n\t--%s", err, f.Name)
		}
		return err
	}
	typed := missing.GetSpecifiedName()
	if near := closeFlags(cmd, typed); len(near) > 0 {
		return fmt.Errorf("%w\n\nDid you mean this?\n\t%s", err, strings.Join(near, "\n\t"))
	}
	return err
}

// closeFlags lists the command's flags (as --name) within two edits of
// typed, or that typed is a prefix of.
func closeFlags(cmd *cobra.Command, typed string) []string {
	var near []string
	cmd.Flags().VisitAll(func(f *pflag.Flag) {
		if f.Hidden {
			return
		}
		if suggest.Distance(typed, f.Name) <= 2 || len(typed) > 2 && strings.HasPrefix(f.Name, typed) {
			near = append(near, "--"+f.Name)
		}
	})
	return near
}

// maxOutputFlag is --max-output, the bound of a render's output in MiB.
func maxOutputFlag(fs *pflag.FlagSet, p *int64) {
	fs.Int64Var(p, "max-output", render.MaxOutput>>20, "stop a render whose output exceeds this many MiB")
}

// stdin is where "-" as a values file reads from (a variable for tests).
var stdin io.Reader = os.Stdin

// stdinContent is standard input, read once: lint merges the user's values
// more than once, and each merge must see the same values.
var stdinContent = sync.OnceValues(func() ([]byte, error) { return io.ReadAll(stdin) })

// valuesReader returns how one merge of the user's values reads -f files
// and --set-file values: "-" is standard input, as in Helm, whose first
// "-" reads all of it and any later one nothing; an http(s) URL is
// fetched.
func valuesReader() func(name string) ([]byte, error) {
	read := false
	return func(name string) ([]byte, error) {
		if strings.TrimSpace(name) != "-" {
			return readValuesSource(name)
		}
		if read {
			return []byte{}, nil
		}
		read = true
		return stdinContent()
	}
}

// readValuesSource reads a -f file or --set-file value as Helm does: the
// name must parse as a URL (Helm fails on "a%zz.yaml" too), an http(s) URL
// is fetched, anything else is a file.
func readValuesSource(name string) ([]byte, error) {
	u, err := url.Parse(name)
	if err != nil {
		return nil, err
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return os.ReadFile(name)
	}
	return fetchValues(name)
}

// valuesFetch bounds the fetch of a values URL.
var valuesFetch = &http.Client{Timeout: 5 * time.Minute}

// fetchValues gets a values URL, with Helm's error for a status other than
// 200 OK, and at most chart.MaxChartSize bytes.
func fetchValues(href string) ([]byte, error) {
	req, err := http.NewRequest(http.MethodGet, href, http.NoBody)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", "chartwright")
	resp, err := valuesFetch.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("failed to fetch %s : %s", href, resp.Status)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, chart.MaxChartSize+1))
	if err == nil && len(data) > chart.MaxChartSize {
		err = fmt.Errorf("%s is larger than %d bytes", href, chart.MaxChartSize)
	}
	return data, err
}
