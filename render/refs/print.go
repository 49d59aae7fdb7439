package refs

import (
	"fmt"
	"strings"

	"github.com/chartwright/chartwright/chart"
)

// templateObject is .Template as the analysis knows it for a template of
// chart c: its BasePath, "<chart full path>/templates", with which
// templates name the files of their chart (include (print .Template.BasePath
// "/configmap.yaml") .). Its Name, the file running, is not followed.
func templateObject(c *chart.Chart) *value {
	base := &value{kind: constant, text: c.FullPath() + "/templates"}
	d := withItems(dict, []*value{base})
	d.path = []string{"BasePath"}
	return d
}

// printed is the text print or printf (name) makes of vals when every one
// is a constant, each taken as a string; ok is unset otherwise, and when
// printf's verbs do not fit strings.
func printed(name string, vals []*value) (text string, ok bool) {
	for _, v := range vals {
		if v.kind != constant || v == bareConstant {
			return "", false
		}
	}
	args := make([]any, len(vals))
	for i, v := range vals {
		args[i] = v.text
	}
	if name == "print" {
		return fmt.Sprint(args...), true
	}
	if len(args) == 0 {
		return "", false
	}
	text = fmt.Sprintf(args[0].(string), args[1:]...)
	return text, !strings.Contains(text, "%!")
}
