package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"runtime"
	"sync"
	"time"

	"github.com/chartwright/chartwright/lint/rules"
	"github.com/chartwright/chartwright/lsp/cache"
	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
)

// Options configure a [Server].
type Options struct {
	// Logger receives the server's log; nil discards it. In a process
	// serving stdio it must not write to stdout.
	Logger *slog.Logger
	// Version is reported to the client as the server's version.
	Version string
	// DiagnosticsDelay is the pause in typing after which a chart's whole
	// lint runs (its quick rules and template syntax run at once);
	// 0 means 200 ms.
	DiagnosticsDelay time.Duration
}

// Server is chartwright's language server. Make one with [New] and run it
// with [Server.Serve].
type Server struct {
	log      *slog.Logger
	version  string
	ws       *cache.Workspace
	handlers map[string]handler
	diags    *diagnostics

	// ctx is the server's lifetime: requests' contexts derive from it.
	ctx  context.Context
	conn jsonrpc2.Conn

	// quickPool and slowPool bound the requests running at once.
	quickPool, slowPool chan struct{}

	mu      sync.Mutex
	state   serverState
	client  clientInfo
	cancels map[string]context.CancelFunc
	exit    chan struct{}
	// configured is closed once the client's settings were asked for
	// after initialization, or could not be.
	configured     chan struct{}
	configuredOnce sync.Once
}

// settingsWait bounds how long requests wait for the client's settings,
// for clients that never send initialized.
const settingsWait = 3 * time.Second

// markConfigured lets requests run with the settings the workspace has.
func (s *Server) markConfigured() {
	s.configuredOnce.Do(func() { close(s.configured) })
}

type serverState int

const (
	stateNew serverState = iota
	stateInitialized
	stateShutdown
)

// New returns a server that has yet to serve.
func New(opts Options) *Server {
	logger := opts.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	delay := opts.DiagnosticsDelay
	if delay == 0 {
		delay = 200 * time.Millisecond
	}
	s := &Server{
		log:       logger,
		version:   opts.Version,
		ws:        cache.NewWorkspace(rules.All()),
		quickPool: make(chan struct{}, 4*runtime.GOMAXPROCS(0)+4),
		slowPool:  make(chan struct{}, 2),
		cancels:   map[string]context.CancelFunc{},
		exit:      make(chan struct{}),

		configured: make(chan struct{}),
	}
	s.diags = newDiagnostics(s, delay)
	s.handlers = s.methods()
	return s
}

// Serve runs the server on a stream (stdin and stdout for an editor) until
// the client sends exit or the input ends. It returns nil after a shutdown
// and exit, as LSP asks, and an error otherwise.
func (s *Server) Serve(ctx context.Context, in io.Reader, out io.Writer) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	s.ctx = ctx
	var closer io.Closer
	if c, ok := in.(io.Closer); ok {
		closer = c
	}
	s.conn = jsonrpc2.NewConn(newStream(in, out, closer))
	s.conn.Go(ctx, s.handle)
	select {
	case <-s.exit:
	case <-s.conn.Done():
	case <-ctx.Done():
	}
	s.diags.stop()
	s.mu.Lock()
	state := s.state
	s.mu.Unlock()
	if state != stateShutdown {
		return errors.New("the client ended the session without shutdown")
	}
	return nil
}

// methods is the one table of the methods the server handles.
func (s *Server) methods() map[string]handler {
	inline := func(h handler) handler { h.inline = true; return h }
	slow := func(h handler) handler { h.slow = true; return h }
	return map[string]handler{
		protocol.MethodInitialize:                         inline(request(s.initialize)),
		protocol.MethodInitialized:                        notification(s.initialized),
		protocol.MethodShutdown:                           inline(request(s.shutdown)),
		protocol.MethodExit:                               notification(s.exitNotification),
		protocol.MethodCancelRequest:                      notification(s.cancelRequest),
		protocol.MethodSetTrace:                           notification(ignore[json.RawMessage]),
		protocol.MethodTextDocumentDidOpen:                notification(s.didOpen),
		protocol.MethodTextDocumentDidChange:              notification(s.didChange),
		protocol.MethodTextDocumentDidClose:               notification(s.didClose),
		protocol.MethodTextDocumentDidSave:                notification(s.didSave),
		protocol.MethodWorkspaceDidChangeWatchedFiles:     notification(s.didChangeWatchedFiles),
		protocol.MethodWorkspaceDidChangeConfiguration:    notification(s.didChangeConfiguration),
		protocol.MethodWorkspaceDidChangeWorkspaceFolders: notification(s.didChangeWorkspaceFolders),
		protocol.MethodTextDocumentCompletion:             request(s.completion),
		protocol.MethodTextDocumentHover:                  request(s.hover),
		protocol.MethodTextDocumentSignatureHelp:          request(s.signatureHelp),
		protocol.MethodTextDocumentDefinition:             request(s.definition),
		protocol.MethodTextDocumentReferences:             request(s.references),
		protocol.MethodTextDocumentDocumentHighlight:      request(s.documentHighlight),
		protocol.MethodTextDocumentPrepareRename:          request(s.prepareRename),
		protocol.MethodTextDocumentRename:                 request(s.rename),
		protocol.MethodTextDocumentDocumentSymbol:         request(s.documentSymbol),
		protocol.MethodWorkspaceSymbol:                    request(s.workspaceSymbol),
		protocol.MethodTextDocumentFoldingRange:           request(s.foldingRange),
		protocol.MethodSemanticTokensFull:                 request(s.semanticTokensFull),
		protocol.MethodSemanticTokensRange:                request(s.semanticTokensRange),
		methodInlayHint:                                   request(s.inlayHint),
		protocol.MethodTextDocumentCodeAction:             request(s.codeAction),
		protocol.MethodWorkspaceExecuteCommand:            slow(request(s.executeCommand)),
	}
}

// ignore is the handler of notifications the server has no use for.
func ignore[P any](context.Context, *P) error { return nil }

// clientInfo is what the server needs to know of the client.
type clientInfo struct {
	name string
	// configuration: the client answers workspace/configuration.
	configuration bool
	// watchRegistration: didChangeWatchedFiles can be registered.
	watchRegistration bool
	// progress: the client shows work-done progress.
	progress bool
	// snippets: completion items may be snippets.
	snippets bool
	// markdown: hover contents may be Markdown.
	markdown bool
	// relatedInformation: diagnostics may carry related locations.
	relatedInformation bool
	// watching: the client reports changes on disk (registered).
	watching bool
}

// initializeParams are the parts of initialize's params the server reads.
// They are decoded leniently: fields whose types protocol v0.12.0 has
// wrong for newer clients are not decoded at all.
type initializeParams struct {
	RootURI          protocol.DocumentURI `json:"rootUri"`
	RootPath         string               `json:"rootPath"`
	WorkspaceFolders []struct {
		URI protocol.DocumentURI `json:"uri"`
	} `json:"workspaceFolders"`
	InitializationOptions json.RawMessage `json:"initializationOptions"`
	ClientInfo            *struct {
		Name string `json:"name"`
	} `json:"clientInfo"`
	Capabilities struct {
		Workspace struct {
			Configuration         bool `json:"configuration"`
			DidChangeWatchedFiles struct {
				DynamicRegistration bool `json:"dynamicRegistration"`
			} `json:"didChangeWatchedFiles"`
		} `json:"workspace"`
		Window struct {
			WorkDoneProgress bool `json:"workDoneProgress"`
		} `json:"window"`
		TextDocument struct {
			Completion struct {
				CompletionItem struct {
					SnippetSupport bool `json:"snippetSupport"`
				} `json:"completionItem"`
			} `json:"completion"`
			Hover struct {
				ContentFormat []string `json:"contentFormat"`
			} `json:"hover"`
			PublishDiagnostics struct {
				RelatedInformation bool `json:"relatedInformation"`
			} `json:"publishDiagnostics"`
		} `json:"textDocument"`
	} `json:"capabilities"`
}

func (s *Server) initialize(_ context.Context, _ *cache.Snapshot, params *initializeParams) (*initializeResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.state != stateNew {
		return nil, jsonrpc2.NewError(jsonrpc2.InvalidRequest, "initialize was already called")
	}
	caps := params.Capabilities
	s.client = clientInfo{
		configuration:      caps.Workspace.Configuration,
		watchRegistration:  caps.Workspace.DidChangeWatchedFiles.DynamicRegistration,
		progress:           caps.Window.WorkDoneProgress,
		snippets:           caps.TextDocument.Completion.CompletionItem.SnippetSupport,
		markdown:           len(caps.TextDocument.Hover.ContentFormat) == 0 || caps.TextDocument.Hover.ContentFormat[0] == "markdown",
		relatedInformation: caps.TextDocument.PublishDiagnostics.RelatedInformation,
	}
	if params.ClientInfo != nil {
		s.client.name = params.ClientInfo.Name
	}
	var folders []string
	for _, f := range params.WorkspaceFolders {
		if p, err := uriPath(f.URI); err == nil {
			folders = append(folders, p)
		}
	}
	if len(folders) == 0 && params.RootURI != "" {
		if p, err := uriPath(params.RootURI); err == nil {
			folders = append(folders, p)
		}
	}
	if len(folders) == 0 && params.RootPath != "" {
		folders = append(folders, params.RootPath)
	}
	if settings, err := decodeSettings(params.InitializationOptions); err == nil && settings.Validate() == nil {
		s.ws.SetSettings(settings)
	}
	s.ws.SetFolders(folders)
	s.state = stateInitialized
	time.AfterFunc(settingsWait, s.markConfigured)
	s.log.Info("initialize", "client", s.client.name, "folders", folders)
	return &initializeResult{
		Capabilities: s.capabilities(),
		ServerInfo:   &protocol.ServerInfo{Name: "chartwright", Version: s.version},
	}, nil
}

// initializeResult is protocol.InitializeResult with LSP 3.17's
// capabilities, which protocol v0.12.0 lacks.
type initializeResult struct {
	Capabilities serverCapabilities   `json:"capabilities"`
	ServerInfo   *protocol.ServerInfo `json:"serverInfo,omitempty"`
}

// serverCapabilities adds LSP 3.17's capabilities to protocol's.
type serverCapabilities struct {
	protocol.ServerCapabilities
	InlayHintProvider      bool                  `json:"inlayHintProvider,omitempty"`
	SemanticTokensProvider semanticTokensOptions `json:"semanticTokensProvider"`
}

func (s *Server) capabilities() serverCapabilities {
	return serverCapabilities{
		ServerCapabilities: protocol.ServerCapabilities{
			TextDocumentSync: &protocol.TextDocumentSyncOptions{
				OpenClose: true,
				Change:    protocol.TextDocumentSyncKindIncremental,
				Save:      &protocol.SaveOptions{},
			},
			CompletionProvider:        &protocol.CompletionOptions{TriggerCharacters: completionTriggers},
			HoverProvider:             true,
			SignatureHelpProvider:     &protocol.SignatureHelpOptions{TriggerCharacters: []string{" ", "("}, RetriggerCharacters: []string{" "}},
			DefinitionProvider:        true,
			ReferencesProvider:        true,
			DocumentHighlightProvider: true,
			DocumentSymbolProvider:    true,
			WorkspaceSymbolProvider:   true,
			CodeActionProvider:        &protocol.CodeActionOptions{CodeActionKinds: codeActionKinds},
			RenameProvider:            &protocol.RenameOptions{PrepareProvider: true},
			FoldingRangeProvider:      true,
			ExecuteCommandProvider:    &protocol.ExecuteCommandOptions{Commands: commandNames()},
			Workspace: &protocol.ServerCapabilitiesWorkspace{
				WorkspaceFolders: &protocol.ServerCapabilitiesWorkspaceFolders{Supported: true, ChangeNotifications: true},
			},
		},
		InlayHintProvider:      true,
		SemanticTokensProvider: semanticTokensCapability(),
	}
}

// initialized starts the work that needs the client: its settings, the
// registration of file watching, and the first diagnostics. It runs on a
// goroutine: the client answers those requests on the connection this
// notification arrived on.
func (s *Server) initialized(context.Context, *json.RawMessage) error {
	go func() {
		ctx := s.ctx
		s.fetchSettings(ctx)
		s.markConfigured()
		s.registerWatchers(ctx)
		s.diags.indexAll(ctx, s.ws.Snapshot())
	}()
	return nil
}

func (s *Server) shutdown(context.Context, *cache.Snapshot, *json.RawMessage) (any, error) {
	s.mu.Lock()
	s.state = stateShutdown
	s.mu.Unlock()
	s.diags.stop()
	return nil, nil
}

func (s *Server) exitNotification(context.Context, *json.RawMessage) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	select {
	case <-s.exit:
	default:
		close(s.exit)
	}
	return nil
}

// notify sends a notification to the client, logging a failure.
func (s *Server) notify(ctx context.Context, method string, params any) {
	if err := s.conn.Notify(ctx, method, params); err != nil {
		s.log.Debug("notification failed", "method", method, "error", err)
	}
}
