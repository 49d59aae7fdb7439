package lsp

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/chart/repo"
	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/lsp/cache"
	"github.com/chartwright/chartwright/render"
	"github.com/chartwright/chartwright/render/values"
	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
)

// The commands the server executes (workspace/executeCommand). Each takes
// a file URI string as arguments[0] and an optional options object as
// arguments[1], and runs the code of the matching CLI command:
//
//   - chartwright.renderPreview renders the root chart holding the URI
//     (a chart folder, its Chart.yaml or any file of the chart tree: a
//     subchart's file renders the outermost chart) as `chartwright
//     template` does, on the snapshot's content (unsaved buffers too), in
//     the Helm mode and Kubernetes version of the settings, with release
//     name "release-name" in namespace "default". Options: valuesFiles
//     (-f; absolute, or relative to the folder of the chart the URI names
//     or lies in) and set (--set). Result: text, what `chartwright
//     template` prints; documents, `chartwright template -o json`'s
//     documents with each line's template file URI (none for files inside
//     .tgz archives); warnings, what Helm logs on stderr. A render that
//     fails is an error whose message is Helm's (without the CLI's --debug
//     advice), and no documents.
//   - chartwright.packageChart packages the chart folder the URI names or
//     lies in, from the files on disk, as `chartwright package` does (the
//     Helm flavour of the settings, SOURCE_DATE_EPOCH honoured); a chart
//     file open with unsaved changes is an error. Options: destination
//     (default the chart's parent folder, where the VS Code extension
//     offers to put it, since the server's working folder means nothing to
//     the user) and sign {key, keyring (default Helm's), passphraseFile}:
//     the passphrase is read from passphraseFile only, never from standard
//     input, which is the protocol. Result: path and digest
//     ("sha256:<hex>").
//   - chartwright.indexRepository writes index.yaml in the folder the URI
//     names, as `chartwright index` does (file lock, created times kept).
//     Options: url and merge. Result: path, entries (the number of chart
//     versions listed) and skipped (archives that did not load).
//
// Relative paths in options are relative to the chart folder (the folder
// itself for indexRepository). Every command also takes show: true, which
// code actions set, since clients discard the result of a code action's
// command: the server then shows the outcome itself (a message; for a
// preview, the rendered text in a file it asks the client to open).
// Errors are JSON-RPC errors: InvalidParams for arguments that name no
// chart or folder, RequestFailed with the CLI's message when the command
// fails.
const (
	cmdRenderPreview   = "chartwright.renderPreview"
	cmdPackageChart    = "chartwright.packageChart"
	cmdIndexRepository = "chartwright.indexRepository"
)

// codeRequestFailed is LSP 3.17's error code of a valid request that
// failed, which jsonrpc2 v0.10.0 does not define.
const codeRequestFailed jsonrpc2.Code = -32803

// command runs on the file or folder at path with its options, still in
// JSON (null when the client sent none).
type command func(ctx context.Context, s *Server, snap *cache.Snapshot, path string, options json.RawMessage) (any, error)

// commands is the one table of the commands: capabilities and dispatch
// read it.
func commands() map[string]command {
	return map[string]command{
		cmdRenderPreview:   withOptions(renderPreview),
		cmdPackageChart:    withOptions(packageChart),
		cmdIndexRepository: withOptions(indexRepository),
	}
}

func commandNames() []string {
	names := make([]string, 0, 3)
	for name := range commands() {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// withOptions makes a command of a function taking its options decoded.
func withOptions[O, R any](fn func(ctx context.Context, s *Server, snap *cache.Snapshot, path string, opts O) (R, error)) command {
	return func(ctx context.Context, s *Server, snap *cache.Snapshot, path string, raw json.RawMessage) (any, error) {
		var opts O
		if len(raw) > 0 && string(raw) != "null" {
			dec := json.NewDecoder(bytes.NewReader(raw))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&opts); err != nil {
				return nil, argErrorf("options: %v", err)
			}
		}
		return fn(ctx, s, snap, path, opts)
	}
}

func (s *Server) executeCommand(ctx context.Context, snap *cache.Snapshot, params *protocol.ExecuteCommandParams) (any, error) {
	run, ok := commands()[params.Command]
	if !ok {
		return nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "unknown command %q", truncate(params.Command, 100))
	}
	path, options, err := commandArguments(params.Arguments)
	if err == nil {
		var result any
		result, err = run(ctx, s, snap, path, options)
		if err == nil {
			return result, nil
		}
	}
	return nil, commandError(ctx, params.Command, err)
}

// commandArguments reads a command's arguments: a file URI, then an
// optional options object.
func commandArguments(args []any) (string, json.RawMessage, error) {
	if len(args) == 0 || len(args) > 2 {
		return "", nil, argErrorf("want a file URI and an optional options object, got %d arguments", len(args))
	}
	uri, ok := args[0].(string)
	if !ok {
		return "", nil, argErrorf("the first argument must be a file URI string")
	}
	path, err := uriPath(protocol.DocumentURI(uri))
	if err != nil {
		return "", nil, argError{err}
	}
	var options json.RawMessage
	if len(args) == 2 {
		if options, err = json.Marshal(args[1]); err != nil {
			return "", nil, argError{err}
		}
	}
	return path, options, nil
}

// argError is an error in a command's arguments.
type argError struct{ err error }

func (e argError) Error() string { return e.err.Error() }

func argErrorf(format string, args ...any) error { return argError{fmt.Errorf(format, args...)} }

// commandError gives a command's error its JSON-RPC form; a cancelled
// command's is left for the dispatcher to report as cancelled.
func commandError(ctx context.Context, name string, err error) error {
	var arg argError
	switch {
	case ctx.Err() != nil:
		return ctx.Err()
	case errors.As(err, &arg):
		return jsonrpc2.Errorf(jsonrpc2.InvalidParams, "%s: %v", name, arg.err)
	}
	return jsonrpc2.NewError(codeRequestFailed, err.Error())
}

// previewOptions are renderPreview's options.
type previewOptions struct {
	ValuesFiles []string `json:"valuesFiles"`
	Set         []string `json:"set"`
	Show        bool     `json:"show"`
}

// previewResult is renderPreview's result.
type previewResult struct {
	Text      string                `json:"text"`
	Documents []render.JSONDocument `json:"documents"`
	Warnings  []string              `json:"warnings,omitempty"`
}

// renderPreview renders the root chart holding path as `chartwright
// template` does, on the snapshot's content.
func renderPreview(ctx context.Context, s *Server, snap *cache.Snapshot, path string, opts previewOptions) (*previewResult, error) {
	root := snap.Root(path)
	if root == nil {
		return nil, argErrorf("%s is not in a chart of the workspace", path)
	}
	dir, err := chartFolder(snap, path)
	if err != nil {
		return nil, err
	}
	l := root.Load()
	switch {
	case l.Err != nil:
		return nil, l.Err
	case l.Chart == nil || l.Chart.Metadata == nil:
		return nil, fmt.Errorf("%s: the chart did not load", root.Dir)
	}
	flags := values.Flags{Set: opts.Set}
	for _, f := range opts.ValuesFiles {
		flags.ValueFiles = append(flags.ValueFiles, absolute(dir, f))
	}
	rel, err := render.TemplateWith(ctx, l.Chart, flags, root.ReadFile, render.Options{
		Helm3: root.Config.Helm3, KubeVersion: root.Config.KubeVersion, SourceMap: true, Parses: root.Parses(),
	})
	if err != nil {
		return nil, err
	}
	var text strings.Builder
	if err := rel.Write(&text, render.WriteOptions{}); err != nil {
		return nil, err
	}
	res := &previewResult{Text: text.String(), Documents: rel.JSONDocuments(render.WriteOptions{}), Warnings: rel.Warnings}
	setLineURIs(root, res.Documents)
	if opts.Show {
		s.showPreview(ctx, root, res.Text)
	}
	return res, nil
}

// setLineURIs gives each line of the documents the file URI of its
// template, unless the template is inside a chart archive.
func setLineURIs(root *cache.Root, docs []render.JSONDocument) {
	uris := map[*source.File]string{}
	for _, d := range docs {
		for i, l := range d.Lines {
			if l.File == nil {
				continue
			}
			uri, ok := uris[l.File]
			if !ok {
				if p, onDisk := root.Path(l.File); onDisk {
					uri = string(fileURI(p))
				}
				uris[l.File] = uri
			}
			d.Lines[i].URI = uri
		}
	}
}

// showPreview writes the rendered text to a file of the temporary folder
// and asks the client to open it; a client that will not is told where it
// is.
func (s *Server) showPreview(ctx context.Context, root *cache.Root, text string) {
	name, err := previewFile(root.Dir, text)
	if err != nil {
		s.showError(ctx, "chartwright: write the preview: "+err.Error())
		return
	}
	var shown protocol.ShowDocumentResult
	params := protocol.ShowDocumentParams{URI: protocol.URI(fileURI(name)), TakeFocus: true}
	if _, err := s.conn.Call(ctx, "window/showDocument", params, &shown); err != nil || !shown.Success {
		s.showInfo(ctx, fmt.Sprintf("chartwright: the rendered manifests of %s are in %s", filepath.Base(root.Dir), name))
	}
}

// previewFile writes the preview of the chart folder dir to
// <temp>/chartwright-preview/<chart folder>-<hash of its path>.yaml.
func previewFile(dir, text string) (string, error) {
	folder := filepath.Join(os.TempDir(), "chartwright-preview")
	if err := os.MkdirAll(folder, 0o700); err != nil {
		return "", err
	}
	h := fnv.New32a()
	h.Write([]byte(dir))
	name := filepath.Join(folder, fmt.Sprintf("%s-%08x.yaml", filepath.Base(dir), h.Sum32()))
	return name, chart.WriteFileAtomic(name, 0o600, func(w io.Writer) error {
		_, err := io.WriteString(w, text)
		return err
	})
}

func (s *Server) showInfo(ctx context.Context, message string) {
	s.notify(ctx, protocol.MethodWindowShowMessage, protocol.ShowMessageParams{Type: protocol.MessageTypeInfo, Message: message})
}

// packageOptions are packageChart's options.
type packageOptions struct {
	Destination string       `json:"destination"`
	Sign        *signOptions `json:"sign"`
	Show        bool         `json:"show"`
}

type signOptions struct {
	Key            string `json:"key"`
	Keyring        string `json:"keyring"`
	PassphraseFile string `json:"passphraseFile"`
}

// packageResult is packageChart's result.
type packageResult struct {
	Path   string `json:"path"`
	Digest string `json:"digest"`
}

// packageChart packages the chart folder at or above path as `chartwright
// package` does.
func packageChart(ctx context.Context, s *Server, snap *cache.Snapshot, path string, opts packageOptions) (*packageResult, error) {
	dir, err := chartFolder(snap, path)
	if err != nil {
		return nil, err
	}
	if err := checkSaved(snap, dir); err != nil {
		return nil, err
	}
	popts, err := packagingOptions(snap, dir, opts)
	if err != nil {
		return nil, err
	}
	dest := filepath.Dir(dir)
	if opts.Destination != "" {
		dest = absolute(dir, opts.Destination)
	}
	p, err := repo.Package(ctx, dir, dest, popts)
	if errors.Is(err, chart.ErrNoPassphrase) {
		err = fmt.Errorf("%w (give it with sign.passphraseFile)", err)
	}
	if err != nil {
		return nil, err
	}
	if opts.Show {
		s.showInfo(ctx, fmt.Sprintf("chartwright: packaged %s (%s)", p.Path, p.Digest))
	}
	return &packageResult{Path: p.Path, Digest: p.Digest}, nil
}

// packagingOptions are the options `chartwright package` would take: the
// settings' Helm flavour, SOURCE_DATE_EPOCH, and the signature asked for.
func packagingOptions(snap *cache.Snapshot, dir string, opts packageOptions) (repo.PackageOptions, error) {
	popts := repo.PackageOptions{PackageOptions: chart.PackageOptions{Helm: helmVersion(snap, dir)}}
	epoch, err := chart.SourceDateEpoch(os.Getenv("SOURCE_DATE_EPOCH"))
	if err != nil {
		return popts, err
	}
	popts.Epoch = epoch
	if sign := opts.Sign; sign != nil {
		if sign.Key == "" {
			return popts, argErrorf("sign.key is required for signing a package")
		}
		keyring := chart.DefaultKeyring()
		if sign.Keyring != "" {
			keyring = absolute(dir, sign.Keyring)
		}
		passphrase := sign.PassphraseFile
		if passphrase != "" && passphrase != "-" { // "-" is refused: stdin is the protocol
			passphrase = absolute(dir, passphrase)
		}
		popts.Sign = &chart.SignOptions{Key: sign.Key, Keyring: keyring, PassphraseFile: passphrase}
	}
	return popts, nil
}

// checkSaved fails when a file of the chart folder is open with changes
// not on disk: packages are made from the files on disk.
func checkSaved(snap *cache.Snapshot, dir string) error {
	for _, o := range snap.Overlays() {
		if !strings.HasPrefix(o.Path, dir+string(filepath.Separator)) {
			continue
		}
		if disk, err := os.ReadFile(o.Path); err != nil || !bytes.Equal(disk, o.Text) {
			return fmt.Errorf("%s has unsaved changes: save it first (packages are made from the files on disk, as chartwright package makes them)", o.Path)
		}
	}
	return nil
}

// indexOptions are indexRepository's options.
type indexOptions struct {
	URL   string `json:"url"`
	Merge string `json:"merge"`
	Show  bool   `json:"show"`
}

// indexResult is indexRepository's result.
type indexResult struct {
	Path    string   `json:"path"`
	Entries int      `json:"entries"`
	Skipped []string `json:"skipped,omitempty"`
}

// indexRepository writes index.yaml in the folder at path as `chartwright
// index` does.
func indexRepository(ctx context.Context, s *Server, snap *cache.Snapshot, path string, opts indexOptions) (*indexResult, error) {
	if fi, err := os.Stat(path); err != nil || !fi.IsDir() {
		return nil, argErrorf("%s is not a folder", path)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var merge string
	if opts.Merge != "" {
		merge = absolute(path, opts.Merge)
	}
	idx, skipped, err := repo.UpdateIndex(path, repo.IndexOptions{URL: opts.URL, Merge: merge, Helm: helmVersion(snap, path)})
	if err != nil {
		return nil, err
	}
	res := &indexResult{Path: filepath.Join(path, "index.yaml"), Skipped: skipped}
	for _, versions := range idx.Entries {
		res.Entries += len(versions)
	}
	if opts.Show {
		s.showInfo(ctx, fmt.Sprintf("chartwright: wrote %s with %d chart versions", res.Path, res.Entries))
	}
	return res, nil
}

// chartFolder returns the folder of the chart at path: path when it is a
// chart folder, else the nearest folder above it with a Chart.yaml, saved
// or open.
func chartFolder(snap *cache.Snapshot, path string) (string, error) {
	dir := path
	if fi, err := os.Stat(path); err != nil || !fi.IsDir() {
		dir = filepath.Dir(path)
	}
	for range maxChartDepth {
		if _, err := snap.ReadFile(filepath.Join(dir, "Chart.yaml")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	return "", argErrorf("%s is not in a chart: no Chart.yaml at or above it", path)
}

// maxChartDepth bounds the folders chartFolder climbs.
const maxChartDepth = 64

// absolute makes a path relative to dir absolute.
func absolute(dir, path string) string {
	if filepath.IsAbs(path) {
		return filepath.Clean(path)
	}
	return filepath.Join(dir, path)
}

// helmVersion is the Helm flavour for a path: its chart's configuration,
// else the settings'.
func helmVersion(snap *cache.Snapshot, path string) chart.HelmVersion {
	helm3 := snap.Settings.Helm3()
	if root := snap.Root(path); root != nil {
		helm3 = root.Config.Helm3
	}
	if helm3 {
		return chart.Helm3
	}
	return chart.Helm4
}
