package sqlite_test

import (
	"errors"
	"testing"

	"dossier"
	"dossier/sqlite"
)

// TestAlertAcks: an alert is acknowledged once, the first stands; an
// unknown alert is not found; acknowledgements are found by alert.
func TestAlertAcks(t *testing.T) {
	db := MustOpenDB(t)
	ctx := t.Context()
	alerts, acks := sqlite.NewAlertService(db), sqlite.NewAlertAckService(db)
	a := &dossier.Alert{WatchID: 1, WatchName: "Ковалёв", Kind: dossier.AlertListHit, Change: dossier.AlertNew, Target: "x-1",
		ListEntityID: "x-1", Score: 0.9, Fingerprint: "f1"}
	if _, err := alerts.CreateAlert(ctx, a); err != nil {
		t.Fatal(err)
	}
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
	if err != nil || len(m) != 1 || m[a.ID] == nil || m[a.ID].Author != "Zoë" {
		t.Errorf("FindAlertAcks: %+v %v", m, err)
	}
	if m, err := acks.FindAlertAcks(ctx, nil); err != nil || len(m) != 0 {
		t.Errorf("FindAlertAcks(nil): %+v %v", m, err)
	}
}
