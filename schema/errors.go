package schema

import (
	"strconv"
	"strings"
)

// ErrorKind classifies a validation [Error].
type ErrorKind int

const (
	// UnknownField: a key the schema does not define.
	UnknownField ErrorKind = iota + 1
	// WrongType: a value of the wrong JSON type.
	WrongType
	// InvalidEnum: a value outside the allowed set.
	InvalidEnum
	// MissingRequired: a required field is absent; Path is its parent.
	MissingRequired
	// InvalidName: metadata.name or metadata.namespace breaks Kubernetes'
	// naming rules.
	InvalidName
	// UnknownKind: no schema is known for the document's apiVersion and
	// kind. Lint reports it once, as information.
	UnknownKind
	// InvalidValue: a value of the right type that breaks another rule
	// (Chart.yaml versions, dependency aliases).
	InvalidValue
	// EmptyRequired: a required field is present but null or an empty
	// string, as "port:" with nothing after it renders; Path is the field.
	EmptyRequired
)

var kindNames = map[ErrorKind]string{
	UnknownField:    "unknown-field",
	WrongType:       "wrong-type",
	InvalidEnum:     "invalid-enum",
	MissingRequired: "missing-required",
	InvalidName:     "invalid-name",
	UnknownKind:     "unknown-kind",
	InvalidValue:    "invalid-value",
	EmptyRequired:   "empty-required",
}

func (k ErrorKind) String() string {
	if s, ok := kindNames[k]; ok {
		return s
	}
	return "ErrorKind(" + strconv.Itoa(int(k)) + ")"
}

// Error is one problem found in a document.
type Error struct {
	// Path locates the offending value: object keys, and array indices as
	// decimal strings. Empty for the document itself.
	Path []string
	Kind ErrorKind
	// Message explains the problem, without the path.
	Message string
	// Suggestion is a close valid key for UnknownField, or "".
	Suggestion string
}

// Error formats e as "spec.containers[0].image: message".
func (e Error) Error() string {
	msg := e.Message
	if e.Suggestion != "" {
		msg += " (did you mean " + strconv.Quote(e.Suggestion) + "?)"
	}
	if len(e.Path) == 0 {
		return msg
	}
	return PathString(e.Path) + ": " + msg
}

// PathString formats a path as "spec.containers[0].image".
func PathString(path []string) string {
	var b strings.Builder
	for i, seg := range path {
		if _, err := strconv.Atoi(seg); err == nil {
			b.WriteString("[" + seg + "]")
			continue
		}
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(seg)
	}
	return b.String()
}
