package postgres

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"dossier"
)

// This file holds what the monitoring services (watches, alerts,
// decisions, jobs, links, tokens) share: filters, paging, times stored
// as text as the SQLite store stores them, and locks.

// monWhere builds a WHERE clause from conditions joined by AND, each
// with one "?" that becomes the next $n parameter.
type monWhere struct {
	conds []string
	args  []any
}

func (w *monWhere) add(cond string, arg any) {
	w.args = append(w.args, arg)
	w.conds = append(w.conds, strings.Replace(cond, "?", "$"+strconv.Itoa(len(w.args)), 1))
}

func (w *monWhere) sql() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// monPage is the LIMIT/OFFSET clause; limit 0 means none.
func monPage(offset, limit int) string {
	var s string
	if limit > 0 {
		s = fmt.Sprintf(" LIMIT %d", limit)
	}
	if offset > 0 {
		s += fmt.Sprintf(" OFFSET %d", offset)
	}
	return s
}

// monTime formats a time for storage: RFC 3339 with nanoseconds, UTC,
// so that it reads back equal (a timestamptz keeps microseconds only,
// and the decision log hashes nanoseconds).
func monTime(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// monParseTime reads a stored time; "" reads as the zero time.
func monParseTime(s string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}

// monNullTime reads a stored time that may be NULL.
func monNullTime(s *string) time.Time {
	if s == nil {
		return time.Time{}
	}
	return monParseTime(*s)
}

// lockKey makes the transaction take turns, until it ends, with every
// other transaction that locks the same key: for check-then-write
// sequences on rows that may not exist yet.
func lockKey(ctx context.Context, tx pgx.Tx, key string) error {
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, "dossier "+key); err != nil {
		return fmt.Errorf("lock %s: %w", key, err)
	}
	return nil
}

// pgCode returns the SQLSTATE of a PostgreSQL error, or "".
func pgCode(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code
	}
	return ""
}

// SQLSTATEs the services branch on.
const (
	codeForeignKey = "23503"
	codeUnique     = "23505"
)

func nonNilExplanations(m map[string]dossier.Explanation) map[string]dossier.Explanation {
	if m == nil {
		return map[string]dossier.Explanation{}
	}
	return m
}
