package server

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"time"

	"dossier"
)

// Route scopes: a public route needs no token.
const scopePublic = ""

// tokenCache remembers verified tokens for a short time, so that a busy
// client costs one database look-up per TTL, not one per request. A
// revoked token therefore keeps working for at most TTL.
type tokenCache struct {
	svc dossier.TokenService
	ttl time.Duration

	mu      sync.Mutex
	entries map[string]cachedToken // by the secret's hash
}

type cachedToken struct {
	token   *dossier.Token // nil: not a valid token
	expires time.Time
}

// maxCachedTokens bounds the cache; a client sending random tokens
// cannot grow it without end.
const maxCachedTokens = 4096

// negativeTTL is how long an unknown token is remembered as unknown.
const negativeTTL = 2 * time.Second

func newTokenCache(svc dossier.TokenService, ttl time.Duration) *tokenCache {
	return &tokenCache{svc: svc, ttl: ttl, entries: map[string]cachedToken{}}
}

// verify returns the valid token with that secret, or nil.
func (c *tokenCache) verify(ctx context.Context, secret string) (*dossier.Token, error) {
	h := dossier.HashToken(secret)
	now := time.Now()
	c.mu.Lock()
	e, ok := c.entries[h]
	c.mu.Unlock()
	if ok && now.Before(e.expires) {
		return e.token, nil
	}
	t, err := c.svc.FindTokenBySecret(ctx, secret)
	ttl := c.ttl
	switch {
	case errors.Is(err, dossier.ErrNotFound), errors.Is(err, dossier.ErrRevoked):
		t, ttl = nil, negativeTTL
	case err != nil:
		return nil, err
	}
	c.mu.Lock()
	if len(c.entries) >= maxCachedTokens {
		for k, v := range c.entries {
			if !now.Before(v.expires) {
				delete(c.entries, k)
			}
		}
		if len(c.entries) >= maxCachedTokens {
			clear(c.entries)
		}
	}
	c.entries[h] = cachedToken{token: t, expires: now.Add(ttl)}
	c.mu.Unlock()
	return t, nil
}

// bearer returns the token of an Authorization header: "Bearer TOKEN",
// or yente's "ApiKey TOKEN"; the scheme is case-insensitive.
func bearer(r *http.Request) (string, bool) {
	h := r.Header.Get("Authorization")
	scheme, tok, ok := strings.Cut(strings.TrimSpace(h), " ")
	if !ok || !(strings.EqualFold(scheme, "Bearer") || strings.EqualFold(scheme, "ApiKey")) {
		return "", false
	}
	tok = strings.TrimSpace(tok)
	return tok, tok != ""
}

// authorize checks that the request carries a valid token granting the
// scope, and returns the token (nil when auth is off or the route is
// public). A web UI route also takes the token from the UI's cookie, or
// on the UI's home page from ?token= (see uiToken); a route with
// queryToken from ?api_key=, for clients such as OpenRefine that
// cannot send a header (the server logs paths without query strings).
func (s *Server) authorize(r *http.Request, scope string, ui, queryToken bool) (*dossier.Token, error) {
	if scope == scopePublic || s.NoAuth {
		return nil, nil
	}
	secret, ok := bearer(r)
	if !ok && ui {
		secret, ok = uiToken(r)
	}
	if !ok && queryToken {
		secret = strings.TrimSpace(r.URL.Query().Get("api_key"))
		ok = secret != ""
	}
	if !ok {
		return nil, Errorf(CodeUnauthorized, "an API token is required: send 'Authorization: Bearer TOKEN'")
	}
	if s.tokens == nil {
		return nil, Errorf(CodeUnauthorized, "no API tokens are configured on this server")
	}
	t, err := s.tokens.verify(r.Context(), secret)
	if err != nil {
		return nil, err
	}
	if t == nil {
		return nil, Errorf(CodeUnauthorized, "invalid or revoked API token")
	}
	if !t.Allows(scope) {
		return t, Errorf(CodeForbidden, "token %q has scope %s; this request needs %s", t.Name, t.Scope, scope)
	}
	return t, nil
}
