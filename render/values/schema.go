package values

import (
	"errors"
	"fmt"
	"strings"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/internal/helmlog"
	"github.com/chartwright/chartwright/internal/valueschema"
)

// ValidateSchemas validates vals, the coalesced values of c, against c's
// values.schema.json and every subchart's against vals[<subchart>] when that
// is present and not null, as Helm's ValidateAgainstSchema does, with Helm's
// error text (the same in Helm 3 and 4): "values don't meet the
// specifications of the schema(s) in the following chart(s):\n<chart>:\n- at
// '<pointer>': <message>\n".
//
// Nothing is fetched: a $ref to another file:// document fails as if the
// file were missing, and an http(s) $ref fails as Helm does offline. urn:
// references are permissive (schema true), as in Helm, which warns once per
// URN; the warnings are returned. opts only selects the warnings' format:
// validation and its messages are the same in Helm 3 and 4.
func ValidateSchemas(c *chart.Chart, vals map[string]any, opts Options) ([]string, error) {
	v := &validator{log: &helmlog.Log{Helm3: opts.Helm3}, warned: map[string]bool{}}
	msg := v.errors(c, vals)
	if msg == "" {
		return v.log.Lines, nil
	}
	return v.log.Lines, errors.New("values don't meet the specifications of the schema(s) in the following chart(s):\n" + msg)
}

// validator validates the schemas of a chart tree.
type validator struct {
	log    *helmlog.Log
	warned map[string]bool // URNs already warned about
}

// errors is the text of Helm's ValidateAgainstSchema error for c, "" when
// the values are valid.
func (v *validator) errors(c *chart.Chart, vals map[string]any) string {
	var sb strings.Builder
	if c.Schema != nil {
		if err := v.validate(vals, c.Schema); err != nil {
			fmt.Fprintf(&sb, "%s:\n%s", c.Name(), err)
		}
	}
	for _, sub := range c.Subcharts {
		raw, ok := vals[sub.Name()]
		if !ok || raw == nil {
			continue
		}
		subVals, ok := raw.(map[string]any)
		if !ok {
			fmt.Fprintf(&sb, "%s:\ninvalid type for values: expected object (map), got %T\n", sub.Name(), raw)
			continue
		}
		sb.WriteString(v.errors(sub, subVals))
	}
	return sb.String()
}

// validate validates vals against one schema. A validation error's text
// loses its first line and gains a final newline; other errors (bad JSON,
// bad schema) are returned as they are.
func (v *validator) validate(vals map[string]any, schemaJSON []byte) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("unable to validate schema: %s", r)
		}
	}()
	c := valueschema.Compile(schemaJSON)
	for _, urn := range c.URNs {
		v.warnURN(urn)
	}
	if c.Err != nil {
		return c.Err
	}
	if vals == nil {
		vals = map[string]any{}
	}
	if err := c.Schema.Validate(vals); err != nil {
		text := strings.TrimPrefix(err.Error(), "jsonschema validation failed with '"+valueschema.URL+"#'\n")
		return errors.New(text + "\n")
	}
	return nil
}

// warnURN logs Helm's warning for an unresolved urn: reference, once.
func (v *validator) warnURN(urn string) {
	if !v.warned[urn] {
		v.warned[urn] = true
		v.log.Warn("jsonschema.go", 192, "WARNING: unresolved URN reference ignored; using permissive schema: "+urn,
			"unresolved URN reference ignored; using permissive schema", "urn", urn)
	}
}
