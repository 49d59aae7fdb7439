package main

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"sort"
)

// The embedded data is two files of uvarint-encoded tables, read by package
// schema (schema/kubedata.go); docs/schema.md describes the layout. kube.bin
// is stored as it is, kubedoc.bin gzipped (kubedoc.bin.gz).
//
// kube.bin: "CWK1", strings, records, versions.
//
//	strings  n, then n × (len, bytes); sorted
//	records  n, then n × (len, record); a record is a struct type:
//	         desc+1 (0: none), field count, fields × (name, required, desc+1, expr)
//	expr     kind byte; kString: enum count, enum strings; kArray/kMap: expr;
//	         kRef: type-name string
//	versions n, then n × (kube version string, types, kinds):
//	         types: n × (type-name string, record); kinds: n × (apiVersion, kind,
//	         type-name, scope byte)
//
// kubedoc.bin: "CWD1", n, then n × (len, bytes): every description, sorted.
const (
	structMagic = "CWK1"
	docMagic    = "CWD1"
)

// encoder assigns indices to strings and descriptions and deduplicates
// records across Kubernetes versions.
type encoder struct {
	strs, descs    map[string]int
	recIndex       map[string]int
	recs           [][]byte
	strList, dlist []string
}

func encodeModels(models []*kubeModel) (structure, docs []byte, err error) {
	e := &encoder{strs: map[string]int{}, descs: map[string]int{}, recIndex: map[string]int{}}
	for _, m := range models {
		e.collect(m)
	}
	e.strList = sortedKeys(e.strs)
	e.dlist = sortedKeys(e.descs)
	for i, s := range e.strList {
		e.strs[s] = i
	}
	for i, s := range e.dlist {
		e.descs[s] = i
	}
	var versions []byte
	versions = binary.AppendUvarint(versions, uint64(len(models)))
	for _, m := range models {
		versions = e.version(versions, m)
	}
	var b []byte
	b = append(b, structMagic...)
	b = appendStrings(b, e.strList)
	b = binary.AppendUvarint(b, uint64(len(e.recs)))
	for _, r := range e.recs {
		b = binary.AppendUvarint(b, uint64(len(r)))
		b = append(b, r...)
	}
	b = append(b, versions...)
	d := appendStrings([]byte(docMagic), e.dlist)
	// The structure is read by every run: package schema embeds it as it
	// is, so that no process decompresses it.
	structure = b
	if docs, err = compress(d); err != nil {
		return nil, nil, err
	}
	return structure, docs, nil
}

func (e *encoder) collect(m *kubeModel) {
	e.strs[m.kubeVersion] = 0
	for _, k := range m.kinds {
		e.strs[k.apiVersion], e.strs[k.kind], e.strs[k.typeName] = 0, 0, 0
	}
	for name, r := range m.records {
		e.strs[name] = 0
		e.addDesc(r.desc)
		for _, f := range r.fields {
			e.strs[f.name] = 0
			e.addDesc(f.desc)
			e.collectExpr(f.typ)
		}
	}
}

func (e *encoder) addDesc(d string) {
	if d != "" {
		e.descs[d] = 0
	}
}

func (e *encoder) collectExpr(n *node) {
	for _, v := range n.enum {
		e.strs[v] = 0
	}
	if n.ref != "" {
		e.strs[n.ref] = 0
	}
	if n.elem != nil {
		e.collectExpr(n.elem)
	}
}

func (e *encoder) version(b []byte, m *kubeModel) []byte {
	b = binary.AppendUvarint(b, uint64(e.strs[m.kubeVersion]))
	names := sortedKeys(m.records)
	b = binary.AppendUvarint(b, uint64(len(names)))
	for _, name := range names {
		b = binary.AppendUvarint(b, uint64(e.strs[name]))
		b = binary.AppendUvarint(b, uint64(e.record(m.records[name])))
	}
	b = binary.AppendUvarint(b, uint64(len(m.kinds)))
	for _, k := range m.kinds {
		b = binary.AppendUvarint(b, uint64(e.strs[k.apiVersion]))
		b = binary.AppendUvarint(b, uint64(e.strs[k.kind]))
		b = binary.AppendUvarint(b, uint64(e.strs[k.typeName]))
		b = append(b, byte(k.scope))
	}
	return b
}

// record returns the index of r's encoding, adding it when new.
func (e *encoder) record(r *node) int {
	var b []byte
	b = e.appendDesc(b, r.desc)
	b = binary.AppendUvarint(b, uint64(len(r.fields)))
	for _, f := range r.fields {
		b = binary.AppendUvarint(b, uint64(e.strs[f.name]))
		req := byte(0)
		if f.required {
			req = 1
		}
		b = append(b, req)
		b = e.appendDesc(b, f.desc)
		b = e.appendExpr(b, f.typ)
	}
	if i, ok := e.recIndex[string(b)]; ok {
		return i
	}
	e.recIndex[string(b)] = len(e.recs)
	e.recs = append(e.recs, b)
	return len(e.recs) - 1
}

func (e *encoder) appendDesc(b []byte, d string) []byte {
	if d == "" {
		return binary.AppendUvarint(b, 0)
	}
	return binary.AppendUvarint(b, uint64(e.descs[d]+1))
}

func (e *encoder) appendExpr(b []byte, n *node) []byte {
	b = append(b, byte(n.kind))
	switch n.kind {
	case kString:
		b = binary.AppendUvarint(b, uint64(len(n.enum)))
		for _, v := range n.enum {
			b = binary.AppendUvarint(b, uint64(e.strs[v]))
		}
	case kArray, kMap:
		b = e.appendExpr(b, n.elem)
	case kRef:
		b = binary.AppendUvarint(b, uint64(e.strs[n.ref]))
	case kObject:
		panic(fmt.Sprintf("struct expression %v outside a record", n))
	}
	return b
}

func appendStrings(b []byte, strs []string) []byte {
	b = binary.AppendUvarint(b, uint64(len(strs)))
	for _, s := range strs {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	return b
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// compress gzips b without a file name or time stamp, so equal input gives
// equal output.
func compress(b []byte) ([]byte, error) {
	var out bytes.Buffer
	w, err := gzip.NewWriterLevel(&out, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(b); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}
