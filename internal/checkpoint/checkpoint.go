// Package checkpoint keeps what makes the decision log tamper-evident
// outside the database: the keys, and the file of signed checkpoints.
//
// The key directory (mode 0700) holds hmac.key, the 32-byte key of the
// log's HMAC chain, and ed25519.key, the seed of the key pair that signs
// checkpoints, each as hex on one line with mode 0600; ed25519.pub is the
// public key, for auditors. OpenKeys creates them on first use; LoadKeys
// only reads them.
//
// The checkpoint file is append-only: one JSON object per line (a
// dossier.Checkpoint), each appended whole with a single write to a file
// opened O_APPEND, then fsync'd. Read parses it strictly, naming the file
// and line of the first bad one. A copy of the latest checkpoint is also
// kept in the key directory (latest.checkpoint), so that cutting the
// checkpoint file short along with the database does not go unseen.
// Record writes both under an exclusive flock(2) of the checkpoint file
// and ReadLog reads both under a shared one, so a reader never sees the
// copy ahead of the file.
package checkpoint

import (
	"bufio"
	"bytes"
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"dossier"

	"dossier/internal/atomicfile"
)

// Key file names in the key directory.
const (
	MACKeyFile     = "hmac.key"
	SigningKeyFile = "ed25519.key"
	PublicKeyFile  = "ed25519.pub"
)

// Errors.
var (
	// ErrNoKeys means the key directory has no keys yet.
	ErrNoKeys = errors.New("checkpoint: no keys")
	// ErrSyntax marks a malformed checkpoint line.
	ErrSyntax = errors.New("malformed checkpoint")
)

// Keys are the decision log's secret keys.
type Keys struct {
	Dir     string
	mac     []byte
	private ed25519.PrivateKey
}

// OpenKeys loads the keys in dir, creating the directory and any missing
// key on first use. Processes creating them at once agree on one set: each
// key file is linked into place only if it does not exist yet.
func OpenKeys(dir string) (*Keys, error) {
	if dir == "" {
		return nil, errors.New("checkpoint: key directory required")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("checkpoint: create key directory: %w", err)
	}
	for _, name := range []string{MACKeyFile, SigningKeyFile} {
		path := filepath.Join(dir, name)
		if _, err := os.Lstat(path); err == nil {
			continue
		} else if !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("checkpoint: %w", err)
		}
		secret := make([]byte, 32)
		rand.Read(secret)
		if err := createExclusive(path, []byte(hex.EncodeToString(secret)+"\n")); err != nil {
			return nil, err
		}
	}
	k, err := LoadKeys(dir)
	if err != nil {
		return nil, err
	}
	pub := filepath.Join(dir, PublicKeyFile)
	if _, err := os.Lstat(pub); errors.Is(err, fs.ErrNotExist) {
		if err := createExclusive(pub, []byte(hex.EncodeToString(k.Public())+"\n")); err != nil {
			return nil, err
		}
	}
	return k, nil
}

// createExclusive writes data to a temporary file, syncs it, and links it
// to path, which must not exist; if another process created path first,
// its file is kept.
func createExclusive(path string, data []byte) error {
	return writeKeyFile(path, data, false)
}

// writeKeyFile writes data (mode 0600) to a temporary file in path's
// directory, syncs it, then links it to path if replace is false (keeping
// a file already there) or renames it over path if replace is true.
func writeKeyFile(path string, data []byte, replace bool) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".tmp-"+filepath.Base(path)+"-*")
	if err != nil {
		return fmt.Errorf("checkpoint: create key: %w", err)
	}
	defer os.Remove(f.Name())
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return fmt.Errorf("checkpoint: create key: %w", err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("checkpoint: create key %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("checkpoint: create key %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("checkpoint: create key %s: %w", path, err)
	}
	if replace {
		if err := os.Rename(f.Name(), path); err != nil {
			return fmt.Errorf("checkpoint: write %s: %w", path, err)
		}
	} else if err := os.Link(f.Name(), path); err != nil && !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("checkpoint: create key %s: %w", path, err)
	}
	return atomicfile.SyncDir(filepath.Dir(path))
}

// LoadKeys reads the keys in dir. It returns an error wrapping ErrNoKeys
// when dir has none, and refuses a key file that others may read.
func LoadKeys(dir string) (*Keys, error) {
	if dir == "" {
		return nil, errors.New("checkpoint: key directory required")
	}
	mac, err := readKey(filepath.Join(dir, MACKeyFile))
	if err != nil {
		return nil, err
	}
	seed, err := readKey(filepath.Join(dir, SigningKeyFile))
	if err != nil {
		return nil, err
	}
	return &Keys{Dir: dir, mac: mac, private: ed25519.NewKeyFromSeed(seed)}, nil
}

func readKey(path string) ([]byte, error) {
	fi, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w: %s does not exist", ErrNoKeys, path)
	}
	if err != nil {
		return nil, fmt.Errorf("checkpoint: %w", err)
	}
	if fi.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("checkpoint: key file %s has mode %04o: others may read it (chmod 600 %s)", path, fi.Mode().Perm(), path)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("checkpoint: %w", err)
	}
	key, err := hex.DecodeString(strings.TrimSuffix(string(b), "\n"))
	if err != nil || len(key) != 32 {
		return nil, fmt.Errorf("checkpoint: key file %s: want 64 hex digits on one line", path)
	}
	return key, nil
}

// LoadPublicKey reads the public key in dir, for checking signatures
// without the secret keys.
func LoadPublicKey(dir string) (ed25519.PublicKey, error) {
	path := filepath.Join(dir, PublicKeyFile)
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w: %s does not exist", ErrNoKeys, path)
	}
	if err != nil {
		return nil, fmt.Errorf("checkpoint: %w", err)
	}
	key, err := hex.DecodeString(strings.TrimSuffix(string(b), "\n"))
	if err != nil || len(key) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("checkpoint: public key file %s: want 64 hex digits on one line", path)
	}
	return key, nil
}

// Public returns the public key of the signing key pair.
func (k *Keys) Public() ed25519.PublicKey { return k.private.Public().(ed25519.PublicKey) }

// KeyID names a public key: the first 16 hex digits of its SHA-256.
func KeyID(pub ed25519.PublicKey) string {
	h := sha256.Sum256(pub)
	return hex.EncodeToString(h[:8])
}

// MAC returns the hex HMAC-SHA256 of prev followed by content.
func (k *Keys) MAC(prev string, content []byte) string {
	m := hmac.New(sha256.New, k.mac)
	m.Write([]byte(prev))
	m.Write(content)
	return hex.EncodeToString(m.Sum(nil))
}

// CheckMAC reports whether mac is MAC(prev, content), in constant time.
func (k *Keys) CheckMAC(mac, prev string, content []byte) bool {
	return hmac.Equal([]byte(mac), []byte(k.MAC(prev, content)))
}

// Sign returns the checkpoint of a log of count decisions whose head is
// head, at t.
func (k *Keys) Sign(count int64, head string, t time.Time) dossier.Checkpoint {
	t = t.UTC()
	sig := ed25519.Sign(k.private, dossier.CheckpointMessage(count, head, t))
	return dossier.Checkpoint{Count: count, Head: head, Time: t, KeyID: KeyID(k.Public()),
		Signature: base64.StdEncoding.EncodeToString(sig)}
}

// Verify checks c's signature with pub.
func Verify(pub ed25519.PublicKey, c dossier.Checkpoint) error {
	if c.KeyID != KeyID(pub) {
		return fmt.Errorf("signed by key %s, not by this log's key %s", c.KeyID, KeyID(pub))
	}
	sig, err := base64.StdEncoding.DecodeString(c.Signature)
	if err != nil || !ed25519.Verify(pub, dossier.CheckpointMessage(c.Count, c.Head, c.Time), sig) {
		return errors.New("the signature does not verify")
	}
	return nil
}

// Format returns c as one line of the checkpoint file, newline included.
func Format(c dossier.Checkpoint) []byte {
	b, _ := json.Marshal(line{c.Count, c.Head, c.Time.UTC().Format(time.RFC3339Nano), c.KeyID, c.Signature})
	return append(b, '\n')
}

// line is a checkpoint as stored, with the time as the exact text signed.
type line struct {
	Count     int64  `json:"count"`
	Head      string `json:"head"`
	Time      string `json:"time"`
	KeyID     string `json:"key_id"`
	Signature string `json:"signature"`
}

// Append adds c to the checkpoint file at path, creating it (mode 0600)
// if needed: the whole line in one write to a file opened for appending,
// then fsync.
func Append(path string, c dossier.Checkpoint) error {
	return Record(path, "", c)
}

// Record appends c to the checkpoint file at path (as Append does) and
// then, if keyDir is not empty, saves it as the latest there (SaveLatest),
// holding an exclusive lock on the checkpoint file throughout, so that
// ReadLog never sees the copy ahead of the file.
func Record(path, keyDir string, c dossier.Checkpoint) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	defer f.Close()
	if err := lock(f, true); err != nil {
		return fmt.Errorf("checkpoint: lock %s: %w", path, err)
	}
	if _, err := f.Write(Format(c)); err != nil {
		return fmt.Errorf("checkpoint: append to %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("checkpoint: append to %s: %w", path, err)
	}
	if keyDir != "" {
		if err := SaveLatest(keyDir, c); err != nil {
			return err
		}
	}
	if err := f.Close(); err != nil { // releases the lock
		return fmt.Errorf("checkpoint: append to %s: %w", path, err)
	}
	return nil
}

// ReadLog reads, under a shared lock on the checkpoint file, the key
// directory's copy of the latest checkpoint and the checkpoint file. A
// missing file is an error wrapping fs.ErrNotExist; latestErr is the
// error reading the copy, if any.
func ReadLog(path, keyDir string) (cps []dossier.Checkpoint, latest dossier.Checkpoint, latestErr, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, latest, nil, fmt.Errorf("checkpoint: %w", err)
	}
	defer f.Close()
	if err := lock(f, false); err != nil {
		return nil, latest, nil, fmt.Errorf("checkpoint: lock %s: %w", path, err)
	}
	latest, latestErr = LoadLatest(keyDir)
	cps, err = Read(f, path)
	return cps, latest, latestErr, err
}

// LatestFile, in the key directory, holds a copy of the latest
// checkpoint: the checkpoint file beside the database may be cut short
// by whoever can write the database, but the key directory is kept
// apart from it.
const LatestFile = "latest.checkpoint"

// SaveLatest records c as the latest checkpoint in the key directory
// unless the one recorded there already has a count at least as high.
// Two processes saving at once may leave the lower of their two, never
// one lower than before.
func SaveLatest(dir string, c dossier.Checkpoint) error {
	prev, err := LoadLatest(dir)
	switch {
	case err == nil && prev.Count >= c.Count:
		return nil
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return err
	}
	return writeKeyFile(filepath.Join(dir, LatestFile), Format(c), true)
}

// LoadLatest reads the latest checkpoint recorded in the key directory;
// when there is none, the error wraps fs.ErrNotExist.
func LoadLatest(dir string) (dossier.Checkpoint, error) {
	path := filepath.Join(dir, LatestFile)
	cs, err := ReadFile(path)
	if err != nil {
		return dossier.Checkpoint{}, err
	}
	if len(cs) != 1 {
		return dossier.Checkpoint{}, &ParseError{path, 1, fmt.Errorf("%w: want exactly one checkpoint, found %d", ErrSyntax, len(cs))}
	}
	return cs[0], nil
}

// ParseError reports a malformed line of a checkpoint file.
type ParseError struct {
	Source string // the file
	Line   int    // from 1
	Err    error
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("checkpoint: %s:%d: %v", e.Source, e.Line, e.Err)
}

func (e *ParseError) Unwrap() error { return e.Err }

// maxLine bounds a checkpoint line; a real one is under 300 bytes.
const maxLine = 4096

// ReadFile reads the checkpoint file at path. A missing file is an error
// wrapping fs.ErrNotExist.
func ReadFile(path string) ([]dossier.Checkpoint, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("checkpoint: %w", err)
	}
	defer f.Close()
	return Read(f, path)
}

// Read parses a checkpoint file named source: every line a whole
// checkpoint, ending in a newline.
func Read(r io.Reader, source string) ([]dossier.Checkpoint, error) {
	br := bufio.NewReaderSize(r, maxLine+1)
	var out []dossier.Checkpoint
	for n := 1; ; n++ {
		b, err := br.ReadSlice('\n')
		switch {
		case errors.Is(err, bufio.ErrBufferFull):
			return nil, &ParseError{source, n, fmt.Errorf("%w: line longer than %d bytes", ErrSyntax, maxLine)}
		case err == io.EOF && len(b) == 0:
			return out, nil
		case err == io.EOF:
			return nil, &ParseError{source, n, fmt.Errorf("%w: last line has no newline (a write was cut short?)", ErrSyntax)}
		case err != nil:
			return nil, fmt.Errorf("checkpoint: read %s: %w", source, err)
		}
		c, err := parseLine(b[:len(b)-1])
		if err != nil {
			return nil, &ParseError{source, n, err}
		}
		out = append(out, c)
	}
}

func parseLine(b []byte) (dossier.Checkpoint, error) {
	var l line
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&l); err != nil {
		return dossier.Checkpoint{}, fmt.Errorf("%w: %v", ErrSyntax, err)
	}
	if dec.More() {
		return dossier.Checkpoint{}, fmt.Errorf("%w: text after the object", ErrSyntax)
	}
	t, err := time.Parse(time.RFC3339Nano, l.Time)
	switch {
	case l.Count < 1:
		return dossier.Checkpoint{}, fmt.Errorf("%w: count %d: want at least 1", ErrSyntax, l.Count)
	case !isHex(l.Head, 64):
		return dossier.Checkpoint{}, fmt.Errorf("%w: head: want 64 lowercase hex digits", ErrSyntax)
	case err != nil || t.Location() != time.UTC || t.Format(time.RFC3339Nano) != l.Time:
		return dossier.Checkpoint{}, fmt.Errorf("%w: time %q: want RFC 3339 UTC as written", ErrSyntax, truncate(l.Time))
	case !isHex(l.KeyID, 16):
		return dossier.Checkpoint{}, fmt.Errorf("%w: key_id: want 16 lowercase hex digits", ErrSyntax)
	}
	if sig, err := base64.StdEncoding.DecodeString(l.Signature); err != nil || len(sig) != ed25519.SignatureSize ||
		base64.StdEncoding.EncodeToString(sig) != l.Signature {
		return dossier.Checkpoint{}, fmt.Errorf("%w: signature: want the base64 of %d bytes", ErrSyntax, ed25519.SignatureSize)
	}
	return dossier.Checkpoint{Count: l.Count, Head: l.Head, Time: t, KeyID: l.KeyID, Signature: l.Signature}, nil
}

func isHex(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

func truncate(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}
