package schema

import (
	"slices"
	"testing"
)

// TestKubeTablesSearchable checks what the binary searches of kubedata.go
// rely on: every type and kind of every version is found by its strings.
func TestKubeTablesSearchable(t *testing.T) {
	d, err := loadKube()
	if err != nil {
		t.Fatal(err)
	}
	names := d.versionNames()
	if len(names) != 8 || !slices.Contains(names, DefaultKubeVersion) {
		t.Fatalf("versions = %v", names)
	}
	for _, name := range names {
		v, err := d.version(name)
		if err != nil || v == nil {
			t.Fatalf("version %s: %v, %v", name, v, err)
		}
		for off := 0; off < len(v.types); off += typeEntry {
			typeName := d.str(u16(v.types, off))
			i, ok := d.strIndex(typeName)
			if rec, found := v.record(i); !ok || !found || rec != u16(v.types, off+2) {
				t.Errorf("%s: type %s not found", name, typeName)
			}
		}
		for off := 0; off < len(v.kinds); off += kindEntry {
			apiVersion, kind := d.str(u16(v.kinds, off)), d.str(u16(v.kinds, off+2))
			av, ok1 := d.strIndex(apiVersion)
			kd, ok2 := d.strIndex(kind)
			if typeName, found := v.kind(av, kd); !ok1 || !ok2 || !found || typeName != u16(v.kinds, off+4) {
				t.Errorf("%s: kind %s %s not found", name, apiVersion, kind)
			}
		}
		if _, ok := d.strIndex("no such string"); ok {
			t.Errorf("strIndex found a string the data lacks")
		}
	}
	if v, err := d.version("1.2"); v != nil || err != nil {
		t.Errorf("version 1.2 = %v, %v; want none", v, err)
	}
}

// TestKubeDataDamaged checks that truncated or overwritten data gives an
// error or empty schemas, never a panic.
func TestKubeDataDamaged(t *testing.T) {
	for n := 0; n < len(kubeStruct); n += max(1, n/7) {
		compileDamaged(kubeStruct[:n])
		damaged := []byte(kubeStruct)
		for i := n; i < min(n+64, len(damaged)); i++ {
			damaged[i] = 0xff
		}
		compileDamaged(string(damaged))
	}
	if _, err := decodeKube("CWK1" + kubeStruct[4:]); err == nil {
		t.Error("decodeKube accepted the old format tag")
	}
}

// compileDamaged compiles a Deployment and lists the groups from raw.
func compileDamaged(raw string) {
	d, err := decodeKube(raw)
	if err != nil {
		return
	}
	v, err := d.version(DefaultKubeVersion)
	if err != nil || v == nil {
		return
	}
	k := &kubeSchemas{data: d, ver: v, byName: map[int]*snode{}}
	if n, ok := k.kind("apps/v1", "Deployment"); ok {
		decodeAll(n, map[*snode]bool{})
	}
	k.groups()
}

// decodeAll decodes the fields of n and of every type it reaches.
func decodeAll(n *snode, seen map[*snode]bool) {
	if n == nil || seen[n] {
		return
	}
	seen[n] = true
	decodeAll(n.items, seen)
	o := n.object()
	decodeAll(o.additional, seen)
	for _, p := range o.props {
		decodeAll(p.node, seen)
	}
}
