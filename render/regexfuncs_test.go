package render

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/chartwright/chartwright/render/internal/sprigfuncs"
)

// TestRegexFuncsAreSprigs calls each cached regular expression function
// and sprig's own with the same arguments, twice (compiled, then cached),
// and compares results, errors and panics.
func TestRegexFuncsAreSprigs(t *testing.T) {
	ours := regexFuncs()
	if len(ours) != 12 {
		t.Fatalf("%d regular expression functions, want sprig's 12 (regexQuoteMeta compiles nothing)", len(ours))
	}
	for name, fn := range ours {
		sprigs := reflect.ValueOf(sprigfuncs.Map[name])
		if !sprigs.IsValid() || sprigs.Type() != reflect.TypeOf(fn) {
			t.Fatalf("%s: not sprig's signature", name)
		}
		for _, regex := range []string{`a(b+)`, `^[a-z]+$`, `(`, `x*`, `\d`, `[`} {
			for _, s := range []string{"abbbc ab a", "", "xyz 123"} {
				args := []reflect.Value{reflect.ValueOf(regex), reflect.ValueOf(s)}
				switch sprigs.Type().NumIn() {
				case 3:
					if sprigs.Type().In(2).Kind() == reflect.Int {
						args = append(args, reflect.ValueOf(-1))
					} else {
						args = append(args, reflect.ValueOf("<$1>"))
					}
				}
				want := call(sprigs, args)
				for range 2 {
					if got := call(reflect.ValueOf(fn), args); got != want {
						t.Errorf("%s(%q, %q): %s, sprig's %s", name, regex, s, got, want)
					}
				}
			}
		}
	}
}

// call returns what calling fn with args returned or panicked with.
func call(fn reflect.Value, args []reflect.Value) (out string) {
	defer func() {
		if r := recover(); r != nil {
			out = fmt.Sprintf("panic: %v", r)
		}
	}()
	for _, v := range fn.Call(args) {
		out += fmt.Sprintf("%#v;", v.Interface())
	}
	return out
}

// TestRegexpCacheIsBounded checks that expressions past the bound are
// compiled but not kept: a template may build them from values.
func TestRegexpCacheIsBounded(t *testing.T) {
	for i := range maxCachedRegexps + 10 {
		if r, err := compileRegexp(fmt.Sprintf("bounded-%d", i)); err != nil || !r.MatchString(fmt.Sprintf("bounded-%d", i)) {
			t.Fatalf("expression %d: %v", i, err)
		}
	}
	regexps.Lock()
	defer regexps.Unlock()
	if n := len(regexps.compiled); n > maxCachedRegexps {
		t.Errorf("%d expressions kept, more than %d", n, maxCachedRegexps)
	}
}
