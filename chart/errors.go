package chart

import "fmt"

// LineError is a problem at a line of a chart file that Helm reports without
// a location. Error returns Helm's text alone, so that command output stays
// identical to Helm's; File and Line (and [LineError.Location]) say where,
// for callers such as lint and the language server that show positions.
type LineError struct {
	File string
	Line int
	Err  error
}

func (e *LineError) Error() string { return e.Err.Error() }

func (e *LineError) Unwrap() error { return e.Err }

// Location formats the position as file:line.
func (e *LineError) Location() string { return fmt.Sprintf("%s:%d", e.File, e.Line) }

// HelmError is an error whose text is Helm's, with the more precise cause
// Helm drops kept behind it: Error returns Text, Unwrap the cause.
type HelmError struct {
	Text string
	Err  error
}

func (e *HelmError) Error() string { return e.Text }

func (e *HelmError) Unwrap() error { return e.Err }

// MemberError is a problem with one member of a chart archive. Error returns
// Helm's text, which does not name the member; Member does.
type MemberError struct {
	Member string
	Err    error
}

func (e *MemberError) Error() string { return e.Err.Error() }

func (e *MemberError) Unwrap() error { return e.Err }

// LoggedError is a failure to load a chart after Helm logged what loading
// it met (the symbolic links it followed): Log holds those lines, which
// Helm prints before the error.
type LoggedError struct {
	Log []string
	Err error
}

func (e *LoggedError) Error() string { return e.Err.Error() }

func (e *LoggedError) Unwrap() error { return e.Err }
