package server

import (
	"net/http"
	"strings"
	"testing"
)

// TestDecisionVerifyCatchesTailDeletion: deleting the last decision with
// the triggers dropped shows in GET /decisions/verify (the request works,
// the log does not), naming what happened.
func TestDecisionVerifyCatchesTailDeletion(t *testing.T) {
	env := newEnv(t, envOptions{})
	for _, v := range []string{"false_positive", "match"} {
		status, _, body := env.call(t, "POST", "/decisions", env.write, map[string]any{"subject_name": "Diosdado Cabello",
			"list_entity_id": "ofac-24424", "verdict": v, "author": "analyst-1"})
		if status != http.StatusCreated {
			t.Fatalf("decision: %d %s", status, body)
		}
	}
	status, _, body := env.call(t, "GET", "/decisions/verify", env.read, nil)
	if status != 200 || !strings.Contains(string(body), `"ok":true,"verified":2`) {
		t.Fatalf("verify: %d %s", status, body)
	}
	for _, q := range []string{`DROP TRIGGER decisions_no_delete`, `DELETE FROM decisions WHERE id = 2`} {
		if _, err := env.db.SQL().Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	status, _, body = env.call(t, "GET", "/decisions/verify", env.read, nil)
	if status != 200 || !strings.Contains(string(body), `"ok":false,"verified":1,"broken_at":2`) ||
		!strings.Contains(string(body), "deleted from the end, or the database was restored from an older copy") {
		t.Errorf("verify after deleting the tail: %d %s", status, body)
	}
}
