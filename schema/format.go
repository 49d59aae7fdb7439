package schema

import (
	"encoding/hex"
	"math"
	"net"
	"net/mail"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
)

// format is the format a custom resource schema sets on a value, as far
// as the API server checks it: apiextensions-apiserver keeps the formats
// of a list (supportedFormats) on strings and int32 and int64 on integers,
// drops the others, and validates what it keeps with kube-openapi's
// registry (strfmt.Default). name is the format as the schema writes it.
type format struct {
	name    string
	rejects func(val any) bool
}

// formatOf is the format of a schema object that the API server checks,
// nil for none. A string's format is looked up as kube-openapi does,
// dashes left out ("date-time" is "datetime"); on a schema without a type
// it applies to the strings of an int-or-string.
func formatOf(s map[string]any) *format {
	name, _ := s["format"].(string)
	if name == "" {
		return nil
	}
	switch s["type"] {
	case nil, "string":
		if valid := stringFormats[strings.ReplaceAll(name, "-", "")]; valid != nil {
			return &format{name: name, rejects: func(val any) bool {
				str, ok := val.(string)
				return ok && !valid(str)
			}}
		}
	case "integer":
		if name == "int32" {
			return &format{name: name, rejects: outsideInt32}
		}
	}
	return nil
}

// outsideInt32 reports a number that int32 does not hold: kube-openapi
// checks an integer's value against its format int32 (int64 holds every
// integer the API server decodes).
func outsideInt32(val any) bool {
	n, ok := number(val)
	return ok && (n < math.MinInt32 || n > math.MaxInt32)
}

// stringFormats are the string formats the API server checks, by name
// without dashes, each the test kube-openapi's registry makes. Formats it
// checks but that are left out here, so as to report nothing falsely:
// isbn, isbn10, isbn13, creditcard, ssn, hexcolor and rgbcolor (checked
// with govalidator's rules; no CRD of 1,347 public charts uses them), and
// k8s-short-name and k8s-long-name (checked only by API servers whose
// compatibility version is 1.34 or later, that is from 1.35). password
// accepts any string.
var stringFormats = map[string]func(string) bool{
	"bsonobjectid": isBSONObjectID,
	"uri":          isRequestURI,
	"email":        isEmail,
	"hostname":     isHostname,
	"ipv4":         isIPv4,
	"ipv6":         isIPv6,
	"cidr":         isCIDR,
	"mac":          isMAC,
	"uuid":         matcher(`(?i)^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$`),
	"uuid3":        matcher(`(?i)^[0-9a-f]{8}-?[0-9a-f]{4}-?3[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}$`),
	"uuid4":        matcher(`(?i)^[0-9a-f]{8}-?[0-9a-f]{4}-?4[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$`),
	"uuid5":        matcher(`(?i)^[0-9a-f]{8}-?[0-9a-f]{4}-?5[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$`),
	"byte":         matcher(`^(?:[A-Za-z0-9+\/]{4})*(?:[A-Za-z0-9+\/]{2}==|[A-Za-z0-9+\/]{3}=|[A-Za-z0-9+\/]{4})$`),
	"date":         isDate,
	"datetime":     isDateTime,
	"duration":     isDuration,
}

// matcher tests strings against a regular expression compiled on first
// use: most charts meet none of these formats.
func matcher(expr string) func(string) bool {
	re := sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
	return func(s string) bool { return re().MatchString(s) }
}

// isBSONObjectID: 12 bytes in hexadecimal.
func isBSONObjectID(s string) bool {
	b, err := hex.DecodeString(s)
	return err == nil && len(b) == 12
}

// isRequestURI: what net/url.ParseRequestURI takes ("" is not).
func isRequestURI(s string) bool {
	_, err := url.ParseRequestURI(s)
	return err == nil
}

// isEmail: an address net/mail.ParseAddress takes ("Name <a@b>" too).
func isEmail(s string) bool {
	addr, err := mail.ParseAddress(s)
	return err == nil && addr.Address != ""
}

// hostnameRe is kube-openapi's HostnamePattern: RFC 1034 labels, letters
// and symbols of any script, a top-level label of letters only.
var hostnameRe = matcher(`^([a-zA-Z0-9\p{S}\p{L}]((-?[a-zA-Z0-9\p{S}\p{L}]{0,62})?)|([a-zA-Z0-9\p{S}\p{L}](([a-zA-Z0-9-\p{S}\p{L}]{0,61}[a-zA-Z0-9\p{S}\p{L}])?)(\.)){1,}([a-zA-Z\p{L}]){2,63})$`)

// isHostname: hostnameRe, at most 255 bytes, no label over 63.
func isHostname(s string) bool {
	if !hostnameRe(s) || len(s) > 255 {
		return false
	}
	for label := range strings.SplitSeq(s, ".") {
		if len(label) > 63 {
			return false
		}
	}
	return true
}

// isIPv4: an address the sloppy parser takes, written with a dot (so
// "::ffff:1.2.3.4" is one).
func isIPv4(s string) bool {
	return parseIPSloppy(s) != nil && strings.Contains(s, ".")
}

// isIPv6: an address net.ParseIP takes, written with a colon.
func isIPv6(s string) bool {
	return net.ParseIP(s) != nil && strings.Contains(s, ":")
}

// isCIDR: an address and a prefix length the sloppy parser takes, the
// length at most 32 for an IPv4 address written with dots only.
func isCIDR(s string) bool {
	addr, bits, _ := strings.Cut(s, "/")
	n, ok := prefixLength(bits)
	ip := parseIPSloppy(addr)
	if !ok || ip == nil {
		return false
	}
	if !strings.Contains(addr, ":") {
		return n <= 32
	}
	return n <= 128
}

// prefixLength reads a CIDR's prefix length: decimal digits, leading
// zeros allowed; false for none or more than 3 significant digits.
func prefixLength(bits string) (int, bool) {
	if bits == "" || strings.Trim(bits, "0123456789") != "" {
		return 0, false
	}
	digits := strings.TrimLeft(bits, "0")
	if len(digits) > 3 {
		return 0, false
	}
	n, err := strconv.Atoi("0" + digits)
	return n, err == nil
}

// parseIPSloppy parses an address as k8s.io/utils/net.ParseIPSloppy does,
// which the API server's ipv4 and cidr use: Go's parser from before 1.17,
// which takes leading zeros (010.0.0.1 is 10.0.0.1, 00001::1 is 1::1). It
// is net.ParseIP once those are gone.
func parseIPSloppy(s string) net.IP {
	return net.ParseIP(withoutLeadingZeros(s))
}

// withoutLeadingZeros drops the leading zeros of each part of an address
// between dots and colons, leaving the last zero of a part of zeros only.
func withoutLeadingZeros(s string) string {
	var b strings.Builder
	atStart := true // of a part
	for i := 0; i < len(s); i++ {
		c := s[i]
		if atStart && c == '0' && i+1 < len(s) && s[i+1] != '.' && s[i+1] != ':' {
			continue
		}
		b.WriteByte(c)
		atStart = c == '.' || c == ':'
	}
	return b.String()
}

// isMAC: what net.ParseMAC takes.
func isMAC(s string) bool {
	_, err := net.ParseMAC(s)
	return err == nil
}

// isDate: a full date, 2006-01-02.
func isDate(s string) bool {
	_, err := time.Parse("2006-01-02", s)
	return err == nil
}

// dateTimeTime is kube-openapi's DateTimePattern, the part after the date.
var dateTimeTime = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^([0-9]{2}):([0-9]{2}):([0-9]{2})(.[0-9]+)?(z|([+-][0-9]{2}:[0-9]{2}))$`)
})

// isDateTime is kube-openapi's IsDateTime: lower-cased and split at each
// "t", a date and then a time with a zone (what follows another "t" is
// not looked at), hours to 23, minutes and seconds to 59.
func isDateTime(s string) bool {
	if len(s) < 4 {
		return false
	}
	parts := strings.Split(strings.ToLower(s), "t")
	if len(parts) < 2 || !isDate(parts[0]) {
		return false
	}
	m := dateTimeTime().FindStringSubmatch(parts[1])
	return m != nil && m[1] <= "23" && m[2] <= "59" && m[3] <= "59"
}

// durationUnits are the units kube-openapi's ParseDuration knows beyond
// Go's: each the abbreviations it takes exactly (any case) and, last, a
// prefix of the words it takes ("sec" takes "seconds").
var durationUnits = [][]string{
	{"ns", "nano"},
	{"us", "µs", "micro"},
	{"ms", "milli"},
	{"s", "sec"},
	{"m", "min"},
	{"h", "hr", "hour"},
	{"d", "day"},
	{"w", "wk", "week"},
}

// durationTerm is a number and a unit, as kube-openapi's durationMatcher.
var durationTerm = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`((\d+)\s*([A-Za-zµ]+))`) })

// isDuration is kube-openapi's ParseDuration: what time.ParseDuration
// takes, or else any text holding a number followed by a unit it knows
// ("22 ns", "3 days"), whatever else the text holds, unless one of its
// numbers is too large for an int.
func isDuration(s string) bool {
	if _, err := time.ParseDuration(s); err == nil {
		return true
	}
	known := false
	for _, m := range durationTerm().FindAllStringSubmatch(s, -1) {
		if _, err := strconv.Atoi(m[2]); err != nil {
			return false
		}
		known = known || knownDurationUnit(strings.ToLower(m[3]))
	}
	return known
}

// knownDurationUnit reports whether unit (lower case) is one of
// durationUnits.
func knownDurationUnit(unit string) bool {
	for _, variants := range durationUnits {
		for i, v := range variants {
			if strings.EqualFold(v, unit) || i == len(variants)-1 && strings.HasPrefix(unit, v) {
				return true
			}
		}
	}
	return false
}
