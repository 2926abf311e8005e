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
// /metrics is the Prometheus text format. Under /ui/ a server-rendered
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
// extraction, its persons' and organizations' names parsed and keyed,
// built on the first screening request (10 s and 80 MB of memory for
// the 1,300 articles of the adverse-media corpus on two busy cores; that
// request waits). Before each screening
// request one query asks the store which documents' extractions changed
// since (a trigger-kept change number per document, migration 0010), so
// documents ingested through POST /documents or by "dossier ingest" in
// another process, re-extracted or deleted, are screened at once. Only
// the full-text search still runs in the database. The answers are the
// same as reading the store for each request (news_index_test.go checks
// it item for item on the real articles).
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
