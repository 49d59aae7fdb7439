package lsp

import (
	"context"

	"github.com/chartwright/chartwright/lsp/cache"
	"github.com/chartwright/chartwright/lsp/completion"
	"go.lsp.dev/protocol"
)

// completionTriggers are the characters after which the client asks for
// completion without being told to.
var completionTriggers = []string{".", "$", "\"", " ", "|", "(", ":"}

func (s *Server) completion(ctx context.Context, snap *cache.Snapshot, params *protocol.CompletionParams) (*protocol.CompletionList, error) {
	doc, offset, err := documentAt(snap, params.TextDocumentPositionParams)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	opts := completion.Options{Snippets: s.client.snippets}
	s.mu.Unlock()
	found, err := completion.Complete(ctx, snap, doc, offset, opts)
	if err != nil {
		return nil, err
	}
	list := &protocol.CompletionList{IsIncomplete: found.Incomplete, Items: make([]protocol.CompletionItem, 0, len(found.Items))}
	for _, it := range found.Items {
		list.Items = append(list.Items, toCompletionItem(it))
	}
	return list, nil
}

// toCompletionItem converts a proposal.
func toCompletionItem(it completion.Item) protocol.CompletionItem {
	item := protocol.CompletionItem{
		Label:      it.Label,
		Kind:       completionKinds[it.Kind],
		Detail:     it.Detail,
		SortText:   it.SortText,
		FilterText: it.Filter,
		Deprecated: it.Deprecated,
	}
	if it.Deprecated {
		item.Tags = []protocol.CompletionItemTag{protocol.CompletionItemTagDeprecated}
	}
	if it.Doc != "" {
		item.Documentation = protocol.MarkupContent{Kind: protocol.Markdown, Value: it.Doc}
	}
	format := protocol.InsertTextFormatPlainText
	if it.Snippet {
		format = protocol.InsertTextFormatSnippet
	}
	item.InsertTextFormat = format
	if it.Replace.File != nil {
		item.TextEdit = &protocol.TextEdit{Range: spanRange(it.Replace), NewText: it.Insert}
	} else {
		item.InsertText = it.Insert
	}
	return item
}

var completionKinds = map[completion.ItemKind]protocol.CompletionItemKind{
	completion.Value:        protocol.CompletionItemKindValue,
	completion.Field:        protocol.CompletionItemKindField,
	completion.Function:     protocol.CompletionItemKindFunction,
	completion.TemplateName: protocol.CompletionItemKindSnippet,
	completion.Variable:     protocol.CompletionItemKindVariable,
	completion.Keyword:      protocol.CompletionItemKindKeyword,
	completion.Property:     protocol.CompletionItemKindProperty,
	completion.EnumMember:   protocol.CompletionItemKindEnumMember,
	completion.Module:       protocol.CompletionItemKindModule,
}
