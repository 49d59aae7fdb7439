package chart

import (
	"bytes"
	"crypto"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/ProtonMail/go-crypto/openpgp"
	"github.com/ProtonMail/go-crypto/openpgp/armor"
	"github.com/ProtonMail/go-crypto/openpgp/clearsign"
	"github.com/ProtonMail/go-crypto/openpgp/packet"
	"sigs.k8s.io/yaml"
)

// MaxKeyringSize bounds keyring files; MaxProvenanceSize bounds .prov files.
const (
	MaxKeyringSize    = 64 << 20
	MaxProvenanceSize = 1 << 20
)

// signConfig is the OpenPGP configuration Helm signs and verifies with.
func signConfig() *packet.Config { return &packet.Config{DefaultHash: crypto.SHA512} }

// Verification is the result of a successful provenance check.
type Verification struct {
	// SignedBy is the key that made the signature.
	SignedBy *openpgp.Entity
	// FileName is the archive's base name, FileHash its "sha256:<hex>".
	FileName, FileHash string
}

// Identities returns the signer's identity names, sorted.
func (v *Verification) Identities() []string {
	return sortedKeys(v.SignedBy.Identities)
}

// Fingerprint returns the signer's fingerprint in uppercase hex, as helm
// verify prints it.
func (v *Verification) Fingerprint() string {
	return fmt.Sprintf("%X", v.SignedBy.PrimaryKey.Fingerprint)
}

// LoadKeyring reads an OpenPGP keyring file: binary packets (gpg
// --export[-secret-keys]), ASCII armor, or a GnuPG keybox (pubring.kbx).
// Its errors are Helm's: the read error or the parser's, bare.
func LoadKeyring(name string) (openpgp.EntityList, error) {
	data, err := readBounded(name, MaxKeyringSize)
	if err != nil {
		return nil, err
	}
	return ReadKeyring(data, name)
}

// ReadKeyring parses keyring bytes in any of the forms [LoadKeyring]
// accepts. As in Helm, a keybox or armor that does not parse is reported
// as "reading keybox NAME: …" or "reading armored keyring NAME: …".
func ReadKeyring(data []byte, name string) (openpgp.EntityList, error) {
	switch {
	case isKeybox(data):
		keys, err := keyboxKeyblocks(data)
		if err != nil {
			return nil, fmt.Errorf("reading keybox %s: %w", name, err)
		}
		return openpgp.ReadKeyRing(bytes.NewReader(keys))
	case bytes.HasPrefix(bytes.TrimSpace(data), []byte("-----BEGIN PGP")):
		ring, err := readArmoredKeyring(data)
		if err != nil {
			return nil, fmt.Errorf("reading armored keyring %s: %w", name, err)
		}
		return ring, nil
	default:
		return openpgp.ReadKeyRing(bytes.NewReader(data))
	}
}

func readArmoredKeyring(data []byte) (openpgp.EntityList, error) {
	var ring openpgp.EntityList
	r := bytes.NewReader(data)
	for {
		block, err := armor.Decode(r)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		if block.Type != openpgp.PublicKeyType && block.Type != openpgp.PrivateKeyType {
			return nil, fmt.Errorf("expected a public or private key block, got %q", block.Type)
		}
		entities, err := openpgp.ReadKeyRing(block.Body)
		if err != nil {
			return nil, err
		}
		ring = append(ring, entities...)
	}
	if len(ring) == 0 {
		return nil, errors.New("no keys found")
	}
	return ring, nil
}

// A GnuPG keybox is a sequence of blobs: a 4-byte big-endian length, a type
// byte (1 = header, 2 = OpenPGP keyblock) and, for keyblocks, the offset and
// length of the OpenPGP packets inside the blob at bytes 8 and 12.
func isKeybox(data []byte) bool {
	return len(data) >= 12 && data[4] == 1 && string(data[8:12]) == "KBXf"
}

// keyboxKeyblocks returns the OpenPGP keyblocks of a keybox, concatenated,
// with Helm's errors for a malformed one.
func keyboxKeyblocks(data []byte) ([]byte, error) {
	var out bytes.Buffer
	for offset := 0; offset < len(data); {
		rest := data[offset:]
		if len(rest) < 5 {
			return nil, fmt.Errorf("truncated blob header at offset %d", offset)
		}
		n := binary.BigEndian.Uint32(rest)
		if n < 5 {
			return nil, fmt.Errorf("invalid blob length %d at offset %d", n, offset)
		}
		if uint64(n) > uint64(len(rest)) {
			return nil, fmt.Errorf("blob at offset %d has length %d exceeding the %d remaining bytes", offset, n, len(rest))
		}
		if err := keyblockOf(rest[:n], offset, &out); err != nil {
			return nil, err
		}
		offset += int(n)
	}
	if out.Len() == 0 {
		return nil, errors.New("keybox contains no OpenPGP keys")
	}
	return out.Bytes(), nil
}

// keyblockOf appends to out the OpenPGP keyblock of the keybox blob at
// offset, if it is a keyblock not flagged ephemeral. Its errors are Helm's.
func keyblockOf(blob []byte, offset int, out *bytes.Buffer) error {
	if blob[4] != 2 {
		return nil
	}
	if len(blob) < 16 {
		return fmt.Errorf("OpenPGP blob at offset %d is too short", offset)
	}
	const ephemeral = 2
	off, size := uint64(binary.BigEndian.Uint32(blob[8:])), uint64(binary.BigEndian.Uint32(blob[12:]))
	if off+size > uint64(len(blob)) {
		return fmt.Errorf("OpenPGP blob at offset %d has an out-of-range keyblock", offset)
	}
	if binary.BigEndian.Uint16(blob[6:])&ephemeral == 0 {
		out.Write(blob[off : off+size])
	}
	return nil
}

// SigningKey selects the key helm package --key would: an identity exactly
// equal to id, else the only key with an identity containing id.
func SigningKey(ring openpgp.EntityList, id string) (*openpgp.Entity, error) {
	var candidate *openpgp.Entity
	vague := false
	for _, e := range ring {
		for n := range e.Identities {
			if n == id {
				return checkPrivate(e)
			}
			if strings.Contains(n, id) {
				if candidate != nil && candidate != e {
					vague = true
				}
				candidate = e
			}
		}
	}
	if vague {
		return nil, fmt.Errorf("more than one key contain the id %q", id)
	}
	if candidate == nil {
		return nil, errors.New("private key not found")
	}
	return checkPrivate(candidate)
}

func checkPrivate(e *openpgp.Entity) (*openpgp.Entity, error) {
	if e.PrivateKey == nil {
		return nil, errors.New("provided key is not a private key. Try providing a keyring with secret keys")
	}
	return e, nil
}

// DecryptKey decrypts an encrypted signing key with the passphrase that
// passphrase returns for the key's first identity; unencrypted keys are
// left alone.
func DecryptKey(e *openpgp.Entity, passphrase func(identity string) ([]byte, error)) error {
	if e.PrivateKey == nil || !e.PrivateKey.Encrypted {
		return nil
	}
	name := "Unknown"
	if ids := sortedKeys(e.Identities); len(ids) > 0 {
		name = ids[0]
	}
	p, err := passphrase(name)
	if err != nil {
		return err
	}
	return e.PrivateKey.Decrypt(p) // its error bare, as Helm's
}

// Sign returns the .prov file Helm writes for an archive: the archive's
// Chart.yaml (re-serialized), "...", and its SHA-256 under files, clear-signed
// with SHA-512 by key. archiveName is the archive's base name.
func Sign(archive []byte, archiveName string, key *openpgp.Entity) ([]byte, error) {
	if key == nil || key.PrivateKey == nil {
		return nil, errors.New("private key not found")
	}
	if key.PrivateKey.Encrypted {
		return nil, errors.New("signing key is encrypted: decrypt it first")
	}
	c, err := LoadArchive(bytes.NewReader(archive), Options{})
	if err != nil {
		return nil, fmt.Errorf("failed to load chart for signing: %w", err)
	}
	block, err := messageBlock(archive, archiveName, c.Metadata)
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	w, err := clearsign.Encode(&out, key.PrivateKey, signConfig())
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(block); err != nil {
		return nil, fmt.Errorf("failed to write to clearsign encoder: %w", err)
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("failed to either sign or armor message block: %w", err)
	}
	return withArmorChecksum(out.Bytes())
}

// withArmorChecksum re-armors the signature of a clear-signed message with
// the CRC-24 line of RFC 4880. go-crypto (and so Helm 4) omits it, as RFC
// 9580 allows, but GnuPG 2.2 then misreads the armor's end line and fails
// to verify; every reader, Helm's included, accepts the checksum.
func withArmorChecksum(signed []byte) ([]byte, error) {
	const begin = "-----BEGIN PGP SIGNATURE-----"
	i := bytes.Index(signed, []byte(begin))
	if i < 0 {
		return nil, errors.New("clear signature has no signature block")
	}
	block, err := armor.Decode(bytes.NewReader(signed[i:]))
	if err != nil {
		return nil, fmt.Errorf("re-armor signature: %w", err)
	}
	sig, err := io.ReadAll(block.Body)
	if err != nil {
		return nil, fmt.Errorf("re-armor signature: %w", err)
	}
	out := bytes.NewBuffer(bytes.Clone(signed[:i]))
	w, err := armor.EncodeWithChecksumOption(out, block.Type, block.Header, true)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(sig); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// sumCollection is the part of the message block after "...".
type sumCollection struct {
	Files  map[string]string `json:"files"`
	Images map[string]string `json:"images,omitempty"`
}

func messageBlock(archive []byte, archiveName string, md *Metadata) ([]byte, error) {
	meta, err := yaml.Marshal(md)
	if err != nil {
		return nil, fmt.Errorf("failed to marshal chart metadata: %w", err)
	}
	sums, err := yaml.Marshal(&sumCollection{Files: map[string]string{archiveName: "sha256:" + Digest(archive)}})
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.Write(meta)
	b.WriteString("\n...\n")
	b.Write(sums)
	return b.Bytes(), nil
}

// Verify checks prov against archive as helm verify does: the signature
// must be valid and made by a key in ring, and the message block must record
// archiveName with the archive's SHA-256.
func Verify(archive, prov []byte, archiveName string, ring openpgp.EntityList) (*Verification, error) {
	block, _ := clearsign.Decode(prov)
	if block == nil {
		return nil, errors.New("signature block not found") // Helm 4's words (Helm 3 adds "failed to decode signature: ")
	}
	signer, err := openpgp.CheckDetachedSignature(ring, bytes.NewReader(block.Bytes), block.ArmoredSignature.Body, signConfig())
	if err != nil {
		return nil, err
	}
	sums, err := parseSums(block.Plaintext)
	if err != nil {
		return nil, err
	}
	sum := "sha256:" + Digest(archive)
	recorded, ok := sums.Files[archiveName]
	if !ok {
		return nil, fmt.Errorf("provenance does not contain a SHA for a file named %q", archiveName)
	}
	if recorded != sum {
		return nil, fmt.Errorf("sha256 sum does not match for %s: %q != %q", archiveName, recorded, sum)
	}
	return &Verification{SignedBy: signer, FileName: archiveName, FileHash: sum}, nil
}

// ProvenanceDigest returns the digest a .prov records for archiveName
// without checking the signature (a server with no keyring uses it to
// reject a .prov that belongs to another archive).
func ProvenanceDigest(prov []byte, archiveName string) (string, error) {
	block, _ := clearsign.Decode(prov)
	if block == nil {
		return "", errors.New("signature block not found")
	}
	sums, err := parseSums(block.Plaintext)
	if err != nil {
		return "", err
	}
	sum, ok := sums.Files[archiveName]
	if !ok {
		return "", fmt.Errorf("provenance does not contain a SHA for a file named %q", archiveName)
	}
	return sum, nil
}

func parseSums(plaintext []byte) (*sumCollection, error) {
	parts := bytes.Split(plaintext, []byte("\n...\n"))
	if len(parts) < 2 {
		return nil, errors.New("message block must have at least two parts")
	}
	sums := &sumCollection{}
	if err := yaml.Unmarshal(parts[1], sums); err != nil {
		return nil, fmt.Errorf("parse message block: %w", err)
	}
	return sums, nil
}

// CheckVerifiable fails, with helm verify's messages and in its order, for
// an archive that cannot be verified: missing, a folder, not a .tgz, or
// without its provenance file. helm verify checks these before it loads
// the keyring, so that a missing archive is reported as missing.
func CheckVerifiable(name string) error {
	fi, err := os.Stat(name)
	if err != nil {
		return err
	}
	if fi.IsDir() {
		return errors.New("unpacked charts cannot be verified")
	}
	if !strings.EqualFold(filepath.Ext(name), ".tgz") {
		return errors.New("chart must be a tgz file")
	}
	if _, err := os.Stat(name + ".prov"); err != nil {
		return fmt.Errorf("could not load provenance file %s.prov: %w", name, err)
	}
	return nil
}

// VerifyArchive runs helm verify's checks on the archive at name and its
// name.prov, against the keyring.
func VerifyArchive(name string, ring openpgp.EntityList) (*Verification, error) {
	if err := CheckVerifiable(name); err != nil {
		return nil, err
	}
	prov, err := readBounded(name+".prov", MaxProvenanceSize)
	if err != nil {
		return nil, fmt.Errorf("could not load provenance file %s.prov: %w", name, err)
	}
	archive, err := readBounded(name, MaxChartSize)
	if err != nil {
		return nil, err
	}
	return Verify(archive, prov, filepath.Base(name), ring)
}
