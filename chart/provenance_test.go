package chart

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ProtonMail/go-crypto/openpgp"
	"github.com/ProtonMail/go-crypto/openpgp/armor"
	"github.com/ProtonMail/go-crypto/openpgp/packet"
)

// newKey generates a throwaway Ed25519 signing key.
func newKey(t *testing.T, name string) *openpgp.Entity {
	t.Helper()
	e, err := openpgp.NewEntity(name, "test", strings.ToLower(strings.Fields(name)[0])+"@example.com",
		&packet.Config{Algorithm: packet.PubKeyAlgoEdDSA})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func testArchive(t *testing.T) (path string, data []byte) {
	t.Helper()
	p, err := PackageDir(writeChart(t, sampleChart), t.TempDir(), PackageOptions{})
	if err != nil {
		t.Fatal(err)
	}
	data, err = os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return p, data
}

func TestSignAndVerify(t *testing.T) {
	key := newKey(t, "Chart Signer")
	other := newKey(t, "Someone Else")
	path, archive := testArchive(t)
	name := filepath.Base(path)
	prov, err := Sign(archive, name, key)
	if err != nil {
		t.Fatal(err)
	}
	text := string(prov)
	wantPrefix := "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\napiVersion: v2\nappVersion: \"9.9\"\nname: demo\nversion: 1.2.3\n\n...\nfiles:\n  demo-1.2.3.tgz: sha256:" + Digest(archive) + "\n\n-----BEGIN PGP SIGNATURE-----\n"
	if !strings.HasPrefix(text, wantPrefix) || !strings.HasSuffix(text, "-----END PGP SIGNATURE-----") {
		t.Fatalf("prov =\n%s\nwant prefix\n%s", text, wantPrefix)
	}
	ring := openpgp.EntityList{other, key}
	v, err := Verify(archive, prov, name, ring)
	if err != nil {
		t.Fatal(err)
	}
	if v.FileHash != "sha256:"+Digest(archive) || v.Identities()[0] != "Chart Signer (test) <chart@example.com>" || len(v.Fingerprint()) != 40 {
		t.Errorf("verification = %+v", v)
	}

	tampered := append(bytes.Clone(archive), 0)
	badSig := bytes.Replace(prov, []byte("name: demo"), []byte("name: dem0"), 1)
	for _, tc := range []struct {
		name, archiveName string
		archive, prov     []byte
		ring              openpgp.EntityList
		want              string
	}{
		{"digest mismatch", name, tampered, prov, ring, "sha256 sum does not match for demo-1.2.3.tgz"},
		{"other file name", "x-1.0.0.tgz", archive, prov, ring, `provenance does not contain a SHA for a file named "x-1.0.0.tgz"`},
		{"edited message", name, archive, badSig, ring, "openpgp: invalid signature"},
		{"unknown signer", name, archive, prov, openpgp.EntityList{other}, "signature made by unknown entity"},
		{"not a prov", name, archive, []byte("hello"), ring, "signature block not found"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := Verify(tc.archive, tc.prov, tc.archiveName, tc.ring); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestSigningKeySelection(t *testing.T) {
	a, b := newKey(t, "Alice Example"), newKey(t, "Alicia Example")
	ring := openpgp.EntityList{a, b}
	if got, err := SigningKey(ring, "Alice Example (test) <alice@example.com>"); err != nil || got != a {
		t.Errorf("exact identity: %v", err)
	}
	if got, err := SigningKey(ring, "Alicia"); err != nil || got != b {
		t.Errorf("unique substring: %v", err)
	}
	if _, err := SigningKey(ring, "Example"); err == nil || !strings.Contains(err.Error(), "more than one key contain") {
		t.Errorf("ambiguous: %v", err)
	}
	if _, err := SigningKey(ring, "Bob"); err == nil || err.Error() != "private key not found" {
		t.Errorf("absent: %v", err)
	}
	var pub bytes.Buffer
	if err := a.Serialize(&pub); err != nil {
		t.Fatal(err)
	}
	pubRing, err := ReadKeyring(pub.Bytes(), "pub")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := SigningKey(pubRing, "Alice"); err == nil || !strings.Contains(err.Error(), "not a private key") {
		t.Errorf("public only: %v", err)
	}
}

func TestEncryptedKeyAndArmoredKeyring(t *testing.T) {
	key := newKey(t, "Locked Signer")
	if err := key.EncryptPrivateKeys([]byte("s3cret"), nil); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	w, err := armor.Encode(&buf, openpgp.PrivateKeyType, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := key.SerializePrivateWithoutSigning(w, nil); err != nil {
		t.Fatal(err)
	}
	w.Close()
	ring, err := ReadKeyring(buf.Bytes(), "buf")
	if err != nil {
		t.Fatal(err)
	}
	signer, err := SigningKey(ring, "Locked")
	if err != nil {
		t.Fatal(err)
	}
	_, archive := testArchive(t)
	if _, err := Sign(archive, "demo-1.2.3.tgz", signer); err == nil {
		t.Fatal("signing with an encrypted key succeeded")
	}
	if err := DecryptKey(signer, func(string) ([]byte, error) { return []byte("wrong"), nil }); err == nil {
		t.Fatal("wrong passphrase accepted")
	}
	if err := DecryptKey(signer, func(string) ([]byte, error) { return []byte("s3cret"), nil }); err != nil {
		t.Fatal(err)
	}
	if _, err := Sign(archive, "demo-1.2.3.tgz", signer); err != nil {
		t.Fatal(err)
	}
}

func TestVerifyArchiveChecks(t *testing.T) {
	path, archive := testArchive(t)
	ring := openpgp.EntityList{newKey(t, "Chart Signer")}
	if _, err := VerifyArchive(filepath.Dir(path), ring); err == nil || err.Error() != "unpacked charts cannot be verified" {
		t.Errorf("directory: %v", err)
	}
	other := filepath.Join(t.TempDir(), "demo.tar.gz")
	os.WriteFile(other, archive, 0o644)
	if _, err := VerifyArchive(other, ring); err == nil || err.Error() != "chart must be a tgz file" {
		t.Errorf("extension: %v", err)
	}
	if _, err := VerifyArchive(path, ring); err == nil || !strings.Contains(err.Error(), "could not load provenance file") {
		t.Errorf("no prov: %v", err)
	}
}

// gpgHome returns an isolated GNUPGHOME, or skips (fails under CI) without gpg.
func gpgHome(t *testing.T) (home string, run func(stdin []byte, args ...string) ([]byte, error)) {
	t.Helper()
	gpg, err := exec.LookPath("gpg")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("gpg is required under CI for the OpenPGP interop test")
		}
		t.Skip("SKIPPED: gpg not installed")
	}
	home, err = os.MkdirTemp("", "gpg") // short path: the agent socket must fit in sun_path
	if err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "GNUPGHOME="+home)
	t.Cleanup(func() {
		kill := exec.Command("gpgconf", "--kill", "gpg-agent")
		kill.Env = env
		_ = kill.Run()
		os.RemoveAll(home)
	})
	return home, func(stdin []byte, args ...string) ([]byte, error) {
		cmd := exec.Command(gpg, append([]string{"--batch", "--yes", "--no-tty", "--pinentry-mode", "loopback", "--passphrase", ""}, args...)...)
		cmd.Env = env
		cmd.Stdin = bytes.NewReader(stdin)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		err := cmd.Run()
		return out.Bytes(), err
	}
}

func TestProvenanceInteropWithGPG(t *testing.T) {
	home, gpg := gpgHome(t)
	key := newKey(t, "Chart Signer")
	var secret bytes.Buffer
	if err := key.SerializePrivate(&secret, nil); err != nil {
		t.Fatal(err)
	}
	if out, err := gpg(secret.Bytes(), "--import"); err != nil {
		t.Fatalf("gpg --import: %v\n%s", err, out)
	}
	path, archive := testArchive(t)
	name := filepath.Base(path)

	// Our .prov verifies with gpg.
	prov, err := Sign(archive, name, key)
	if err != nil {
		t.Fatal(err)
	}
	provFile := filepath.Join(t.TempDir(), name+".prov")
	os.WriteFile(provFile, prov, 0o644)
	if out, err := gpg(nil, "--verify", provFile); err != nil {
		t.Fatalf("gpg --verify rejected our .prov: %v\n%s", err, out)
	}

	// gpg's clear signature of the same message block verifies with us.
	c, err := LoadArchive(bytes.NewReader(archive), Options{})
	if err != nil {
		t.Fatal(err)
	}
	block, err := messageBlock(archive, name, c.Metadata)
	if err != nil {
		t.Fatal(err)
	}
	signed, err := gpg(block, "--clearsign", "--digest-algo", "SHA512", "--local-user", "chart@example.com", "--output", "-")
	if err != nil {
		t.Fatalf("gpg --clearsign: %v\n%s", err, signed)
	}
	if _, err := Verify(archive, signed, name, openpgp.EntityList{key}); err != nil {
		t.Fatalf("gpg's clear signature rejected: %v\n%s", err, signed)
	}

	// gpg's keybox (pubring.kbx) and exported keyrings load.
	exported, err := gpg(nil, "--export")
	if err != nil {
		t.Fatal(err)
	}
	if ring, err := ReadKeyring(exported, "exported"); err != nil || len(ring) != 1 {
		t.Errorf("exported keyring: %v", err)
	}
	ring, err := LoadKeyring(filepath.Join(home, "pubring.kbx"))
	if err != nil || len(ring) != 1 {
		t.Fatalf("keybox: %v", err)
	}
	if _, err := Verify(archive, prov, name, ring); err != nil {
		t.Errorf("verify with gpg's keybox: %v", err)
	}
}

// TestMalformedKeybox checks the errors of keyboxes that do not parse:
// Helm's words (helm v4.3.1 verify printed the first, for a pubring.kbx cut
// short; the others are its keybox reader's).
func TestMalformedKeybox(t *testing.T) {
	header := make([]byte, 32)
	header[3], header[4] = 32, 1
	copy(header[8:], "KBXf")
	blob := func(b ...byte) []byte { return append(append([]byte{}, header...), b...) }
	for _, tc := range []struct {
		data []byte
		want string
	}{
		{blob(0, 0, 3, 25, 2, 0, 0, 0), "blob at offset 32 has length 793 exceeding the 8 remaining bytes"},
		{blob(0, 0, 3), "truncated blob header at offset 32"},
		{blob(0, 0, 0, 4, 2), "invalid blob length 4 at offset 32"},
		{blob(0, 0, 0, 10, 2, 0, 0, 0, 0, 0), "OpenPGP blob at offset 32 is too short"},
		{blob(0, 0, 0, 16, 2, 0, 0, 2, 0, 0, 0, 10, 0, 0, 0, 10), "OpenPGP blob at offset 32 has an out-of-range keyblock"},
		{blob(), "keybox contains no OpenPGP keys"},
	} {
		if _, err := ReadKeyring(tc.data, "k.kbx"); err == nil || err.Error() != "reading keybox k.kbx: "+tc.want {
			t.Errorf("err = %v, want reading keybox k.kbx: %s", err, tc.want)
		}
	}
}
