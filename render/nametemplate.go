package render

import (
	"strings"
	"text/template"

	"github.com/chartwright/chartwright/render/internal/sprigfuncs"
)

// NameFromTemplate is the release name helm template's --name-template
// makes: the text rendered as a Go template with sprig's functions (env
// and expandenv included: Helm takes sprig's map as it is) and no data.
func NameFromTemplate(text string) (string, error) {
	t, err := template.New("name-template").Funcs(sprigfuncs.Map).Parse(text)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	if err := t.Execute(&b, nil); err != nil {
		return "", err
	}
	return b.String(), nil
}
