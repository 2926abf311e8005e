package queue_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"dossier"
	"dossier/queue"
)

// natsURL is the shared NATS server the tests use. A test fails when it
// does not answer, unless DOSSIER_TEST_NO_NATS=1 says to skip.
const natsURL = "nats://127.0.0.1:4222"

// MustOpen opens a queue on a stream of the test's own, deleted when the
// test ends.
func MustOpen(tb testing.TB, cfg queue.Config) *queue.Queue {
	tb.Helper()
	if cfg.URL == "" {
		cfg.URL = natsURL
	}
	if cfg.Stream == "" {
		cfg.Stream = fmt.Sprintf("test-%s-%d", strings.NewReplacer("/", "-", " ", "-").Replace(tb.Name()), time.Now().UnixNano())
		if len(cfg.Stream) > 60 {
			cfg.Stream = cfg.Stream[len(cfg.Stream)-60:]
		}
	}
	if os.Getenv("DOSSIER_TEST_NO_NATS") == "1" {
		tb.Skip("DOSSIER_TEST_NO_NATS=1: skipping a test that needs NATS JetStream")
	}
	if c, err := net.DialTimeout("tcp", strings.TrimPrefix(cfg.URL, "nats://"), 2*time.Second); err != nil {
		tb.Fatalf("NATS JetStream does not answer at %s (%v): start it (see README, Testing), or set DOSSIER_TEST_NO_NATS=1 to skip", cfg.URL, err)
	} else {
		c.Close()
	}
	q, err := queue.Open(context.Background(), cfg)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if err := q.Delete(context.Background()); err != nil {
			tb.Error(err)
		}
		q.Close()
	})
	return q
}

// handler stores what it is handed and fails as told.
type handler struct {
	mu    sync.Mutex
	docs  map[string]int
	rows  map[string]int
	fail  func(attempt int, key string) error
	tries map[string]int
}

func (h *handler) try(key string) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.tries == nil {
		h.tries = map[string]int{}
	}
	h.tries[key]++
	if h.fail != nil {
		return h.fail(h.tries[key], key)
	}
	return nil
}

func (h *handler) HandleDocument(ctx context.Context, d *dossier.Document) error {
	if err := h.try(d.ID); err != nil {
		return err
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.docs[d.ID]++
	return nil
}

func (h *handler) HandleRow(ctx context.Context, r *queue.Row) error {
	if err := h.try(r.MsgID()); err != nil {
		return err
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.rows[r.MsgID()]++
	return nil
}

// waitEmpty waits until the work stream holds no message.
func waitEmpty(t *testing.T, q *queue.Queue) []queue.Stats {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		st, left, err := q.Stats(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if left == 0 && st[0].AckPending == 0 && st[1].AckPending == 0 {
			return st
		}
		if time.Now().After(deadline) {
			t.Fatalf("work stream still holds %d messages: %+v", left, st)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func doc(text string) *dossier.Document {
	return &dossier.Document{ID: dossier.DocumentID(text), Text: text, Title: "t", Format: "text"}
}

func TestPublishAndWork(t *testing.T) {
	q := MustOpen(t, queue.Config{})
	ctx := context.Background()
	for i := range 20 {
		created, err := q.CreateDocument(ctx, doc(fmt.Sprintf("article %d", i)))
		if err != nil || !created {
			t.Fatalf("publish %d: %v %v", i, created, err)
		}
	}
	// the same text again: the server drops it
	if created, err := q.CreateDocument(ctx, doc("article 3")); err != nil || created {
		t.Fatalf("duplicate: created %v, err %v; want dropped", created, err)
	}
	bad := doc("x")
	bad.Text = "y"
	if _, err := q.CreateDocument(ctx, bad); !errors.Is(err, dossier.ErrInvalid) {
		t.Fatalf("document whose ID is not its hash: %v", err)
	}
	n, err := q.PublishRows(ctx, func(yield func(*queue.Row) bool) error {
		for i := 1; i <= 300; i++ {
			if !yield(&queue.Row{JobID: 7, Row: i, Name: fmt.Sprintf("name %d", i)}) {
				break
			}
		}
		return nil
	})
	if err != nil || n != 300 {
		t.Fatalf("publish rows: %d, %v", n, err)
	}
	h := &handler{docs: map[string]int{}, rows: map[string]int{}}
	w := queue.NewWorker(q, h)
	w.Concurrency = 3
	wctx, stop := context.WithCancel(ctx)
	done := make(chan error)
	go func() { done <- w.Run(wctx) }()
	st := waitEmpty(t, q)
	stop()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if len(h.docs) != 20 || len(h.rows) != 300 {
		t.Fatalf("handled %d documents and %d rows, want 20 and 300", len(h.docs), len(h.rows))
	}
	for k, c := range h.rows {
		if c != 1 {
			t.Errorf("row %s handled %d times", k, c)
		}
	}
	if w.Handled(queue.KindDocuments) != 20 || w.Handled(queue.KindRows) != 300 {
		t.Errorf("acknowledged %d documents and %d rows", w.Handled(queue.KindDocuments), w.Handled(queue.KindRows))
	}
	for _, s := range st {
		if s.Dead != 0 {
			t.Errorf("%s: %d dead letters", s.Kind, s.Dead)
		}
	}
}

func TestRetryAndDeadLetter(t *testing.T) {
	q := MustOpen(t, queue.Config{MaxDeliver: 3})
	ctx := context.Background()
	texts := []string{"fails once", "fails always", "is poison"}
	for _, s := range texts {
		if _, err := q.CreateDocument(ctx, doc(s)); err != nil {
			t.Fatal(err)
		}
	}
	h := &handler{docs: map[string]int{}, rows: map[string]int{}, fail: func(attempt int, key string) error {
		switch key {
		case dossier.DocumentID("fails once"):
			if attempt == 1 {
				return errors.New("store busy")
			}
		case dossier.DocumentID("fails always"):
			return fmt.Errorf("store down (attempt %d)", attempt)
		case dossier.DocumentID("is poison"):
			return queue.Permanent(errors.New("cannot be stored"))
		}
		return nil
	}}
	w := queue.NewWorker(q, h)
	w.Retry = 10 * time.Millisecond
	wctx, stop := context.WithCancel(ctx)
	done := make(chan error)
	go func() { done <- w.Run(wctx) }()
	st := waitEmpty(t, q)
	stop()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if h.docs[dossier.DocumentID("fails once")] != 1 || len(h.docs) != 1 {
		t.Errorf("stored %v, want the one that failed once", h.docs)
	}
	if got := h.tries[dossier.DocumentID("fails always")]; got != 3 {
		t.Errorf("a failing document was tried %d times, want MaxDeliver 3", got)
	}
	if got := h.tries[dossier.DocumentID("is poison")]; got != 1 {
		t.Errorf("a permanent failure was tried %d times, want 1", got)
	}
	if st[0].Dead != 2 {
		t.Errorf("%d dead letters, want 2", st[0].Dead)
	}
	dead, err := q.DeadLetters(ctx, queue.KindDocuments, 10)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, d := range dead {
		x, err := queue.DecodeDocument(d.Data)
		if err != nil {
			t.Fatal(err)
		}
		got[x.Text] = d.Error
		if d.Subject != q.Config().Subject(queue.KindDocuments) || d.Sequence == 0 || d.Deliveries == 0 {
			t.Errorf("dead letter %+v", d)
		}
	}
	if got["fails always"] != "store down (attempt 3)" || got["is poison"] != "cannot be stored" {
		t.Errorf("dead letters carry %q", got)
	}
}

// A message handed to a worker that dies with it MaxDeliver times is
// given up with that reason.
func TestDeadLetterAfterMaxDeliveries(t *testing.T) {
	q := MustOpen(t, queue.Config{MaxDeliver: 2, AckWait: 300 * time.Millisecond})
	ctx := context.Background()
	if _, err := q.CreateDocument(ctx, doc("hangs the worker")); err != nil {
		t.Fatal(err)
	}
	// a handler that hangs, ignoring its context: past the worker's
	// Timeout the message is left to time out and be delivered again
	block := make(chan struct{})
	w := queue.NewWorker(q, &hangingHandler{block: block})
	w.Timeout = 200 * time.Millisecond
	w.Concurrency = 3
	wctx, stop := context.WithCancel(ctx)
	done := make(chan error)
	go func() { done <- w.Run(wctx) }()
	defer func() { close(block); stop(); <-done }()
	deadline := time.Now().Add(20 * time.Second)
	for {
		dead, err := q.DeadLetters(ctx, queue.KindDocuments, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(dead) == 1 {
			if !strings.Contains(dead[0].Error, "without an acknowledgement") {
				t.Errorf("reason %q", dead[0].Error)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no dead letter after MaxDeliver deliveries without an ack")
		}
		time.Sleep(100 * time.Millisecond)
	}
}

type hangingHandler struct{ block chan struct{} }

func (h *hangingHandler) HandleDocument(ctx context.Context, d *dossier.Document) error {
	<-h.block
	return errors.New("released")
}
func (h *hangingHandler) HandleRow(ctx context.Context, r *queue.Row) error { return nil }

func TestOpenErrors(t *testing.T) {
	ctx := context.Background()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	_, err = queue.Open(ctx, queue.Config{URL: "nats://" + addr, ConnectTimeout: time.Second})
	if !errors.Is(err, queue.ErrUnavailable) || !strings.Contains(err.Error(), addr) {
		t.Errorf("NATS down: %v", err)
	}
	if _, err := queue.Open(ctx, queue.Config{URL: natsURL, Stream: "a.b"}); !errors.Is(err, dossier.ErrInvalid) {
		t.Errorf("bad stream name: %v", err)
	}
}

// A store that is out of reach for longer than MaxDeliver deliveries'
// worth of AckWait does not send the work to the dead letters: the
// worker holds each message while the handler says Unavailable, and
// stores it once the store is back.
func TestStoreUnavailable(t *testing.T) {
	q := MustOpen(t, queue.Config{MaxDeliver: 2, AckWait: 300 * time.Millisecond})
	ctx := context.Background()
	for i := range 5 {
		if _, err := q.CreateDocument(ctx, doc(fmt.Sprintf("during an outage %d", i))); err != nil {
			t.Fatal(err)
		}
	}
	back := time.Now().Add(3 * time.Second) // ten AckWaits
	h := &handler{docs: map[string]int{}, rows: map[string]int{}, fail: func(attempt int, key string) error {
		if time.Now().Before(back) {
			return queue.Unavailable(errors.New("connection refused"))
		}
		return nil
	}}
	w := queue.NewWorker(q, h)
	w.Retry = 50 * time.Millisecond
	w.Concurrency = 2
	wctx, stop := context.WithCancel(ctx)
	done := make(chan error)
	go func() { done <- w.Run(wctx) }()
	st := waitEmpty(t, q)
	stop()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if len(h.docs) != 5 {
		t.Errorf("stored %d documents, want 5", len(h.docs))
	}
	for k, n := range h.docs {
		if n != 1 {
			t.Errorf("document %s stored %d times", k, n)
		}
	}
	if st[0].Dead != 0 {
		t.Errorf("%d dead letters after the store came back", st[0].Dead)
	}
	if max := h.tries[dossier.DocumentID("during an outage 0")]; max <= 2 {
		t.Errorf("tried %d times: the outage was not held through", max)
	}
}
