package storetest

import (
	"context"
	"errors"
	"testing"

	"dossier"
)

func testAlertsDeduplicate(t *testing.T, st Store) {
	ctx := context.Background()
	svc, _ := open(t, st)
	s := svc.Alerts
	hit := func(fp string) *dossier.Alert {
		return &dossier.Alert{WatchID: 1, WatchName: "Diosdado Cabello", Kind: dossier.AlertListHit, ListEntityID: "ofac-24424",
			Dataset: "us_ofac_sdn", ListVersion: "v1", Caption: "CABELLO RONDON, Diosdado", Score: 0.93,
			Explanations: map[string]dossier.Explanation{"name": {Score: 0.93, Detail: "x"}}, Fingerprint: fp}
	}
	for i, tt := range []struct {
		fp      string
		created bool
		change  string
	}{
		{"f1", true, dossier.AlertNew},
		{"f1", false, ""},
		{"f1", false, ""},
		{"f2", true, dossier.AlertChanged},
		{"f2", false, ""},
	} {
		a := hit(tt.fp)
		created, err := s.CreateAlert(ctx, a)
		if err != nil {
			t.Fatal(err)
		}
		if created != tt.created || (created && a.Change != tt.change) {
			t.Errorf("sighting %d (%s): created %v change %q, want %v %q", i, tt.fp, created, a.Change, tt.created, tt.change)
		}
	}
	// Another watch with the same hit alerts on its own.
	other := hit("f2")
	other.WatchID = 2
	if created, err := s.CreateAlert(ctx, other); err != nil || !created {
		t.Errorf("other watch: %v %v", created, err)
	}
	// The hit goes away and comes back: it alerts again, as new.
	if n, err := s.DeleteHits(ctx, 1, dossier.AlertListHit, nil); err != nil || n != 1 {
		t.Fatalf("delete hits: %d %v", n, err)
	}
	back := hit("f2")
	if created, err := s.CreateAlert(ctx, back); err != nil || !created || back.Change != dossier.AlertNew {
		t.Errorf("back: %v %q %v", created, back.Change, err)
	}
	// Kept hits stay.
	if n, err := s.DeleteHits(ctx, 1, dossier.AlertListHit, []string{"ofac-24424"}); err != nil || n != 0 {
		t.Errorf("delete kept: %d %v", n, err)
	}
	id := int64(1)
	as, n, err := s.FindAlerts(ctx, dossier.AlertFilter{WatchID: &id})
	if err != nil || n != 3 || as[0].ID != back.ID || as[0].Target != "ofac-24424" || as[0].Explanations["name"].Detail != "x" {
		t.Fatalf("find: %d %v %+v", n, err, as)
	}
	got, err := s.FindAlertByID(ctx, back.ID)
	if err != nil || got.Caption != back.Caption || got.Score != back.Score || got.Dataset != "us_ofac_sdn" || got.ListVersion != "v1" ||
		got.Change != dossier.AlertNew || got.Fingerprint != "f2" || !got.Created.Equal(back.Created) {
		t.Errorf("by ID: %+v, %v; want %+v", got, err, back)
	}
	if _, err := s.FindAlertByID(ctx, 999); !errors.Is(err, dossier.ErrNotFound) {
		t.Errorf("missing alert: %v", err)
	}
	after := as[1].ID
	if as, n, _ := s.FindAlerts(ctx, dossier.AlertFilter{AfterID: &after}); n != 2 || len(as) != 2 {
		t.Errorf("after %d: %d", after, n)
	}
	kind := dossier.AlertNewsHit
	if _, n, _ := s.FindAlerts(ctx, dossier.AlertFilter{Kind: &kind}); n != 0 {
		t.Errorf("news hits: %d", n)
	}
	if page, n, _ := s.FindAlerts(ctx, dossier.AlertFilter{Offset: 1, Limit: 2}); n != 4 || len(page) != 2 || page[0].ID != other.ID {
		t.Errorf("page: %d %v", n, page)
	}
	if _, err := s.CreateAlert(ctx, &dossier.Alert{WatchID: 1, Kind: "other", Target: "x", Fingerprint: "f"}); !errors.Is(err, dossier.ErrInvalid) {
		t.Errorf("bad kind: %v", err)
	}
	if _, err := s.CreateAlert(ctx, &dossier.Alert{WatchID: 1, Kind: dossier.AlertListHit, Target: "x"}); !errors.Is(err, dossier.ErrInvalid) {
		t.Errorf("no fingerprint: %v", err)
	}
}

func testDeliveriesSetAlertStatus(t *testing.T, st Store) {
	ctx := context.Background()
	svc, _ := open(t, st)
	s := svc.Alerts
	a := &dossier.Alert{WatchID: 1, Kind: dossier.AlertNewsHit, DocumentID: "d1", DocEntityID: "e2", Fingerprint: "f"}
	if _, err := s.CreateAlert(ctx, a); err != nil {
		t.Fatal(err)
	}
	if a.Target != "d1/e2" {
		t.Errorf("target %q", a.Target)
	}
	pending := ""
	if _, n, _ := s.FindAlerts(ctx, dossier.AlertFilter{Delivery: &pending}); n != 1 {
		t.Errorf("pending before: %d", n)
	}
	for i, st := range []string{dossier.DeliveryRetry, dossier.DeliveryRetry, dossier.DeliveryOK} {
		d := &dossier.Delivery{AlertID: a.ID, URL: "http://x", Attempt: i + 1, Status: st, HTTPStatus: 503}
		if err := s.CreateDelivery(ctx, d); err != nil {
			t.Fatal(err)
		}
		got, _ := s.FindAlertByID(ctx, a.ID)
		want := ""
		if st == dossier.DeliveryOK {
			want = dossier.DeliveryOK
		}
		if got.Delivery != want {
			t.Errorf("after %s: delivery %q, want %q", st, got.Delivery, want)
		}
	}
	ds, err := s.FindDeliveries(ctx, a.ID)
	if err != nil || len(ds) != 3 || ds[2].Attempt != 3 || ds[0].Status != dossier.DeliveryRetry || ds[0].HTTPStatus != 503 || ds[0].URL != "http://x" {
		t.Errorf("deliveries: %v %v", ds, err)
	}
	if _, n, _ := s.FindAlerts(ctx, dossier.AlertFilter{Delivery: &pending}); n != 0 {
		t.Errorf("pending after: %d", n)
	}
	if err := s.CreateDelivery(ctx, &dossier.Delivery{AlertID: 99, Status: dossier.DeliveryOK}); !errors.Is(err, dossier.ErrNotFound) {
		t.Errorf("delivery of a missing alert: %v", err)
	}
	if err := s.CreateDelivery(ctx, &dossier.Delivery{AlertID: a.ID, Status: "lost"}); !errors.Is(err, dossier.ErrInvalid) {
		t.Errorf("bad status: %v", err)
	}
}

// testAlertAcks: an alert is acknowledged once, the first stands; an
// unknown alert is not found; acknowledgements are found by alert.
func testAlertAcks(t *testing.T, st Store) {
	ctx := context.Background()
	svc, _ := open(t, st)
	a := &dossier.Alert{WatchID: 1, WatchName: "Ковалёв", Kind: dossier.AlertListHit, Target: "x-1", ListEntityID: "x-1",
		Score: 0.9, Fingerprint: "f1"}
	if _, err := svc.Alerts.CreateAlert(ctx, a); err != nil {
		t.Fatal(err)
	}
	acks := svc.AlertAcks
	got, created, err := acks.AcknowledgeAlert(ctx, &dossier.AlertAck{AlertID: a.ID, Author: "Zoë", Note: "same person, escalated"})
	if err != nil || !created || got.Created.IsZero() {
		t.Fatalf("first acknowledgement: %+v %v %v", got, created, err)
	}
	again, created, err := acks.AcknowledgeAlert(ctx, &dossier.AlertAck{AlertID: a.ID, Author: "Bob"})
	if err != nil || created || again.Author != "Zoë" || again.Note != "same person, escalated" || !again.Created.Equal(got.Created) {
		t.Errorf("second acknowledgement: %+v %v %v; want the first kept", again, created, err)
	}
	if _, _, err := acks.AcknowledgeAlert(ctx, &dossier.AlertAck{AlertID: a.ID + 1, Author: "Zoë"}); !errors.Is(err, dossier.ErrNotFound) {
		t.Errorf("unknown alert: %v, want ErrNotFound", err)
	}
	if _, _, err := acks.AcknowledgeAlert(ctx, &dossier.AlertAck{AlertID: a.ID, Author: " "}); !errors.Is(err, dossier.ErrInvalid) {
		t.Errorf("no author: %v, want ErrInvalid", err)
	}
	m, err := acks.FindAlertAcks(ctx, []int64{a.ID, a.ID + 7})
	if err != nil || len(m) != 1 || m[a.ID] == nil || m[a.ID].Author != "Zoë" || !m[a.ID].Created.Equal(got.Created) {
		t.Errorf("FindAlertAcks: %+v %v", m, err)
	}
	if m, err := acks.FindAlertAcks(ctx, nil); err != nil || len(m) != 0 {
		t.Errorf("FindAlertAcks(nil): %+v %v", m, err)
	}

	// Alerts filtered by acknowledgement: the acknowledged one, and
	// the open one beside it.
	pending := &dossier.Alert{WatchID: 1, WatchName: "Ковалёв", Kind: dossier.AlertListHit, Target: "x-2", ListEntityID: "x-2",
		Score: 0.85, Fingerprint: "f2"}
	if _, err := svc.Alerts.CreateAlert(ctx, pending); err != nil {
		t.Fatal(err)
	}
	for _, acked := range []bool{true, false} {
		as, n, err := svc.Alerts.FindAlerts(ctx, dossier.AlertFilter{Acknowledged: &acked})
		want := a.ID
		if !acked {
			want = pending.ID
		}
		if err != nil || n != 1 || len(as) != 1 || as[0].ID != want {
			t.Errorf("acknowledged %v: %d alerts %v, %v; want alert %d", acked, n, as, err, want)
		}
	}
}
