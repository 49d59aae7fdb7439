package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/internal/cores"
	"github.com/chartwright/chartwright/render"
	"github.com/chartwright/chartwright/render/values"
	"github.com/spf13/cobra"
)

// templateFlags are the flags of `chartwright template`, named as Helm's.
type templateFlags struct {
	helm        int
	namespace   string
	kube        kubeFlags
	kubeVersion string
	apiVersions []string
	values      values.Flags
	write       render.WriteOptions
	isUpgrade   bool
	skipSchema  bool
	output      string
	debug       bool
	maxOutput   int64
	install     installFlags
	// nameTemplate and generateName are --name-template and
	// --generate-name: how Helm names a release given no name.
	nameTemplate string
	generateName bool
}

func newTemplateCmd() *cobra.Command {
	f := &templateFlags{}
	cmd := &cobra.Command{
		Use:   "template [NAME] CHART",
		Short: "render a chart's templates exactly as helm template does",
		Long: "Render a chart's templates locally and print them exactly as helm template does.\n" +
			"CHART is a chart directory or .tgz archive; NAME is the release name (default \"release-name\").\n" +
			"With -o json, each document comes with a source map from its lines to the template lines that produced them.",
		RunE: runFunc(f.run),
	}
	fs := cmd.Flags()
	helmFlag(cmd, &f.helm, "behaviour")
	kubeConfigFlags(fs, &f.namespace, &f.kube)
	fs.StringVar(&f.kubeVersion, "kube-version", "", "Kubernetes version for .Capabilities.KubeVersion (default "+render.DefaultKubeVersion+")")
	apiVersionsFlag(fs, &f.apiVersions)
	valuesFlags(fs, &f.values)
	fs.BoolVar(&f.write.IncludeCRDs, "include-crds", false, "include the chart's crds/ files in the output")
	fs.BoolVar(&f.write.SkipTests, "skip-tests", false, "skip test hooks")
	fs.BoolVar(&f.write.NoHooks, "no-hooks", false, "leave out hooks")
	stringArrayVarP(fs, &f.write.ShowOnly, "show-only", "s", "only show documents rendered from templates matching this path pattern (repeatable)")
	fs.StringVar(&f.write.OutputDir, "output-dir", "", "write each template's output to a file in this directory instead of stdout")
	fs.BoolVar(&f.isUpgrade, "is-upgrade", false, "set .Release.IsUpgrade instead of .Release.IsInstall")
	fs.BoolVar(&f.skipSchema, "skip-schema-validation", false, "do not validate values against values.schema.json")
	fs.StringVarP(&f.output, "output", "o", "text", "output format: text (as helm) or json (documents with source maps)")
	fs.BoolVar(&f.debug, "debug", helmDebugEnv(), "on a rendering error, print what rendered too (default $HELM_DEBUG, as Helm)")
	maxOutputFlag(fs, &f.maxOutput)
	f.install.register(fs)
	fs.StringVar(&f.nameTemplate, "name-template", "", "name the release by rendering this template (sprig's functions), when NAME is not given")
	fs.BoolVarP(&f.generateName, "generate-name", "g", false, "accepted as helm template accepts it: without NAME, the release is named release-name")
	for _, name := range []string{"color", "colour"} { // Helm's global flags, accepted so that scripts of helm template run
		fs.String(name, "auto", "")
		_ = fs.MarkHidden(name)
	}
	return cmd
}

func (f *templateFlags) run(pos []string, stdout, stderr io.Writer) int {
	name, path, err := f.releaseAndChart(pos)
	if err == nil && f.output != "text" && f.output != "json" {
		err = fmt.Errorf("--output must be text or json, not %q", f.output)
	}
	var notices []string
	if err == nil {
		notices, err = f.install.check(f.helm == 3)
	}
	if err != nil {
		fmt.Fprintf(stderr, "Error: %v\n", err)
		return 2
	}
	for _, n := range notices {
		fmt.Fprintln(stderr, n)
	}
	if len(pos) == 1 && f.nameTemplate != "" {
		if name, err = render.NameFromTemplate(f.nameTemplate); err != nil {
			fmt.Fprintf(stderr, "Error: %v\n", err)
			return 1
		}
	}
	if f.install.releaseNameDir {
		f.write.ReleaseDir = name
	}
	return f.render(name, path, stdout, stderr)
}

// releaseAndChart are the release name and the chart of the arguments, as
// Helm reads them: without NAME, the release is named "release-name"
// (--name-template's name replaces it later); NAME with --generate-name or
// --name-template is an error.
func (f *templateFlags) releaseAndChart(pos []string) (name, path string, err error) {
	switch {
	case len(pos) == 1:
		return "release-name", pos[0], nil
	case len(pos) == 2 && f.generateName:
		return "", "", errors.New("cannot set --generate-name and also specify a name")
	case len(pos) == 2 && f.nameTemplate != "":
		return "", "", errors.New("cannot set --name-template and also specify a name")
	case len(pos) == 2:
		return pos[0], pos[1], nil
	}
	return "", "", fmt.Errorf("expected [NAME] CHART, got %d arguments", len(pos))
}

func (f *templateFlags) render(name, path string, stdout, stderr io.Writer) int {
	helm3 := f.helm == 3
	rel, err := f.release(name, path, helm3)
	var warnings []string
	var logged *chart.LoggedError
	switch {
	case rel != nil:
		warnings = rel.Warnings
	case errors.As(err, &logged): // the chart did not load
		warnings = logged.Log
	}
	for _, w := range warnings {
		fmt.Fprintln(stderr, w)
	}
	if err != nil {
		var stage *render.StageError
		if errors.As(err, &stage) {
			if f.debug && rel != nil {
				if derr := rel.WriteDebug(stdout, err, f.write); derr != nil {
					err = derr // the render's, or what printing the output met
				}
			} else {
				err = fmt.Errorf("%w\n\nUse --debug flag to render out invalid YAML", err)
			}
		}
		fmt.Fprintf(stderr, "Error: %v\n", err)
		return 1
	}
	if f.output == "json" {
		err = rel.WriteJSON(stdout, f.write)
	} else {
		err = rel.Write(stdout, f.write)
	}
	if err != nil {
		fmt.Fprintf(stderr, "Error: %v\n", err)
		return 1
	}
	return 0
}

func (f *templateFlags) release(name, path string, helm3 bool) (*render.Release, error) {
	path, err := locateChart(path)
	if err != nil {
		return nil, err
	}
	cores.Limit(1) // see package cores
	c, err := chart.Load(path, chart.Options{FirstValuesDocument: helm3, DetectChartVersion: !helm3, FileSizeLimit: helm3})
	if err != nil {
		return nil, err
	}
	return render.TemplateWith(context.Background(), c, f.values, valuesReader(), render.Options{
		Helm3:                helm3,
		ReleaseName:          name,
		NameGiven:            true, // releaseAndChart chose it
		Namespace:            f.kube.namespaceOr(f.namespace),
		IsUpgrade:            f.isUpgrade,
		KubeVersion:          f.kubeVersion,
		APIVersions:          f.apiVersions,
		SkipSchemaValidation: f.skipSchema,
		SourceMap:            f.output == "json",
		MaxOutput:            f.maxOutput << 20,
	})
}

// helmDebugEnv is the default of Helm's --debug: $HELM_DEBUG read as a
// boolean (strconv.ParseBool), false when unset or not a boolean.
func helmDebugEnv() bool {
	on, err := strconv.ParseBool(os.Getenv("HELM_DEBUG"))
	return err == nil && on
}

// locateChart finds a local chart as Helm's LocateChart does: an existing
// path is made absolute (Helm's errors name it so); a missing one is an error
// worded as Helm words it, which, with no repository configured, is the
// failure to resolve the name as a URL (ResolveChartVersion): repo_name/chart
// names a repository that is not there, and a name without a slash in its
// path is not such a name (printed as a URL, escaped). Charts are never
// downloaded: a URL with a host is an error of chartwright's.
func locateChart(name string) (string, error) {
	name = strings.TrimSpace(name)
	if _, err := os.Stat(name); err == nil {
		return filepath.Abs(name)
	}
	if filepath.IsAbs(name) || strings.HasPrefix(name, ".") {
		return name, fmt.Errorf("path %q not found", name)
	}
	u, err := url.Parse(name)
	if err != nil {
		return name, fmt.Errorf("invalid chart URL format: %s", name)
	}
	if u.IsAbs() && u.Host != "" && u.Path != "" || strings.HasPrefix(name, "oci://") && u.Host != "" {
		return name, fmt.Errorf("%s: chartwright does not download charts; give a chart folder or archive", name)
	}
	repo, _, ok := strings.Cut(u.Path, "/")
	if !ok {
		return name, fmt.Errorf("non-absolute URLs should be in form of repo_name/path_to_chart, got: %s", u)
	}
	return name, fmt.Errorf("repo %s not found", repo)
}
