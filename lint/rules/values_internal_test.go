package rules

import (
	"testing"
	"testing/fstest"

	"github.com/chartwright/chartwright/chart/source"
)

// TestMayStartWithBOM checks when helm lint's reading of values.schema.json
// is read again from the chart folder: when the folder's file is not the
// chart's copy's size (a byte order mark the loader dropped) or cannot be
// looked at.
func TestMayStartWithBOM(t *testing.T) {
	const name = "values.schema.json"
	data := []byte(`{"type": "object"}`)
	f := source.NewFile(name, data)
	for _, tt := range []struct {
		folder fstest.MapFS
		want   bool
	}{
		{fstest.MapFS{name: {Data: data}}, false},
		{fstest.MapFS{name: {Data: append([]byte("\xef\xbb\xbf"), data...)}}, true},
		{fstest.MapFS{}, true},
	} {
		if got := mayStartWithBOM(tt.folder, f); got != tt.want {
			t.Errorf("folder %v: %v, want %v", tt.folder, got, tt.want)
		}
	}
}
