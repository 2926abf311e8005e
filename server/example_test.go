package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"

	"dossier/lists"
	"dossier/server"
	"dossier/sqlite"
)

// A yente client's /match request against a server holding a small list.
func ExampleServer() {
	dir, _ := os.MkdirTemp("", "dossier-example-")
	defer os.RemoveAll(dir)
	db := sqlite.NewDB(filepath.Join(dir, "example.db"))
	if err := db.Open(); err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	// The fixture's entities come from two datasets: name the list's.
	l, err := lists.LoadOptions(ctx, lists.Options{Dataset: "fixture"}, "testdata/fixture-list.ftm.jsonl")
	if err != nil {
		log.Fatal(err)
	}
	ls := sqlite.NewListService(db)
	ls.CreateListVersion(ctx, &l.Version, l.Entities)

	srv := server.NewServer()
	srv.Lists = ls
	srv.NoAuth = true // a demo: no API tokens
	srv.Start(ctx)
	srv.WaitReady(ctx)
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()

	body := `{"queries": {"q1": {"schema": "Person", "properties": {"name": ["Diosdado Cabello"], "birthDate": ["1963"]}}}}`
	resp, err := http.Post(ts.URL+"/match/default", "application/json", strings.NewReader(body))
	if err != nil {
		log.Fatal(err)
	}
	defer resp.Body.Close()
	var m struct {
		Responses map[string]struct {
			Results []struct {
				ID           string                             `json:"id"`
				Match        bool                               `json:"match"`
				Explanations map[string]struct{ Detail string } `json:"explanations"`
			} `json:"results"`
		} `json:"responses"`
	}
	json.NewDecoder(resp.Body).Decode(&m)
	top := m.Responses["q1"].Results[0]
	fmt.Println(resp.StatusCode, top.ID, top.Match)
	fmt.Println(top.Explanations["name"].Detail)
	fmt.Println(top.Explanations["birth_date"].Detail)
	// Output:
	// 200 ofac-24424 true
	// "Diosdado Cabello" ~ "Diosdado CABELLO RONDON"
	// same year: 1963 vs 1963-04-15 (adds 0.02 to the score)
}
