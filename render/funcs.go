package render

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"text/template"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/chartwright/chartwright/internal/yamlmap"
	"github.com/chartwright/chartwright/render/internal/sprigfuncs"
	"github.com/chartwright/chartwright/render/internal/toyaml"
	"sigs.k8s.io/yaml"
	goyaml3 "sigs.k8s.io/yaml/goyaml.v3"
)

// funcMap is Helm's function map for the mode: sprig without env and
// expandenv (its regular expression functions compiling each expression
// once, see regexFuncs), Helm's conversions, and placeholders for the
// functions bound to a render (include, tpl, required, fail), with their
// signatures, so that every template parses.
func funcMap(helm3 bool) template.FuncMap {
	// Made at its final size: a clone of sprig's would grow, and leave
	// its first table behind, with the functions Helm adds.
	f := make(template.FuncMap, len(sprigfuncs.Map)+addedFuncs)
	maps.Copy(f, sprigfuncs.Map)
	delete(f, "env")
	delete(f, "expandenv")
	for name, fn := range conversionFuncs() {
		f[name] = fn
	}
	if !helm3 {
		for name, fn := range helm4Funcs() {
			f[name] = fn
		}
	}
	for name, fn := range boundedFuncs() {
		f[name] = fn
	}
	for name, fn := range cycleGuardingWriters() {
		f[name] = fn
	}
	for name, fn := range cycleSafeReaders() {
		f[name] = fn
	}
	for name, fn := range guardedReaders() {
		f[name] = fn
	}
	for name, fn := range regexFuncs() {
		f[name] = fn
	}
	f["indent"] = func(spaces int, v string) string { return indented("", spaces, v) }
	f["nindent"] = func(spaces int, v string) string { return indented("\n", spaces, v) }
	f["semverCompare"] = semverCompare
	f["include"] = func(string, any) (string, error) { return "not implemented", nil }
	f["tpl"] = func(string, any) (string, error) { return "not implemented", nil }
	f["required"] = func(string, any) (any, error) { return "not implemented", nil }
	f["lookup"] = func(string, string, string, string) (map[string]any, error) { return map[string]any{}, nil }
	f["getHostByName"] = func(string) string { return "" }
	return f
}

// indented is sprig's indent of v by spaces (the padding before v and
// after each of its newlines) after lead ("\n" for nindent), written in
// one allocation: sprig's makes the padding, the replaced text and each
// concatenation, a copy of the text each, and charts indent most of what
// they include. A negative count panics as sprig's does.
func indented(lead string, spaces int, v string) string {
	pad := strings.Repeat(" ", spaces)
	var b strings.Builder
	b.Grow(len(lead) + len(v) + len(pad)*(1+strings.Count(v, "\n")))
	b.WriteString(lead)
	b.WriteString(pad)
	for {
		i := strings.IndexByte(v, '\n')
		if i < 0 {
			break
		}
		b.WriteString(v[:i+1])
		b.WriteString(pad)
		v = v[i+1:]
	}
	b.WriteString(v)
	return b.String()
}

// addedFuncs bounds the number of functions funcMap adds to sprig's (a
// test keeps it right).
const addedFuncs = 32

// maxListLength bounds the lists until and untilStep make: MaxOutput
// bytes of ints.
const maxListLength = MaxOutput / 8

// boundedFuncs are sprig's functions whose result's size the template
// chooses, with that size bounded (MaxOutput bytes, maxListLength ints), so
// that one call cannot exhaust memory; within the bounds they are sprig's.
func boundedFuncs() template.FuncMap {
	return template.FuncMap{
		"repeat": func(count int, s string) (string, error) {
			if count > 0 && len(s) > 0 && count > MaxOutput/len(s) {
				return "", fmt.Errorf("repeat: %d copies of %d bytes exceed %d MiB", count, len(s), MaxOutput>>20)
			}
			return strings.Repeat(s, count), nil
		},
		"until": func(count int) ([]int, error) {
			step := 1
			if count < 0 {
				step = -1
			}
			return boundedUntilStep(0, count, step)
		},
		"untilStep": boundedUntilStep,
	}
}

// boundedUntilStep is sprig's untilStep, refusing more than maxListLength
// elements.
func boundedUntilStep(start, stop, step int) ([]int, error) {
	var n int
	switch {
	case step > 0 && stop > start:
		n = (stop - start + step - 1) / step
	case step < 0 && stop < start:
		n = (start - stop - step - 1) / -step
	}
	if n < 0 || n > maxListLength {
		return nil, fmt.Errorf("untilStep: %d to %d by %d makes more than %d elements", start, stop, step, maxListLength)
	}
	v := make([]int, 0, n)
	for i := start; len(v) < n; i += step {
		v = append(v, i)
	}
	return v, nil
}

func conversionFuncs() template.FuncMap {
	return template.FuncMap{
		"toToml":        toTOML,
		"fromToml":      fromTOML,
		"toYaml":        toyaml.Encode,
		"toYamlPretty":  toYAMLPretty,
		"fromYaml":      fromYAML,
		"fromYamlArray": fromYAMLArray,
		"toJson":        toJSON,
		"fromJson":      fromJSON,
		"fromJsonArray": fromJSONArray,
	}
}

// helm4Funcs are the functions Helm 4 added.
func helm4Funcs() template.FuncMap {
	return template.FuncMap{
		"mustToToml":           mustConvert(toml.Marshal),
		"mustToYaml":           func(v any) string { return strings.TrimSuffix(mustConvert(yaml.Marshal)(v), "\n") },
		"mustToJson":           mustConvert(json.Marshal),
		"mustToDuration":       mustToDuration,
		"durationSeconds":      durationFloat(time.Duration.Seconds),
		"durationMinutes":      durationFloat(time.Duration.Minutes),
		"durationHours":        durationFloat(time.Duration.Hours),
		"durationDays":         durationFloat(func(d time.Duration) float64 { return d.Hours() / 24 }),
		"durationWeeks":        durationFloat(func(d time.Duration) float64 { return d.Hours() / 24 / 7 }),
		"durationMilliseconds": durationInt(time.Duration.Milliseconds),
		"durationMicroseconds": durationInt(time.Duration.Microseconds),
		"durationNanoseconds":  durationInt(time.Duration.Nanoseconds),
		"durationRoundTo":      durationWith(time.Duration.Round),
		"durationTruncateTo":   durationWith(time.Duration.Truncate),
	}
}

func toYAMLPretty(v any) string {
	var b bytes.Buffer
	enc := goyaml3.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(v); err != nil {
		return ""
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// fromYAML is Helm's fromYaml: sigs.k8s.io/yaml's decoding, or a map
// holding only the error's text. Plain YAML, what templates usually
// produce, is read without yaml.v2 (see yamlmap.DecodePlainText).
func fromYAML(s string) map[string]any {
	if m, ok := yamlmap.DecodePlainText(s); ok {
		if m == nil {
			m = map[string]any{} // an empty document, as Helm gives it
		}
		return m
	}
	m := map[string]any{}
	if err := yaml.Unmarshal([]byte(s), &m); err != nil {
		m["Error"] = err.Error()
	}
	return m
}

func fromYAMLArray(s string) []any {
	a := []any{}
	if err := yaml.Unmarshal([]byte(s), &a); err != nil {
		a = []any{err.Error()}
	}
	return a
}

// toTOML returns the error text on failure, as Helm does.
func toTOML(v any) string {
	var b bytes.Buffer
	if err := toml.NewEncoder(&b).Encode(v); err != nil {
		return err.Error()
	}
	return b.String()
}

func fromTOML(s string) map[string]any {
	m := map[string]any{}
	if err := toml.Unmarshal([]byte(s), &m); err != nil {
		m["Error"] = err.Error()
	}
	return m
}

func toJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(b)
}

func fromJSON(s string) map[string]any {
	m := map[string]any{}
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		m["Error"] = err.Error()
	}
	return m
}

func fromJSONArray(s string) []any {
	a := []any{}
	if err := json.Unmarshal([]byte(s), &a); err != nil {
		a = []any{err.Error()}
	}
	return a
}

// mustConvert turns an encoder into a template function that panics on
// error; text/template reports the panic as an execution error.
func mustConvert(marshal func(any) ([]byte, error)) func(any) string {
	return func(v any) string {
		b, err := marshal(v)
		if err != nil {
			panic(err)
		}
		return string(b)
	}
}

// asDuration reads a duration as Helm 4 does: a Go duration string, or a
// number of seconds (string or number).
func asDuration(v any) (time.Duration, error) {
	switch x := v.(type) {
	case time.Duration:
		return x, nil
	case string:
		s := strings.TrimSpace(x)
		if s == "" {
			return 0, errors.New("empty duration")
		}
		if d, err := time.ParseDuration(s); err == nil {
			return d, nil
		}
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			return secondsFloat(f)
		}
		return 0, fmt.Errorf("could not parse duration %q", x)
	case nil:
		return 0, errors.New("invalid duration")
	}
	rv := reflect.ValueOf(v)
	switch {
	case rv.CanInt():
		return secondsInt(rv.Int())
	case rv.CanUint():
		if rv.Uint() > math.MaxInt64/uint64(time.Second) {
			return 0, fmt.Errorf("duration seconds overflow: %d", rv.Uint())
		}
		return secondsInt(int64(rv.Uint()))
	case rv.CanFloat():
		return secondsFloat(rv.Float())
	}
	return 0, fmt.Errorf("unsupported duration type %T", v)
}

func secondsInt(s int64) (time.Duration, error) {
	if s > math.MaxInt64/int64(time.Second) || s < math.MinInt64/int64(time.Second) {
		return 0, fmt.Errorf("duration seconds overflow: %d", s)
	}
	return time.Duration(s) * time.Second, nil
}

func secondsFloat(s float64) (time.Duration, error) {
	if math.IsNaN(s) || math.IsInf(s, 0) {
		return 0, fmt.Errorf("invalid duration seconds: %v", s)
	}
	if s > float64(math.MaxInt64)/float64(time.Second) || s < float64(math.MinInt64)/float64(time.Second) {
		return 0, fmt.Errorf("duration seconds overflow: %v", s)
	}
	nanos := s * float64(time.Second)
	if nanos > float64(math.MaxInt64) || nanos < float64(math.MinInt64) {
		return 0, fmt.Errorf("duration nanoseconds overflow: %v", nanos)
	}
	return time.Duration(nanos), nil
}

func mustToDuration(v any) time.Duration {
	d, err := asDuration(v)
	if err != nil {
		panic(err)
	}
	return d
}

func durationFloat(unit func(time.Duration) float64) func(any) float64 {
	return func(v any) float64 {
		d, err := asDuration(v)
		if err != nil {
			return 0
		}
		return unit(d)
	}
}

func durationInt(unit func(time.Duration) int64) func(any) int64 {
	return func(v any) int64 {
		d, err := asDuration(v)
		if err != nil {
			return 0
		}
		return unit(d)
	}
}

func durationWith(op func(time.Duration, time.Duration) time.Duration) func(any, any) time.Duration {
	return func(v, m any) time.Duration {
		d, err := asDuration(v)
		if err != nil {
			return 0
		}
		mul, err := asDuration(m)
		if err != nil {
			return d
		}
		return op(d, mul)
	}
}

// sprigSemverCompare is sprig's semverCompare.
var sprigSemverCompare = sprigfuncs.Map["semverCompare"].(func(string, string) (bool, error))

// semverAnswer is what semverCompare answered for a constraint and version.
type semverAnswer struct {
	ok  bool
	err error
}

// semverAnswers remembers semverCompare's answers, up to maxSemverAnswers.
var (
	semverAnswers     sync.Map // [2]string{constraint, version} -> semverAnswer
	semverAnswerCount atomic.Int64
)

const maxSemverAnswers = 4096

// semverCompare is sprig's, remembering its answers: charts ask the same
// question (a constraint on .Capabilities.KubeVersion) from many
// templates, and parsing the constraint with semver's regular expressions
// was 3% of a large chart's render.
func semverCompare(constraint, version string) (bool, error) {
	key := [2]string{constraint, version}
	if a, ok := semverAnswers.Load(key); ok {
		return a.(semverAnswer).ok, a.(semverAnswer).err
	}
	ok, err := sprigSemverCompare(constraint, version)
	if semverAnswerCount.Load() < maxSemverAnswers {
		if _, loaded := semverAnswers.LoadOrStore(key, semverAnswer{ok, err}); !loaded {
			semverAnswerCount.Add(1)
		}
	}
	return ok, err
}
