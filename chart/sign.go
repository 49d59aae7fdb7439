package chart

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/ProtonMail/go-crypto/openpgp"
)

// ErrNoPassphrase is the error of an encrypted signing key when no
// passphrase file was given: there is never a prompt.
var ErrNoPassphrase = errors.New("no passphrase file given")

// ErrNoStdin is the error of passphrase file "-" when standard input is
// not available (a language server's standard input is its protocol).
var ErrNoStdin = errors.New("the passphrase cannot be read from standard input here")

// SignOptions name the key that signs an archive and where its passphrase
// is, as helm package's --key, --keyring and --passphrase-file do.
type SignOptions struct {
	// Key is the signing key's identity, or a unique part of one.
	Key string
	// Keyring holds the secret key (gpg --export-secret-keys).
	Keyring string
	// PassphraseFile holds an encrypted key's passphrase on its first
	// line; "-" reads Stdin.
	PassphraseFile string
	// Stdin is what "-" reads; nil refuses "-" with [ErrNoStdin].
	Stdin io.Reader
}

// DefaultKeyring is Helm's default keyring: $GNUPGHOME/pubring.gpg, else
// ~/.gnupg/pubring.gpg; "" when there is no home folder.
func DefaultKeyring() string {
	if home := os.Getenv("GNUPGHOME"); home != "" {
		return filepath.Join(home, "pubring.gpg")
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	return filepath.Join(home, ".gnupg", "pubring.gpg")
}

// Signer returns the key opts name, unlocked with its passphrase. An
// encrypted key needs opts.PassphraseFile ([ErrNoPassphrase] otherwise).
func (opts SignOptions) Signer() (*openpgp.Entity, error) {
	ring, err := LoadKeyring(opts.Keyring)
	if err != nil {
		return nil, err
	}
	key, err := SigningKey(ring, opts.Key)
	if err != nil {
		return nil, err
	}
	if err := DecryptKey(key, opts.passphrase); err != nil {
		return nil, err
	}
	return key, nil
}

// SignArchive writes the provenance file path+".prov" of the archive at
// path, atomically, signed with key (from [SignOptions.Signer]).
func SignArchive(path string, key *openpgp.Entity) error {
	archive, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	prov, err := Sign(archive, filepath.Base(path), key)
	if err != nil {
		return err
	}
	return WriteFileAtomic(path+".prov", 0o644, func(w io.Writer) error {
		_, err := w.Write(prov)
		return err
	})
}

// passphrase reads the first line of the passphrase file.
func (opts SignOptions) passphrase(identity string) ([]byte, error) {
	var r io.Reader
	switch opts.PassphraseFile {
	case "":
		return nil, fmt.Errorf("key %q is encrypted: %w", identity, ErrNoPassphrase)
	case "-":
		if opts.Stdin == nil {
			return nil, fmt.Errorf("key %q: %w", identity, ErrNoStdin)
		}
		r = opts.Stdin
	default:
		f, err := os.Open(opts.PassphraseFile)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	line, _, err := bufio.NewReader(io.LimitReader(r, 64<<10)).ReadLine()
	return line, err // Helm's words, bare: "EOF" for an empty file
}
