package render_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"testing"

	"github.com/chartwright/chartwright/chart"
	"github.com/chartwright/chartwright/chart/source"
	"github.com/chartwright/chartwright/render"
)

// certTemplate prints the keys and certificates of the certificate
// generators; the signed certificate is checked against its CA.
const certTemplate = `{{- $ca := genCA "ca" 1 -}}
{{- $self := genSelfSignedCert "self" nil (list "a.example") 1 -}}
{{- $signed := genSignedCert "signed" (list "10.0.0.1") nil 1 $ca -}}
{{ $ca.Key }}{{ $self.Key }}{{ $signed.Key }}{{ $ca.Cert }}{{ $self.Cert }}{{ $signed.Cert }}`

// keyTemplate prints genPrivateKey's keys (sprig's RSA and DSA keys take
// seconds, so only lint mode is tested).
const keyTemplate = `{{ genPrivateKey "rsa" }}{{ genPrivateKey "dsa" }}{{ genPrivateKey "" }}{{ genPrivateKey "ed25519" }}`

// TestLintModeKeys checks that lint mode generates ECDSA keys where sprig
// generates RSA and DSA keys, with valid certificates signed by them, and
// that other renders keep sprig's RSA keys.
func TestLintModeKeys(t *testing.T) {
	for _, lint := range []bool{true, false} {
		keys, certs := pemBlocks(t, renderText(t, certTemplate, lint))
		if len(keys) != 3 || len(certs) != 3 {
			t.Fatalf("lint=%v: %d keys and %d certificates, want 3 and 3", lint, len(keys), len(certs))
		}
		want := "*rsa.PrivateKey"
		if lint {
			want = "*ecdsa.PrivateKey"
		}
		for i, k := range keys {
			if got := fmt.Sprintf("%T", k); got != want {
				t.Errorf("lint=%v: certificate key %d is %s, want %s", lint, i, got, want)
			}
		}
		if err := certs[2].CheckSignatureFrom(certs[0]); err != nil {
			t.Errorf("lint=%v: signed certificate not signed by the CA: %v", lint, err)
		}
	}
	keys, _ := pemBlocks(t, renderText(t, keyTemplate, true))
	if len(keys) != 4 {
		t.Fatalf("%d keys, want 4", len(keys))
	}
	for i, k := range keys[:3] {
		if _, ok := k.(*ecdsa.PrivateKey); !ok {
			t.Errorf("genPrivateKey %d in lint mode is %T", i, k)
		}
	}
	if keys[3] != "PRIVATE KEY" {
		t.Errorf("genPrivateKey ed25519 gave %v, want sprig's PKCS#8 key", keys[3])
	}
}

// pemBlocks decodes the PEM blocks of text: parsed private keys (or the
// block type of other keys) and certificates.
func pemBlocks(t *testing.T, text string) (keys []any, certs []*x509.Certificate) {
	t.Helper()
	for rest := []byte(text); ; {
		var b *pem.Block
		if b, rest = pem.Decode(rest); b == nil {
			break
		}
		switch b.Type {
		case "CERTIFICATE":
			c, err := x509.ParseCertificate(b.Bytes)
			if err != nil {
				t.Fatal(err)
			}
			certs = append(certs, c)
		case "EC PRIVATE KEY":
			k, err := x509.ParseECPrivateKey(b.Bytes)
			if err != nil {
				t.Fatal(err)
			}
			keys = append(keys, k)
		case "RSA PRIVATE KEY":
			k, err := x509.ParsePKCS1PrivateKey(b.Bytes)
			if err != nil {
				t.Fatal(err)
			}
			keys = append(keys, k)
		default:
			keys = append(keys, b.Type)
		}
	}
	return keys, certs
}

// TestLintModeKeyErrors checks that the lint-mode generators keep sprig's
// signatures and errors.
func TestLintModeKeyErrors(t *testing.T) {
	for _, text := range []string{
		`{{ genCA "ca" "x" }}`,
		`{{ genSignedCert "s" nil nil 1 "not a certificate" }}`,
		`{{ genSelfSignedCert "s" (list "not an ip") nil 1 }}`,
		`{{ genSignedCert "s" nil nil 1 (dict) }}`,
	} {
		lint, normal := renderErr(t, text, true), renderErr(t, text, false)
		if lint == "" || lint != normal {
			t.Errorf("%s: lint mode error %q, sprig's %q", text, lint, normal)
		}
	}
}

// renderText renders one template and returns its output.
func renderText(t *testing.T, text string, lint bool) string {
	t.Helper()
	out := render.Engine{LintMode: lint}.Render(context.Background(), oneTemplate(text), map[string]any{"Values": render.Values{}})
	if err := out.Err(); err != nil {
		t.Fatal(err)
	}
	return out.Files[0].Content
}

// renderErr renders one template and returns its error text.
func renderErr(t *testing.T, text string, lint bool) string {
	t.Helper()
	out := render.Engine{LintMode: lint}.Render(context.Background(), oneTemplate(text), map[string]any{"Values": render.Values{}})
	if err := out.Err(); err != nil {
		return err.Error()
	}
	return ""
}

// oneTemplate is a chart named keys with one template.
func oneTemplate(text string) *chart.Chart {
	return &chart.Chart{
		Metadata:  &chart.Metadata{Name: "keys", Version: "0.1.0", APIVersion: "v2"},
		Templates: []*source.File{source.NewFile("templates/keys.yaml", []byte(text))},
	}
}
