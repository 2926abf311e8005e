package dossier

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Scopes of an API token. A write token may also read.
const (
	ScopeRead  = "read"
	ScopeWrite = "write"
)

// TokenPrefix starts every API token, so that a leaked one is easy to
// recognize in logs and secret scanners.
const TokenPrefix = "dsk_"

// Token is an API client's credential as stored: its name, scope and
// dates. The secret is shown once, when the token is created; only its
// SHA-256 is kept.
type Token struct {
	ID      int64     `json:"id"`
	Name    string    `json:"name"`  // the client it was issued to
	Scope   string    `json:"scope"` // ScopeRead or ScopeWrite
	Hint    string    `json:"hint"`  // the first characters of the secret, to tell tokens apart
	Created time.Time `json:"created"`
	Revoked time.Time `json:"revoked,omitzero"` // zero while the token is valid
}

// Allows reports whether the token grants scope: a write token grants
// read and write, a read token only read.
func (t *Token) Allows(scope string) bool {
	switch scope {
	case ScopeRead:
		return t.Scope == ScopeRead || t.Scope == ScopeWrite
	case ScopeWrite:
		return t.Scope == ScopeWrite
	}
	return false
}

// MaxTokenName bounds a token's name, which is shown in listings and
// logs.
const MaxTokenName = 64

// ValidTokenName reports whether name can name a token: 1 to 64
// printable characters, no spaces at either end, and not all digits (a
// number is taken as an ID when a token is revoked). Its errors wrap
// ErrInvalid.
func ValidTokenName(name string) error {
	switch {
	case name == "" || strings.TrimSpace(name) != name:
		return fmt.Errorf("token name %q: empty or padded with spaces: %w", name, ErrInvalid)
	case utf8.RuneCountInString(name) > MaxTokenName:
		return fmt.Errorf("token name: longer than %d characters: %w", MaxTokenName, ErrInvalid)
	case strings.Trim(name, "0123456789") == "":
		return fmt.Errorf("token name %q: all digits, which would read as an ID: %w", name, ErrInvalid)
	}
	for _, r := range name {
		if !unicode.IsPrint(r) {
			return fmt.Errorf("token name %q: unprintable character: %w", name, ErrInvalid)
		}
	}
	return nil
}

// ValidScope reports whether s names a scope.
func ValidScope(s string) bool { return s == ScopeRead || s == ScopeWrite }

// NewTokenSecret returns a new random API token: TokenPrefix and 32
// random bytes in unpadded base64url.
func NewTokenSecret() (string, error) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	return TokenPrefix + base64.RawURLEncoding.EncodeToString(b[:]), nil
}

// HashToken returns the hex SHA-256 of a token secret, the form in which
// tokens are stored and looked up.
func HashToken(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// ErrRevoked is returned for a token that exists but was revoked.
var ErrRevoked = errors.New("token revoked")

// TokenService stores API tokens.
type TokenService interface {
	// CreateToken issues a token with a new random secret and returns
	// it with the secret, which is not stored and cannot be shown again.
	// The name must be unique among tokens that are not revoked.
	CreateToken(ctx context.Context, name, scope string) (*Token, string, error)
	// FindTokenBySecret returns the token with that secret: ErrNotFound
	// if there is none, ErrRevoked if it was revoked.
	FindTokenBySecret(ctx context.Context, secret string) (*Token, error)
	// FindTokens returns every token, revoked ones included, oldest first.
	FindTokens(ctx context.Context) ([]*Token, error)
	// RevokeToken revokes the valid token with that name or numeric ID.
	RevokeToken(ctx context.Context, nameOrID string) (*Token, error)
}
