package main

import (
	"slices"
	"strings"
	"testing"

	"github.com/chartwright/chartwright/render/values"
	"github.com/spf13/pflag"
)

// TestRepeatableFlags checks that the repeatable string flags parse as
// pflag's StringSlice (-f, -a: comma-separated, read as CSV) and
// StringArray (--set...: each use one element, commas kept), and look the
// same in help.
func TestRepeatableFlags(t *testing.T) {
	var v values.Flags
	var api []string
	fs := pflag.NewFlagSet("test", pflag.ContinueOnError)
	valuesFlags(fs, &v)
	apiVersionsFlag(fs, &api)
	err := fs.Parse([]string{
		"-f", "a.yaml,b.yaml", "--values", `"c,d.yaml"`, "--set", "x=1,y=2", "--set", "z=3",
		"-a", "v1", "-a", "apps/v1,batch/v1",
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name      string
		got, want []string
	}{
		{"-f", v.ValueFiles, []string{"a.yaml", "b.yaml", "c,d.yaml"}},
		{"--set", v.Set, []string{"x=1,y=2", "z=3"}},
		{"-a", api, []string{"v1", "apps/v1", "batch/v1"}},
		{"--set-string", v.SetString, nil},
	} {
		if !slices.Equal(c.got, c.want) {
			t.Errorf("%s parsed as %q, want %q", c.name, c.got, c.want)
		}
	}
	if got := fs.Lookup("values").Value.String(); got != `[a.yaml,b.yaml,"c,d.yaml"]` {
		t.Errorf("-f prints as %s, want pflag's [a.yaml,b.yaml,\"c,d.yaml\"]", got)
	}
	if err := fs.Parse([]string{"-f", `"unclosed`}); err == nil {
		t.Error(`-f "unclosed parsed, want pflag's CSV error`)
	}
	help := fs.FlagUsages()
	for _, want := range []string{"-f, --values strings ", "--set stringArray ", "-a, --api-versions strings "} {
		if !strings.Contains(help, want) {
			t.Errorf("help lacks %q:\n%s", want, help)
		}
	}
	if strings.Contains(help, "default") {
		t.Errorf("help shows a default for a flag without one:\n%s", help)
	}
}
