package schema

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"sync"
)

// The Kubernetes schemas, written by tools/schemagen; the layout is
// described in tools/schemagen/encode.go and docs/schema.md.
var (
	//go:embed data/kube.bin.gz
	kubeStructGz []byte
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
// Records stay encoded until a validator compiles them.
type kubeData struct {
	strs     []string
	recs     [][]byte
	versions map[string]*kubeVersionData
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
		kubeLoaded, kubeLoadErr = decodeKube(kubeStructGz)
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

func gunzip(b []byte) ([]byte, error) {
	r, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(r)
}

// reader decodes uvarints, byte slices and strings from b; s holds the
// same bytes so that decoded strings share one allocation.
type reader struct {
	b   []byte
	s   string
	off int
	err error
}

var errCorrupt = errors.New("corrupt embedded schema data")

func newReader(b []byte) *reader { return &reader{b: b, s: string(b)} }

func (r *reader) fail() {
	r.err = errCorrupt
	r.off = len(r.b)
}

func (r *reader) uvarint() int {
	v, n := binary.Uvarint(r.b[r.off:])
	if n <= 0 {
		r.fail()
		return 0
	}
	r.off += n
	return int(v)
}

func (r *reader) bytes(n int) []byte {
	if n < 0 || n > len(r.b)-r.off {
		r.fail()
		return nil
	}
	r.off += n
	return r.b[r.off-n : r.off]
}

func (r *reader) byte() byte {
	if b := r.bytes(1); b != nil {
		return b[0]
	}
	return 0
}

// strings reads a string table.
func (r *reader) strings() []string {
	n := r.uvarint()
	if n > len(r.b)-r.off {
		r.fail()
		return nil
	}
	out := make([]string, n)
	for i := range out {
		l := r.uvarint()
		start := r.off
		if r.bytes(l) == nil {
			return nil
		}
		out[i] = r.s[start:r.off]
	}
	return out
}

func decodeKube(gz []byte) (*kubeData, error) {
	raw, err := gunzip(gz)
	if err != nil {
		return nil, fmt.Errorf("decompress kubernetes schemas: %w", err)
	}
	if !bytes.HasPrefix(raw, []byte("CWK1")) {
		return nil, errCorrupt
	}
	r := newReader(raw[4:])
	d := &kubeData{strs: r.strings(), versions: map[string]*kubeVersionData{}}
	d.recs = make([][]byte, r.uvarint())
	for i := range d.recs {
		d.recs[i] = r.bytes(r.uvarint())
	}
	for n := r.uvarint(); n > 0 && r.err == nil; n-- {
		name := d.str(r.uvarint())
		v := &kubeVersionData{types: map[string]int{}, kinds: map[gvk]kubeKind{}}
		for t := r.uvarint(); t > 0 && r.err == nil; t-- {
			v.types[d.str(r.uvarint())] = r.uvarint()
		}
		for k := r.uvarint(); k > 0 && r.err == nil; k-- {
			key := gvk{d.str(r.uvarint()), d.str(r.uvarint())}
			v.kinds[key] = kubeKind{typeName: d.str(r.uvarint()), scope: r.byte()}
		}
		d.versions[name] = v
	}
	if r.err != nil {
		return nil, r.err
	}
	return d, nil
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
	if !bytes.HasPrefix(raw, []byte("CWD1")) {
		return nil, errCorrupt
	}
	r := newReader(raw[4:])
	out := r.strings()
	return out, r.err
}
