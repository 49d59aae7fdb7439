package rules

import (
	"strings"

	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/kube"
	"github.com/chartwright/chartwright/lint"
)

// checkDeprecatedAPI reports helm lint's deprecation messages, then the
// kinds Helm's table does not know because today's k8s.io/api no longer
// has their types (policy/v1beta1 PodSecurityPolicy, batch/v2alpha1
// CronJob …), from Kubernetes' whole history (kube.LookupRemoval).
func checkDeprecatedAPI(p *lint.Pass) {
	helmRule(manifestDeprecatedAPI)(p)
	reportHistoricAPIs(p)
}

// reportHistoricAPIs reports every rendered document, of the chart and its
// subcharts, whose kind the target release no longer serves or has
// deprecated, unless helm lint reports it already: removed is an error
// (the API server rejects the object), deprecated a warning.
func reportHistoricAPIs(p *lint.Pass) {
	target := targetRelease(p.KubeVersion)
	type helmKey struct {
		file    *source.File
		start   int
		message string
	}
	byHelm := map[helmKey]bool{}
	for _, m := range helmMessages(p) {
		if m.rule == manifestDeprecatedAPI {
			byHelm[helmKey{m.span.File, m.span.Start, m.message}] = true
		}
	}
	for _, d := range renderedDocuments(p) {
		hd := d.head
		if hd == nil || hd.APIVersion == "" || hd.Kind == "" {
			continue
		}
		r, ok := kube.LookupRemoval(hd.APIVersion, hd.Kind)
		if !ok || !(r.RemovedIn(target) || r.AppliesTo(target)) {
			continue
		}
		line := d.lineOf(keyLine("apiVersion"))
		span := origin(d.rendered, line)
		msg := r.Message()
		if byHelm[helmKey{span.File, span.Start, msg}] {
			continue
		}
		sev := lint.Warning
		if r.RemovedIn(target) {
			sev = lint.Error
		}
		p.Report(lint.Finding{Severity: sev, Span: span, Message: msg, Related: d.related(line), Fixes: apiVersionFix(span, hd, target)})
	}
}

// removedAt reports whether the target release no longer serves the kind.
func removedAt(p *lint.Pass, hd *head) bool {
	r, ok := kube.LookupRemoval(hd.APIVersion, hd.Kind)
	return ok && r.RemovedIn(targetRelease(p.KubeVersion))
}

// maxReplacements bounds the chain of replacements replacementVersion
// follows; Kubernetes' longest is three (flowcontrol v1beta1 → v1beta3 → v1).
const maxReplacements = 4

// replacementVersion is the apiVersion to use at target instead of hd's,
// for the same kind: the replacement Kubernetes names, or that one's when
// target no longer serves it either (extensions/v1beta1 PodSecurityPolicy
// names policy/v1beta1, itself removed in 1.25, so none).
func replacementVersion(hd *head, target kube.Release) (string, bool) {
	apiVersion := hd.APIVersion
	for range maxReplacements {
		d, ok := kube.LookupDeprecation(apiVersion, hd.Kind)
		if !ok {
			d, ok = kube.LookupRemoval(apiVersion, hd.Kind)
		}
		version, kind, found := strings.Cut(d.Replacement, " ")
		if !ok || !found || kind != hd.Kind {
			return "", false
		}
		if r, known := kube.LookupRemoval(version, kind); !known || !r.RemovedIn(target) {
			return version, true
		}
		apiVersion = version
	}
	return "", false
}
