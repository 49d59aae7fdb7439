package lsp

import (
	"context"

	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/lsp/cache"
	"github.com/chartwright/chartwright/lsp/completion"
	"go.lsp.dev/protocol"
)

// signatureHelp is protocol.SignatureHelp with the parameters located by
// offsets in the signature's label, which protocol v0.12.0's
// ParameterInformation cannot carry (its label is only a string, and a
// parameter's text may occur in the label more than once).
type signatureHelp struct {
	Signatures      []signatureInformation `json:"signatures"`
	ActiveSignature uint32                 `json:"activeSignature"`
	ActiveParameter uint32                 `json:"activeParameter"`
}

type signatureInformation struct {
	Label         string                  `json:"label"`
	Documentation *protocol.MarkupContent `json:"documentation,omitempty"`
	Parameters    []parameterInformation  `json:"parameters"`
}

// parameterInformation's label is the parameter's [start, end) in the
// signature's label, in UTF-16 code units.
type parameterInformation struct {
	Label [2]uint32 `json:"label"`
}

func (s *Server) signatureHelp(ctx context.Context, snap *cache.Snapshot, params *protocol.SignatureHelpParams) (*signatureHelp, error) {
	doc, offset, err := documentAt(snap, params.TextDocumentPositionParams)
	if err != nil {
		return nil, err
	}
	sig, ok := completion.SignatureAt(ctx, snap, doc, offset)
	if !ok {
		return nil, ctx.Err()
	}
	return toSignatureHelp(sig), nil
}

// toSignatureHelp converts a signature.
func toSignatureHelp(sig *completion.Signature) *signatureHelp {
	label := source.NewFile("", []byte(sig.Label))
	info := signatureInformation{Label: sig.Label, Parameters: make([]parameterInformation, len(sig.Params))}
	if sig.Doc != "" {
		info.Documentation = &protocol.MarkupContent{Kind: protocol.Markdown, Value: sig.Doc}
	}
	for i, p := range sig.Params {
		info.Parameters[i].Label = [2]uint32{uint32(label.UTF16(p.Start).Character), uint32(label.UTF16(p.End).Character)}
	}
	return &signatureHelp{Signatures: []signatureInformation{info}, ActiveParameter: uint32(sig.Active)}
}
