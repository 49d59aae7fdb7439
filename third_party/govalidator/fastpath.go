package govalidator

import "strings"

// The patch to upstream: fast paths that accept the common shapes of e-mail
// addresses and URLs without compiling the Email and URL patterns (~0.36 ms
// and ~400 KB of a process). Each is a sufficient condition: it says true
// only for strings the pattern certainly matches, and the caller falls back
// to the pattern whenever it says false.

// isPlainEmail reports whether s is an ASCII dot-atom address
// local@label.….label.tld that the Email pattern matches:
//   - local: atoms of the pattern's ASCII characters (letters, digits and
//     !#$%&'*+-/=?^_`{|}~) separated by single dots;
//   - each domain label before the last: letters, digits and hyphens,
//     beginning and ending with a letter or digit;
//   - the last label: letters, digits and hyphens, beginning and ending with
//     a letter;
//   - no trailing dot (the pattern allows one; the fallback answers).
func isPlainEmail(s string) bool {
	local, domain, ok := strings.Cut(s, "@")
	if !ok || !isDotAtom(local) {
		return false
	}
	labels := strings.Split(domain, ".")
	if len(labels) < 2 {
		return false
	}
	last := len(labels) - 1
	for _, l := range labels[:last] {
		if !isLabel(l, isASCIIAlnum) {
			return false
		}
	}
	return isLabel(labels[last], isASCIILetter)
}

// isDotAtom reports whether s is non-empty atoms of atext separated by
// single dots.
func isDotAtom(s string) bool {
	for atom := range strings.SplitSeq(s, ".") {
		if atom == "" {
			return false
		}
		for i := range len(atom) {
			if !isAtext(atom[i]) {
				return false
			}
		}
	}
	return true
}

// isAtext reports whether c is one of the ASCII characters the Email
// pattern accepts in an unquoted local part.
func isAtext(c byte) bool {
	return isASCIIAlnum(c) || strings.IndexByte("!#$%&'*+-/=?^_`{|}~", c) >= 0
}

// isLabel reports whether l is letters, digits and hyphens, with first and
// last byte satisfying end.
func isLabel(l string, end func(byte) bool) bool {
	if l == "" || !end(l[0]) || !end(l[len(l)-1]) {
		return false
	}
	for i := range len(l) {
		if !isASCIIAlnum(l[i]) && l[i] != '-' {
			return false
		}
	}
	return true
}

// urlSchemes are the schemes of the URL pattern, with their "://".
var urlSchemes = []string{"https://", "http://", "ftp://", "tcp://", "udp://", "wss://", "ws://"}

// isPlainURL reports whether s is scheme://host[:port][path] that the URL
// pattern matches (IsURL's url.Parse checks are made before it is asked):
//   - scheme: one of the pattern's, lower case;
//   - host: two or more dot-separated labels of letters and digits joined by
//     single hyphens; the first label at least two bytes long unless there
//     are only two labels; the last label two or more letters;
//   - port: a colon and one to five digits;
//   - path: '/', '?' or '#' then printable ASCII other than space.
//
// Why the pattern matches: with two labels, its group
// ([alnum]+-?-?)*[alnum]+ takes the first label and (?:\.([a-zA-Z]{1,}))
// the last. With more, [alnum]([alnum-_]+)?[alnum]([-\.][alnum]+)* takes
// all but the host's last letter (the first label is its head, then each
// hyphen or dot begins a run of letters and digits), and
// ([alnum]+-?-?)*[alnum]+ takes that letter.
func isPlainURL(s string) bool {
	rest, ok := cutScheme(s)
	if !ok {
		return false
	}
	end := strings.IndexAny(rest, "/?#")
	if end < 0 {
		end = len(rest)
	}
	hostport, path := rest[:end], rest[end:]
	host, port, hasPort := strings.Cut(hostport, ":")
	return isPlainHost(host) && (!hasPort || isPort(port)) && isPrintableASCII(path)
}

// cutScheme returns s without its leading scheme of the URL pattern.
func cutScheme(s string) (string, bool) {
	for _, scheme := range urlSchemes {
		if rest, ok := strings.CutPrefix(s, scheme); ok {
			return rest, true
		}
	}
	return "", false
}

// isPlainHost reports whether host is the host shape isPlainURL documents.
func isPlainHost(host string) bool {
	labels := strings.Split(host, ".")
	last := len(labels) - 1
	if last < 1 || (last > 1 && len(labels[0]) < 2) {
		return false
	}
	for _, l := range labels[:last] {
		if !isLabel(l, isASCIIAlnum) || strings.Contains(l, "--") {
			return false
		}
	}
	tld := labels[last]
	if len(tld) < 2 {
		return false
	}
	for i := range len(tld) {
		if !isASCIILetter(tld[i]) {
			return false
		}
	}
	return true
}

// isPort reports whether p is one to five ASCII digits.
func isPort(p string) bool {
	if p == "" || len(p) > 5 {
		return false
	}
	for i := range len(p) {
		if !isASCIIDigit(p[i]) {
			return false
		}
	}
	return true
}

// isPrintableASCII reports whether s is bytes from '!' to '~' (no space,
// control or non-ASCII byte, so it matches [^\s]*).
func isPrintableASCII(s string) bool {
	for i := range len(s) {
		if s[i] < '!' || s[i] > '~' {
			return false
		}
	}
	return true
}

func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
func isASCIIDigit(c byte) bool  { return '0' <= c && c <= '9' }
func isASCIIAlnum(c byte) bool  { return isASCIILetter(c) || isASCIIDigit(c) }
