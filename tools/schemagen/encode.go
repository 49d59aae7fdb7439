package main

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"sort"
)

// The embedded data is two files read by package schema
// (schema/kubedata.go); docs/schema.md describes the layout. kube.bin is
// stored as it is, kubedoc.bin gzipped (kubedoc.bin.gz).
//
// kube.bin is read in place by every run, which looks up a handful of
// kinds of one Kubernetes version: its tables are of fixed width, so that a
// string, a record or a version's entry is found without decoding the rest.
// Numbers in the tables are little-endian: u32 offsets and counts, u16
// string and record indices. Records are uvarint-encoded.
//
//	"CWK2"
//	counts    u32 strings, u32 records, u32 versions
//	strings   per string, u32 end of its bytes in the string bytes; sorted,
//	          so that index order is byte order
//	records   per record, u32 end of its bytes in the record bytes; a record
//	          is a struct type: desc+1 (0: none), field count,
//	          fields × (name string, required byte, desc+1, expr)
//	versions  per Kubernetes version: u32 version string, u32 type count,
//	          u32 kind count, u32 offset of its tables in the table bytes
//	then the string bytes, the record bytes and the table bytes; a version's
//	tables are its types, sorted: type count × (u16 type-name string,
//	u16 record), then its kinds, sorted: kind count × (u16 apiVersion,
//	u16 kind, u16 type-name string)
//
//	expr      kind byte; kString: enum count, enum strings; kArray/kMap: expr;
//	          kRef: type-name string
//
// kubedoc.bin: "CWD1", n, then n × (len, bytes): every description, sorted.
const (
	structMagic = "CWK2"
	docMagic    = "CWD1"
)

// maxIndex bounds the string and record indices of the version tables,
// stored in two bytes.
const maxIndex = 1<<16 - 1

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
	var dir, tables []byte
	for _, m := range models {
		head := [4]int{e.strs[m.kubeVersion], len(m.records), len(m.kinds), len(tables)}
		for _, n := range head {
			dir = binary.LittleEndian.AppendUint32(dir, uint32(n))
		}
		if tables, err = e.version(tables, m); err != nil {
			return nil, nil, err
		}
	}
	if len(e.strList) > maxIndex || len(e.recs) > maxIndex {
		return nil, nil, fmt.Errorf("%d strings and %d records: the format indexes at most %d", len(e.strList), len(e.recs), maxIndex)
	}
	b := []byte(structMagic)
	for _, n := range []int{len(e.strList), len(e.recs), len(models)} {
		b = binary.LittleEndian.AppendUint32(b, uint32(n))
	}
	b = appendEnds(b, e.strList)
	b = appendEnds(b, e.recs)
	b = append(b, dir...)
	for _, s := range e.strList {
		b = append(b, s...)
	}
	for _, r := range e.recs {
		b = append(b, r...)
	}
	b = append(b, tables...)
	d := appendStrings([]byte(docMagic), e.dlist)
	// The structure is read by every run: package schema embeds it as it
	// is, so that no process decompresses it.
	structure = b
	if docs, err = compress(d); err != nil {
		return nil, nil, err
	}
	return structure, docs, nil
}

// appendEnds appends the u32 end offset of each item in their
// concatenation.
func appendEnds[S ~string | ~[]byte](b []byte, items []S) []byte {
	end := 0
	for _, it := range items {
		end += len(it)
		b = binary.LittleEndian.AppendUint32(b, uint32(end))
	}
	return b
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

// version appends m's tables: its types and its kinds, each sorted, as
// package schema searches them.
func (e *encoder) version(b []byte, m *kubeModel) ([]byte, error) {
	for _, name := range sortedKeys(m.records) {
		b = binary.LittleEndian.AppendUint16(b, uint16(e.strs[name]))
		b = binary.LittleEndian.AppendUint16(b, uint16(e.record(m.records[name])))
	}
	for i, k := range m.kinds {
		if i > 0 && !kindLess(m.kinds[i-1], k) {
			return nil, fmt.Errorf("kubernetes %s: kinds not sorted or duplicate at %s %s", m.kubeVersion, k.apiVersion, k.kind)
		}
		b = binary.LittleEndian.AppendUint16(b, uint16(e.strs[k.apiVersion]))
		b = binary.LittleEndian.AppendUint16(b, uint16(e.strs[k.kind]))
		b = binary.LittleEndian.AppendUint16(b, uint16(e.strs[k.typeName]))
	}
	return b, nil
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
