package lsp

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/chartwright/chartwright/lsp/cache"
	"go.lsp.dev/protocol"
)

// settingsSection is the section of the editor's settings the server reads.
const settingsSection = "chartwright"

// fetchSettings asks a client that answers workspace/configuration for the
// chartwright section and applies it.
func (s *Server) fetchSettings(ctx context.Context) {
	s.mu.Lock()
	ask := s.client.configuration
	s.mu.Unlock()
	if !ask {
		return
	}
	var result []json.RawMessage
	params := protocol.ConfigurationParams{Items: []protocol.ConfigurationItem{{Section: settingsSection}}}
	if _, err := s.conn.Call(ctx, protocol.MethodWorkspaceConfiguration, params, &result); err != nil {
		s.log.Warn("workspace/configuration failed", "error", err)
		return
	}
	if len(result) > 0 {
		s.applySettings(ctx, result[0])
	}
}

// didChangeConfiguration applies settings the client pushes (Neovim 0.7
// sends them in the notification), or, for clients that answer
// workspace/configuration, asks for them again.
func (s *Server) didChangeConfiguration(ctx context.Context, params *struct {
	Settings json.RawMessage `json:"settings"`
}) error {
	var pushed map[string]json.RawMessage
	if json.Unmarshal(params.Settings, &pushed) == nil && pushed[settingsSection] != nil {
		s.applySettings(ctx, pushed[settingsSection])
		return nil
	}
	go s.fetchSettings(s.ctx)
	return nil
}

// applySettings decodes the chartwright section and, when valid, makes it
// the workspace's settings; an invalid one is reported to the user.
func (s *Server) applySettings(ctx context.Context, raw json.RawMessage) {
	settings, err := decodeSettings(raw)
	if err == nil {
		err = settings.Validate()
	}
	if err != nil {
		s.showError(ctx, "chartwright settings: "+err.Error())
		return
	}
	if old := s.ws.Snapshot().Settings; sameSettings(old, settings) {
		return
	}
	snap := s.ws.SetSettings(settings)
	s.log.Info("settings", "helmVersion", settings.HelmVersion, "kubeVersion", settings.KubeVersion)
	go s.diags.indexAll(s.ctx, snap)
}

func sameSettings(a, b cache.Settings) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

// showError shows a message to the user.
func (s *Server) showError(ctx context.Context, message string) {
	s.log.Warn(message)
	s.notify(ctx, protocol.MethodWindowShowMessage, protocol.ShowMessageParams{Type: protocol.MessageTypeError, Message: message})
}

// registerWatchers asks a client that can to report changes to chart
// files on disk; other clients' changes are picked up on save and open.
func (s *Server) registerWatchers(ctx context.Context) {
	s.mu.Lock()
	can := s.client.watchRegistration
	s.mu.Unlock()
	if !can {
		return
	}
	params := protocol.RegistrationParams{Registrations: []protocol.Registration{{
		ID:     "chartwright-watch",
		Method: protocol.MethodWorkspaceDidChangeWatchedFiles,
		RegisterOptions: map[string]any{"watchers": []map[string]any{
			{"globPattern": "**/*.{yaml,yml,tpl,txt,json,tgz}"},
			{"globPattern": "**/.helmignore"},
			{"globPattern": "**/.chartwright.yaml"},
		}},
	}}}
	if _, err := s.conn.Call(ctx, protocol.MethodClientRegisterCapability, params, nil); err != nil {
		s.log.Warn("file watching not registered", "error", err)
		return
	}
	s.mu.Lock()
	s.client.watching = true
	s.mu.Unlock()
}

// watching reports whether the client reports changes on disk.
func (s *Server) watching() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.client.watching
}

// decodeSettings reads the chartwright section. An empty object may come
// as an empty array (Neovim encodes an empty Lua table so), at the top or
// as a setting's value: it means nothing is set.
func decodeSettings(raw json.RawMessage) (cache.Settings, error) {
	var settings cache.Settings
	var fields map[string]json.RawMessage
	if len(raw) == 0 || isEmptyJSON(raw) {
		return settings, nil
	}
	if err := json.Unmarshal(raw, &fields); err != nil {
		return settings, err
	}
	for k, v := range fields {
		if isEmptyJSON(v) {
			delete(fields, k)
		}
	}
	data, _ := json.Marshal(fields)
	err := json.Unmarshal(data, &settings)
	return settings, err
}

// isEmptyJSON reports whether raw is null, [] or {}.
func isEmptyJSON(raw json.RawMessage) bool {
	switch strings.Join(strings.Fields(string(raw)), "") {
	case "null", "[]", "{}":
		return true
	}
	return false
}
