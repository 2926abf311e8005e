package corpus

import (
	"crypto/sha256"
	"encoding/binary"
)

// The splits. A key's split never changes: models tune on train and dev
// and report test once.
const (
	Train = "train"
	Dev   = "dev"
	Test  = "test"
)

// splitSalt separates this hash from the key's own; changing it would
// reshuffle the splits, so it is part of the corpus's definition.
const splitSalt = "dossier corpus split v1\n"

// Split returns the split of a row key: the SHA-256 of the salt and the
// key, its first 8 bytes big-endian modulo 100, gives train below 64,
// dev below 80 and test from 80 (about 64/16/20). It depends on nothing
// but the key, so adding annotations or rows never moves a document.
func Split(key string) string {
	sum := sha256.Sum256([]byte(splitSalt + key))
	switch b := binary.BigEndian.Uint64(sum[:8]) % 100; {
	case b < 64:
		return Train
	case b < 80:
		return Dev
	}
	return Test
}
