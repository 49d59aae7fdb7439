package cache

import (
	"context"

	"github.com/chartwright/chartwright/chart/source"
)

// SymbolKind says what a workspace symbol is.
type SymbolKind uint8

// Kinds of workspace symbols.
const (
	// SymbolDefine is a define or block of a template.
	SymbolDefine SymbolKind = iota + 1
	// SymbolResource is a Kubernetes resource a template renders.
	SymbolResource
	// SymbolValuesKey is a key of a values file, named by its path.
	SymbolValuesKey
)

// Symbol is a named place of a chart tree, as workspace/symbol finds it.
type Symbol struct {
	Name string
	Kind SymbolKind
	// Container says where the symbol is: its chart and file.
	Container string
	// Path is the absolute path of the file holding the symbol, Span where
	// it is in the file.
	Path string
	Span source.Span
	// Folded is Name in lower case, for matching queries.
	Folded string
}

// Symbols returns the symbols of the root's tree, computed by build once
// per root and shared with the snapshots that share the root: the caller
// says what the symbols are, the cache when they are to be computed again.
// build must be the same function at every call.
func (r *Root) Symbols(build func(*Root) []Symbol) []Symbol {
	s, _ := r.symbols.get(context.Background(), func(context.Context) ([]Symbol, error) { return build(r), nil })
	return s
}
