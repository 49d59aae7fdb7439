package schema

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
)

// The Kubernetes schemas, written by tools/schemagen; the layout is
// described in tools/schemagen/encode.go and docs/schema.md. The structure
// is stored uncompressed: every run reads it, and decompressing its 218 KB
// cost each process nearly a millisecond and 300 KB of fresh memory, where
// the embedded bytes are read in place. The descriptions, which only the
// language server shows, stay compressed.
var (
	//go:embed data/kube.bin
	kubeStruct string
	//go:embed data/kubedoc.bin.gz
	kubeDocGz []byte
)

// Node kinds in the embedded data (tools/schemagen/model.go).
const (
	dataAny byte = iota
	dataObject
	dataString
	dataInteger
	dataNumber
	dataBoolean
	dataIntOrString
	dataArray
	dataMap
	dataRef
)

// kubeData is the structure of all Kubernetes versions, read in place:
// its tables are of fixed width (tools/schemagen/encode.go), so a run
// decodes only the strings, records and table entries of the kinds it
// validates, of the one version it targets.
type kubeData struct {
	strEnds, recEnds string // u32 end offsets into strs and recs
	strs, recs       string // the strings, the records
	versions         string // versionEntry × version count
	tables           string // every version's type and kind tables
}

// Sizes of the fixed-width entries.
const (
	offsetSize   = 4
	versionEntry = 4 * 4 // name string, type count, kind count, table offset
	typeEntry    = 2 * 2 // type-name string, record
	kindEntry    = 3 * 2 // apiVersion, kind, type-name string
)

// kubeVersion holds the tables of one Kubernetes version.
type kubeVersion struct {
	types string // typeEntry × type count, by type name
	kinds string // kindEntry × kind count, by apiVersion then kind
}

type gvk struct{ apiVersion, kind string }

// Lazily loaded, read-only after loading.
var (
	kubeOnce    sync.Once
	kubeLoaded  *kubeData
	kubeLoadErr error

	docOnce    sync.Once
	docStrs    []string
	docLoadErr error
)

func loadKube() (*kubeData, error) {
	kubeOnce.Do(func() {
		kubeLoaded, kubeLoadErr = decodeKube(kubeStruct)
	})
	return kubeLoaded, kubeLoadErr
}

// description returns description i of the embedded data (-1: none).
func description(i int) string {
	docOnce.Do(func() {
		docStrs, docLoadErr = decodeDocs(kubeDocGz)
	})
	if docLoadErr != nil || i < 0 || i >= len(docStrs) {
		return ""
	}
	return docStrs[i]
}

// gunzip decompresses embedded data into one string, allocated once at
// the size the gzip trailer states.
func gunzip(gz []byte) (string, error) {
	r, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return "", err
	}
	var sb strings.Builder
	if len(gz) >= 4 {
		sb.Grow(min(int(binary.LittleEndian.Uint32(gz[len(gz)-4:])), maxEmbedded))
	}
	if _, err := io.Copy(&sb, r); err != nil {
		return "", err
	}
	return sb.String(), nil
}

// maxEmbedded bounds what gunzip preallocates.
const maxEmbedded = 64 << 20

// reader decodes uvarints, byte strings and string tables from s. Decoded
// strings share s's memory.
type reader struct {
	s   string
	off int
	err error
}

var errCorrupt = errors.New("corrupt embedded schema data")

func (r *reader) fail() {
	r.err = errCorrupt
	r.off = len(r.s)
}

func (r *reader) uvarint() int {
	var x uint64
	for shift := uint(0); shift < 64 && r.off < len(r.s); shift += 7 {
		c := r.s[r.off]
		r.off++
		x |= uint64(c&0x7f) << shift
		if c < 0x80 {
			return int(x)
		}
	}
	r.fail()
	return 0
}

// bytes returns the next n bytes.
func (r *reader) bytes(n int) (string, bool) {
	if n < 0 || n > len(r.s)-r.off {
		r.fail()
		return "", false
	}
	r.off += n
	return r.s[r.off-n : r.off], true
}

func (r *reader) byte() byte {
	if b, ok := r.bytes(1); ok {
		return b[0]
	}
	return 0
}

// strings reads a string table.
func (r *reader) strings() []string {
	n := r.uvarint()
	if n > len(r.s)-r.off {
		r.fail()
		return nil
	}
	out := make([]string, n)
	for i := range out {
		var ok bool
		if out[i], ok = r.bytes(r.uvarint()); !ok {
			return nil
		}
	}
	return out
}

func decodeKube(raw string) (*kubeData, error) {
	if !strings.HasPrefix(raw, "CWK2") || len(raw) < 16 {
		return nil, errCorrupt
	}
	nStrs, nRecs, nVers := u32(raw, 4), u32(raw, 8), u32(raw, 12)
	rest := raw[16:]
	d := &kubeData{}
	var ok bool
	parts := []struct {
		dst *string
		n   int
	}{{&d.strEnds, nStrs * offsetSize}, {&d.recEnds, nRecs * offsetSize}, {&d.versions, nVers * versionEntry}}
	for _, p := range parts {
		if *p.dst, rest, ok = cut(rest, p.n); !ok {
			return nil, errCorrupt
		}
	}
	if d.strs, rest, ok = cut(rest, lastEnd(d.strEnds)); !ok {
		return nil, errCorrupt
	}
	if d.recs, d.tables, ok = cut(rest, lastEnd(d.recEnds)); !ok {
		return nil, errCorrupt
	}
	return d, nil
}

// cut splits s after n bytes.
func cut(s string, n int) (head, tail string, ok bool) {
	if n < 0 || n > len(s) {
		return "", "", false
	}
	return s[:n], s[n:], true
}

// lastEnd is the size of the items whose end offsets are ends.
func lastEnd(ends string) int {
	if len(ends) == 0 {
		return 0
	}
	return u32(ends, len(ends)-offsetSize)
}

func u32(s string, off int) int {
	return int(uint32(s[off]) | uint32(s[off+1])<<8 | uint32(s[off+2])<<16 | uint32(s[off+3])<<24)
}

func u16(s string, off int) int {
	return int(s[off]) | int(s[off+1])<<8
}

// item returns item i of the items whose u32 end offsets are ends, "" when
// there is no such item.
func item(items, ends string, i int) string {
	if i < 0 || i >= len(ends)/offsetSize {
		return ""
	}
	start := 0
	if i > 0 {
		start = u32(ends, (i-1)*offsetSize)
	}
	end := u32(ends, i*offsetSize)
	if start > end || end > len(items) {
		return ""
	}
	return items[start:end]
}

// str returns string i.
func (d *kubeData) str(i int) string { return item(d.strs, d.strEnds, i) }

// record returns the encoding of record i.
func (d *kubeData) record(i int) string { return item(d.recs, d.recEnds, i) }

// strIndex returns the index of s in the sorted strings.
func (d *kubeData) strIndex(s string) (int, bool) {
	n := len(d.strEnds) / offsetSize
	i := sort.Search(n, func(i int) bool { return d.str(i) >= s })
	return i, i < n && d.str(i) == s
}

// versionNames lists the Kubernetes versions of the data.
func (d *kubeData) versionNames() []string {
	out := make([]string, 0, len(d.versions)/versionEntry)
	for off := 0; off < len(d.versions); off += versionEntry {
		out = append(out, d.str(u32(d.versions, off)))
	}
	return out
}

// version returns the tables of one Kubernetes version; nil when the data
// has no such version.
func (d *kubeData) version(name string) (*kubeVersion, error) {
	for off := 0; off < len(d.versions); off += versionEntry {
		if d.str(u32(d.versions, off)) != name {
			continue
		}
		types, kinds, start := u32(d.versions, off+4), u32(d.versions, off+8), u32(d.versions, off+12)
		if start > len(d.tables) {
			return nil, errCorrupt
		}
		v := &kubeVersion{}
		var ok1, ok2 bool
		rest := d.tables[start:]
		v.types, rest, ok1 = cut(rest, types*typeEntry)
		v.kinds, _, ok2 = cut(rest, kinds*kindEntry)
		if !ok1 || !ok2 {
			return nil, errCorrupt
		}
		return v, nil
	}
	return nil, nil
}

// record returns the record of the type named by string name.
func (v *kubeVersion) record(name int) (int, bool) {
	n := len(v.types) / typeEntry
	i := sort.Search(n, func(i int) bool { return u16(v.types, i*typeEntry) >= name })
	if i == n || u16(v.types, i*typeEntry) != name {
		return 0, false
	}
	return u16(v.types, i*typeEntry+2), true
}

// kind returns the type-name string of the kind given by the strings
// apiVersion and kind.
func (v *kubeVersion) kind(apiVersion, kind int) (int, bool) {
	key := apiVersion<<16 | kind
	n := len(v.kinds) / kindEntry
	i := sort.Search(n, func(i int) bool { return v.kindKey(i) >= key })
	if i == n || v.kindKey(i) != key {
		return 0, false
	}
	return u16(v.kinds, i*kindEntry+4), true
}

// kindKey orders kind entry i by apiVersion, then kind.
func (v *kubeVersion) kindKey(i int) int {
	return u16(v.kinds, i*kindEntry)<<16 | u16(v.kinds, i*kindEntry+2)
}

// apiVersions calls f with the apiVersion string of each kind.
func (v *kubeVersion) apiVersions(f func(apiVersion int)) {
	for off := 0; off < len(v.kinds); off += kindEntry {
		f(u16(v.kinds, off))
	}
}

func decodeDocs(gz []byte) ([]string, error) {
	raw, err := gunzip(gz)
	if err != nil {
		return nil, fmt.Errorf("decompress kubernetes descriptions: %w", err)
	}
	if !strings.HasPrefix(raw, "CWD1") {
		return nil, errCorrupt
	}
	r := &reader{s: raw[4:]}
	out := r.strings()
	return out, r.err
}
