// Package server is dossier's HTTP JSON API, "dossier serve".
//
// It speaks yente's API so that an existing yente client works
// unchanged — POST /match/{dataset}, GET /search/{dataset},
// GET /entities/{id}, GET /catalog, GET /algorithms, GET /healthz,
// GET /readyz — with dossier's name engine behind it and an explanation
// of every feature of every score. Its own routes join the lists with
// the news: POST /screen (list hits and the documents about the
// subject, with their claims and adverse-media scores), POST /documents
// (ingest one article), GET /documents/{id}, GET /entities/{id}/dossier,
// and the monitoring routes: /watches, /alerts, /decisions (the audit
// log) and /jobs (batch screening). /openapi.json describes them all;
// /metrics is the Prometheus exposition (client_golang: dossier_*, go_*, process_*). Under /ui/ a server-rendered
// web UI (ui.go) shows the same screening, entity and document results
// as HTML pages; it is not API and not in /openapi.json.
//
// The list index lives in memory: built once at start in the background
// (/readyz is 503 and the matching routes answer code "unavailable"
// until it is), and built again when the current list versions change —
// a list loaded through POST /lists, or by "dossier lists load" or
// "dossier lists rollback" in another process, noticed by polling — then
// swapped in atomically, so a request sees one index throughout. POST
// /lists refuses with 409 a version that would lose more than half the
// entities of its dataset's current version, unless allow_shrink=true;
// POST /lists/{dataset}/rollback makes an earlier version current again.
//
// The stored news lives in memory too, when Extractions is a
// NewsIndexSource (sqlite.ExtractionService is): every document with an
// extraction, its persons' and organizations' names parsed, keyed and
// held in a names.Store (one Probe per request compares the name with
// them: a memo of its words and an upper bound that rules most out),
// and, when Documents is a TermSource (sqlite.DocumentService is), the
// tokens SQLite's full-text index holds of every stored document, from
// which package fts answers the full-text search with FTS5's bm25, the
// same documents in the same order (a word with letters outside ASCII
// still goes to SQLite). It is built when the lists' index is swapped
// in, before any screen asks, and its name store again when the lists'
// rarity changes. Before each screening request the server reads
// SQLite's data_version on a connection kept for it (DataVersioner);
// only when another connection has committed since does it ask which
// documents changed (a trigger-kept change number per document,
// migrations 0010 and 0011), so documents ingested through POST
// /documents or by "dossier ingest" in another process, re-extracted or
// deleted, are screened at once. The answers are the same as reading
// the store for each request (news_index_test.go checks it item for
// item on the real articles, and the search against FTS5 for 20,000
// queries).
//
// Handlers are methods on Server, one file per surface (noun_verb.go),
// and return errors; one function (StatusOf) maps an error's code to
// its status, and every error is a JSON body
// {"error": {"code", "message", "request_id"}, "detail"}. Routes carry
// the token scope they need: read for queries, write for documents,
// lists, watches, decisions and jobs. Tokens are sent as
// "Authorization: Bearer TOKEN" (or yente's "ApiKey TOKEN") and stored
// hashed (dossier.TokenService).
//
//	srv := server.NewServer()
//	srv.Documents, srv.Extractions, srv.Lists, srv.Tokens = docs, extractions, lists, tokens
//	srv.Logger = slog.New(slog.NewJSONHandler(os.Stderr, nil))
//	ln, _ := net.Listen("tcp", "127.0.0.1:8080")
//	err := srv.Run(ctx, ln) // until ctx ends; then drains requests in flight
package server
