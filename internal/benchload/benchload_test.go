package benchload

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// The bodies are valid /match requests, the same on every call, about
// half of them for the list's names given name first.
func TestMatchBodies(t *testing.T) {
	list := []string{"CABELLO RONDON, Diosdado", "YANUKOVYCH, Viktor"}
	a, b := MatchBodies(list, 200), MatchBodies(list, 200)
	listed := 0
	for i := range a {
		if !bytes.Equal(a[i], b[i]) {
			t.Fatalf("body %d differs between calls", i)
		}
		var q struct {
			Queries map[string]struct {
				Schema     string
				Properties map[string][]string
			}
		}
		if err := json.Unmarshal(a[i], &q); err != nil || q.Queries["q"].Schema != "Person" || len(q.Queries["q"].Properties["name"]) != 1 {
			t.Fatalf("body %d: %s, %v", i, a[i], err)
		}
		switch name := q.Queries["q"].Properties["name"][0]; name {
		case "Diosdado CABELLO RONDON", "Viktor YANUKOVYCH":
			listed++
		default:
			if strings.Contains(name, ",") {
				t.Errorf("body %d: a list name not turned round: %q", i, name)
			}
		}
	}
	if listed < 70 || listed > 130 {
		t.Errorf("%d of 200 bodies name a listed person, want about half", listed)
	}
}

// Post sends b.N requests with the token, spread over the targets, and
// counts the answers that are not 200 as errors.
func TestPost(t *testing.T) {
	var hits [2]atomic.Int64
	handler := func(i int, status int) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			hits[i].Add(1)
			if r.Header.Get("Authorization") != "Bearer tok" || r.Method != "POST" {
				w.WriteHeader(http.StatusUnauthorized)
				return
			}
			w.WriteHeader(status)
		}
	}
	ok, bad := httptest.NewServer(handler(0, http.StatusOK)), httptest.NewServer(handler(1, http.StatusTeapot))
	defer ok.Close()
	defer bad.Close()
	var r Result
	res := testing.Benchmark(func(b *testing.B) { r = Post(b, []string{ok.URL, bad.URL}, "tok", [][]byte{[]byte("{}")}) })
	if res.N == 0 || r.Requests != res.N || hits[0].Load()+hits[1].Load() < int64(r.Requests) {
		t.Fatalf("%d requests reported, benchmark ran %d, servers saw %d and %d", r.Requests, res.N, hits[0].Load(), hits[1].Load())
	}
	// the last run's requests alternate between the two servers
	if r.Errors < int64(r.Requests)/2-1 || r.Errors > int64(r.Requests)/2+1 || r.P99 < r.P50 {
		t.Errorf("%d errors of %d requests (half went to the teapot), p50 %s p99 %s", r.Errors, r.Requests, r.P50, r.P99)
	}
}
