package refs

import (
	"fmt"
	"reflect"

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

// helmArity lists the functions Helm adds to sprig (Helm 4's included) and
// text/template's builtins, with their argument counts.
func helmArity() map[string]arity {
	return map[string]arity{
		"include": {2, 2}, "tpl": {2, 2}, "required": {2, 2}, "fail": {1, 1},
		"lookup": {4, 4}, "getHostByName": {1, 1},
		"toYaml": {1, 1}, "toYamlPretty": {1, 1}, "fromYaml": {1, 1}, "fromYamlArray": {1, 1},
		"toJson": {1, 1}, "fromJson": {1, 1}, "fromJsonArray": {1, 1},
		"toToml": {1, 1}, "fromToml": {1, 1},
		"mustToYaml": {1, 1}, "mustToJson": {1, 1}, "mustToToml": {1, 1}, "mustToDuration": {1, 1},
		"durationSeconds": {1, 1}, "durationMinutes": {1, 1}, "durationHours": {1, 1},
		"durationDays": {1, 1}, "durationWeeks": {1, 1}, "durationMilliseconds": {1, 1},
		"durationMicroseconds": {1, 1}, "durationNanoseconds": {1, 1},
		"durationRoundTo": {2, 2}, "durationTruncateTo": {2, 2},
		// text/template builtins
		"and": {1, -1}, "or": {1, -1}, "not": {1, 1}, "len": {1, 1}, "index": {1, -1},
		"slice": {1, -1}, "call": {1, -1}, "html": {0, -1}, "js": {0, -1}, "urlquery": {0, -1},
		"print": {0, -1}, "printf": {1, -1}, "println": {0, -1},
		"eq": {1, -1}, "ne": {2, 2}, "lt": {2, 2}, "le": {2, 2}, "gt": {2, 2}, "ge": {2, 2},
	}
}

// knownFuncs returns the argument counts of every function a Helm template
// can call: sprig without env and expandenv, then Helm's and the builtins.
// It is a function, not a variable, so that the index keeps no global state;
// Build calls it once.
func knownFuncs() map[string]arity {
	funcs := map[string]arity{}
	for name, fn := range sprigfuncs.Map {
		t := reflect.TypeOf(fn)
		a := arity{t.NumIn(), t.NumIn()}
		if t.IsVariadic() {
			a = arity{t.NumIn() - 1, -1}
		}
		funcs[name] = a
	}
	delete(funcs, "env")
	delete(funcs, "expandenv")
	for name, a := range helmArity() {
		funcs[name] = a
	}
	return funcs
}
