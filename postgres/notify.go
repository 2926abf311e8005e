package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// ListChannel is the channel on which a load or rollback that changes a
// list's current version notifies, with the dataset as payload, when it
// commits. Servers over one database LISTEN on it to rebuild their list
// index at once rather than at their next poll.
const ListChannel = "dossier_lists"

// notifyListChange queues the notification of a change of dataset's
// current version; PostgreSQL delivers it when tx commits, and never if
// it rolls back.
func notifyListChange(ctx context.Context, tx pgx.Tx, dataset string) error {
	if _, err := tx.Exec(ctx, `SELECT pg_notify($1, $2)`, ListChannel, dataset); err != nil {
		return fmt.Errorf("notify list change of %s: %w", dataset, err)
	}
	return nil
}

// listenRetry bounds the wait between attempts to listen again after the
// listening connection is lost.
const listenRetry = 5 * time.Second

// NotifyListChanges calls changed whenever a list's current version
// changes in the database, in this process or any other, until ctx ends;
// it then returns ctx's error. It keeps a connection of its own that
// LISTENs on ListChannel, and calls changed once each time it starts
// listening, since changes committed before were not announced to it.
// Should that connection fail, it connects again, retrying every few
// seconds while the server is down, and reports each failure to logf
// when set.
func (db *DB) NotifyListChanges(ctx context.Context, changed func(), logf func(format string, args ...any)) error {
	if db.pool == nil {
		return fmt.Errorf("postgres: listen for list changes: the database is not open")
	}
	cfg := db.pool.Config().ConnConfig.Copy()
	wait := 100 * time.Millisecond
	for {
		start := time.Now()
		err := listen(ctx, cfg, changed)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if time.Since(start) > listenRetry {
			wait = 100 * time.Millisecond // it was up a while: a new failure
		}
		if logf != nil {
			logf("postgres: listening for list changes on %s: %v; trying again in %v", Address(cfg), err, wait)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
		wait = min(2*wait, listenRetry)
	}
}

// listen connects, LISTENs on ListChannel, calls changed once, then once
// for each notification, until the connection fails or ctx ends.
func listen(ctx context.Context, cfg *pgx.ConnConfig, changed func()) error {
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return connectError(Address(cfg), err)
	}
	defer func() {
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		conn.Close(cctx)
	}()
	if _, err := conn.Exec(ctx, `LISTEN `+pgx.Identifier{ListChannel}.Sanitize()); err != nil {
		return err
	}
	changed()
	for {
		if _, err := conn.WaitForNotification(ctx); err != nil {
			return err
		}
		changed()
	}
}
