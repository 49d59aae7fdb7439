package completion

import (
	"context"

	"github.com/chartwright/chartwright/lsp/cache"
	"github.com/chartwright/chartwright/render/funcdoc"
	"github.com/chartwright/chartwright/render/refs"
)

// Signature is the signature of the function whose arguments a position
// of a template is in.
type Signature struct {
	// Label is the signature: "indent(spaces int, s string) string".
	Label string
	// Doc is Markdown.
	Doc string
	// Params are where each parameter is in Label, as byte offsets.
	Params []ParamSpan
	// Active is the index of the parameter at the position.
	Active int
}

// ParamSpan is a parameter's place [Start, End) in a signature's label.
type ParamSpan struct{ Start, End int }

// SignatureAt returns the signature of the function whose arguments
// offset of a template is in, with the parameter there: the arguments
// written before it, counted from the first parameter.
// It is false outside a call of a function of the catalogue.
func SignatureAt(ctx context.Context, snap *cache.Snapshot, doc *cache.Document, offset int) (*Signature, bool) {
	if doc.Kind != cache.KindTemplate || ctx.Err() != nil {
		return nil, false
	}
	r := &request{ctx: ctx, snap: snap, doc: doc, offset: max(0, min(offset, len(doc.File.Data)))}
	cur := refs.CursorAt(r.data(), r.offset)
	if !cur.InAction || cur.Call.Name == "" {
		return nil, false
	}
	f, ok := funcdoc.Lookup(cur.Call.Name, r.helm3())
	if !ok {
		return nil, false
	}
	sig := &Signature{Label: f.Signature(), Doc: funcSummary(f), Active: activeParam(f, cur.Call)}
	at := len(f.Name) + 1
	for i := range f.Params {
		label := f.ParamLabel(i)
		sig.Params = append(sig.Params, ParamSpan{Start: at, End: at + len(label)})
		at += len(label) + len(", ")
	}
	return sig, true
}

// activeParam is the parameter the argument at the cursor fills: written
// arguments fill the parameters in order — a piped value comes after them,
// filling the last — and a variadic parameter takes the rest.
func activeParam(f *funcdoc.Func, call refs.FuncCall) int {
	if len(f.Params) == 0 {
		return 0
	}
	return min(call.Arg, len(f.Params)-1)
}
