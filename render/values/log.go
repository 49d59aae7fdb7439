package values

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
)

// logger collects the lines Helm would write to stderr while computing
// values. Helm 3 logs with the standard log package and Lshortfile
// ("coalesce.go:237: warning: ..."); Helm 4 routes the same log calls
// through slog at level INFO and logs its own warnings with slog.Warn, both
// with a text handler that drops the time.
type logger struct {
	helm3 bool
	lines []string
}

// printf records a message Helm prints with log.Printf from file:line.
func (l *logger) printf(file string, line int, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if l.helm3 {
		l.lines = append(l.lines, fmt.Sprintf("%s:%d: %s", file, line, msg))
		return
	}
	l.slog(slog.LevelInfo, msg)
}

// warn records a message that Helm 3 prints with log.Printf (v3msg, from
// file:line) and Helm 4 with slog.Warn(msg, attrs...).
func (l *logger) warn(file string, line int, v3msg, msg string, attrs ...any) {
	if l.helm3 {
		l.lines = append(l.lines, fmt.Sprintf("%s:%d: %s", file, line, v3msg))
		return
	}
	l.slog(slog.LevelWarn, msg, attrs...)
}

func (l *logger) slog(level slog.Level, msg string, attrs ...any) {
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
	l.lines = append(l.lines, strings.TrimSuffix(buf.String(), "\n"))
}
