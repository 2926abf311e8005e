package queue

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"
	"time"

	"dossier"
)

func TestDecodeErrors(t *testing.T) {
	for _, tt := range []struct {
		Name, Input string
	}{
		{"not JSON", `{"id":`},
		{"no text", `{"id":"x"}`},
		{"ID not the hash", `{"id":"00","text":"some text"}`},
	} {
		t.Run(tt.Name, func(t *testing.T) {
			if _, err := DecodeDocument([]byte(tt.Input)); err == nil {
				t.Fatal("no error")
			}
		})
	}
	if _, err := DecodeRow([]byte(`{"job_id":0,"row":1}`)); !errors.Is(err, dossier.ErrInvalid) {
		t.Errorf("row of job 0: %v", err)
	}
	if _, err := DecodeRow([]byte(`{"job_id":1,"row":-1}`)); !errors.Is(err, dossier.ErrInvalid) {
		t.Errorf("row -1: %v", err)
	}
}

// FuzzDecodeDocument: a message decodes to a document whose ID is the
// hash of its text, and that document published again decodes the same.
func FuzzDecodeDocument(f *testing.F) {
	text := "The minister denied the charges."
	good, _ := json.Marshal(documentOf(&dossier.Document{ID: dossier.DocumentID(text), Text: text, Title: "t",
		Published: time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC), Repairs: []string{"mojibake: 1"}}))
	f.Add(good)
	f.Add([]byte(`{"id":"","text":""}`))
	f.Add([]byte(`{"text":"x","published":"not a time"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := DecodeDocument(data)
		if err != nil {
			return
		}
		if d.ID != dossier.DocumentID(d.Text) || d.Text == "" {
			t.Fatalf("decoded %q with ID %s", d.Text, d.ID)
		}
		again, err := json.Marshal(documentOf(d))
		if err != nil {
			t.Fatal(err)
		}
		d2, err := DecodeDocument(again)
		if err != nil {
			t.Fatalf("a decoded document does not decode again: %v", err)
		}
		if !d.Published.Equal(d2.Published) {
			t.Fatalf("published %v, then %v", d.Published, d2.Published)
		}
		d.Published, d2.Published = time.Time{}, time.Time{}
		if !reflect.DeepEqual(d, d2) {
			t.Fatalf("round trip: %+v, then %+v", d, d2)
		}
	})
}

// FuzzDecodeRow: a decoded row names a job and row from 1, and decodes
// the same once encoded again.
func FuzzDecodeRow(f *testing.F) {
	good, _ := json.Marshal(&Row{JobID: 3, Row: 7, Line: 8, Reference: "C1", Name: "Ana Pérez", BirthDate: "1960"})
	f.Add(good)
	f.Add([]byte(`{"job_id":1,"row":1,"error":"line 2: no name"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := DecodeRow(data)
		if err != nil {
			return
		}
		if r.JobID < 1 || r.Row < 1 {
			t.Fatalf("decoded job %d row %d", r.JobID, r.Row)
		}
		again, _ := json.Marshal(r)
		r2, err := DecodeRow(again)
		if err != nil || !reflect.DeepEqual(r, r2) {
			t.Fatalf("round trip: %+v, then %+v (%v)", r, r2, err)
		}
	})
}
