package render

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"reflect"
	"text/template"

	"github.com/chartwright/chartwright/render/internal/sprigfuncs"
)

// lintKeyFuncs replaces sprig's key-generating functions in lint mode.
//
// Deviation from Helm, on purpose: sprig's genCA, genSelfSignedCert and
// genSignedCert generate a 2048-bit RSA key and genPrivateKey a 4096-bit RSA
// key (or a DSA key), which costs tens to hundreds of milliseconds each and
// dominated the lint of charts that create certificates. A lint render never
// leaves the process, so in lint mode these functions use a fresh ECDSA P-256
// key instead: the outputs keep their shape (a PEM certificate and a PEM
// private key, "EC PRIVATE KEY" instead of "RSA PRIVATE KEY"), the functions
// keep sprig's signatures, argument checks and errors, and the certificates
// are built by sprig's own *WithKey variants. genPrivateKey "ecdsa" and
// "ed25519", unknown types and every other function are sprig's.
// `helm template` and every render outside lint mode use sprig unchanged.
func lintKeyFuncs() template.FuncMap {
	sp := sprigfuncs.Map
	return template.FuncMap{
		"genPrivateKey":     lintGenPrivateKey(sp["genPrivateKey"].(func(string) string)),
		"genCA":             withLintKey(sp["genCA"], sp["genCAWithKey"]),
		"genSelfSignedCert": withLintKey(sp["genSelfSignedCert"], sp["genSelfSignedCertWithKey"]),
		"genSignedCert":     withLintKey(sp["genSignedCert"], sp["genSignedCertWithKey"]),
	}
}

// withLintKey returns a function with generate's exact signature (sprig's
// certificate type is unexported) that calls withKey, the same function
// taking a PEM private key as its last argument, with a fresh lint key.
func withLintKey(generate, withKey any) any {
	call := reflect.ValueOf(withKey)
	return reflect.MakeFunc(reflect.TypeOf(generate), func(args []reflect.Value) []reflect.Value {
		return call.Call(append(args, reflect.ValueOf(lintKeyPEM())))
	}).Interface()
}

// lintGenPrivateKey is genPrivateKey with ECDSA keys for the slow types:
// RSA (the default) and DSA.
func lintGenPrivateKey(sprigGen func(string) string) func(string) string {
	return func(typ string) string {
		switch typ {
		case "", "rsa", "dsa":
			return lintKeyPEM()
		}
		return sprigGen(typ)
	}
}

// lintKeyPEM is a new ECDSA P-256 private key in PEM, as sprig encodes one.
func lintKeyPEM() string {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	der, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		panic(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: der}))
}
