package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestServeTokens(t *testing.T) {
	db := filepath.Join(t.TempDir(), "t.db")
	secret, errOut, code := run(t, db, "", "serve", "token", "create", "desk", "--scope", "read")
	secret = strings.TrimSpace(secret)
	if code != 0 || !strings.HasPrefix(secret, "dsk_") || !strings.Contains(errOut, "shown only this once") {
		t.Fatalf("create: %d %q %q", code, secret, errOut)
	}
	if _, errOut, code := run(t, db, "", "serve", "token", "create", "bot", "--scope", "admin"); code != 2 || !strings.Contains(errOut, "want read or write") {
		t.Errorf("bad scope: %d %q", code, errOut)
	}
	if _, errOut, code := run(t, db, "", "serve", "token", "create", "desk"); code != 1 || !strings.Contains(errOut, "exists already") {
		t.Errorf("duplicate: %d %q", code, errOut)
	}
	out, _, code := run(t, db, "", "serve", "token", "list", "--json")
	var list struct {
		Tokens []struct {
			Name, Scope, Hint string
		} `json:"tokens"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &list) != nil || len(list.Tokens) != 1 || list.Tokens[0].Name != "desk" ||
		strings.Contains(out, secret) || !strings.HasPrefix(secret, list.Tokens[0].Hint) {
		t.Errorf("list: %d %s", code, out)
	}
	if out, _, code := run(t, db, "", "serve", "token", "revoke", "desk"); code != 0 || !strings.Contains(out, "revoked token 1") {
		t.Errorf("revoke: %d %q", code, out)
	}
	if _, _, code := run(t, db, "", "serve", "token", "create", "desk2"); code != 0 {
		t.Fatal("create desk2")
	}
	out, _, code = run(t, db, "", "serve", "token", "revoke", "--json", "desk2")
	var revoked struct {
		ID      int64     `json:"id"`
		Name    string    `json:"name"`
		Revoked time.Time `json:"revoked"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &revoked) != nil || revoked.Name != "desk2" || revoked.Revoked.IsZero() {
		t.Errorf("revoke --json: %d %q", code, out)
	}
	if _, errOut, code := run(t, db, "", "serve", "token", "revoke", "desk"); code != 1 || !strings.Contains(errOut, "not found") {
		t.Errorf("revoke twice: %d %q", code, errOut)
	}
}

func TestServeRefuses(t *testing.T) {
	db := filepath.Join(t.TempDir(), "t.db")
	if _, errOut, code := run(t, db, "", "serve", "--no-auth", "--addr", "0.0.0.0:0"); code != 2 || !strings.Contains(errOut, "loopback") {
		t.Errorf("--no-auth on all interfaces: %d %q", code, errOut)
	}
	if _, errOut, code := run(t, db, "", "serve", "--addr", "127.0.0.1:0"); code != 1 || !strings.Contains(errOut, "no API tokens") {
		t.Errorf("no tokens: %d %q", code, errOut)
	}
	for _, addr := range []string{"127.0.0.1:8080", "[::1]:80", "localhost:1"} {
		if !loopback(addr) {
			t.Errorf("%s is loopback", addr)
		}
	}
	for _, addr := range []string{"0.0.0.0:8080", ":8080", "10.0.0.1:80", "example.org:80", "nonsense"} {
		if loopback(addr) {
			t.Errorf("%s is not loopback", addr)
		}
	}
}

// TestServe runs "dossier serve" in-process on a free loopback port,
// asks it for /healthz and a token-protected route, then stops it as
// SIGINT would.
func TestServe(t *testing.T) {
	db := filepath.Join(t.TempDir(), "t.db")
	secret, _, code := run(t, db, "", "serve", "token", "create", "desk")
	if code != 0 {
		t.Fatal("token create failed")
	}
	secret = strings.TrimSpace(secret)
	pr, pw := io.Pipe()
	m := &Main{Stdin: strings.NewReader(""), Stdout: pw, Stderr: io.Discard,
		Getenv: func(k string) string {
			if k == "DOSSIER_DB" {
				return db
			}
			return ""
		}}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- m.Run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--poll", "0"})
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatalf("no start-up line: %v", err)
	}
	go io.Copy(io.Discard, pr)
	addr := regexp.MustCompile(`http://127\.0\.0\.1:\d+`).FindString(line)
	if addr == "" {
		t.Fatalf("start-up line %q names no address", line)
	}
	get := func(path, token string) int {
		req, _ := http.NewRequest("GET", addr+path, nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if s := get("/healthz", ""); s != 200 {
		t.Errorf("/healthz: %d", s)
	}
	deadline := time.Now().Add(time.Minute)
	for get("/readyz", "") != 200 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if s := get("/catalog", ""); s != 401 {
		t.Errorf("/catalog without a token: %d", s)
	}
	if s := get("/catalog", secret); s != 200 {
		t.Errorf("/catalog with a token: %d", s)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("serve returned %v after the signal", err)
	}
}
