package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync/atomic"
	"time"

	"github.com/spf13/cobra"

	"dossier"
	"dossier/ingest"
	"dossier/monitor"
	"dossier/pipeline"
	"dossier/queue"
	"dossier/screen"
)

// queueFlags are the work-queue settings of ingest, screen and worker.
type queueFlags struct {
	url, stream string
}

func (f *queueFlags) add(c *cobra.Command, name, usage string) {
	c.Flags().StringVar(&f.url, name, "", usage)
	c.Flags().StringVar(&f.stream, "stream", "dossier", "JetStream stream of the work queue (also the subject prefix)")
}

func (f *queueFlags) open(ctx context.Context) (*queue.Queue, error) {
	cfg := queue.NewConfig(f.url)
	cfg.Stream = f.stream
	return queue.Open(ctx, cfg)
}

func (m *Main) workerCommand() *cobra.Command {
	var (
		qf          queueFlags
		concurrency int
		noExtract   bool
		ackWait     time.Duration
		maxDeliver  int
		maxPending  int
	)
	c := &cobra.Command{
		Use:   "worker --nats URL",
		Short: "Store documents and answer batch rows from the NATS JetStream work queue",
		Long: `Consume the work that "dossier ingest --queue" and "dossier screen --batch
--queue" publish to a NATS JetStream stream, and store it in the database
(--db): each document stored once and extracted, each row of a batch job
screened against the current lists and its answer stored once, with the
job's progress ("dossier jobs", GET /jobs/{id}). Run as many workers as
you like against one database; they share the work.

A message is acknowledged only once its result is stored. One a worker
holds without acknowledging for --ack-wait (the worker died) is handed
to another. One whose handling fails is tried again, up to --max-deliver
times; one that cannot succeed (a malformed message), or has failed that
often, goes with its error to the dead-letter subject STREAM.dead.KIND,
kept in the stream STREAM-dead. While the database does not answer (it
restarts), a worker holds the messages in hand and tries them again,
without using up their deliveries.

The lists are read when the worker starts, and read again when their
current versions change. The worker stops on SIGINT or SIGTERM, leaving
the messages in hand to other workers.`,
		Args: exactArgs(0),
		RunE: func(c *cobra.Command, args []string) error {
			if qf.url == "" {
				return usageError{errors.New("worker: --nats URL is required")}
			}
			cfg := queue.NewConfig(qf.url)
			cfg.Stream, cfg.AckWait, cfg.MaxDeliver, cfg.MaxAckPending = qf.stream, ackWait, maxDeliver, maxPending
			return m.runWorker(c.Context(), cfg, concurrency, !noExtract)
		},
	}
	qf.add(c, "nats", "NATS server URL, e.g. nats://127.0.0.1:4222")
	c.Flags().IntVar(&concurrency, "concurrency", 1, "messages of each kind handled at once")
	c.Flags().BoolVar(&noExtract, "no-extract", false, "store documents without extracting their entities")
	c.Flags().DurationVar(&ackWait, "ack-wait", 30*time.Second, "time after which a message held without acknowledgement is handed out again")
	c.Flags().IntVar(&maxDeliver, "max-deliver", 5, "deliveries of a message before it goes to the dead letters")
	c.Flags().IntVar(&maxPending, "max-pending", 64, "messages of each kind handed out and not yet acknowledged, over all workers")
	return c
}

func (m *Main) runWorker(ctx context.Context, cfg queue.Config, concurrency int, extract bool) error {
	st, err := m.openStore()
	if err != nil {
		return err
	}
	defer st.Close()
	// a database that refuses is reported before taking any work
	if _, err := st.Documents.CountDocuments(ctx); err != nil {
		return fmt.Errorf("worker: database %s: %w", st.Name, err)
	}
	q, err := queue.Open(ctx, cfg)
	if err != nil {
		return err
	}
	defer q.Close()
	log := slog.New(slog.NewTextHandler(m.Stderr, nil))
	lists := &listWatch{lists: st.Lists, log: log}
	if err := lists.refresh(ctx); err != nil {
		return err
	}
	h := &workHandler{docs: st.Documents, ping: st.Ping, jobs: monitor.NewJobs(st.Jobs, st.NewDecisions("", nil), lists.index)}
	if extract {
		h.extractor, h.extractions = pipeline.Default(), st.Extractions
	}
	w := queue.NewWorker(q, h)
	w.Concurrency, w.Logger = concurrency, log
	go lists.watch(ctx, 30*time.Second)
	log.Info("worker: started", "nats", cfg.URL, "stream", q.Config().Stream, "db", st.Name,
		"lists", lists.index().Len(), "concurrency", concurrency)
	err = w.Run(ctx)
	log.Info("worker: stopped", "documents", w.Handled(queue.KindDocuments), "rows", w.Handled(queue.KindRows))
	return err
}

// workHandler stores the work of the queue.
type workHandler struct {
	docs        dossier.DocumentService
	ping        func(context.Context) error // does the database answer
	extractor   ingest.Extractor
	extractions ingest.ExtractionStore
	jobs        *monitor.Jobs
}

// unreachable marks err with queue.Unavailable when the database does
// not answer a ping either: the store is down or restarting, no fault of
// the message, which the worker then holds until it is back.
func (h *workHandler) unreachable(ctx context.Context, err error) error {
	if err == nil || queue.IsPermanent(err) || ctx.Err() != nil {
		return err
	}
	if perr := h.ping(ctx); perr != nil {
		return queue.Unavailable(err)
	}
	return err
}

// HandleDocument stores d, once, and its extraction unless stored.
func (h *workHandler) HandleDocument(ctx context.Context, d *dossier.Document) error {
	return h.unreachable(ctx, h.handleDocument(ctx, d))
}

func (h *workHandler) handleDocument(ctx context.Context, d *dossier.Document) error {
	created, err := h.docs.CreateDocument(ctx, d)
	if err != nil {
		return fmt.Errorf("store document %s: %w", d.ID, err)
	}
	if h.extractor == nil {
		return nil
	}
	if !created {
		if has, err := h.extractions.HasExtraction(ctx, d.ID); err != nil {
			return err
		} else if has {
			return nil
		}
	}
	x, err := h.extractor.Extract(ctx, d.ID, d.Text)
	if err != nil {
		if ctx.Err() != nil {
			return err
		}
		// the document is stored; its extraction cannot be made
		return queue.Permanent(fmt.Errorf("extract document %s: %w", d.ID, err))
	}
	if err := h.extractions.SaveExtraction(ctx, x); err != nil {
		return fmt.Errorf("store extraction of %s: %w", d.ID, err)
	}
	return nil
}

// HandleRow screens a row of a batch job and stores its answer once.
func (h *workHandler) HandleRow(ctx context.Context, r *queue.Row) error {
	s := monitor.Subject{Row: r.Row, Line: r.Line, Reference: r.Reference, Name: r.Name, Schema: r.Schema,
		BirthDate: r.BirthDate, Country: r.Country}
	if r.Error != "" {
		s.Err = errors.New(r.Error)
	}
	q := s.Query(r.Threshold, r.Limit)
	q.Gender = r.Gender
	_, err := h.jobs.AnswerRow(ctx, r.JobID, s, q)
	if errors.Is(err, dossier.ErrNotFound) || errors.Is(err, dossier.ErrInvalid) {
		return queue.Permanent(err) // no such job here: published against another database
	}
	return h.unreachable(ctx, err)
}

// listWatch holds the screening index of the current list versions and
// builds it again when they change.
type listWatch struct {
	lists    dossier.ListService
	log      *slog.Logger
	ix       atomic.Pointer[screen.Index]
	versions []string
}

func (l *listWatch) index() *screen.Index { return l.ix.Load() }

func (l *listWatch) current(ctx context.Context) ([]string, error) {
	vs, err := l.lists.FindListVersions(ctx, "")
	if err != nil {
		return nil, err
	}
	var cur []string
	for _, v := range vs {
		if v.Current {
			cur = append(cur, v.Dataset+"@"+v.Version)
		}
	}
	slices.Sort(cur)
	return cur, nil
}

// refresh builds the index if the current versions changed.
func (l *listWatch) refresh(ctx context.Context) error {
	cur, err := l.current(ctx)
	if err != nil {
		return fmt.Errorf("worker: lists: %w", err)
	}
	if l.ix.Load() != nil && slices.Equal(cur, l.versions) {
		return nil
	}
	ix, err := screen.Build(ctx, l.lists)
	if err != nil {
		return fmt.Errorf("worker: lists: %w", err)
	}
	l.ix.Store(ix)
	l.versions = cur
	if ix.Len() == 0 {
		l.log.Warn("worker: no lists loaded: batch rows are retried, then given up, until some are")
	}
	return nil
}

func (l *listWatch) watch(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := l.refresh(ctx); err != nil && ctx.Err() == nil {
				l.log.Warn("worker: lists", "err", err)
			}
		}
	}
}
