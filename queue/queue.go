// Package queue is dossier's work queue on NATS JetStream: ingest and
// batch screening publish work to a stream, and any number of workers
// (dossier worker) consume it, store the results and acknowledge each
// message once it is stored.
//
// One stream, named by Config.Stream, holds two kinds of work on two
// subjects: documents to store and extract (STREAM.documents), and rows
// of batch screening jobs (STREAM.rows). The stream keeps a message until
// a worker acknowledges it (work-queue retention). Each kind has a
// durable pull consumer that every worker shares, with explicit acks, at
// most MaxAckPending messages handed out and not yet acknowledged, and
// redelivery when a worker has not acknowledged a message within AckWait
// (it died, or hangs). A message whose handling fails for good (a
// Permanent error, or MaxDeliver failed attempts), or that is handed out
// MaxDeliver times without an acknowledgement, is copied with its error to
// the dead-letter subject STREAM.dead.KIND, kept in the stream
// STREAM-dead, and removed from the work.
//
// Each of a worker's handlers fetches one message when it is free, and
// keeps it in hand (in progress) while it works on it; a handler whose
// store is out of reach (Unavailable) keeps it too, trying again, so that
// a database restart uses up no deliveries. Workers also remove from the
// stream messages already acknowledged that a server killed outright
// kept (Sweep).
//
// Publishers set each message's Nats-Msg-Id: a document's is its ID, the
// hash of its text, and a row's is its job and row number, so JetStream
// drops a message published again within the Duplicates window. Workers
// still write idempotently (a document is stored once by ID, a row once
// per job and row), because a message can be delivered again after its
// result was stored and before its acknowledgement arrived.
package queue

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"dossier"
)

// Config says where the queue is and how it behaves. Zero fields take
// the defaults of NewConfig.
type Config struct {
	URL    string // nats://host:port[,nats://…]
	Stream string // stream name and subject prefix: letters, digits, - and _
	// AckWait is how long a worker may hold a message without
	// acknowledging it before it is delivered again. Workers tell the
	// server they are still working on a long message, so this bounds
	// the time to notice a dead worker rather than the work itself.
	AckWait time.Duration
	// MaxDeliver is how many times a message is delivered before it goes
	// to the dead-letter subject.
	MaxDeliver int
	// MaxAckPending bounds the messages of each kind handed out to the
	// workers and not yet acknowledged.
	MaxAckPending int
	// Duplicates is the window within which a message published again
	// with the same ID is dropped by the server.
	Duplicates time.Duration
	// ConnectTimeout bounds the first connection; ReconnectWait and
	// MaxReconnects how long a connection lost later is retried (for a
	// restarting server) before calls fail.
	ConnectTimeout time.Duration
	ReconnectWait  time.Duration
	MaxReconnects  int
}

// NewConfig returns the default configuration for url.
func NewConfig(url string) Config {
	return Config{URL: url, Stream: "dossier", AckWait: 30 * time.Second, MaxDeliver: 5, MaxAckPending: 64,
		Duplicates: time.Hour, ConnectTimeout: 5 * time.Second, ReconnectWait: time.Second, MaxReconnects: 120}
}

func (c Config) withDefaults() Config {
	d := NewConfig(c.URL)
	if c.Stream == "" {
		c.Stream = d.Stream
	}
	if c.AckWait <= 0 {
		c.AckWait = d.AckWait
	}
	if c.MaxDeliver <= 0 {
		c.MaxDeliver = d.MaxDeliver
	}
	if c.MaxAckPending <= 0 {
		c.MaxAckPending = d.MaxAckPending
	}
	if c.Duplicates <= 0 {
		c.Duplicates = d.Duplicates
	}
	if c.ConnectTimeout <= 0 {
		c.ConnectTimeout = d.ConnectTimeout
	}
	if c.ReconnectWait <= 0 {
		c.ReconnectWait = d.ReconnectWait
	}
	if c.MaxReconnects == 0 {
		c.MaxReconnects = d.MaxReconnects
	}
	return c
}

var streamName = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// Kinds of work, the last token of their subjects.
const (
	KindDocuments = "documents"
	KindRows      = "rows"
)

// Subject returns the subject of a kind of work; DeadSubject its
// dead-letter subject.
func (c Config) Subject(kind string) string     { return c.Stream + "." + kind }
func (c Config) DeadSubject(kind string) string { return c.Stream + ".dead." + kind }

// DeadStream is the name of the stream that keeps dead letters.
func (c Config) DeadStream() string { return c.Stream + "-dead" }

// Headers of a dead letter.
const (
	HeaderError      = "Dossier-Error"      // why the message was given up
	HeaderSubject    = "Dossier-Subject"    // where it was published
	HeaderSequence   = "Dossier-Sequence"   // its sequence in the work stream
	HeaderDeliveries = "Dossier-Deliveries" // how many times it was delivered
)

// Queue is a connection to the work queue.
type Queue struct {
	cfg    Config
	nc     *nats.Conn
	js     jetstream.JetStream
	stream jetstream.Stream
	dead   jetstream.Stream
	closed chan struct{} // closed when the connection is closed for good
	// reconnected has a value after the connection came back
	reconnected chan struct{}
}

// ErrUnavailable is returned when the NATS server cannot be reached.
var ErrUnavailable = errors.New("queue: NATS server unavailable")

// Open connects to the NATS server and makes sure the streams and
// consumers exist with cfg's settings. It fails at once, with an error
// wrapping ErrUnavailable, when no server answers.
func Open(ctx context.Context, cfg Config) (*Queue, error) {
	cfg = cfg.withDefaults()
	if !streamName.MatchString(cfg.Stream) {
		return nil, fmt.Errorf("queue: stream name %q: want 1 to 64 letters, digits, - or _: %w", cfg.Stream, dossier.ErrInvalid)
	}
	if cfg.URL == "" {
		return nil, fmt.Errorf("queue: no NATS URL: %w", dossier.ErrInvalid)
	}
	closed, reconnected := make(chan struct{}), make(chan struct{}, 1)
	nc, err := nats.Connect(cfg.URL, nats.Name("dossier"), nats.Timeout(cfg.ConnectTimeout),
		nats.ClosedHandler(func(*nats.Conn) { close(closed) }),
		nats.ReconnectHandler(func(*nats.Conn) {
			select {
			case reconnected <- struct{}{}:
			default:
			}
		}),
		nats.ReconnectWait(cfg.ReconnectWait), nats.MaxReconnects(cfg.MaxReconnects),
		// publishes made while reconnecting wait in a buffer of this size
		nats.ReconnectBufSize(16<<20))
	if err != nil {
		return nil, fmt.Errorf("%w: connect %s: %w", ErrUnavailable, cfg.URL, err)
	}
	q := &Queue{cfg: cfg, nc: nc, closed: closed, reconnected: reconnected}
	if err := q.setup(ctx); err != nil {
		nc.Close()
		return nil, err
	}
	return q, nil
}

func (q *Queue) setup(ctx context.Context) error {
	js, err := jetstream.New(q.nc, jetstream.WithPublishAsyncMaxPending(512))
	if err != nil {
		return fmt.Errorf("queue: %w", err)
	}
	q.js = js
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	c := q.cfg
	q.stream, err = js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name:        c.Stream,
		Description: "dossier work: documents to store and batch rows to screen",
		Subjects:    []string{c.Subject(KindDocuments), c.Subject(KindRows)},
		Retention:   jetstream.WorkQueuePolicy,
		Storage:     jetstream.FileStorage,
		Duplicates:  c.Duplicates,
	})
	if err != nil {
		return fmt.Errorf("queue: stream %s on %s (is JetStream enabled?): %w", c.Stream, c.URL, err)
	}
	q.dead, err = js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name:        c.DeadStream(),
		Description: "dossier work given up, with the error",
		Subjects:    []string{c.Stream + ".dead.>"},
		Retention:   jetstream.LimitsPolicy,
		Storage:     jetstream.FileStorage,
		Duplicates:  c.Duplicates,
	})
	if err != nil {
		return fmt.Errorf("queue: stream %s: %w", c.DeadStream(), err)
	}
	for _, kind := range []string{KindDocuments, KindRows} {
		if _, err := q.stream.CreateOrUpdateConsumer(ctx, jetstream.ConsumerConfig{
			Durable:       kind,
			Description:   "dossier workers: " + kind,
			FilterSubject: c.Subject(kind),
			AckPolicy:     jetstream.AckExplicitPolicy,
			AckWait:       c.AckWait,
			MaxDeliver:    c.MaxDeliver,
			MaxAckPending: c.MaxAckPending,
		}); err != nil {
			return fmt.Errorf("queue: consumer %s of %s: %w", kind, c.Stream, err)
		}
	}
	return nil
}

// Config returns the queue's configuration, defaults filled in.
func (q *Queue) Config() Config { return q.cfg }

// Close waits for asynchronous publishes in flight (at most a few
// seconds) and closes the connection.
func (q *Queue) Close() {
	if q.js != nil && q.js.PublishAsyncPending() > 0 {
		select {
		case <-q.js.PublishAsyncComplete():
		case <-time.After(5 * time.Second):
		}
	}
	q.nc.Close()
}

// Delete removes the streams, their messages and consumers: for tests
// and for an operator starting over.
func (q *Queue) Delete(ctx context.Context) error {
	var errs []error
	for _, name := range []string{q.cfg.Stream, q.cfg.DeadStream()} {
		if err := q.js.DeleteStream(ctx, name); err != nil && !errors.Is(err, jetstream.ErrStreamNotFound) {
			errs = append(errs, fmt.Errorf("queue: delete stream %s: %w", name, err))
		}
	}
	return errors.Join(errs...)
}

// Stats is the state of one kind of work.
type Stats struct {
	Kind        string `json:"kind"`
	Pending     uint64 `json:"pending"`     // published, not yet handed out
	AckPending  int    `json:"ack_pending"` // handed out, not yet acknowledged
	Redelivered int    `json:"redelivered"` // handed out again, not yet acknowledged
	Dead        uint64 `json:"dead"`        // in the dead-letter stream
}

// Stats returns the state of each kind of work, and the number of
// messages left in the work stream.
func (q *Queue) Stats(ctx context.Context) ([]Stats, uint64, error) {
	si, err := q.stream.Info(ctx)
	if err != nil {
		return nil, 0, fmt.Errorf("queue: stream %s: %w", q.cfg.Stream, err)
	}
	di, err := q.dead.Info(ctx, jetstream.WithSubjectFilter(q.cfg.Stream+".dead.>"))
	if err != nil {
		return nil, 0, fmt.Errorf("queue: stream %s: %w", q.cfg.DeadStream(), err)
	}
	var out []Stats
	for _, kind := range []string{KindDocuments, KindRows} {
		c, err := q.stream.Consumer(ctx, kind)
		if err != nil {
			return nil, 0, fmt.Errorf("queue: consumer %s: %w", kind, err)
		}
		ci, err := c.Info(ctx)
		if err != nil {
			return nil, 0, fmt.Errorf("queue: consumer %s: %w", kind, err)
		}
		out = append(out, Stats{Kind: kind, Pending: ci.NumPending, AckPending: ci.NumAckPending,
			Redelivered: ci.NumRedelivered, Dead: di.State.Subjects[q.cfg.DeadSubject(kind)]})
	}
	return out, si.State.Msgs, nil
}

// Sweep removes from the work stream the messages that its consumers
// have acknowledged already, and returns how many it removed.
//
// A work-queue stream removes a message when its consumer acknowledges
// it, so none should be left. But the server writes the consumer's
// acknowledgements and the stream's removals to disk separately, and a
// server killed without a chance to flush (SIGKILL, a power cut) can
// come back with the consumer's acknowledgement floor past messages that
// the stream still holds: the consumer never hands them out again, and
// they stay in the stream for good (nats-server 2.9 does not reconcile
// the two on restart). Every message at or below its consumer's floor is
// acknowledged work, done, so removing it loses nothing; workers sweep
// after reconnecting and now and then.
func (q *Queue) Sweep(ctx context.Context) (int, error) {
	removed := 0
	for _, kind := range []string{KindDocuments, KindRows} {
		c, err := q.stream.Consumer(ctx, kind)
		if err != nil {
			return removed, fmt.Errorf("queue: consumer %s: %w", kind, err)
		}
		ci, err := c.Info(ctx)
		if err != nil {
			return removed, fmt.Errorf("queue: consumer %s: %w", kind, err)
		}
		floor := ci.AckFloor.Stream
		for seq := uint64(1); seq <= floor; seq++ {
			// the next message of this kind from seq on
			m, err := q.stream.GetMsg(ctx, seq, jetstream.WithGetMsgSubject(q.cfg.Subject(kind)))
			if errors.Is(err, jetstream.ErrMsgNotFound) {
				break
			}
			if err != nil {
				return removed, fmt.Errorf("queue: sweep %s: %w", kind, err)
			}
			if m.Sequence > floor {
				break
			}
			if err := q.stream.DeleteMsg(ctx, m.Sequence); err != nil && !errors.Is(err, jetstream.ErrMsgNotFound) {
				return removed, fmt.Errorf("queue: sweep %s %d: %w", kind, m.Sequence, err)
			} else if err == nil {
				removed++
			}
			seq = m.Sequence
		}
	}
	return removed, nil
}

// DeadLetter is a message given up, as kept in the dead-letter stream.
type DeadLetter struct {
	Kind       string
	Subject    string // where it was published
	Sequence   uint64 // in the work stream
	Deliveries int
	Error      string
	Data       []byte
}

// DeadLetters returns the dead letters of a kind, oldest first, at most
// limit.
func (q *Queue) DeadLetters(ctx context.Context, kind string, limit int) ([]DeadLetter, error) {
	si, err := q.dead.Info(ctx)
	if err != nil {
		return nil, fmt.Errorf("queue: stream %s: %w", q.cfg.DeadStream(), err)
	}
	var out []DeadLetter
	subject := q.cfg.DeadSubject(kind)
	for seq := si.State.FirstSeq; seq <= si.State.LastSeq && len(out) < limit && si.State.Msgs > 0; seq++ {
		m, err := q.dead.GetMsg(ctx, seq)
		if errors.Is(err, jetstream.ErrMsgNotFound) {
			continue
		}
		if err != nil {
			return out, fmt.Errorf("queue: dead letter %d: %w", seq, err)
		}
		if m.Subject != subject {
			continue
		}
		d := DeadLetter{Kind: kind, Subject: m.Header.Get(HeaderSubject), Error: m.Header.Get(HeaderError), Data: m.Data}
		fmt.Sscan(m.Header.Get(HeaderSequence), &d.Sequence)
		fmt.Sscan(m.Header.Get(HeaderDeliveries), &d.Deliveries)
		out = append(out, d)
	}
	return out, nil
}

// Document is a document as published: dossier.Document with JSON names.
type Document struct {
	ID        string    `json:"id"`
	Text      string    `json:"text"`
	Title     string    `json:"title,omitempty"`
	Byline    string    `json:"byline,omitempty"`
	URL       string    `json:"url,omitempty"`
	Source    string    `json:"source,omitempty"`
	Published time.Time `json:"published,omitzero"`
	Format    string    `json:"format,omitempty"`
	Origin    string    `json:"origin,omitempty"`
	Repairs   []string  `json:"repairs,omitempty"`
}

func documentOf(d *dossier.Document) Document {
	return Document{ID: d.ID, Text: d.Text, Title: d.Title, Byline: d.Byline, URL: d.URL, Source: d.Source,
		Published: d.Published, Format: d.Format, Origin: d.Origin, Repairs: d.Repairs}
}

// DecodeDocument reads a published document and checks that its ID is
// the hash of its text.
func DecodeDocument(data []byte) (*dossier.Document, error) {
	var m Document
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("queue: document: %w", err)
	}
	if m.Text == "" {
		return nil, fmt.Errorf("queue: document %q: no text: %w", m.ID, dossier.ErrInvalid)
	}
	if id := dossier.DocumentID(m.Text); m.ID != id {
		return nil, fmt.Errorf("queue: document %q: ID is not the hash of its text (%s): %w", m.ID, id, dossier.ErrInvalid)
	}
	if len(m.Repairs) == 0 {
		m.Repairs = nil // [] and none are the same
	}
	return &dossier.Document{ID: m.ID, Text: m.Text, Title: m.Title, Byline: m.Byline, URL: m.URL, Source: m.Source,
		Published: m.Published, Format: m.Format, Origin: m.Origin, Repairs: m.Repairs}, nil
}

// CreateDocument publishes d for the workers to store, with its ID as
// the message ID, and waits for the server to keep it. It reports false
// when the server dropped it as a duplicate of a document published
// within the Duplicates window. Its signature is the store's, so an
// ingester can publish where it would store.
func (q *Queue) CreateDocument(ctx context.Context, d *dossier.Document) (bool, error) {
	if d.ID == "" || d.ID != dossier.DocumentID(d.Text) {
		return false, fmt.Errorf("queue: document %q: ID is not the hash of its text: %w", d.ID, dossier.ErrInvalid)
	}
	data, err := json.Marshal(documentOf(d))
	if err != nil {
		return false, err
	}
	ack, err := q.js.Publish(ctx, q.cfg.Subject(KindDocuments), data, jetstream.WithMsgID(d.ID),
		jetstream.WithExpectStream(q.cfg.Stream))
	if err != nil {
		return false, fmt.Errorf("queue: publish document %s: %w", d.ID, err)
	}
	return !ack.Duplicate, nil
}

// Row is one row of a batch screening job as published: the subject to
// screen, or the error that made the row unreadable, and the job's
// screening options.
type Row struct {
	JobID     int64   `json:"job_id"`
	Row       int     `json:"row"`  // 1-based data row
	Line      int     `json:"line"` // where the row starts in the input
	Reference string  `json:"id,omitempty"`
	Name      string  `json:"name"`
	Schema    string  `json:"schema,omitempty"`
	BirthDate string  `json:"birth_date,omitempty"`
	Country   string  `json:"country,omitempty"`
	Gender    string  `json:"gender,omitempty"`
	Threshold float64 `json:"threshold,omitempty"`
	Limit     int     `json:"limit,omitempty"`
	Error     string  `json:"error,omitempty"` // the row could not be read
}

// MsgID is the row's message ID.
func (r *Row) MsgID() string { return fmt.Sprintf("job-%d-row-%d", r.JobID, r.Row) }

// DecodeRow reads a published row.
func DecodeRow(data []byte) (*Row, error) {
	var r Row
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, fmt.Errorf("queue: row: %w", err)
	}
	if r.JobID < 1 || r.Row < 1 {
		return nil, fmt.Errorf("queue: row: job %d row %d: %w", r.JobID, r.Row, dossier.ErrInvalid)
	}
	return &r, nil
}

// PublishRows publishes rows, asynchronously with a bounded window, and
// returns once the server has kept every one, or with the first error.
// Rows published again (a retried job) are dropped by the server.
func (q *Queue) PublishRows(ctx context.Context, rows func(yield func(*Row) bool) error) (int, error) {
	var futures []jetstream.PubAckFuture
	n := 0
	check := func(all bool) error {
		for len(futures) > 0 && (all || len(futures) >= 256) {
			f := futures[0]
			select {
			case <-f.Ok():
			case err := <-f.Err():
				return fmt.Errorf("queue: publish row: %w", err)
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(30 * time.Second):
				return fmt.Errorf("queue: publish row: no acknowledgement from %s in 30s: %w", q.cfg.URL, ErrUnavailable)
			}
			futures = futures[1:]
		}
		return nil
	}
	var pubErr error
	err := rows(func(r *Row) bool {
		data, err := json.Marshal(r)
		if err != nil {
			pubErr = err
			return false
		}
		f, err := q.js.PublishAsync(q.cfg.Subject(KindRows), data, jetstream.WithMsgID(r.MsgID()),
			jetstream.WithExpectStream(q.cfg.Stream))
		if err != nil {
			pubErr = fmt.Errorf("queue: publish job %d row %d: %w", r.JobID, r.Row, err)
			return false
		}
		futures = append(futures, f)
		n++
		if err := check(false); err != nil {
			pubErr = err
			return false
		}
		return true
	})
	if err != nil {
		return n, err
	}
	if pubErr != nil {
		return n, pubErr
	}
	return n, check(true)
}
