package chart

import "strings"

// HelmTypeNames words a decoding error of a chart file as Helm's loader
// does: the Go types its JSON errors name are Helm's, whose package is v2
// in Helm 4 (v2.Metadata, []*v2.Maintainer, v2.Dependency of Chart.lock,
// and loader.chartBase where Helm 4 first reads the chart API version) and
// chart in Helm 3, as ours.
// The error is returned as it is when its text does not change.
func HelmTypeNames(err error, helm3 bool) error {
	if err == nil || helm3 {
		return err
	}
	msg := err.Error()
	if text := helm4TypeNames.Replace(msg); text != msg {
		return &HelmError{Text: text, Err: err}
	}
	return err
}

var helm4TypeNames = strings.NewReplacer(
	"Go value of type chart.Metadata", "Go value of type v2.Metadata",
	"of type []*chart.Maintainer", "of type []*v2.Maintainer",
	"of type chart.Maintainer", "of type v2.Maintainer",
	"of type []*chart.Dependency", "of type []*v2.Dependency",
	"of type chart.Dependency", "of type v2.Dependency",
	`Go value of type struct { APIVersion string "json:\"apiVersion\"" }`, "Go value of type loader.chartBase",
)
