package workertest

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"
	"time"

	"dossier/postgres"
	"dossier/postgres/pgtest"
)

// TestWorkersOnPostgres: two worker processes share one PostgreSQL
// database, consuming 200 real articles published to one stream; one is
// killed with SIGKILL half-way and started again. In the end every
// document is stored once, with its extraction, and the queue is empty.
func TestWorkersOnPostgres(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the PostgreSQL worker test ingests 200 articles")
	}
	needNATS(t, testNATS)
	dsn := pgtest.MustDatabase(t)
	articles, _ := realArticles(t, 200)
	bin := buildDossier(t)
	q := testStream(t, testNATS)
	out, errOut, code := dossierCmd(t, bin, dsn, "ingest", "--json", "--queue", testNATS, "--stream", q.Config().Stream, articles)
	if code != 0 {
		t.Fatalf("ingest --queue: %d %s", code, errOut)
	}
	var sum struct{ Published int }
	if err := json.Unmarshal([]byte(out), &sum); err != nil {
		t.Fatal(err)
	}
	if sum.Published < 195 {
		t.Fatalf("%d documents published, want about 200", sum.Published)
	}
	db := postgres.NewDB(dsn)
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	count := func() int {
		n, err := postgres.NewDocumentService(db).CountDocuments(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	wl := &workload{db: dsn, q: q}
	var stderr1, stderr2 bytes.Buffer
	w1, w2 := startWorker(t, bin, wl, testNATS, &stderr1), startWorker(t, bin, wl, testNATS, &stderr2)
	killed := false
	deadline := time.Now().Add(15 * time.Minute)
	for n := count(); n < sum.Published; n = count() {
		if !killed && n >= sum.Published/2 {
			w1.Process.Kill()
			w1.Wait()
			t.Logf("killed a worker at %d documents", n)
			w1, killed = startWorker(t, bin, wl, testNATS, &stderr1), true
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d documents stored\n%s\n%s", n, sum.Published, &stderr1, &stderr2)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if !killed {
		t.Log("the workers finished before the kill point")
	}
	var docs, distinct, missing int
	err := db.Pool().QueryRow(ctx, `SELECT count(*), count(DISTINCT id),
		count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM extractions x WHERE x.document_id = d.id))
		FROM documents d`).Scan(&docs, &distinct, &missing)
	if err != nil {
		t.Fatal(err)
	}
	if docs != sum.Published || distinct != docs || missing != 0 {
		t.Errorf("%d documents (%d distinct) stored of %d published, %d without extraction", docs, distinct, sum.Published, missing)
	}
	deadline = time.Now().Add(30 * time.Second)
	for {
		st, left, err := q.Stats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		ok := left == 0
		for _, s := range st {
			ok = ok && s.AckPending == 0 && s.Pending == 0
			if s.Dead != 0 {
				t.Errorf("%s: %d dead letters", s.Kind, s.Dead)
			}
		}
		if ok {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("queue not empty: %d messages left, %+v", left, st)
		}
		time.Sleep(100 * time.Millisecond)
	}
	stopWorker(t, w1, &stderr1)
	stopWorker(t, w2, &stderr2)
}
