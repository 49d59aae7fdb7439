package values

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits of Helm's --set parser.
const (
	maxIndex       = 65536
	maxNestedLevel = 30
)

// errNotList says a value does not start with '{'.
var errNotList = errors.New("not a list")

// scanner reads runes from a --set argument, as Helm's bytes.Buffer does.
type scanner struct {
	s    string
	pos  int
	last int // size of the last rune read, for unread
}

func (sc *scanner) readRune() (rune, error) {
	if sc.pos >= len(sc.s) {
		sc.last = 0
		return 0, io.EOF
	}
	r, size := utf8.DecodeRuneInString(sc.s[sc.pos:])
	sc.pos += size
	sc.last = size
	return r, nil
}

func (sc *scanner) unreadRune() {
	sc.pos -= sc.last
	sc.last = 0
}

// until reads up to a stop rune, which it consumes and returns; a backslash
// takes the next rune literally when escapes is set.
func (sc *scanner) until(stop string, escapes bool) ([]rune, rune, error) {
	v := []rune{}
	for {
		r, err := sc.readRune()
		switch {
		case err != nil:
			return v, r, err
		case strings.ContainsRune(stop, r):
			return v, r, nil
		case escapes && r == '\\':
			next, err := sc.readRune()
			if err != nil {
				return v, next, err
			}
			v = append(v, next)
		default:
			v = append(v, r)
		}
	}
}

// setParser parses one argument of --set, --set-string, --set-json,
// --set-file or --set-literal into data, as Helm's strvals does.
type setParser struct {
	sc      *scanner
	data    map[string]any
	json    bool                         // --set-json: values are JSON
	literal bool                         // --set-literal: the rest is the value
	value   func(rs []rune) (any, error) // how other values are read
	// helm3 ends the input only at a bare EOF: Helm 3 compares errors with
	// ==, so an EOF inside an index ("a[") fails where Helm 4 stops quietly.
	helm3 bool
}

func (t *setParser) parse() error {
	for {
		err := t.key(t.data, 0)
		if err == nil {
			continue
		}
		if err == io.EOF || !t.helm3 && errors.Is(err, io.EOF) {
			return nil
		}
		return err
	}
}

// conversionError is the text of the runtime panic Helm recovers from when
// a key path meets a value of the wrong type.
func conversionError(v any, want string) error {
	got := "nil"
	if v != nil {
		got = fmt.Sprintf("%T", v)
	}
	return fmt.Errorf("unable to parse key: interface conversion: interface {} is %s, not %s", got, want)
}

const (
	mapType  = "map[string]interface {}"
	listType = "[]interface {}"
)

func (t *setParser) key(data map[string]any, level int) error {
	stop := "=[,."
	if t.literal {
		stop = "=[."
	}
	k, last, err := t.sc.until(stop, !t.literal)
	switch {
	case err != nil:
		if len(k) == 0 {
			return err
		}
		return fmt.Errorf("key %q has no value", string(k))
	case last == '[':
		return t.listKey(data, string(k), level)
	case last == '=':
		return t.assign(data, string(k))
	case last == ',':
		set(data, string(k), "")
		return fmt.Errorf("key %q has no value (cannot end with ,)", string(k))
	}
	// last == '.'
	level++
	if level > maxNestedLevel {
		return fmt.Errorf("value name nested level is greater than maximum supported nested level of %d", maxNestedLevel)
	}
	inner := map[string]any{}
	if v, ok := data[string(k)]; ok {
		if inner, ok = v.(map[string]any); !ok {
			return conversionError(v, mapType)
		}
	}
	err = t.key(inner, level)
	if err == nil && len(inner) == 0 {
		return fmt.Errorf("key map %q has no value", string(k))
	}
	if len(inner) != 0 {
		set(data, string(k), inner)
	}
	return err
}

func (t *setParser) listKey(data map[string]any, k string, level int) error {
	i, err := t.index()
	if err != nil {
		return fmt.Errorf("error parsing index: %w", err)
	}
	list := []any{}
	if v, ok := data[k]; ok {
		if list, ok = v.([]any); !ok {
			return conversionError(v, listType)
		}
	}
	list, err = t.listItem(list, i, level)
	set(data, k, list)
	return err
}

// assign reads the value after "key=".
func (t *setParser) assign(data map[string]any, k string) error {
	switch {
	case t.literal:
		set(data, k, string(t.rest()))
		return nil
	case t.json:
		v, empty, err := t.jsonValue()
		if err != nil {
			return err
		}
		set(data, k, v)
		if !empty {
			t.emptyValue()
		}
		return nil
	}
	list, err := t.valueList()
	switch {
	case err == nil:
		set(data, k, list)
		return nil
	case errors.Is(err, io.EOF):
		set(data, k, "")
		return err
	case errors.Is(err, errNotList):
		rs, _, err := t.sc.until(",", true)
		if err != nil && !errors.Is(err, io.EOF) {
			return err
		}
		v, err := t.value(rs)
		set(data, k, v)
		return err
	}
	return err
}

func (t *setParser) rest() []rune {
	rs := []rune(t.sc.s[t.sc.pos:])
	t.sc.pos = len(t.sc.s)
	return rs
}

// jsonValue decodes the JSON value that follows '=' or reports an empty
// value (null).
func (t *setParser) jsonValue() (v any, empty bool, err error) {
	if t.emptyValue() {
		return nil, true, nil
	}
	dec := json.NewDecoder(strings.NewReader(t.sc.s[t.sc.pos:]))
	if err := dec.Decode(&v); err != nil {
		return nil, false, err
	}
	t.sc.pos += int(dec.InputOffset())
	return v, false, nil
}

// emptyValue consumes blanks up to a ',' or the end (an empty value) or up
// to another rune, which it leaves.
func (t *setParser) emptyValue() bool {
	for {
		r, err := t.sc.readRune()
		if err != nil || r == ',' {
			return true
		}
		if !unicode.IsSpace(r) {
			t.sc.unreadRune()
			return false
		}
	}
}

func (t *setParser) index() (int, error) {
	v, _, err := t.sc.until("]", !t.literal)
	if err != nil {
		return 0, err
	}
	return strconv.Atoi(string(v))
}

func (t *setParser) listItem(list []any, i, level int) ([]any, error) {
	if i < 0 {
		return list, fmt.Errorf("negative %d index not allowed", i)
	}
	k, last, err := t.sc.until("[.=", !t.literal)
	switch {
	case len(k) > 0:
		return list, fmt.Errorf("unexpected data at end of array index: %q", k)
	case err != nil:
		return list, err
	case last == '=':
		return t.assignItem(list, i)
	case last == '[':
		next, err := t.index()
		if err != nil {
			return list, fmt.Errorf("error parsing index: %w", err)
		}
		var inner []any
		if len(list) > i && list[i] != nil {
			var ok bool
			if inner, ok = list[i].([]any); !ok {
				return list, conversionError(list[i], listType)
			}
		}
		inner, err = t.listItem(inner, next, level)
		if err != nil {
			return list, err
		}
		return setIndex(list, i, inner)
	}
	// last == '.'
	inner := map[string]any{}
	if len(list) > i {
		var ok bool
		if inner, ok = list[i].(map[string]any); !ok {
			inner = map[string]any{}
			list[i] = inner
		}
	}
	if err := t.key(inner, level); err != nil {
		return list, err
	}
	return setIndex(list, i, inner)
}

func (t *setParser) assignItem(list []any, i int) ([]any, error) {
	switch {
	case t.literal:
		return setIndex(list, i, string(t.rest()))
	case t.json:
		v, empty, err := t.jsonValue()
		if err != nil {
			return list, err
		}
		if list, err = setIndex(list, i, v); err != nil || empty {
			return list, err
		}
		t.emptyValue()
		return list, nil
	}
	vl, err := t.valueList()
	switch {
	case err == nil:
		return setIndex(list, i, vl)
	case errors.Is(err, io.EOF):
		return setIndex(list, i, "")
	case errors.Is(err, errNotList):
		rs, _, err := t.sc.until(",", true)
		if err != nil && !errors.Is(err, io.EOF) {
			return list, err
		}
		v, err := t.value(rs)
		if err != nil {
			return list, err
		}
		return setIndex(list, i, v)
	}
	return list, err
}

// valueList reads "{a,b}" or reports errNotList.
func (t *setParser) valueList() ([]any, error) {
	r, err := t.sc.readRune()
	if err != nil {
		return []any{}, err
	}
	if r != '{' {
		t.sc.unreadRune()
		return []any{}, errNotList
	}
	list := []any{}
	for {
		rs, last, err := t.sc.until(",}", true)
		if err != nil {
			if errors.Is(err, io.EOF) {
				err = errors.New("list must terminate with '}'")
			}
			return list, err
		}
		if last == '}' {
			if r, err := t.sc.readRune(); err == nil && r != ',' {
				t.sc.unreadRune()
			}
			v, err := t.value(rs)
			return append(list, v), err
		}
		v, err := t.value(rs)
		if err != nil {
			return list, err
		}
		list = append(list, v)
	}
}

func set(data map[string]any, key string, val any) {
	if key != "" {
		data[key] = val
	}
}

func setIndex(list []any, i int, val any) ([]any, error) {
	if i < 0 {
		return list, fmt.Errorf("negative %d index not allowed", i)
	}
	if i > maxIndex {
		return list, fmt.Errorf("index of %d is greater than maximum supported index of %d", i, maxIndex)
	}
	if len(list) <= i {
		grown := make([]any, i+1)
		copy(grown, list)
		list = grown
	}
	list[i] = val
	return list, nil
}

// typedValue types a --set value: bools, null, int64 for integers that do
// not start with 0 (but 0 itself), else the string.
func typedValue(rs []rune) (any, error) {
	s := string(rs)
	switch {
	case strings.EqualFold(s, "true"):
		return true, nil
	case strings.EqualFold(s, "false"):
		return false, nil
	case strings.EqualFold(s, "null"):
		return nil, nil
	case s == "0":
		return int64(0), nil
	}
	if s != "" && s[0] != '0' {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return n, nil
		}
	}
	return s, nil
}

func stringValue(rs []rune) (any, error) { return string(rs), nil }
