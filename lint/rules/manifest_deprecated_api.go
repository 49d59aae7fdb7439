package rules

import (
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/chartwright/chartwright/chart"
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
			if why, ok := capabilityFallback(p, hd); ok {
				sev, msg = lint.Warning, msg+why
			}
		}
		p.Report(lint.Finding{Severity: sev, Span: span, Message: msg, Related: d.related(line), Fixes: apiVersionFix(span, hd, target)})
	}
}

// capabilityFallback reports whether hd's API, removed at the target, is
// the fallback of a test the chart makes of .Capabilities.APIVersions for
// the API that replaces it (its group/version, or that and the kind), and
// says why that makes it a warning: Helm without a cluster lists no kinds
// and only the API groups client-go knows, so lint renders the fallback,
// which `helm template` prints too, while an install against a cluster
// that serves the replacement renders that.
func capabilityFallback(p *lint.Pass, hd *head) (why string, ok bool) {
	replacement, ok := replacementVersion(hd, targetRelease(p.KubeVersion))
	if !ok {
		return "", false
	}
	tested := testedAPIVersions(p)
	for _, name := range []string{replacement + "/" + hd.Kind, replacement} {
		if tested[name] {
			return fmt.Sprintf(" (the fallback of .Capabilities.APIVersions.Has %q, which Helm without a cluster renders; installed where %s is served, the chart uses it)", name, replacement), true
		}
	}
	return "", false
}

// capabilityTest matches a test of .Capabilities.APIVersions for a literal
// API; group 1 or 2 is the API.
var capabilityTest = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile("APIVersions\\.Has\\s+(?:\"([^\"]+)\"|`([^`]+)`)")
})

// testedAPIVersions are the APIs the templates of the chart and its
// subcharts test .Capabilities.APIVersions for, by literal.
func testedAPIVersions(p *lint.Pass) map[string]bool {
	return p.ChartMemo("tested-api-versions", func() any {
		tested := map[string]bool{}
		var walk func(c *chart.Chart)
		walk = func(c *chart.Chart) {
			for _, t := range c.Templates {
				for _, m := range capabilityTest().FindAllSubmatch(t.Data, -1) {
					tested[string(m[1])+string(m[2])] = true
				}
			}
			for _, sub := range c.Subcharts {
				walk(sub)
			}
		}
		if p.Chart != nil {
			walk(p.Chart)
		}
		return tested
	}).(map[string]bool)
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
