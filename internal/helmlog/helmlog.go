// Package helmlog formats the lines Helm writes to stderr while it renders,
// as each Helm version writes them: Helm 3 with the standard log package and
// short file names ("coalesce.go:237: warning: ..."), Helm 4 through slog's
// text handler without the time ("level=INFO msg=..."). It only collects
// lines; callers decide where they go.
package helmlog

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
)

// Log collects stderr lines for one Helm version.
type Log struct {
	Helm3 bool
	Lines []string
}

// Printf records a message Helm 3 prints with log.Printf from file:line and
// Helm 4 routes through slog at level INFO.
func (l *Log) Printf(file string, line int, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if l.Helm3 {
		l.printed(file, line, msg)
		return
	}
	l.Slog(slog.LevelInfo, msg)
}

// Warn records a message that Helm 3 prints with log.Printf (v3msg, from
// file:line) and Helm 4 with slog.Warn(msg, attrs...).
func (l *Log) Warn(file string, line int, v3msg, msg string, attrs ...any) {
	l.Both(file, line, v3msg, slog.LevelWarn, msg, attrs...)
}

// Both records a message worded differently by each version: Helm 3's
// log.Printf text from file:line, Helm 4's slog record at level.
func (l *Log) Both(file string, line int, v3msg string, level slog.Level, msg string, attrs ...any) {
	if l.Helm3 {
		l.printed(file, line, v3msg)
		return
	}
	l.Slog(level, msg, attrs...)
}

// printed records what Helm 3's log.Printf prints from file:line: the
// newline it ends with is the message's own when it has one.
func (l *Log) printed(file string, line int, msg string) {
	l.Lines = append(l.Lines, fmt.Sprintf("%s:%d: %s", file, line, strings.TrimSuffix(msg, "\n")))
}

// Slog records a Helm 4 slog record.
func (l *Log) Slog(level slog.Level, msg string, attrs ...any) {
	var buf bytes.Buffer
	h := slog.NewTextHandler(&buf, &slog.HandlerOptions{
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey {
				return slog.Attr{}
			}
			return a
		},
	})
	slog.New(h).Log(context.Background(), level, msg, attrs...)
	l.Lines = append(l.Lines, strings.TrimSuffix(buf.String(), "\n"))
}
