package chart

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ProtonMail/go-crypto/openpgp"
)

// lockedKeyring writes a keyring holding one key encrypted with pass and
// returns its path and the key.
func lockedKeyring(t *testing.T, pass string) (string, *openpgp.Entity) {
	t.Helper()
	key := newKey(t, "Locked Signer")
	if err := key.EncryptPrivateKeys([]byte(pass), nil); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "secring.gpg")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := key.SerializePrivateWithoutSigning(f, nil); err != nil {
		t.Fatal(err)
	}
	return path, key
}

// signArchive signs as package --sign does: the key first, then the archive.
func signArchive(path string, opts SignOptions) error {
	key, err := opts.Signer()
	if err != nil {
		return err
	}
	return SignArchive(path, key)
}

// SignArchive reads the passphrase from its file, or from Stdin for "-"
// only when there is one; without a passphrase it fails clearly and
// writes nothing; its .prov verifies against the archive.
func TestSignArchivePassphrase(t *testing.T) {
	ring, key := lockedKeyring(t, "s3cret")
	path, archive := testArchive(t)
	passFile := filepath.Join(t.TempDir(), "pass")
	if err := os.WriteFile(passFile, []byte("s3cret\nignored second line\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	failures := []struct {
		name string
		opts SignOptions
		want error
	}{
		{"no passphrase file", SignOptions{Key: "Locked", Keyring: ring}, ErrNoPassphrase},
		{"standard input refused", SignOptions{Key: "Locked", Keyring: ring, PassphraseFile: "-"}, ErrNoStdin},
	}
	for _, tt := range failures {
		err := signArchive(path, tt.opts)
		if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), "Locked Signer") {
			t.Errorf("%s: %v, want %v naming the key", tt.name, err, tt.want)
		}
	}
	if _, err := os.Stat(path + ".prov"); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a failed signature left %s.prov: %v", path, err)
	}
	for _, opts := range []SignOptions{
		{Key: "Locked", Keyring: ring, PassphraseFile: passFile},
		{Key: "Locked", Keyring: ring, PassphraseFile: "-", Stdin: strings.NewReader("s3cret\n")},
	} {
		if err := signArchive(path, opts); err != nil {
			t.Fatalf("sign with %q: %v", opts.PassphraseFile, err)
		}
		prov, err := os.ReadFile(path + ".prov")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Verify(archive, prov, filepath.Base(path), openpgp.EntityList{key}); err != nil {
			t.Errorf("the provenance file of %q does not verify: %v", opts.PassphraseFile, err)
		}
	}
	wrong := filepath.Join(t.TempDir(), "wrong")
	os.WriteFile(wrong, []byte("nope\n"), 0o600)
	// Helm's words, as helm v4.3.1 and v3.22.0 package --sign print them.
	if err := signArchive(path, SignOptions{Key: "Locked", Keyring: ring, PassphraseFile: wrong}); err == nil || err.Error() != "openpgp: invalid data: private key checksum failure" {
		t.Errorf("wrong passphrase: %v", err)
	}
	empty := filepath.Join(t.TempDir(), "empty")
	os.WriteFile(empty, nil, 0o600)
	if err := signArchive(path, SignOptions{Key: "Locked", Keyring: ring, PassphraseFile: empty}); err == nil || err.Error() != "EOF" {
		t.Errorf("empty passphrase file: %v", err)
	}
	if err := signArchive(path, SignOptions{Key: "Locked", Keyring: ring, PassphraseFile: t.TempDir()}); err == nil || !strings.HasPrefix(err.Error(), "read ") {
		t.Errorf("a folder as passphrase file: %v", err)
	}
}

func TestSourceDateEpoch(t *testing.T) {
	if got, err := SourceDateEpoch(""); got != nil || err != nil {
		t.Errorf(`"" gives %v, %v; want nothing`, got, err)
	}
	if got, err := SourceDateEpoch("86400"); err != nil || !got.Equal(time.Unix(86400, 0)) || got.Location() != time.UTC {
		t.Errorf("86400 gives %v, %v", got, err)
	}
	for _, bad := range []string{"-1", "yesterday"} {
		if _, err := SourceDateEpoch(bad); err == nil || !strings.Contains(err.Error(), "invalid SOURCE_DATE_EPOCH") {
			t.Errorf("%q: %v", bad, err)
		}
	}
}

func TestDefaultKeyring(t *testing.T) {
	t.Setenv("GNUPGHOME", "/keys")
	if got := DefaultKeyring(); got != filepath.Join("/keys", "pubring.gpg") {
		t.Errorf("with GNUPGHOME: %s", got)
	}
	t.Setenv("GNUPGHOME", "")
	t.Setenv("HOME", "/home/me")
	if got := DefaultKeyring(); got != filepath.Join("/home/me", ".gnupg", "pubring.gpg") {
		t.Errorf("without GNUPGHOME: %s", got)
	}
}
