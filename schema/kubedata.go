package schema

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
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

// kubeData is the decompressed structure of all Kubernetes versions.
// Records stay encoded until a validator compiles them, and a version's
// tables until it is asked for: a run needs one version of eight.
type kubeData struct {
	strs     []string
	recs     []string
	versions map[string]string // version -> its encoded tables
}

// kubeVersionData indexes one Kubernetes version.
type kubeVersionData struct {
	types map[string]int // qualified struct name -> record
	kinds map[gvk]kubeKind
}

type gvk struct{ apiVersion, kind string }

type kubeKind struct {
	typeName string
	scope    byte
}

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
	if !strings.HasPrefix(raw, "CWK1") {
		return nil, errCorrupt
	}
	r := &reader{s: raw[4:]}
	d := &kubeData{strs: r.strings(), versions: map[string]string{}}
	d.recs = make([]string, min(r.uvarint(), len(r.s)))
	for i := range d.recs {
		d.recs[i], _ = r.bytes(r.uvarint())
	}
	for n := r.uvarint(); n > 0 && r.err == nil; n-- {
		name := d.str(r.uvarint())
		start := r.off
		d.readTables(r, nil)
		d.versions[name] = r.s[start:r.off]
	}
	if r.err != nil {
		return nil, r.err
	}
	return d, nil
}

// version decodes the tables of one Kubernetes version; nil when the
// data has no such version.
func (d *kubeData) version(name string) (*kubeVersionData, error) {
	tables, ok := d.versions[name]
	if !ok {
		return nil, nil
	}
	v := &kubeVersionData{}
	r := &reader{s: tables}
	d.readTables(r, v)
	if r.err != nil {
		return nil, r.err
	}
	return v, nil
}

// readTables reads a version's type and kind tables into v, or only skips
// them when v is nil.
func (d *kubeData) readTables(r *reader, v *kubeVersionData) {
	t := r.uvarint()
	if v != nil {
		v.types = make(map[string]int, min(t, len(r.s)))
	}
	for ; t > 0 && r.err == nil; t-- {
		name, rec := r.uvarint(), r.uvarint()
		if v != nil {
			v.types[d.str(name)] = rec
		}
	}
	k := r.uvarint()
	if v != nil {
		v.kinds = make(map[gvk]kubeKind, min(k, len(r.s)))
	}
	for ; k > 0 && r.err == nil; k-- {
		apiVersion, kind, typeName, scope := r.uvarint(), r.uvarint(), r.uvarint(), r.byte()
		if v != nil {
			v.kinds[gvk{d.str(apiVersion), d.str(kind)}] = kubeKind{typeName: d.str(typeName), scope: scope}
		}
	}
}

func (d *kubeData) str(i int) string {
	if i < 0 || i >= len(d.strs) {
		return ""
	}
	return d.strs[i]
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
