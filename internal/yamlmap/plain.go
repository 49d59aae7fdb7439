package yamlmap

import "math"

// ResolvePlain resolves a plain scalar as Helm reads values files (yaml.v2's
// YAML 1.1, then the JSON round trip): nil, a bool, a float64, or the text
// itself. The infinities and NaN, numbers to YAML that the round trip
// refuses, are NaN.
func ResolvePlain(s string) any {
	if s == "" {
		return nil
	}
	if v, ok := plainScalar(s); ok {
		return v
	}
	return math.NaN()
}
