package refs

import "github.com/chartwright/chartwright/chart"

// DotIn returns what . stands for inside blocks (a Cursor's, outermost
// first) of data, a template of chart c that no index knows: as DotAt
// reads a file that does not parse, from the pipelines of the enclosing
// with and range blocks when they are field chains on . or $; nil inside
// a define, whose contexts only the analysis knows.
func DotIn(c *chart.Chart, data []byte, blocks []Block) []Dot {
	fi := &fileIndex{chart: c}
	return fi.dotIn(data, blocks)
}
