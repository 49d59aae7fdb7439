package render

import (
	"errors"
	"log/slog"

	"fmt"
	"github.com/chartwright/chartwright/internal/cores"
	"github.com/chartwright/chartwright/internal/helmlog"
	"path"
	"sort"
	"strings"
	"unicode"

	"sigs.k8s.io/yaml"
)

// Manifest is one YAML document of a rendered template, as Helm splits them.
type Manifest struct {
	// Source is the template name that produced it.
	Source string
	// Content is the document text, trimmed as the Helm version trims it.
	Content string
	// Head holds the fields Helm reads to sort and classify the document.
	Head SimpleHead
	// Hook is true when the document is a Helm hook; Events are its events.
	Hook   bool
	Events []string
	// From is the rendered template and Offset where Content starts in it.
	From   *Rendered
	Offset int
}

// SimpleHead is the part of a manifest Helm reads: apiVersion, kind and
// metadata. The names are Helm's, down to the type's: JSON decoding errors
// name it ("Go struct field SimpleHead.kind").
type SimpleHead struct {
	APIVersion string        `json:"apiVersion"`
	Kind       string        `json:"kind,omitempty"`
	Metadata   *headMetadata `json:"metadata,omitempty"`
}

// headMetadata is an alias of an unnamed struct, as Helm's is unnamed.
type headMetadata = struct {
	Name        string            `json:"name"`
	Annotations map[string]string `json:"annotations"`
}

// hookEvents are the hook events Helm knows; a document naming another is dropped.
var hookEvents = map[string]bool{
	"pre-install": true, "post-install": true, "pre-delete": true, "post-delete": true,
	"pre-upgrade": true, "post-upgrade": true, "pre-rollback": true, "post-rollback": true,
	"test": true, "test-success": true,
}

// installOrder is the kind order of Helm 3; Helm 4 appends the webhook configurations.
var installOrder = []string{
	"PriorityClass", "Namespace", "NetworkPolicy", "ResourceQuota", "LimitRange",
	"PodSecurityPolicy", "PodDisruptionBudget", "ServiceAccount", "Secret", "SecretList",
	"ConfigMap", "StorageClass", "PersistentVolume", "PersistentVolumeClaim",
	"CustomResourceDefinition", "ClusterRole", "ClusterRoleList", "ClusterRoleBinding",
	"ClusterRoleBindingList", "Role", "RoleList", "RoleBinding", "RoleBindingList", "Service",
	"DaemonSet", "Pod", "ReplicationController", "ReplicaSet", "Deployment",
	"HorizontalPodAutoscaler", "StatefulSet", "Job", "CronJob", "IngressClass", "Ingress",
	"APIService",
}

var helm4InstallOrder = append(append([]string(nil), installOrder...),
	"MutatingWebhookConfiguration", "ValidatingWebhookConfiguration")

// kindRanks maps kinds to their install rank for the mode.
func kindRanks(helm3 bool) map[string]int {
	order := helm4InstallOrder
	if helm3 {
		order = installOrder
	}
	ranks := make(map[string]int, len(order))
	for i, k := range order {
		ranks[k] = i
	}
	return ranks
}

// splitDocuments splits a rendered file into documents as the Helm version
// does. Helm 3 splits on (?:^|\s*\n)---\s* and trims every document; Helm 4
// splits on (?m)^---[ \t]* and trims only leading white space. The regular
// expressions are implemented by hand: they are on the hot path.
func splitDocuments(content string, helm3 bool) []docPiece {
	var pieces []docPiece
	if helm3 {
		trimmed := strings.TrimSpace(content)
		base := strings.Index(content, trimmed)
		for _, p := range split3(trimmed) {
			if p.text == "" {
				continue
			}
			t := strings.TrimSpace(p.text)
			pieces = append(pieces, docPiece{text: t, offset: base + p.offset + strings.Index(p.text, t)})
		}
		return pieces
	}
	trimmed := strings.TrimLeftFunc(content, unicode.IsSpace)
	base := len(content) - len(trimmed)
	for _, p := range split4(trimmed) {
		if strings.TrimSpace(p.text) == "" {
			continue
		}
		t := strings.TrimLeftFunc(p.text, unicode.IsSpace)
		pieces = append(pieces, docPiece{text: t, offset: base + p.offset + len(p.text) - len(t)})
	}
	return pieces
}

// docPiece is a document's text and where it starts in the template output.
type docPiece struct {
	text   string
	offset int
}

// split4 splits at every "---" that starts a line, consuming the spaces and
// tabs after it.
func split4(s string) []docPiece {
	var out []docPiece
	start := 0
	for i := 0; i <= len(s)-3; {
		if (i == 0 || s[i-1] == '\n') && s[i:i+3] == "---" {
			end := i + 3
			for end < len(s) && (s[end] == ' ' || s[end] == '\t') {
				end++
			}
			out = append(out, docPiece{text: s[start:i], offset: start})
			start, i = end, end
			continue
		}
		next := strings.IndexByte(s[i:], '\n')
		if next < 0 {
			break
		}
		i += next + 1
	}
	return append(out, docPiece{text: s[start:], offset: start})
}

// split3 splits at "---" at the start of the text or after a newline,
// taking the white space around it with the separator.
func split3(s string) []docPiece {
	var out []docPiece
	start, from := 0, 0
	if strings.HasPrefix(s, "---") {
		end := skipSpace(s, 3)
		out = append(out, docPiece{text: "", offset: 0})
		start, from = end, end
	}
	for {
		i := strings.Index(s[from:], "\n---")
		if i < 0 {
			break
		}
		nl := from + i
		begin := nl
		for begin > from && isSpace(s[begin-1]) {
			begin--
		}
		end := skipSpace(s, nl+4)
		out = append(out, docPiece{text: s[start:begin], offset: start})
		start, from = end, end
	}
	return append(out, docPiece{text: s[start:], offset: start})
}

func skipSpace(s string, i int) int {
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	return i
}

// isSpace is RE2's \s: tab, newline, form feed, carriage return, space.
func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}

// sortManifests splits rendered files into manifests and hooks and sorts
// them by kind as Helm does. Files are visited in byte order of their names;
// the first document that is not valid YAML is the error.
func sortManifests(files []*Rendered, log *helmlog.Log) (hooks, manifests []*Manifest, err error) {
	helm3 := log.Helm3
	ordered := append([]*Rendered(nil), files...)
	sort.Slice(ordered, func(i, j int) bool { return ordered[i].Name < ordered[j].Name })
	var docs []*Manifest
	for _, f := range ordered {
		if strings.HasPrefix(path.Base(f.Name), "_") || strings.TrimSpace(f.Content) == "" {
			continue
		}
		for _, p := range splitDocuments(f.Content, helm3) {
			docs = append(docs, &Manifest{Source: f.Name, Content: p.text, From: f, Offset: p.offset})
		}
	}
	errs := parseHeads(docs)
	for i, m := range docs {
		if errs[i] != nil {
			return hooks, manifests, helmHeadType(errs[i], helm3)
		}
		switch {
		case !m.classify():
			events := m.Head.Metadata.Annotations["helm.sh/hook"]
			log.Both("manifest_sorter.go", 199, fmt.Sprintf("info: skipping unknown hook: %q", events),
				slog.LevelInfo, "skipping unknown hooks", "hookTypes", events)
		case m.Hook:
			hooks = append(hooks, m)
		default:
			manifests = append(manifests, m)
		}
	}
	ranks := kindRanks(helm3)
	sortByKind(hooks, ranks)
	sortByKind(manifests, ranks)
	return hooks, manifests, nil
}

// helmHeadType words a head's decoding error as Helm's, which decodes into
// its own package's SimpleHead: "Go value of type util.SimpleHead"
// (releaseutil.SimpleHead in Helm 3), not render.SimpleHead.
func helmHeadType(err error, helm3 bool) error {
	const ours = "Go value of type render.SimpleHead"
	theirs := "Go value of type util.SimpleHead"
	if helm3 {
		theirs = "Go value of type releaseutil.SimpleHead"
	}
	if !strings.Contains(err.Error(), ours) {
		return err
	}
	return errors.New(strings.Replace(err.Error(), ours, theirs, 1))
}

// parseHeads reads the head of every document, on all cores: it is the
// most expensive step after template execution.
func parseHeads(docs []*Manifest) []error {
	errs := make([]error, len(docs))
	cores.Each(len(docs), func(i int) {
		m := docs[i]
		if head, ok := quickHead(m.Content); ok {
			m.Head = head
			return
		}
		if err := yaml.Unmarshal([]byte(m.Content), &m.Head); err != nil {
			errs[i] = fmt.Errorf("YAML parse error on %s: %w", m.Source, err)
		}
	})
	return errs
}

// classify marks hooks and their events; it returns false for a hook with
// an unknown event, which Helm drops.
func (m *Manifest) classify() bool {
	if m.Head.Metadata == nil || len(m.Head.Metadata.Annotations) == 0 {
		return true
	}
	events, ok := m.Head.Metadata.Annotations["helm.sh/hook"]
	if !ok {
		return true
	}
	m.Hook = true
	for _, e := range strings.Split(events, ",") {
		e = strings.ToLower(strings.TrimSpace(e))
		if !hookEvents[e] {
			return false
		}
		m.Events = append(m.Events, e)
	}
	return true
}

// sortByKind orders manifests by install rank; unknown kinds go last,
// alphabetically; equal kinds keep their order.
func sortByKind(ms []*Manifest, ranks map[string]int) {
	sort.SliceStable(ms, func(i, j int) bool {
		a, b := ms[i].Head.Kind, ms[j].Head.Kind
		ra, aok := ranks[a]
		rb, bok := ranks[b]
		switch {
		case !aok && !bok:
			return a < b
		case !aok:
			return false
		case !bok:
			return true
		}
		return ra < rb
	})
}

// IsTest reports whether a hook runs on `helm test`.
func (m *Manifest) IsTest() bool {
	for _, e := range m.Events {
		if e == "test" || e == "test-success" {
			return true
		}
	}
	return false
}
