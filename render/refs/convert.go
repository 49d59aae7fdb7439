package refs

// What an undefined path renders as through the functions that make it
// other than the empty text, for Read.Renders.
const (
	rendersZero = "0"     // a conversion to a number: int, float64, atoi...
	rendersNil  = "<nil>" // toString, print
	rendersNull = "null"  // toYaml, toJson
	rendersList = "[]"    // toStrings
)

// conversions are the functions of one argument that turn an undefined
// value into a text other than empty without failing, by what it renders
// as. Their result goes on: default still replaces a zero, not "<nil>".
var conversions = map[string]string{
	"int": rendersZero, "int64": rendersZero, "float64": rendersZero, "toDecimal": rendersZero, "atoi": rendersZero,
	"toString": rendersNil,
}

// renderings are the functions that consume an undefined value and render
// it as a text other than empty.
var renderings = map[string]string{
	"toYaml": rendersNull, "toYamlPretty": rendersNull, "mustToYaml": rendersNull,
	"toJson": rendersNull, "toPrettyJson": rendersNull, "toRawJson": rendersNull,
	"mustToJson": rendersNull, "mustToPrettyJson": rendersNull, "mustToRawJson": rendersNull,
	"print": rendersNil, "toStrings": rendersList,
}

// rendersEmpty reports whether an undefined value that renders as text is
// empty for default, required, coalesce and the tests of if and with: the
// empty text or a zero.
func rendersEmpty(text string) bool { return text == "" || text == rendersZero }

// converted is v as a conversion (or a rendering) that renders an
// undefined value as text gives it: the values paths it stands for, with
// what they render as. A number stays one through toString.
func converted(v *value, text string) *value {
	switch v.kind {
	case values:
		if v.text == rendersZero || v.text == text {
			return v
		}
		w := *v
		w.text = text
		return &w
	case union:
		alts := make([]*value, len(v.items()))
		for i, a := range v.items() {
			alts[i] = converted(a, text)
		}
		return withItems(union, alts)
	}
	return v
}
