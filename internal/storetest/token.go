package storetest

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"

	"dossier"
)

func testTokens(t *testing.T, st Store) {
	ctx := context.Background()
	svc, _ := open(t, st)
	s := svc.Tokens

	tok, secret, err := s.CreateToken(ctx, "screening-desk", dossier.ScopeRead)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(secret, dossier.TokenPrefix) || len(secret) != len(dossier.TokenPrefix)+43 ||
		!strings.HasPrefix(secret, tok.Hint) || tok.ID == 0 || tok.Created.IsZero() {
		t.Fatalf("created %+v with secret %q", tok, secret)
	}
	got, err := s.FindTokenBySecret(ctx, secret)
	if err != nil || got.Name != "screening-desk" || got.Scope != dossier.ScopeRead || got.ID != tok.ID || !got.Created.Equal(tok.Created) ||
		got.Hint != tok.Hint {
		t.Fatalf("find by secret: %+v, %v", got, err)
	}
	if _, err := s.FindTokenBySecret(ctx, secret+"x"); !errors.Is(err, dossier.ErrNotFound) {
		t.Errorf("wrong secret: %v, want ErrNotFound", err)
	}
	if _, _, err := s.CreateToken(ctx, "screening-desk", dossier.ScopeWrite); !errors.Is(err, dossier.ErrInvalid) {
		t.Errorf("duplicate name: %v, want ErrInvalid", err)
	}
	for _, bad := range []struct{ name, scope string }{
		{"", "read"}, {" padded", "read"}, {"123", "read"}, {"ok", "admin"}, {"tab\there", "read"},
		{strings.Repeat("x", 65), "read"},
	} {
		if _, _, err := s.CreateToken(ctx, bad.name, bad.scope); !errors.Is(err, dossier.ErrInvalid) {
			t.Errorf("CreateToken(%q, %q): %v, want ErrInvalid", bad.name, bad.scope, err)
		}
	}
	w, wsecret, err := s.CreateToken(ctx, "ingest-bot", dossier.ScopeWrite)
	if err != nil {
		t.Fatal(err)
	}
	if !w.Allows(dossier.ScopeRead) || !w.Allows(dossier.ScopeWrite) || tok.Allows(dossier.ScopeWrite) || !tok.Allows(dossier.ScopeRead) {
		t.Errorf("Allows: a write token must read and write, a read token only read")
	}

	// Revoke by name, then by ID; a revoked token is found but refused.
	if r, err := s.RevokeToken(ctx, "screening-desk"); err != nil || r.Revoked.IsZero() {
		t.Fatalf("revoke by name: %+v, %v", r, err)
	}
	if _, err := s.FindTokenBySecret(ctx, secret); !errors.Is(err, dossier.ErrRevoked) {
		t.Errorf("revoked token: %v, want ErrRevoked", err)
	}
	if _, err := s.RevokeToken(ctx, "screening-desk"); !errors.Is(err, dossier.ErrNotFound) {
		t.Errorf("revoking twice: %v, want ErrNotFound", err)
	}
	if _, err := s.RevokeToken(ctx, strconv.FormatInt(w.ID, 10)); err != nil {
		t.Errorf("revoke by ID: %v (ID %d)", err, w.ID)
	}
	if _, err := s.FindTokenBySecret(ctx, wsecret); !errors.Is(err, dossier.ErrRevoked) {
		t.Errorf("token revoked by ID: %v, want ErrRevoked", err)
	}
	// The name of a revoked token may be issued again.
	if _, _, err := s.CreateToken(ctx, "screening-desk", dossier.ScopeWrite); err != nil {
		t.Errorf("re-issuing a revoked name: %v", err)
	}
	all, err := s.FindTokens(ctx)
	if err != nil || len(all) != 3 || all[0].Revoked.IsZero() || !all[2].Revoked.IsZero() || all[0].ID != tok.ID {
		t.Errorf("FindTokens: %v, %v", all, err)
	}
}
