package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"dossier/postgres/pgtest"
)

// The commands that take their services from openStore answer the same
// on a SQLite file and on a PostgreSQL database holding the same data:
// ingest (with extraction), lists load, show, and a server's /screen
// and /match (the screen command also reads decisions, which it takes
// from SQLite only for now); search finds the
// same documents (ranked by each store's own full-text ranking).
func TestStoresAgree(t *testing.T) {
	pg := pgtest.MustDatabase(t)
	if !isPostgresURL(pg) {
		t.Fatalf("DOSSIER_TEST_POSTGRES must be a postgres:// URL for the command tests, not %q", pgtest.Server())
	}
	lite := filepath.Join(t.TempDir(), "d.db")
	articles, _ := filepath.Abs("../../testdata/articles")
	list, _ := filepath.Abs("../../testdata/lists/ofac-sdn-excerpt")
	// What differs between two ingests of the same files: when.
	ingested := regexp.MustCompile(`"ingested": ?"[^"]*"`)
	answers := map[string][]string{}
	for _, db := range []string{lite, pg} {
		var got []string
		step := func(args ...string) string {
			t.Helper()
			out, errOut, code := run(t, db, "", args...)
			if code != 0 {
				t.Fatalf("%s on %s: status %d: %s", strings.Join(args, " "), db, code, errOut)
			}
			return out
		}
		out := step("ingest", "--json", articles)
		var sum ingestSummary
		if err := json.Unmarshal([]byte(out), &sum); err != nil {
			t.Fatal(err)
		}
		if sum.New == 0 || sum.Extracted != sum.New || len(sum.Errors) != 0 {
			t.Fatalf("ingest on %s: %+v", db, sum)
		}
		sum.Database, sum.ElapsedMS = "", 0
		b, _ := json.Marshal(sum)
		got = append(got, string(b))
		got = append(got, step("lists", "load", list)[len(list):])
		// Entries of documents without a publication date are ordered
		// by ingestion time, which differs between the two ingests: by
		// document ID here.
		var dos struct{ Entries []map[string]any }
		if err := json.Unmarshal([]byte(step("show", "--json", "Hugo Carvajal")), &dos); err != nil {
			t.Fatal(err)
		}
		docID := func(e map[string]any) string { return e["document"].(map[string]any)["id"].(string) }
		slices.SortFunc(dos.Entries, func(a, b map[string]any) int { return strings.Compare(docID(a), docID(b)) })
		b, _ = json.MarshalIndent(dos, "", " ")
		got = append(got, ingested.ReplaceAllString(string(b), ""))
		for _, q := range []string{"drug warrant", "Maduro OR Cabello", `"money laundering"`, "chavez"} {
			var res struct{ Hits []struct{ ID string } }
			if err := json.Unmarshal([]byte(step("search", "--json", q)), &res); err != nil {
				t.Fatal(err)
			}
			if len(res.Hits) == 0 {
				t.Errorf("search %s on %s: no hits", q, db)
			}
			var ids []string
			for _, h := range res.Hits {
				ids = append(ids, h.ID)
			}
			slices.Sort(ids)
			got = append(got, q+": "+strings.Join(ids, " "))
		}
		got = append(got, serverAnswers(t, db)...)
		// Linking, watches and their alerts, and the FtM export.
		got = append(got, step("link", "--json"))
		watches := filepath.Join(t.TempDir(), "watches.csv")
		if err := os.WriteFile(watches, []byte("id,name,nationality\nc1,Diosdado Cabello,VE\nc2,Hugo Carvajal,\nc3,Maria Fernanda Gomez,\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		got = append(got, step("watch", "load", "--json", watches), step("watch", "screen", "--json"))
		var al struct {
			Total  int
			Alerts []struct {
				Kind, Change, ListEntityID, DocEntityID, Caption string
				Score                                            float64
			}
		}
		if err := json.Unmarshal([]byte(step("watch", "alerts", "--json", "-n", "0")), &al); err != nil {
			t.Fatal(err)
		}
		if al.Total == 0 {
			t.Errorf("watch alerts on %s: none", db)
		}
		var alerts []string
		for _, a := range al.Alerts {
			alerts = append(alerts, fmt.Sprintf("%s %s %s %s %s %.4f", a.Kind, a.Change, a.ListEntityID, a.DocEntityID, a.Caption, a.Score))
		}
		slices.Sort(alerts)
		got = append(got, fmt.Sprint(al.Total, alerts))
		_, errOut, code := run(t, db, "", "export", "--format", "ftm", "--news", "-o", filepath.Join(t.TempDir(), "out.ftm.jsonl"))
		if code != 0 {
			t.Fatalf("export on %s: status %d: %s", db, code, errOut)
		}
		got = append(got, errOut[:strings.LastIndex(errOut, " to ")]) // the summary, without the file
		answers[db] = got
	}
	for i := range answers[lite] {
		if a, b := answers[lite][i], answers[pg][i]; a != b {
			// Show where they part.
			at := 0
			for at < min(len(a), len(b)) && a[at] == b[at] {
				at++
			}
			from := max(0, at-200)
			t.Errorf("answer %d differs at byte %d:\nsqlite:   %.400s\npostgres: %.400s", i, at, a[from:], b[from:])
		}
	}
}

// A PostgreSQL server that refuses the connection is a clear error and
// status 1.
func TestPostgresRefusedAndUnsupported(t *testing.T) {
	_, errOut, code := run(t, "postgres://nobody:secret@127.0.0.1:1/dossier", "", "search", "x")
	if code != 1 || !strings.Contains(errOut, "127.0.0.1:1/dossier: connection refused") || strings.Contains(errOut, "secret") {
		t.Errorf("refused: status %d, %q", code, errOut)
	}
	_, errOut, code = run(t, "postgres://127.0.0.1:1/dossier", "", "watch", "alerts")
	if code != 1 || !strings.Contains(errOut, "connection refused") {
		t.Errorf("watch alerts refused: status %d, %q", code, errOut)
	}
}

// serverAnswers starts a server over db, as serve does but without
// monitoring, and returns its answers to POST /screen and POST /match
// for a few names, without what differs between two ingests of the same
// files and lists (when) or two requests (how long).
func serverAnswers(t *testing.T, db string) []string {
	t.Helper()
	m := &Main{dbPath: db, Getenv: func(string) string { return "" }}
	st, err := m.openStore()
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	srv := newServer(st)
	srv.NoAuth = true
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	srv.Start(ctx)
	h := srv.Handler()
	do := func(method, path, body string) (int, string) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(method, path, strings.NewReader(body)))
		return rec.Code, rec.Body.String()
	}
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(50 * time.Millisecond) {
		if code, _ := do("GET", "/readyz", ""); code == http.StatusOK {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("server over %s not ready after a minute", db)
		}
	}
	took := regexp.MustCompile(`"(took|ingested|index_built|last_change)": ?("[^"]*"|[0-9.]+)`)
	var out []string
	for _, name := range []string{"Diosdado Cabello", "Hugo Carvajal", "Nicolás Maduro", "Alex Saab", "Tareck El Aissami"} {
		for _, req := range []struct{ path, body string }{
			{"/screen", fmt.Sprintf(`{"name": %q}`, name)},
			{"/match/default", fmt.Sprintf(`{"queries": {"q": {"schema": "Person", "properties": {"name": [%q]}}}}`, name)},
		} {
			code, body := do("POST", req.path, req.body)
			if code != http.StatusOK {
				t.Fatalf("%s %s over %s: %d %s", req.path, req.body, db, code, body)
			}
			out = append(out, req.path+" "+name+": "+took.ReplaceAllString(body, ""))
		}
	}
	return out
}
