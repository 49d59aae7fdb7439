package refs

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/chartwright/chartwright/render/internal/sprigfuncs"
)

// arity is how many arguments a function takes: at least min, at most max
// (max < 0: any number).
type arity struct{ min, max int }

func (a arity) accepts(n int) bool { return n >= a.min && (a.max < 0 || n <= a.max) }

func (a arity) String() string {
	switch {
	case a.max < 0:
		return fmt.Sprintf("at least %d", a.min)
	case a.min == a.max:
		return fmt.Sprint(a.min)
	}
	return fmt.Sprintf("%d to %d", a.min, a.max)
}

// helmArities are the argument counts of the functions Helm adds to sprig
// (Helm 4's included) and of text/template's builtins, sorted by name: a
// table the linker lays out, which no process builds (TestHelmAritiesSorted).
var helmArities = [...]namedArity{
	{"and", arity{1, -1}},
	{"call", arity{1, -1}},
	{"durationDays", arity{1, 1}},
	{"durationHours", arity{1, 1}},
	{"durationMicroseconds", arity{1, 1}},
	{"durationMilliseconds", arity{1, 1}},
	{"durationMinutes", arity{1, 1}},
	{"durationNanoseconds", arity{1, 1}},
	{"durationRoundTo", arity{2, 2}},
	{"durationSeconds", arity{1, 1}},
	{"durationTruncateTo", arity{2, 2}},
	{"durationWeeks", arity{1, 1}},
	{"eq", arity{1, -1}},
	{"fail", arity{1, 1}},
	{"fromJson", arity{1, 1}},
	{"fromJsonArray", arity{1, 1}},
	{"fromToml", arity{1, 1}},
	{"fromYaml", arity{1, 1}},
	{"fromYamlArray", arity{1, 1}},
	{"ge", arity{2, 2}},
	{"getHostByName", arity{1, 1}},
	{"gt", arity{2, 2}},
	{"html", arity{0, -1}},
	{"include", arity{2, 2}},
	{"index", arity{1, -1}},
	{"js", arity{0, -1}},
	{"le", arity{2, 2}},
	{"len", arity{1, 1}},
	{"lookup", arity{4, 4}},
	{"lt", arity{2, 2}},
	{"mustToDuration", arity{1, 1}},
	{"mustToJson", arity{1, 1}},
	{"mustToToml", arity{1, 1}},
	{"mustToYaml", arity{1, 1}},
	{"ne", arity{2, 2}},
	{"not", arity{1, 1}},
	{"or", arity{1, -1}},
	{"print", arity{0, -1}},
	{"printf", arity{1, -1}},
	{"println", arity{0, -1}},
	{"required", arity{2, 2}},
	{"slice", arity{1, -1}},
	{"toJson", arity{1, 1}},
	{"toToml", arity{1, 1}},
	{"toYaml", arity{1, 1}},
	{"toYamlPretty", arity{1, 1}},
	{"tpl", arity{2, 2}},
	{"urlquery", arity{0, -1}},
}

// namedArity is a function's name and argument counts.
type namedArity struct {
	name string
	arity
}

// arityOf returns the argument counts of a function a Helm template can
// call: Helm's and the builtins, then sprig's without env and expandenv.
// It looks the function up rather than building a table of them all: the
// index is built once per chart, often to check a few dozen calls.
func arityOf(name string) (arity, bool) {
	if i, ok := slices.BinarySearchFunc(helmArities[:], name, func(e namedArity, name string) int {
		return strings.Compare(e.name, name)
	}); ok {
		return helmArities[i].arity, true
	}
	fn, ok := sprigfuncs.Map[name]
	if !ok || name == "env" || name == "expandenv" {
		return arity{}, false
	}
	t := reflect.TypeOf(fn)
	if t.IsVariadic() {
		return arity{t.NumIn() - 1, -1}, true
	}
	return arity{t.NumIn(), t.NumIn()}, true
}
