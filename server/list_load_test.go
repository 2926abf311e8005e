package server

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"dossier"
	"dossier/lists"
	"dossier/sqlite"
)

// oneEntity is a one-entity list of the fixture's dataset.
const oneEntity = `{"id":"x-1","schema":"Person","caption":"John Doe","properties":{"name":["John Doe"]},"datasets":["fixture_sdn"]}` + "\n"

type listLoaded struct {
	Version, Previous *dossier.ListVersion
	Created           bool
}

// POST /lists refuses, with 409 and a reason, a version that loses more
// than half of the current version's entities, unless allow_shrink.
func TestListLoadShrink(t *testing.T) {
	env := newEnv(t, envOptions{})
	list, err := os.ReadFile(fixtureList)
	if err != nil {
		t.Fatal(err)
	}
	status, _, body := env.call(t, "POST", "/lists?name=fixture.ftm.jsonl&dataset=fixture", env.write, list)
	if status != http.StatusCreated {
		t.Fatalf("POST fixture: %d %s", status, body)
	}
	first := MustJSON[listLoaded](t, body)
	if first.Previous != nil || !first.Version.Current {
		t.Errorf("first load: %s", body)
	}
	ds, old := first.Version.Dataset, first.Version

	status, _, body = env.call(t, "POST", "/lists?name=fixture.ftm.jsonl&dataset=fixture", env.write, oneEntity)
	msg := MustJSON[errorBody](t, body).Error.Message
	if status != http.StatusConflict || errorCode(body) != CodeConflict ||
		!strings.HasPrefix(msg, "list "+ds+": new version ") ||
		!strings.Contains(msg, " has 1 entities, current version "+old.Version[:12]+" has 10: more than half would be lost; send allow_shrink=true") {
		t.Fatalf("shrinking POST: %d %s", status, body)
	}
	if status, _, body := env.call(t, "POST", "/lists?name=fixture.ftm.jsonl&dataset=fixture&allow_shrink=maybe", env.write, oneEntity); status != 400 ||
		!strings.Contains(string(body), `allow_shrink: \"maybe\" is not true or false`) {
		t.Errorf("bad allow_shrink: %d %s", status, body)
	}
	status, _, body = env.call(t, "GET", "/lists", env.read, nil)
	if v := MustJSON[listIndexResponse](t, body).Versions; status != 200 || len(v) != 1 {
		t.Fatalf("versions after a refused load: %d %s", status, body)
	}

	status, _, body = env.call(t, "POST", "/lists?name=fixture.ftm.jsonl&dataset=fixture&allow_shrink=true", env.write, oneEntity)
	res := MustJSON[listLoaded](t, body)
	if status != http.StatusCreated || !res.Created || res.Previous == nil || res.Previous.Version != old.Version ||
		res.Previous.Entities != 10 || res.Version.Entities != 1 {
		t.Fatalf("POST allow_shrink=true: %d %s", status, body)
	}
}

// A multipart upload sends allow_shrink as a form field.
func TestListLoadShrinkMultipart(t *testing.T) {
	env := newEnv(t, envOptions{})
	list, err := os.ReadFile(fixtureList)
	if err != nil {
		t.Fatal(err)
	}
	if status, _, body := env.call(t, "POST", "/lists?name=fixture.ftm.jsonl&dataset=fixture", env.write, list); status != http.StatusCreated {
		t.Fatalf("POST fixture: %d %s", status, body)
	}
	post := func(allow string) (int, []byte) {
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		if allow != "" {
			mw.WriteField("allow_shrink", allow)
		}
		mw.WriteField("dataset", "fixture")
		fw, _ := mw.CreateFormFile("file", "fixture.ftm.jsonl")
		fw.Write([]byte(oneEntity))
		mw.Close()
		req, _ := http.NewRequest("POST", env.ts.URL+"/lists", &b)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.Header.Set("Authorization", "Bearer "+env.write)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out bytes.Buffer
		out.ReadFrom(resp.Body)
		return resp.StatusCode, out.Bytes()
	}
	if status, body := post("false"); status != http.StatusConflict || !strings.Contains(string(body), "allow_shrink") {
		t.Errorf("allow_shrink=false: %d %s", status, body)
	}
	if status, body := post(""); status != http.StatusConflict {
		t.Errorf("no allow_shrink: %d %s", status, body)
	}
	if status, body := post("true"); status != http.StatusCreated {
		t.Errorf("allow_shrink=true: %d %s", status, body)
	}
}

// A rollback made by another process (dossier lists rollback) changes
// the current versions, so the polling server rebuilds its index with
// the restored entities; GET /lists marks the restored version current.
func TestPollingRebuildAfterRollback(t *testing.T) {
	db := MustOpenDB(t)
	ls := sqlite.NewListService(db)
	ctx := context.Background()
	list, err := os.ReadFile(fixtureList)
	if err != nil {
		t.Fatal(err)
	}
	var v dossier.ListVersion
	for _, data := range [][]byte{list, []byte(oneEntity)} {
		l, err := lists.DecodeOptions(ctx, lists.Options{Dataset: "fixture"}, lists.File{Name: "fixture.ftm.jsonl", Data: data})
		if err != nil {
			t.Fatal(err)
		}
		v = l.Version
		if _, err := ls.LoadListVersion(ctx, &v, l.Entities, dossier.ListLoadOptions{AllowShrink: true}); err != nil {
			t.Fatal(err)
		}
	}
	srv := NewServer()
	srv.Lists, srv.NoAuth, srv.PollInterval = ls, true, 10*time.Millisecond
	srv.Start(t.Context())
	waitFor(t, "first build", srv.Ready)
	if n := srv.CurrentIndex().Len(); n != 1 {
		t.Fatalf("%d entities indexed, want the one of the newest version", n)
	}
	if _, err := ls.RollbackListVersion(ctx, v.Dataset, ""); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the rebuild after the rollback", func() bool { return srv.CurrentIndex().Len() == 7 })
	versions, key, err := currentVersions(ctx, ls)
	if err != nil || len(versions) != 1 || versions[0].Version == v.Version || key != srv.index.current().key {
		t.Errorf("current versions after rollback: %v %+v", err, versions)
	}
}

// POST /lists/{dataset}/rollback restores the version loaded before the
// current one (or the one named), and the index serves its entities.
func TestListRollbackAPI(t *testing.T) {
	env := newEnv(t, envOptions{})
	list, err := os.ReadFile(fixtureList)
	if err != nil {
		t.Fatal(err)
	}
	_, _, body := env.call(t, "POST", "/lists?name=fixture.ftm.jsonl&dataset=fixture", env.write, list)
	full := MustJSON[listLoaded](t, body).Version
	_, _, body = env.call(t, "POST", "/lists?name=fixture.ftm.jsonl&dataset=fixture&allow_shrink=true", env.write, oneEntity)
	small := MustJSON[listLoaded](t, body).Version
	if small == nil || small.Dataset != full.Dataset {
		t.Fatalf("second load: %s", body)
	}
	waitFor(t, "the index of the one-entity version", func() bool {
		_, _, body := env.call(t, "POST", "/match/default", env.read, cabelloQuery)
		return len(MustJSON[yenteMatch](t, body).Responses["q1"].Results) == 0
	})
	path := "/lists/" + full.Dataset + "/rollback"
	if status, _, body := env.call(t, "POST", path, env.read, nil); status != http.StatusForbidden {
		t.Errorf("rollback with a read token: %d %s", status, body)
	}
	status, _, body := env.call(t, "POST", path, env.write, nil)
	type rolled struct {
		Event dossier.ListEvent `json:"event"`
		Index string            `json:"index"`
	}
	if r := MustJSON[rolled](t, body); status != 200 || r.Event.Version != full.Version || r.Event.Previous != small.Version ||
		r.Event.Action != dossier.ListRolledBack || r.Index != "rebuilding" {
		t.Fatalf("rollback: %d %s", status, body)
	}
	waitFor(t, "the index of the restored version", func() bool {
		_, _, body := env.call(t, "POST", "/match/default", env.read, cabelloQuery)
		r := MustJSON[yenteMatch](t, body).Responses["q1"].Results
		return len(r) > 0 && r[0].ID == "ofac-24424"
	})
	for _, c := range []struct {
		path, body string
		status     int
		code       string
	}{
		{path, `{"to":"` + full.Version + `"}`, 400, CodeInvalid}, // already current
		{path, `{"to":"zzzzzz"}`, 404, CodeNotFound},
		{path, `{"version":"x"}`, 400, CodeInvalid},
		{path, ``, 404, CodeNotFound}, // nothing older than the first version
		{"/lists/nosuch/rollback", ``, 404, CodeNotFound},
	} {
		status, _, body := env.call(t, "POST", c.path, env.write, c.body)
		if status != c.status || errorCode(body) != c.code {
			t.Errorf("%s %s: %d %s, want %d %s", c.path, c.body, status, body, c.status, c.code)
		}
	}
	status, _, body = env.call(t, "POST", path, env.write, `{"to":"`+small.Version[:6]+`"}`)
	if r := MustJSON[rolled](t, body); status != 200 || r.Event.Version != small.Version {
		t.Errorf("rollback to a prefix: %d %s", status, body)
	}
}

// twoDatasets is an FtM file whose entities name different datasets,
// as an OpenSanctions collection does: it cannot tell its dataset.
const twoDatasets = `{"id": "p1", "schema": "Person", "properties": {"name": ["Ivan Petrov"]}, "datasets": ["a"]}
{"id": "p2", "schema": "Person", "properties": {"name": ["Petr Ivanov"]}, "datasets": ["b"]}
`

// TestListLoadDataset: POST /lists takes the dataset from the list, or
// from ?dataset= or a "dataset" form field where the list cannot tell,
// and answers 400 naming the line when neither does.
func TestListLoadDataset(t *testing.T) {
	env := newEnv(t, envOptions{})
	status, _, body := env.call(t, "POST", "/lists?name=entities.ftm.json", env.write, twoDatasets)
	if status != 400 || errorCode(body) != CodeInvalid || !strings.Contains(string(body), "entities.ftm.json:2") ||
		!strings.Contains(string(body), "dataset cannot be told") {
		t.Fatalf("no dataset: %d %s", status, body)
	}
	status, _, body = env.call(t, "POST", "/lists?name=entities.ftm.json&dataset=collection_a", env.write, twoDatasets)
	if status != http.StatusCreated || !strings.Contains(string(body), `"dataset":"collection_a"`) {
		t.Fatalf("?dataset=: %d %s", status, body)
	}

	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("dataset", "collection_b")
	fw, _ := mw.CreateFormFile("file", "entities.ftm.json")
	fw.Write([]byte(twoDatasets))
	mw.Close()
	req, _ := http.NewRequest("POST", env.ts.URL+"/lists", &buf)
	req.Header.Set("Authorization", "Bearer "+env.write)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := env.ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data := new(bytes.Buffer)
	data.ReadFrom(resp.Body)
	if resp.StatusCode != http.StatusCreated || !strings.Contains(data.String(), `"dataset":"collection_b"`) {
		t.Fatalf("dataset form field: %d %s", resp.StatusCode, data)
	}

	// A list that names itself refuses another name.
	un, err := os.ReadFile("../lists/un/testdata/consolidated.xml")
	if err != nil {
		t.Fatal(err)
	}
	status, _, body = env.call(t, "POST", "/lists?name=un.xml&dataset=us_ofac_sdn", env.write, un)
	if status != 400 || !strings.Contains(string(body), "dataset cannot be told") {
		t.Errorf("UN list as us_ofac_sdn: %d %s", status, body)
	}
	// A DOCTYPE with an internal subset is refused by name.
	doctype := strings.Replace(string(un), "?>", "?>\n<!DOCTYPE x [<!ENTITY a \"b\">]>", 1)
	status, _, body = env.call(t, "POST", "/lists?name=un.xml", env.write, doctype)
	if status != 400 || !strings.Contains(string(body), "DOCTYPE with internal subset not allowed") {
		t.Errorf("DOCTYPE: %d %s", status, body)
	}
}

// TestListLoadLimit: the body limit of POST /lists is the loaders' file
// limit by default, and a larger body is a 413 with a JSON reason.
func TestListLoadLimit(t *testing.T) {
	if got := NewServer().MaxListBody; got != lists.DefaultMaxSize {
		t.Errorf("MaxListBody = %d, want the loaders' limit %d", got, lists.DefaultMaxSize)
	}
	env := newEnv(t, envOptions{maxList: 1 << 10})
	list, err := os.ReadFile(fixtureList)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) <= 1<<10 {
		t.Fatalf("fixture of %d bytes is not over the 1 KiB limit", len(list))
	}
	status, _, body := env.call(t, "POST", "/lists?name=fixture.ftm.jsonl", env.write, list)
	if status != http.StatusRequestEntityTooLarge || errorCode(body) != CodeTooLarge || !strings.Contains(string(body), "1024") {
		t.Errorf("oversized list: %d %s", status, body)
	}
}
