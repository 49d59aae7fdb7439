package values

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"strings"
	"syscall"
	"testing"
)

// Every expectation below is what helm v4.3.1 printed for the same flags
// (values as {{ toJson .Values }}, errors after "Error: "), except the
// cases marked Helm 3, which follow Helm 3's values options code.
func TestFlagsMerge(t *testing.T) {
	files := map[string]string{
		"multi.yaml": "a: 1\nb: {p: 1}\n---\nb: {q: 2}\nc: 3\n--- # c\n",
		"bad.yaml":   "a: [\n",
		"list.yaml":  "- 1\n",
		"sep.yaml":   "a: 1\n--- x\nb: 2\n",
		"crlf.yaml":  "p: 1\r\n---\r\nq: 2",
		"f.txt":      "content\n",
	}
	readFile := func(name string) ([]byte, error) {
		if s, ok := files[name]; ok {
			return []byte(s), nil
		}
		return nil, &fs.PathError{Op: "open", Path: name, Err: syscall.ENOENT}
	}
	deep := strings.Repeat("a.", 31) + "a=1"
	tests := []struct {
		name  string
		flags Flags
		helm3 bool
		want  string // JSON, then the Go type of each top-level value
		err   string
	}{
		{name: "typing", flags: Flags{Set: []string{`a=1,b=true,c=null,d=0,e=0123,f=1.5,g=-3,h=9223372036854775808,i=FALSE,j=Null`}},
			want: `{"a":1,"b":true,"c":null,"d":0,"e":"0123","f":"1.5","g":-3,"h":"9223372036854775808","i":false,"j":null} a=int64 b=bool c=<nil> d=int64 e=string f=string g=int64 h=string i=bool j=<nil>`},
		{name: "nesting lists escapes", flags: Flags{Set: []string{`a.b.c=1,list[0]=x,list[2].k=y,arr={1,2,3},esc=a\,b,k\.dot=v`}},
			want: `{"a":{"b":{"c":1}},"arr":[1,2,3],"esc":"a,b","k.dot":"v","list":["x",null,{"k":"y"}]} a=map[string]interface {} arr=[]interface {} esc=string k.dot=string list=[]interface {}`},
		{name: "maps in lists", flags: Flags{Set: []string{`name1.name2[0].foo=bar,name1.name2[1].foo=bar`}},
			want: `{"name1":{"name2":[{"foo":"bar"},{"foo":"bar"}]}} name1=map[string]interface {}`},
		{name: "empty, equals and braces in values", flags: Flags{Set: []string{`a=`, `b=c=d`, `l={},m={x}`}},
			want: `{"a":"","b":"c=d","l":[""],"m":["x"]} a=string b=string l=[]interface {} m=[]interface {}`},
		{name: "empty key ignored", flags: Flags{Set: []string{`=1,b=2`}}, want: `{"b":2} b=int64`},
		{name: "30 levels", flags: Flags{Set: []string{strings.Repeat("a.", 30) + "a=1"}},
			want: strings.Repeat(`{"a":`, 31) + `1` + strings.Repeat(`}`, 31) + ` a=map[string]interface {}`},
		{name: "set-string", flags: Flags{SetString: []string{`a=1,b=true,c={1,2}`}},
			want: `{"a":"1","b":"true","c":["1","2"]} a=string b=string c=[]interface {}`},
		{name: "set-json", flags: Flags{SetJSON: []string{`a={"b":1},c=[1,"x"],d=,e=null`}},
			want: `{"a":{"b":1},"c":[1,"x"],"d":null,"e":null} a=map[string]interface {} c=[]interface {} d=<nil> e=<nil>`},
		{name: "set-json list item and blanks", flags: Flags{SetJSON: []string{`l[1]= {"x":[1]} , m=2`}},
			want: `{" m":2,"l":[null,{"x":[1]}]}  m=float64 l=[]interface {}`},
		{name: "set-json object merged", flags: Flags{SetJSON: []string{`{"a":{"b":2}}`, `a.c=3`}},
			want: `{"a":{"b":2,"c":3}} a=map[string]interface {}`},
		{name: "set-literal", flags: Flags{SetLiteral: []string{`a.b=x,y=z\,{1}`, `l[1]=v`}},
			want: `{"a":{"b":"x,y=z\\,{1}"},"l":[null,"v"]} a=map[string]interface {} l=[]interface {}`},
		{name: "set-file", flags: Flags{SetFile: []string{`a=f.txt,b={f.txt,f.txt}`}},
			want: `{"a":"content\n","b":["content\n","content\n"]} a=string b=[]interface {}`},
		{name: "precedence", flags: Flags{Set: []string{"a=1"}, SetString: []string{"a=2"}, SetJSON: []string{"a=3"}, SetLiteral: []string{"a=4"}},
			want: `{"a":"4"} a=string`},
		{name: "multi-document files merge", flags: Flags{ValueFiles: []string{"multi.yaml", "crlf.yaml"}, Set: []string{"b.z=3"}},
			want: `{"a":1,"b":{"p":1,"q":2,"z":3},"c":3,"p":1,"q":2} a=float64 b=map[string]interface {} c=float64 p=float64 q=float64`},
		{name: "Helm 3 reads the first document", helm3: true, flags: Flags{ValueFiles: []string{"multi.yaml", "crlf.yaml"}},
			want: `{"a":1,"b":{"p":1},"p":1} a=float64 b=map[string]interface {} p=float64`},

		{name: "type conflict map", flags: Flags{Set: []string{"a=1,a.b=2"}},
			err: "failed parsing --set data: unable to parse key: interface conversion: interface {} is int64, not map[string]interface {}"},
		{name: "type conflict list", flags: Flags{Set: []string{"a.b=1,a[0]=2"}},
			err: "failed parsing --set data: unable to parse key: interface conversion: interface {} is map[string]interface {}, not []interface {}"},
		{name: "type conflict nested list", flags: Flags{Set: []string{"l[0]=1,l[0][0]=2"}},
			err: "failed parsing --set data: unable to parse key: interface conversion: interface {} is int64, not []interface {}"},
		{name: "no value", flags: Flags{Set: []string{"a"}}, err: `failed parsing --set data: key "a" has no value`},
		{name: "trailing escape", flags: Flags{Set: []string{`a\`}}, err: `failed parsing --set data: key "a" has no value`},
		{name: "ends with comma", flags: Flags{Set: []string{"a,"}}, err: `failed parsing --set data: key "a" has no value (cannot end with ,)`},
		{name: "double comma", flags: Flags{Set: []string{"a=1,,b=2"}}, err: `failed parsing --set data: key "" has no value (cannot end with ,)`},
		{name: "empty map", flags: Flags{Set: []string{"a.=1"}}, err: `failed parsing --set data: key map "a" has no value`},
		{name: "open list", flags: Flags{Set: []string{"a={1,2"}}, err: `failed parsing --set data: list must terminate with '}'`},
		{name: "negative index", flags: Flags{Set: []string{"l[-1]=1"}}, err: `failed parsing --set data: negative -1 index not allowed`},
		{name: "index too big", flags: Flags{Set: []string{"l[65537]=1"}}, err: `failed parsing --set data: index of 65537 is greater than maximum supported index of 65536`},
		{name: "bad index", flags: Flags{Set: []string{"l[x]=1"}}, err: `failed parsing --set data: error parsing index: strconv.Atoi: parsing "x": invalid syntax`},
		{name: "data after index", flags: Flags{Set: []string{"l[0]x=1"}}, err: `failed parsing --set data: unexpected data at end of array index: ['x']`},
		{name: "too deep", flags: Flags{Set: []string{deep}}, err: `failed parsing --set data: value name nested level is greater than maximum supported nested level of 30`},
		{name: "bad json value", flags: Flags{SetJSON: []string{"a=nojson"}}, err: `failed parsing --set-json data a=nojson`},
		{name: "empty json value then comma", flags: Flags{SetJSON: []string{"a=,,b=1"}}, err: `failed parsing --set-json data a=,,b=1`},
		{name: "json value with trailing data", flags: Flags{SetJSON: []string{"a=1b"}}, err: `failed parsing --set-json data a=1b`},
		{name: "bad json object", flags: Flags{SetJSON: []string{"{bad"}}, err: `failed parsing --set-json data JSON: {bad`},
		{name: "Helm 3 has no json objects", helm3: true, flags: Flags{SetJSON: []string{`{"a":1}`}}, err: `failed parsing --set-json data {"a":1}`},
		{name: "missing set-file", flags: Flags{SetFile: []string{"a=nope.txt"}}, err: `failed parsing --set-file data: open nope.txt: no such file or directory`},
		{name: "missing file", flags: Flags{ValueFiles: []string{"nope.yaml"}}, err: `open nope.yaml: no such file or directory`},
		{name: "bad yaml", flags: Flags{ValueFiles: []string{"bad.yaml"}},
			err: `failed to parse bad.yaml: cannot unmarshal yaml document: error converting YAML to JSON: yaml: line 1: did not find expected node content`},
		{name: "bad yaml Helm 3", helm3: true, flags: Flags{ValueFiles: []string{"bad.yaml"}},
			err: `failed to parse bad.yaml: error converting YAML to JSON: yaml: line 1: did not find expected node content`},
		{name: "list file", flags: Flags{ValueFiles: []string{"list.yaml"}},
			err: `failed to parse list.yaml: cannot unmarshal yaml document: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}`},
		{name: "bad separator", flags: Flags{ValueFiles: []string{"sep.yaml"}},
			err: `failed to parse sep.yaml: error reading yaml document: invalid Yaml document separator: x`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.flags.Merge(readFile, Options{Helm3: tt.helm3})
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Fatalf("error %v\nwant %s", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if s := typed(t, got); s != tt.want {
				t.Errorf("got  %s\nwant %s", s, tt.want)
			}
		})
	}
}

// typed prints values as helm's test template does: JSON, then the type
// of each top-level value.
func typed(t *testing.T, vals map[string]any) string {
	b, err := json.Marshal(vals)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, k := range sortedKeys(vals) {
		typ := "<nil>"
		if vals[k] != nil {
			typ = fmt.Sprintf("%T", vals[k])
		}
		s += " " + k + "=" + typ
	}
	return s
}
