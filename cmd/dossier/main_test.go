package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// run runs the command in-process with the given database and stdin.
func run(t testing.TB, db, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	m := &Main{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb,
		Getenv: func(k string) string {
			if k == "DOSSIER_DB" {
				return db
			}
			return ""
		}}
	code = m.ExitCode(m.Run(context.Background(), args))
	return out.String(), errb.String(), code
}

func TestVersionAndHelp(t *testing.T) {
	out, _, code := run(t, "", "", "version")
	if code != 0 || !strings.HasPrefix(out, "dossier ") {
		t.Errorf("version: %q, %d", out, code)
	}
	out, _, code = run(t, "", "", "help")
	if code != 0 || !strings.Contains(out, "ingest") || !strings.Contains(out, "search") {
		t.Errorf("help: %q, %d", out, code)
	}
	_, errOut, code := run(t, "", "", "show")
	if code != 2 || !strings.Contains(errOut, "accepts 1 arg") {
		t.Errorf("show without args: %q, %d; want usage error, status 2", errOut, code)
	}
	_, errOut, code = run(t, "", "", "ingest", "--nope", "x")
	if code != 2 || !strings.Contains(errOut, "unknown flag") {
		t.Errorf("unknown flag: %q, %d", errOut, code)
	}
}

func TestIngestSearchShow(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "d.db")
	art := filepath.Join(dir, "a.txt")
	os.WriteFile(art, []byte("General arrested in Madrid\n\nThe former intelligence chief was arrested on a U.S. drug warrant â€” his lawyer denied the charges.\n"), 0o644)
	bad := filepath.Join(dir, "empty.txt")
	os.WriteFile(bad, nil, 0o644)

	out, errOut, code := run(t, db, "", "ingest", "--json", art, bad)
	if code != 1 {
		t.Fatalf("ingest with a bad file: status %d, want 1; stderr %s", code, errOut)
	}
	var sum ingestSummary
	if err := json.Unmarshal([]byte(out), &sum); err != nil {
		t.Fatalf("--json output %q: %v", out, err)
	}
	if sum.New != 1 || sum.FilesFailed != 1 || len(sum.Errors) != 1 || sum.Errors[0].File != bad {
		t.Errorf("summary %+v", sum)
	}
	if !strings.Contains(errOut, "empty.txt") {
		t.Errorf("stderr does not name the bad file: %q", errOut)
	}

	// Again, from standard input: nothing new.
	body, _ := os.ReadFile(art)
	out, _, code = run(t, db, string(body), "ingest", "--json", "-")
	if code != 0 || !strings.Contains(out, `"known": 1`) || !strings.Contains(out, `"total_documents": 1`) {
		t.Errorf("stdin re-ingest: %d %s", code, out)
	}

	out, _, code = run(t, db, "", "search", "drug", "warrant")
	if code != 0 || !strings.Contains(out, "[drug] [warrant]") || !strings.Contains(out, "General arrested in Madrid") {
		t.Errorf("search: %d %q", code, out)
	}
	id := strings.Fields(out)[0]
	out, _, code = run(t, db, "", "show", id)
	if code != 0 || !strings.Contains(out, "warrant — his lawyer") || !strings.Contains(out, "repaired:") {
		t.Errorf("show: %d %q", code, out)
	}
	out, _, code = run(t, db, "", "show", "--json", id)
	var doc map[string]any
	if code != 0 || json.Unmarshal([]byte(out), &doc) != nil || doc["title"] != "General arrested in Madrid" {
		t.Errorf("show --json: %d %q", code, out)
	}
	_, errOut, code = run(t, db, "", "show", "ffffffff")
	if code != 1 || !strings.Contains(errOut, "not found") {
		t.Errorf("show unknown: %d %q", code, errOut)
	}
}

func TestRepairCommand(t *testing.T) {
	out, errOut, code := run(t, "", "Caracas â€” the â€œtruthâ€\xff", "repair", "--report", "-")
	if code != 0 || out != "Caracas — the “truth”" { // the invalid byte took the quote's lost place
		t.Errorf("repair: %d %q", code, out)
	}
	if !strings.Contains(errOut, "-: offset") || !strings.Contains(errOut, "invalid UTF-8") {
		t.Errorf("repair stderr: %q", errOut)
	}
	out, _, code = run(t, "", "Caracas â€” the â€œtruthâ€\xff", "repair", "--json", "-")
	var rep struct {
		Text         string   `json:"text"`
		Changes      []string `json:"changes"`
		InvalidBytes int      `json:"invalid_bytes"`
		FirstInvalid *int64   `json:"first_invalid_offset"`
	}
	if err := json.Unmarshal([]byte(out), &rep); code != 0 || err != nil || rep.Text != "Caracas — the “truth”" ||
		rep.InvalidBytes != 1 || rep.FirstInvalid == nil || len(rep.Changes) < 2 {
		t.Errorf("repair --json: %d %v %q", code, err, out)
	}
	out, _, code = run(t, "", "plain text", "repair", "--json", "-")
	if code != 0 || !strings.Contains(out, `"changes": []`) || !strings.Contains(out, `"first_invalid_offset": null`) {
		t.Errorf("repair --json of correct text: %d %q", code, out)
	}
	_, errOut, code = run(t, "", "", "repair", filepath.Join(t.TempDir(), "missing.txt"))
	if code != 1 || !strings.Contains(errOut, "missing.txt") {
		t.Errorf("missing file: %d %q", code, errOut)
	}
}

func TestDemo(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	out, errOut, code := run(t, "", "", "--db", db, "demo", "--no-serve")
	if code != 0 {
		t.Fatalf("demo: status %d: %s", code, errOut)
	}
	for _, want := range []string{"ingest #2: 0 new,", "$ dossier search cartel", "us_ofac_sdn version", "ofac-24424  Person  CABELLO RONDON, Diosdado", "claims (", "alleged"} {
		if !strings.Contains(out, want) {
			t.Errorf("demo output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "(no hits)") {
		t.Errorf("a demo search found nothing:\n%s", out)
	}
	if errOut != "" {
		t.Errorf("demo reported problems with its own samples:\n%s", errOut)
	}
}

func TestDefaultDBPath(t *testing.T) {
	env := map[string]string{"HOME": "/home/ana"}
	get := func(k string) string { return env[k] }
	p, err := defaultDBPath(get)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(p, filepath.Join("dossier", "dossier.db")) {
		t.Errorf("default path %q", p)
	}
	env = map[string]string{}
	if _, err := defaultDBPath(get); err == nil {
		t.Error("no HOME: want an error")
	}
}

// TestUsageErrors checks cobra's convention: a wrong invocation (unknown
// command or subcommand, bad flag, wrong arguments) exits 2 with a usage
// message; a failure at run time exits 1.
func TestUsageErrors(t *testing.T) {
	db := filepath.Join(t.TempDir(), "u.db")
	tests := []struct {
		args []string
		code int
		err  string
	}{
		{[]string{"nope"}, 2, `unknown command "nope" for "dossier"`},
		{[]string{"scren", "x"}, 2, "did you mean screen?"},
		{[]string{"eval", "nope"}, 2, `unknown command "nope" for "dossier eval"`},
		{[]string{"lists", "nope"}, 2, `unknown command "nope" for "dossier lists"`},
		{[]string{"watch", "nope"}, 2, `unknown command "nope" for "dossier watch"`},
		{[]string{"decision", "nope"}, 2, `unknown command "nope" for "dossier decision"`},
		{[]string{"version", "extra"}, 2, "accepts 0 arg(s), received 1"},
		{[]string{"screen", "--limit", "many", "x"}, 2, "invalid argument"},
		{[]string{"screen", "--nope", "x"}, 2, "unknown flag: --nope"},
		{[]string{"screen"}, 2, "a NAME to screen is required"},
		{[]string{"lists", "rollback"}, 2, "accepts 1 arg(s), received 0"},
		{[]string{"eval"}, 0, ""},
		// run-time errors
		{[]string{"screen", "x"}, 1, "no lists loaded"},
		{[]string{"lists", "load", filepath.Join(t.TempDir(), "missing.csv")}, 1, "missing.csv"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			_, errOut, code := run(t, db, "", tt.args...)
			if code != tt.code || !strings.Contains(errOut, tt.err) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, errOut, tt.code, tt.err)
			}
		})
	}
}

// runTerm runs the command as on a terminal, with env as the environment
// (and db as DOSSIER_DB).
func runTerm(t testing.TB, db string, env map[string]string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	m := &Main{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb,
		Getenv: func(k string) string {
			if k == "DOSSIER_DB" {
				return db
			}
			return env[k]
		},
		IsTerminal: func(io.Writer) bool { return true }}
	code = m.ExitCode(m.Run(context.Background(), args))
	return out.String(), errb.String(), code
}

// TestNoColor checks that a terminal gets colour and progress bars, and
// that NO_COLOR (any non-empty value) or TERM=dumb turns them all off.
func TestNoColor(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "c.db")
	art := filepath.Join(dir, "a.txt")
	os.WriteFile(art, []byte("General arrested in Madrid\n\nThe former intelligence chief was arrested on a U.S. drug warrant.\n"), 0o644)
	csv := filepath.Join(dir, "c.csv")
	os.WriteFile(csv, []byte("name\nDiosdado Cabello\n"), 0o644)
	if _, errOut, code := run(t, db, "", "lists", "load", filepath.Join("..", "..", "lists", "ofac", "testdata", "sdn")); code != 0 {
		t.Fatal(errOut)
	}
	styled := func(s string) bool { return strings.Contains(s, "\x1b[") || strings.Contains(s, "\r") }
	for _, tt := range []struct {
		name string
		env  map[string]string
		want bool
	}{
		{"terminal", nil, true},
		{"NO_COLOR=1", map[string]string{"NO_COLOR": "1"}, false},
		{"NO_COLOR=0", map[string]string{"NO_COLOR": "0"}, false}, // any value but empty
		{"NO_COLOR empty", map[string]string{"NO_COLOR": ""}, true},
		{"TERM=dumb", map[string]string{"TERM": "dumb"}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			// The ingest bar is drawn only when an ingest takes long
			// enough; its absence is certain.
			_, errOut, code := runTerm(t, db, tt.env, "ingest", art)
			if code != 0 || !tt.want && styled(errOut) {
				t.Errorf("ingest: %d, progress bar %v, want %v: %q", code, styled(errOut), tt.want, errOut)
			}
			out, _, code := runTerm(t, db, tt.env, "search", "warrant")
			if code != 0 || styled(out) != tt.want || !strings.Contains(out, "warrant") {
				t.Errorf("search: %d, colour %v, want %v: %q", code, styled(out), tt.want, out)
			}
			out, errOut, code = runTerm(t, db, tt.env, "screen", "--batch", csv)
			if code != 0 || styled(errOut) != tt.want || styled(out) || !strings.Contains(out, "ofac-24424") {
				t.Errorf("screen --batch: %d, progress bar %v, want %v: %q %q", code, styled(errOut), tt.want, out, errOut)
			}
		})
	}
}

// TestJSONOutputs checks --json on the commands that print results and
// had none: version, watch load, watch screen.
func TestJSONOutputs(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "j.db")
	out, _, code := run(t, db, "", "version", "--json")
	var v map[string]string
	if code != 0 || json.Unmarshal([]byte(out), &v) != nil || v["version"] == "" || v["go"] == "" || v["os"] == "" {
		t.Errorf("version --json: %d %q", code, out)
	}
	if _, errOut, code := run(t, db, "", "lists", "load", filepath.Join("..", "..", "lists", "ofac", "testdata", "sdn")); code != 0 {
		t.Fatal(errOut)
	}
	csv := filepath.Join(dir, "w.csv")
	os.WriteFile(csv, []byte("id,full_name\nc1,Diosdado Cabello\nc2,Jane Roe\n"), 0o644)
	var loaded struct {
		Created  int `json:"created"`
		Updated  int `json:"updated"`
		Screened *struct {
			Watches int `json:"watches"`
			Hits    int `json:"hits"`
			New     int `json:"new"`
		} `json:"screened"`
	}
	out, errOut, code := run(t, db, "", "watch", "load", "--json", csv)
	if code != 0 || json.Unmarshal([]byte(out), &loaded) != nil || loaded.Created != 2 || loaded.Screened == nil ||
		loaded.Screened.Watches != 2 || loaded.Screened.Hits == 0 || loaded.Screened.New == 0 {
		t.Fatalf("watch load --json: %d %q %q", code, out, errOut)
	}
	out, _, code = run(t, db, "", "watch", "load", "--json", "--no-screen", csv)
	if code != 0 || !strings.Contains(out, `"updated": 2`) || !strings.Contains(out, `"screened": null`) {
		t.Errorf("watch load --json --no-screen: %d %q", code, out)
	}
	var st struct{ Watches, Hits, New int }
	out, _, code = run(t, db, "", "watch", "screen", "--json")
	if code != 0 || json.Unmarshal([]byte(out), &st) != nil || st.Watches != 2 || st.Hits == 0 || st.New != 0 {
		t.Errorf("watch screen --json: %d %q", code, out)
	}
}
