package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"runtime/debug"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"dossier"
	"dossier/ingest"
	"dossier/link"
	"dossier/lists"
	"dossier/monitor"
	"dossier/screen"
)

// ExtractionService reads and writes what the pipeline extracted from
// documents (sqlite.ExtractionService).
type ExtractionService interface {
	FindExtraction(ctx context.Context, documentID string) (*dossier.Extraction, error)
	SaveExtraction(ctx context.Context, x *dossier.Extraction) error
	HasExtraction(ctx context.Context, documentID string) (bool, error)
}

// DocEntityRef is one document's entity.
type DocEntityRef struct {
	DocumentID string
	Entity     dossier.DocEntity
}

// MentionFinder finds the document entities whose name or an alias is
// the given name, compared without case and accents.
type MentionFinder interface {
	FindEntitiesByName(ctx context.Context, name string) ([]DocEntityRef, error)
}

// SubjectJudge judges a stored extraction for a subject: is the article
// adverse media for the subject with these names and schema (Person,
// Organization, …; "" for any)? adverse.Judge implements it.
type SubjectJudge interface {
	JudgeSubject(x *dossier.Extraction, names []string, schema string) *dossier.SubjectAdverse
}

// Server is dossier's HTTP API: yente-compatible matching over the
// sanctions lists, and screening that joins list hits with the adverse
// media found in ingested news. Set the services and options, then call
// Run (or Start and Handler). Fields must not change after first use.
type Server struct {
	Documents   dossier.DocumentService
	Extractions ExtractionService
	Mentions    MentionFinder // optional: exact-name look-ups of news entities
	Lists       dossier.ListService
	Tokens      dossier.TokenService // required unless NoAuth
	Extractor   ingest.Extractor     // optional: documents are stored without extraction when nil
	// Subjects judges each news item for the screened subject (is the
	// article adverse for it?); optional: without it news items carry
	// the article-level judgement only.
	Subjects SubjectJudge

	// Monitoring, each optional: the routes of a missing one answer 404.
	Links     dossier.LinkService     // cross-reference links, shown with documents and dossiers
	Linker    *link.Linker            // links each ingested document, and every document on a new index
	Monitor   *monitor.Monitor        // watches and alerts: checks each document, screens watches on a new index
	Decisions dossier.DecisionService // the audit log; its false positives are left out of /screen
	Jobs      *monitor.Jobs           // batch screening jobs, resumed once the index is built
	AlertAcks dossier.AlertAckService // acknowledgements of alerts, from the web UI

	// Logger receives JSON logs; nil discards them.
	Logger *slog.Logger
	// NoAuth serves every route without a token: for a demo on a
	// loopback address only (the command refuses it otherwise).
	NoAuth bool

	MaxBody         int64 // request body limit of most routes (1 MiB)
	MaxDocumentBody int64 // of POST /documents, /watches/import and /jobs (20 MiB)
	MaxListBody     int64 // of POST /lists, and the loaders' file size limit there (lists.DefaultMaxSize, 1 GiB)
	// MaxExtractBytes bounds the text of a document to extract (after
	// HTML is read and the text repaired): a longer one is refused with
	// 413 too_large and not stored (4 MiB; 0 no bound).
	MaxExtractBytes int
	// ExtractTimeout is the time budget of one document's extraction:
	// past it the extraction stops and the request fails with 422
	// too_expensive, nothing stored (1 min; 0 no budget).
	ExtractTimeout time.Duration
	MaxBatch       int // queries in one /match request (100)
	// MaxURLLength bounds the request target (path and query): a longer
	// one is refused with 414, as yente does (32 KiB; 0 no bound, though
	// the HTTP server refuses a request line over its 64 KiB header
	// limit with 431).
	MaxURLLength int
	SlowTimeout  time.Duration // read and write deadline of the upload routes (5 min)
	PollInterval time.Duration // how often to look for new list versions (30 s; 0 never)
	// ListNotifier, optional, announces list version changes made by
	// any process sharing the store as they commit, so that the index
	// is rebuilt at once rather than at the next poll.
	ListNotifier  ListNotifier
	TokenCacheTTL time.Duration // how long a verified token is trusted (10 s)

	ReadHeaderTimeout time.Duration // 10 s
	ReadTimeout       time.Duration // 2 min (bodies up to MaxListBody)
	WriteTimeout      time.Duration // 30 s, extended by SlowTimeout on upload routes
	IdleTimeout       time.Duration // 2 min
	ShutdownTimeout   time.Duration // 30 s to drain in-flight requests

	once     sync.Once
	mux      *http.ServeMux
	routes   []route
	index    *indexer
	metrics  *metrics
	tokens   *tokenCache
	started  sync.Once
	bg       sync.WaitGroup                  // background work: the indexer, post-ingest checks
	handlers sync.WaitGroup                  // requests being served
	bgCtx    atomic.Pointer[context.Context] // the context Start was given
	resumed  atomic.Bool                     // jobs left by an earlier process were resumed

	openapiOnce sync.Once // the generated OpenAPI document, built on first request
	openapiJSON []byte
	openapiErr  error
}

// NewServer returns a Server with the default limits and timeouts; the
// services must still be set.
func NewServer() *Server {
	return &Server{
		MaxBody: 1 << 20, MaxDocumentBody: 20 << 20, MaxListBody: lists.DefaultMaxSize, MaxBatch: 100, MaxURLLength: 32 << 10,
		MaxExtractBytes: 4 << 20, ExtractTimeout: time.Minute,
		SlowTimeout: 5 * time.Minute, PollInterval: 30 * time.Second, TokenCacheTTL: 10 * time.Second,
		ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 2 * time.Minute, WriteTimeout: 30 * time.Second,
		IdleTimeout: 2 * time.Minute, ShutdownTimeout: 30 * time.Second,
	}
}

func (s *Server) logger() *slog.Logger {
	if s.Logger == nil {
		return slog.New(slog.NewJSONHandler(io.Discard, nil))
	}
	return s.Logger
}

// init builds the routes, the mux and the index holder once.
func (s *Server) init() {
	s.once.Do(func() {
		if s.Logger == nil {
			s.Logger = s.logger()
		}
		s.index = newIndexer(s.Lists, s.Logger)
		s.metrics = newMetrics(s.index.stats)
		s.index.swapped = s.indexSwapped
		if s.Tokens != nil {
			s.tokens = newTokenCache(s.Tokens, s.TokenCacheTTL)
		}
		uiTemplates() // parsed here, so that a bad template fails at start-up
		s.routes = s.allRoutes()
		s.mux = http.NewServeMux()
		for _, rt := range s.routes {
			s.mux.Handle(rt.method+" "+rt.path, s.wrap(rt))
		}
		s.mux.HandleFunc("/", s.notFound)
	})
}

// Start builds the index in the background and keeps it current until
// ctx ends. Until the first build finishes, /readyz answers 503 and the
// matching routes refuse with code unavailable. Later calls do nothing.
func (s *Server) Start(ctx context.Context) {
	s.init()
	s.started.Do(func() {
		s.bgCtx.Store(&ctx)
		s.bg.Add(1)
		go func() {
			defer s.bg.Done()
			s.index.run(ctx, s.PollInterval)
		}()
		if s.ListNotifier != nil {
			s.bg.Add(1)
			go func() {
				defer s.bg.Done()
				err := s.ListNotifier.NotifyListChanges(ctx, s.index.ListsChanged, func(format string, args ...any) {
					s.Logger.Warn(fmt.Sprintf(format, args...))
				})
				if err != nil && ctx.Err() == nil {
					s.Logger.Error("list change announcements stopped; polling only", "error", err.Error())
				}
			}()
		}
	})
}

// ListNotifier is a store that announces changes of the current list
// versions, made by any process, as they commit: PostgreSQL's
// LISTEN/NOTIFY (postgres.DB).
type ListNotifier interface {
	// NotifyListChanges calls changed after each change, and whenever
	// it may have missed some (it reconnected), until ctx ends. It
	// reports connection problems it recovers from to logf.
	NotifyListChanges(ctx context.Context, changed func(), logf func(format string, args ...any)) error
}

// CurrentIndex returns the screening index in use, or nil before the
// first build; batch jobs take it when they start.
func (s *Server) CurrentIndex() *screen.Index {
	s.init()
	if snap := s.index.current(); snap != nil {
		return snap.index
	}
	return nil
}

// indexSwapped runs after a new index is in use: the news index is
// brought up to date for it; after the first build, batch jobs left by
// an earlier process resume (they need the index); then documents are
// linked again and watches screened again against it.
func (s *Server) indexSwapped(ctx context.Context, old, cur *snapshot) {
	// The news index, built (or its name store built again for the new
	// lists' rarity) now rather than by the next screen.
	if _, err := s.newsView(ctx, cur.index.Matcher); err != nil && ctx.Err() == nil {
		s.Logger.Error("news index", "error", err.Error())
	}
	if old == nil && s.Jobs != nil {
		if n, err := s.Jobs.Resume(ctx); err != nil {
			s.Logger.Error("resume jobs", "error", err.Error())
		} else if n > 0 {
			s.Logger.Info("resumed jobs", "jobs", n)
		}
		s.resumed.Store(true)
	}
	if s.Linker != nil {
		st, err := s.Linker.Relink(ctx, cur.index)
		if err != nil && ctx.Err() == nil {
			s.Logger.Error("relink after index build", "error", err.Error())
		} else if err == nil {
			s.Logger.Info("relinked documents", "documents", st.Documents, "entities", st.Entities,
				"added", st.Added, "changed", st.Changed, "removed", st.Removed)
		}
	}
	if s.Monitor != nil {
		st, err := s.Monitor.ScreenWatches(ctx, cur.index)
		if err != nil && ctx.Err() == nil {
			s.Logger.Error("screen watches after index build", "error", err.Error())
		} else if err == nil {
			s.Logger.Info("screened watches", "watches", st.Watches, "new", st.New, "changed", st.Changed)
		}
	}
}

// afterIngest links a newly extracted document to the lists (now, so
// that the response and the next screen show its links) and checks it
// against the watches (in the background: alerts may go to a webhook
// that retries).
func (s *Server) afterIngest(ctx context.Context, docID string, resp *documentResponse) {
	if snap := s.index.current(); s.Linker != nil && snap != nil {
		c, err := s.Linker.LinkDocument(ctx, snap.index, docID)
		if err != nil {
			resp.Warnings = append(resp.Warnings, "linking to the lists failed; it is retried on the next list change")
			s.Logger.Error("link document", "request_id", requestID(ctx), "document", docID, "error", err.Error())
		} else {
			resp.Links = &c
		}
	}
	if s.Monitor != nil {
		s.background("check document against watches", func(ctx context.Context) error {
			_, err := s.Monitor.CheckDocument(ctx, docID)
			return err
		})
	}
}

// background runs fn after the response, under the context Start was
// given, and logs its failure. Before Start it runs nothing.
func (s *Server) background(what string, fn func(ctx context.Context) error) {
	p := s.bgCtx.Load()
	if p == nil {
		return
	}
	ctx := *p
	s.bg.Add(1)
	go func() {
		defer s.bg.Done()
		if err := fn(ctx); err != nil && ctx.Err() == nil {
			s.Logger.Error(what, "error", err.Error())
		}
	}()
}

// Ready reports whether the index is built.
func (s *Server) Ready() bool {
	s.init()
	return s.index.current() != nil
}

// WaitReady blocks until the index is built or ctx ends.
func (s *Server) WaitReady(ctx context.Context) error {
	t := time.NewTicker(20 * time.Millisecond)
	defer t.Stop()
	for !s.Ready() {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
	return nil
}

// Rebuild asks for the index to be rebuilt from the current list
// versions, in the background.
func (s *Server) Rebuild() {
	s.init()
	s.index.Rebuild()
}

// Handler returns the server's HTTP handler.
func (s *Server) Handler() http.Handler {
	s.init()
	return s
}

// handlerGrace is, at most, the last part of ShutdownTimeout that Run
// keeps for the handlers of requests it has canceled to return.
const handlerGrace = 5 * time.Second

// Run serves on ln until ctx ends, then stops taking connections and
// waits for requests in flight to finish. Shutdown takes at most
// ShutdownTimeout: requests still running when all but its last quarter
// (at most handlerGrace) is up are canceled, and the rest of the time is
// for their handlers to return.
func (s *Server) Run(ctx context.Context, ln net.Listener) error {
	if !s.NoAuth && s.Tokens == nil {
		return errors.New("server: a token service is required unless auth is off")
	}
	s.Start(ctx)
	base, hardStop := context.WithCancel(context.WithoutCancel(ctx))
	defer hardStop()
	hs := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: s.ReadHeaderTimeout,
		ReadTimeout:       s.ReadTimeout,
		WriteTimeout:      s.WriteTimeout,
		IdleTimeout:       s.IdleTimeout,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.Logger.Handler(), slog.LevelWarn),
		// Requests in flight must not be canceled when ctx ends: they
		// are drained by Shutdown, and canceled (hardStop) only when the
		// drain time is up.
		BaseContext: func(net.Listener) context.Context { return base },
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	s.Logger.Info("shutting down: draining requests in flight", "timeout_seconds", s.ShutdownTimeout.Seconds())
	grace := min(handlerGrace, s.ShutdownTimeout/4)
	sctx, cancel := context.WithTimeout(context.Background(), s.ShutdownTimeout-grace)
	defer cancel()
	err := hs.Shutdown(sctx)
	if err != nil {
		// The drain time is up: cancel the requests still in flight (an
		// extraction stops within a sentence or so), close their
		// connections, and give their handlers a moment to return.
		hardStop()
		hs.Close()
		err = fmt.Errorf("server: shutdown: %w", err)
		done := make(chan struct{})
		go func() { s.handlers.Wait(); close(done) }()
		t := time.NewTimer(grace)
		select {
		case <-done:
		case <-t.C:
			s.Logger.Warn("shutdown: requests still running after their context was canceled", "grace_seconds", grace.Seconds())
		}
		t.Stop()
	}
	if serr := <-errc; serr != nil && !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	// ctx has ended: the indexer, post-ingest checks and jobs stop at
	// their next step; jobs resume on the next start.
	s.bg.Wait()
	if s.Jobs != nil {
		s.Jobs.Wait()
	}
	s.Logger.Info("server stopped")
	return err
}

// route is one endpoint: the ServeMux pattern, the scope a token needs,
// the body limit, and the handler, which returns an error to be
// rendered as JSON.
type route struct {
	method, path string
	scope        string // scopePublic, dossier.ScopeRead or dossier.ScopeWrite
	maxBody      int64  // 0: Server.MaxBody
	slow         bool   // long uploads: the write deadline is extended by SlowTimeout
	quiet        bool   // logged at debug level (probes and scrapes)
	ui           bool   // a web UI page: HTML errors, and the token may come from the UI's cookie
	queryToken   bool   // the token may come from ?api_key= (the reconciliation API, for OpenRefine)
	handle       func(w http.ResponseWriter, r *http.Request) error
}

// allRoutes is the route table: every surface's routes.
func (s *Server) allRoutes() []route {
	var rs []route
	rs = append(rs, s.opsRoutes()...)
	rs = append(rs, s.yenteRoutes()...)
	rs = append(rs, s.dossierRoutes()...)
	rs = append(rs, s.monitorRoutes()...)
	rs = append(rs, s.uiRoutes()...)
	return rs
}

// wrap applies a route's auth, body limit and error rendering.
func (s *Server) wrap(rt route) http.Handler {
	limit := rt.maxBody
	if limit == 0 {
		limit = s.MaxBody
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		info := reqInfoFrom(r.Context())
		if rt.quiet && info != nil {
			info.quiet = true
		}
		tok, err := s.authorize(r, rt.scope, rt.ui, rt.queryToken)
		if tok != nil && info != nil {
			info.client = tok.Name
		}
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		if r.ContentLength > limit {
			s.writeError(w, r, Errorf(CodeTooLarge, "request body of %d bytes is larger than the limit of %d bytes", r.ContentLength, limit))
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		if rt.slow && s.SlowTimeout > 0 {
			http.NewResponseController(w).SetWriteDeadline(time.Now().Add(s.SlowTimeout))
			http.NewResponseController(w).SetReadDeadline(time.Now().Add(s.SlowTimeout))
		}
		if err := rt.handle(w, r); err != nil {
			s.writeError(w, r, err)
		}
	})
}

// notFound answers requests no route matches: 405 with the allowed
// methods when the path exists under another method, else 404.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	var allow []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		probe := &http.Request{Method: m, URL: r.URL, Host: r.Host, Header: http.Header{}}
		if _, pat := s.mux.Handler(probe); pat != "/" && pat != "" {
			allow = append(allow, m)
		}
	}
	if len(allow) > 0 {
		for _, m := range allow {
			w.Header().Add("Allow", m)
		}
		s.writeError(w, r, Errorf(CodeMethodNotAllowed, "method %s not allowed on %s", r.Method, r.URL.Path))
		return
	}
	s.writeError(w, r, Errorf(CodeNotFound, "no such route: %s %s (see /openapi.json)", r.Method, r.URL.Path))
}

// reqInfo is what the outer middleware and the handlers share about a
// request.
type reqInfo struct {
	id     string
	client string // name of the token that authorized it
	quiet  bool
}

type reqInfoKey struct{}

func reqInfoFrom(ctx context.Context) *reqInfo {
	i, _ := ctx.Value(reqInfoKey{}).(*reqInfo)
	return i
}

func requestID(ctx context.Context) string {
	if i := reqInfoFrom(ctx); i != nil {
		return i.id
	}
	return ""
}

// validRequestID reports whether a client's X-Request-Id can be reused:
// 1 to 128 characters of letters, digits and - _ . : /.
func validRequestID(s string) bool {
	if len(s) == 0 || len(s) > 128 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' || c == ':' || c == '/') {
			return false
		}
	}
	return true
}

func newRequestID() string {
	return strconv.FormatUint(rand.Uint64()|1<<63, 16)
}

// ServeHTTP is the outer middleware: request ID in and out, panic
// recovery, metrics per route and status, and one JSON log line per
// request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.init()
	start := time.Now()
	id := r.Header.Get("X-Request-Id")
	if !validRequestID(id) {
		id = newRequestID()
	}
	w.Header().Set("X-Request-Id", id)
	info := &reqInfo{id: id}
	r = r.WithContext(context.WithValue(r.Context(), reqInfoKey{}, info))
	sw := &statusWriter{ResponseWriter: w}
	s.metrics.inFlight.Add(1)
	s.handlers.Add(1)
	defer s.handlers.Done()
	defer func() {
		p := recover()
		if p == http.ErrAbortHandler {
			s.metrics.inFlight.Add(-1)
			panic(p)
		}
		if p != nil {
			s.Logger.Error("panic serving request", "request_id", id, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			if sw.status == 0 {
				s.writeError(sw, r, &Error{Code: CodeInternal, Message: "internal error", Err: fmt.Errorf("panic: %v", p)})
			}
		}
		s.metrics.inFlight.Add(-1)
		d := time.Since(start)
		status := sw.status
		if status == 0 {
			status = http.StatusOK
		}
		pattern := r.Pattern
		if pattern == "" || pattern == "/" {
			pattern = "unmatched"
		}
		s.metrics.observe(pattern, status, d)
		level := slog.LevelInfo
		switch {
		case info.quiet && (status < 400 || status == http.StatusServiceUnavailable):
			// Probes and scrapes; a 503 of /readyz while the first index
			// is built is the expected answer, not a failure.
			level = slog.LevelDebug
		case status >= 500:
			level = slog.LevelError
		}
		s.Logger.LogAttrs(r.Context(), level, "request",
			slog.String("request_id", id), slog.String("method", r.Method), slog.String("path", r.URL.Path),
			slog.String("route", pattern), slog.Int("status", status), slog.Int64("bytes", sw.bytes),
			slog.Float64("ms", float64(d.Microseconds())/1000), slog.String("client", info.client),
			slog.String("remote", r.RemoteAddr))
	}()
	if n := len(r.RequestURI); s.MaxURLLength > 0 && n > s.MaxURLLength {
		s.writeError(sw, r, Errorf(CodeURITooLong, "request URI too long: %d bytes (limit: %d)", n, s.MaxURLLength))
		return
	}
	s.mux.ServeHTTP(sw, r)
}

// statusWriter records the status and size of a response.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the connection.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
