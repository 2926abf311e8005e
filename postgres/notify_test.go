package postgres_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"dossier/postgres"
)

// waitCalls waits until n reaches want, failing the test after a while.
func waitCalls(tb testing.TB, n *atomic.Int64, want int64, what string) {
	tb.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for n.Load() < want {
		if time.Now().After(deadline) {
			tb.Fatalf("%s: %d calls of changed, want %d", what, n.Load(), want)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// A notification committed by another connection calls changed; one
// rolled back does not; a listening connection killed by the server is
// replaced, and changed is called again for what it may have missed.
func TestNotifyListChanges(t *testing.T) {
	db := MustOpenDB(t)
	ctx, cancel := context.WithCancel(context.Background())
	var calls atomic.Int64
	var logged atomic.Int64
	done := make(chan error, 1)
	go func() {
		done <- db.NotifyListChanges(ctx, func() { calls.Add(1) }, func(string, ...any) { logged.Add(1) })
	}()
	waitCalls(t, &calls, 1, "on listening")

	notify := func(commit bool) {
		tx, err := db.Pool().Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tx.Exec(ctx, `SELECT pg_notify($1, 'us_ofac_sdn')`, postgres.ListChannel); err != nil {
			t.Fatal(err)
		}
		if commit {
			err = tx.Commit(ctx)
		} else {
			err = tx.Rollback(ctx)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	notify(false)
	notify(true)
	waitCalls(t, &calls, 2, "after a committed notification")
	time.Sleep(200 * time.Millisecond)
	if n := calls.Load(); n != 2 {
		t.Errorf("%d calls: the rolled-back notification was delivered", n)
	}

	// The server ends the listening connection (as a restart would).
	if _, err := db.Pool().Exec(ctx, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
		WHERE datname = current_database() AND query LIKE 'LISTEN%'`); err != nil {
		t.Fatal(err)
	}
	waitCalls(t, &calls, 3, "after the listening connection was terminated")
	if logged.Load() == 0 {
		t.Error("the lost connection was not reported")
	}
	notify(true)
	waitCalls(t, &calls, 4, "after reconnecting")

	cancel()
	select {
	case err := <-done:
		if err != context.Canceled {
			t.Errorf("NotifyListChanges returned %v, want context.Canceled", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("NotifyListChanges did not return when its context ended")
	}
}
