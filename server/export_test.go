package server

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"dossier"
)

type exportLine struct {
	ID       string            `json:"id"`
	Schema   string            `json:"schema"`
	Datasets []string          `json:"datasets"`
	Claims   []json.RawMessage `json:"claims"`
}

func exportLines(t *testing.T, body []byte) map[string]int {
	t.Helper()
	schemata := map[string]int{}
	sc := bufio.NewScanner(bytes.NewReader(body))
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		var l exportLine
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil || l.ID == "" {
			t.Fatalf("not an FtM line: %v: %.200s", err, sc.Text())
		}
		schemata[l.Schema]++
	}
	return schemata
}

func TestExportRoute(t *testing.T) {
	env := newEnv(t, envOptions{lists: []string{fixtureList}, extractor: true})
	text := "Maria Lopez, the head of the National Electoral Council, was charged with money laundering on Monday, prosecutors said. Her lawyer denied the charges."
	if status, _, body := env.call(t, "POST", "/documents", env.write, map[string]any{"title": "Official charged", "url": "news.example.com/a", "text": text}); status != http.StatusCreated {
		t.Fatalf("POST /documents: %d %s", status, body)
	}
	var fixture int
	env.listsService.CurrentEntities(context.Background(), func(*dossier.Entity) error { fixture++; return nil })

	status, hdr, body := env.call(t, "GET", "/export.ftm.jsonl", env.read, nil)
	if status != 200 || !strings.HasPrefix(hdr.Get("Content-Type"), "application/x-ndjson") {
		t.Fatalf("export: %d %s %.300s", status, hdr.Get("Content-Type"), body)
	}
	var n int
	for s, c := range exportLines(t, body) {
		n += c
		if s == "Article" {
			t.Errorf("news exported without ?news")
		}
	}
	if n != fixture {
		t.Errorf("%d lines, want the %d entities of the list", n, fixture)
	}

	status, _, body = env.call(t, "GET", "/export.ftm.jsonl?news=true&dataset="+fixtureDataset, env.read, nil)
	schemata := exportLines(t, body)
	if status != 200 || schemata["Article"] != 1 || schemata["Person"] == 0 || schemata["Documentation"] == 0 {
		t.Errorf("export with news: %d %v", status, schemata)
	}

	for _, tt := range []struct {
		Name, Path, Token string
		Status            int
		Code              string
	}{
		{"no token", "/export.ftm.jsonl", "", 401, CodeUnauthorized},
		{"unknown dataset", "/export.ftm.jsonl?dataset=eu_fsf", env.read, 404, CodeNotFound},
		{"bad news flag", "/export.ftm.jsonl?news=maybe", env.read, 400, CodeInvalid},
	} {
		t.Run(tt.Name, func(t *testing.T) {
			status, _, body := env.call(t, "GET", tt.Path, tt.Token, nil)
			if status != tt.Status || errorCode(body) != tt.Code {
				t.Errorf("%d %s, want %d %s", status, body, tt.Status, tt.Code)
			}
		})
	}
}

// failingLists gives many entities, then fails.
type failingLists struct {
	dossier.ListService
	n   int
	err error
}

func (f failingLists) CurrentEntities(ctx context.Context, fn func(*dossier.Entity) error) error {
	for i := range f.n {
		e := dossier.NewEntity("Person", "p"+strings.Repeat("x", 100)+string(rune('a'+i%26)))
		e.Add("name", strings.Repeat("name ", 50))
		if err := fn(e); err != nil {
			return err
		}
	}
	return f.err
}

// An export that fails before its first line is an error response; one
// that fails after it breaks the connection rather than end as if whole.
func TestExportRouteFailure(t *testing.T) {
	env := newEnv(t, envOptions{noStart: true})
	lists := env.srv.Lists
	env.srv.Lists = failingLists{ListService: lists, n: 0, err: errors.New("disk on fire")}
	status, _, body := env.call(t, "GET", "/export.ftm.jsonl", env.read, nil)
	if status != 500 || errorCode(body) != CodeInternal || strings.Contains(string(body), "disk") {
		t.Errorf("failure before the first line: %d %s, want 500 internal without the cause", status, body)
	}

	env.srv.Lists = failingLists{ListService: lists, n: 2000, err: errors.New("disk on fire")}
	req, _ := http.NewRequest("GET", env.ts.URL+"/export.ftm.jsonl", nil)
	req.Header.Set("Authorization", "Bearer "+env.read)
	resp, err := env.ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	_, err = io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || err == nil {
		t.Errorf("failure after the first lines: status %d, read error %v; want 200 and a broken body", resp.StatusCode, err)
	}
}
