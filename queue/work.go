package queue

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"dossier"
)

// Handler does the work of a message. A nil error means the result is
// stored and the message may be acknowledged; an error wrapped with
// Permanent sends the message to the dead-letter subject at once; any
// other error has the message delivered again after a delay, up to
// MaxDeliver times in all.
type Handler interface {
	HandleDocument(ctx context.Context, d *dossier.Document) error
	HandleRow(ctx context.Context, r *Row) error
}

type permanentError struct{ err error }

func (e *permanentError) Error() string { return e.err.Error() }
func (e *permanentError) Unwrap() error { return e.err }

// Permanent marks err as one no retry can fix (bad input rather than a
// store that is down).
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return &permanentError{err}
}

// IsPermanent reports whether err was marked with Permanent.
func IsPermanent(err error) bool {
	var p *permanentError
	return errors.As(err, &p)
}

type unavailableError struct{ err error }

func (e *unavailableError) Error() string { return e.err.Error() }
func (e *unavailableError) Unwrap() error { return e.err }

// Unavailable marks err as the store being out of reach for now (a
// database that refuses connections, or restarts): no fault of the
// message. The worker then keeps the message, telling the server it is
// still in hand, and calls the handler again after growing delays (at
// most 30s apart) until it returns something else or Timeout passes, so
// that an outage of the store does not use up the message's deliveries
// and send good work to the dead letters.
func Unavailable(err error) error {
	if err == nil {
		return nil
	}
	return &unavailableError{err}
}

// IsUnavailable reports whether err was marked with Unavailable.
func IsUnavailable(err error) bool {
	var u *unavailableError
	return errors.As(err, &u)
}

// Worker consumes both kinds of work and hands each message to Handler.
type Worker struct {
	Queue   *Queue
	Handler Handler
	// Concurrency is how many messages of each kind are handled at once
	// (default 1).
	Concurrency int
	// Retry is the delay before a failed message is delivered again,
	// multiplied by the number of deliveries so far (default 1s).
	Retry time.Duration
	// Timeout bounds the handling of one message (default 10 minutes):
	// the handler's context ends then, and the worker stops telling the
	// server it is working on the message, which is then delivered
	// again after AckWait even if the handler hangs.
	Timeout time.Duration
	Logger  *slog.Logger
	// SweepEvery is how often the worker removes messages acknowledged
	// but kept in the stream (Queue.Sweep; default a minute). It also
	// sweeps when it starts and after each reconnection.
	SweepEvery time.Duration

	// handled counts messages acknowledged, for tests and logs.
	mu      sync.Mutex
	handled map[string]int
}

// NewWorker returns a worker of q that hands messages to h.
func NewWorker(q *Queue, h Handler) *Worker {
	return &Worker{Queue: q, Handler: h, Concurrency: 1, Retry: time.Second, Timeout: 10 * time.Minute}
}

func (w *Worker) logger() *slog.Logger {
	if w.Logger != nil {
		return w.Logger
	}
	return slog.Default()
}

// Run consumes until ctx ends, then stops taking messages and returns
// nil once those in hand are handled or abandoned (a message not
// acknowledged is delivered again to another worker). It returns an
// error wrapping ErrUnavailable when the connection to NATS is lost for
// good.
func (w *Worker) Run(ctx context.Context) error {
	q := w.Queue
	n := w.Concurrency
	if n <= 0 {
		n = 1
	}
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer func() {
		cancel() // the handlers stop when Run returns, for whatever reason
		wg.Wait()
	}()
	for _, kind := range []string{KindDocuments, KindRows} {
		cons, err := q.stream.Consumer(ctx, kind)
		if err != nil {
			return fmt.Errorf("queue: consumer %s of %s: %w", kind, q.cfg.Stream, err)
		}
		// Each handler fetches one message when it is free, so that no
		// message waits in the worker unattended: every message the
		// worker holds is being handled, and kept in hand while it is.
		for range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for ctx.Err() == nil {
					fctx, cancel := context.WithTimeout(ctx, 5*time.Second)
					m, err := cons.Next(jetstream.FetchContext(fctx))
					cancel()
					switch {
					case err == nil:
						w.handle(ctx, kind, m)
					case ctx.Err() != nil:
					case errors.Is(err, nats.ErrTimeout), errors.Is(err, context.DeadlineExceeded),
						errors.Is(err, jetstream.ErrNoMessages):
						// nothing to do for now
					default:
						// NATS restarting, or reconnecting: try again shortly
						w.logger().Warn("queue: fetch", "kind", kind, "err", err)
						select {
						case <-time.After(time.Second):
						case <-ctx.Done():
						}
					}
				}
			}()
		}
	}
	sub, err := q.nc.Subscribe(fmt.Sprintf("$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.%s.*", q.cfg.Stream),
		func(m *nats.Msg) { w.maxDeliveries(ctx, m) })
	if err != nil {
		return fmt.Errorf("queue: subscribe to advisories: %w", err)
	}
	defer sub.Unsubscribe()
	every := w.SweepEvery
	if every <= 0 {
		every = time.Minute
	}
	sweep := time.NewTicker(every)
	defer sweep.Stop()
	w.sweep(ctx)
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-q.closed:
			return fmt.Errorf("%w: connection to %s lost", ErrUnavailable, q.cfg.URL)
		case <-q.reconnected:
			// a server that restarted may have come back with messages
			// acknowledged but kept (see Sweep); its JetStream takes a
			// moment to answer
			time.AfterFunc(2*time.Second, func() { w.sweep(ctx) })
		case <-sweep.C:
			w.sweep(ctx)
		}
	}
}

// sweep runs Queue.Sweep, logging what it removed or why it could not.
func (w *Worker) sweep(ctx context.Context) {
	if ctx.Err() != nil {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	n, err := w.Queue.Sweep(ctx)
	switch {
	case err != nil && ctx.Err() == nil:
		w.logger().Warn("queue: sweep", "err", err)
	case n > 0:
		w.logger().Info("queue: removed messages acknowledged but kept by the server", "messages", n)
	}
}

// Handled returns how many messages of a kind this worker acknowledged.
func (w *Worker) Handled(kind string) int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.handled[kind]
}

func (w *Worker) handle(ctx context.Context, kind string, m jetstream.Msg) {
	md, err := m.Metadata()
	if err != nil {
		w.logger().Error("queue: message without metadata", "kind", kind, "err", err)
		return
	}
	// Tell the server the message is in hand while it is: the AckWait
	// then only bounds the time to notice a dead worker.
	timeout := w.Timeout
	if timeout <= 0 {
		timeout = 10 * time.Minute
	}
	hctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	alive := make(chan struct{})
	go func() {
		t := time.NewTicker(w.Queue.cfg.AckWait / 3)
		defer t.Stop()
		for {
			select {
			case <-alive:
				return
			case <-hctx.Done():
				return
			case <-t.C:
				m.InProgress()
			}
		}
	}()
	log := w.logger().With("kind", kind, "seq", md.Sequence.Stream, "delivery", md.NumDelivered)
	err = w.call(hctx, kind, m.Data())
	for wait := w.retry(1); IsUnavailable(err) && hctx.Err() == nil; wait = min(2*wait, 30*time.Second) {
		log.Warn("queue: store unavailable: holding the message", "retry_in", wait, "err", err)
		select {
		case <-time.After(wait):
			err = w.call(hctx, kind, m.Data())
		case <-hctx.Done():
		}
	}
	close(alive)
	switch {
	case err == nil:
		actx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		if err := m.DoubleAck(actx); err != nil {
			// stored but not acknowledged: delivered again, and stored
			// again as a no-op
			log.Warn("queue: ack", "err", err)
			return
		}
		w.mu.Lock()
		if w.handled == nil {
			w.handled = map[string]int{}
		}
		w.handled[kind]++
		w.mu.Unlock()
	case ctx.Err() != nil:
		// stopping: leave the message to be delivered again
	case IsPermanent(err) || int(md.NumDelivered) >= w.Queue.cfg.MaxDeliver:
		log.Error("queue: giving up", "err", err)
		if derr := w.Queue.deadLetter(ctx, kind, m.Subject(), md.Sequence.Stream, int(md.NumDelivered), err.Error(), m.Data()); derr != nil {
			log.Error("queue: dead letter", "err", derr)
			m.NakWithDelay(w.retry(md.NumDelivered))
			return
		}
		m.Term()
	default:
		log.Warn("queue: will retry", "err", err)
		m.NakWithDelay(w.retry(md.NumDelivered))
	}
}

func (w *Worker) retry(delivered uint64) time.Duration {
	d := w.Retry
	if d <= 0 {
		d = time.Second
	}
	return d * time.Duration(delivered)
}

// call decodes a message and hands it to the handler; a message that
// cannot be decoded, or whose handler panics, is a permanent failure.
func (w *Worker) call(ctx context.Context, kind string, data []byte) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = Permanent(fmt.Errorf("panic: %v", p))
		}
	}()
	switch kind {
	case KindDocuments:
		d, err := DecodeDocument(data)
		if err != nil {
			return Permanent(err)
		}
		return w.Handler.HandleDocument(ctx, d)
	case KindRows:
		r, err := DecodeRow(data)
		if err != nil {
			return Permanent(err)
		}
		return w.Handler.HandleRow(ctx, r)
	}
	return Permanent(fmt.Errorf("queue: unknown kind %q", kind))
}

// deadLetter keeps a given-up message with its error in the dead-letter
// stream. Its message ID is its work sequence, so two workers giving up
// the same message keep one letter.
func (q *Queue) deadLetter(ctx context.Context, kind, subject string, seq uint64, deliveries int, reason string, data []byte) error {
	m := nats.NewMsg(q.cfg.DeadSubject(kind))
	m.Data = data
	m.Header.Set(HeaderError, reason)
	m.Header.Set(HeaderSubject, subject)
	m.Header.Set(HeaderSequence, strconv.FormatUint(seq, 10))
	m.Header.Set(HeaderDeliveries, strconv.Itoa(deliveries))
	pctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if _, err := q.js.PublishMsg(pctx, m, jetstream.WithMsgID(fmt.Sprintf("dead-%d", seq)),
		jetstream.WithExpectStream(q.cfg.DeadStream())); err != nil {
		return fmt.Errorf("queue: dead letter of %s %d: %w", kind, seq, err)
	}
	return nil
}

// maxDeliveries handles the server's advisory that a message was handed
// out MaxDeliver times without an acknowledgement or a failure reported
// (the workers holding it died or hung): the message goes to the dead
// letters with that reason and leaves the work stream.
func (w *Worker) maxDeliveries(ctx context.Context, am *nats.Msg) {
	var adv struct {
		Consumer   string `json:"consumer"`
		StreamSeq  uint64 `json:"stream_seq"`
		Deliveries int    `json:"deliveries"`
	}
	if err := json.Unmarshal(am.Data, &adv); err != nil || adv.StreamSeq == 0 {
		return
	}
	q := w.Queue
	m, err := q.stream.GetMsg(ctx, adv.StreamSeq)
	if err != nil {
		return // already given up by another worker
	}
	reason := fmt.Sprintf("delivered %d times without an acknowledgement: the workers holding it died or hung", adv.Deliveries)
	if err := q.deadLetter(ctx, adv.Consumer, m.Subject, adv.StreamSeq, adv.Deliveries, reason, m.Data); err != nil {
		w.logger().Error("queue: dead letter", "seq", adv.StreamSeq, "err", err)
		return
	}
	if err := q.stream.DeleteMsg(ctx, adv.StreamSeq); err != nil && !errors.Is(err, jetstream.ErrMsgNotFound) {
		w.logger().Warn("queue: remove given-up message", "seq", adv.StreamSeq, "err", err)
	}
}
