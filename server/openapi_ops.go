package server

import "dossier"

// Answers and parameters that many routes share, described once.
var (
	respBadRequest = apiResp{status: 400, description: "Invalid request: malformed JSON, wrong types, bad parameters"}
	respNotFound   = apiResp{status: 404, description: "Not found"}
	respNoDataset  = apiResp{status: 404, description: "No such dataset"}
	respTooLarge   = apiResp{status: 413, description: "Request body over the route's limit"}
	respURITooLong = apiResp{status: 414, description: "The request URI is longer than the server's limit (32 KiB by default)"}
	respNotReady   = apiResp{status: 503, description: "The list index is not built yet; retry"}

	paramReconcileDataset = apiParam{name: "dataset", in: "path", description: "A loaded list, a source dataset, default or sanctions (see /catalog)", schema: `{"type":"string"}`}
	paramPrefix           = apiParam{name: "prefix", in: "query", description: "The text typed so far", schema: `{"type":"string"}`}
)

// apiOps documents each route of the API for the generated OpenAPI
// document (openapi.go): what no Go type says (summary, description, tag,
// the parameters the handler reads) and the values of the Go types the
// handler decodes and encodes, whose schemas are reflected from the types
// themselves. 401, 403, 413 and 500 answers are added to every operation
// they apply to. The document cannot be built with a route that has no
// entry here, and TestOpenAPIRoutes fails.
func (s *Server) apiOps() map[string]apiOp {
	return map[string]apiOp{
		"GET /healthz": {
			tag: "System", summary: "Health check",
			description: "Answers 200 as long as the process serves requests; it says nothing of the index (see /readyz).",
			responses: []apiResp{
				{status: 200, description: "The process serves requests", value: statusResponse{}},
			},
		},
		"GET /readyz": {
			tag: "System", summary: "Readiness: the list index is built",
			description: "Answers 200 once the screening index of the current list versions is built, 503 before; load balancers should send matching traffic only to a ready server.",
			responses: []apiResp{
				{status: 200, description: "Ready", value: statusResponse{}},
				{status: 503, description: "The index is being built"},
			},
		},
		"GET /metrics": {
			tag: "System", summary: "Prometheus metrics (text exposition format 0.0.4)",
			description: "The Prometheus text exposition of the server: request counts and latencies per route and status, the index's size and build times, build information and Go runtime figures.",
			responses: []apiResp{
				{status: 200, description: "Request counts and latency histograms per route and status, index size and builds, build info, Go runtime", value: "", contentType: "text/plain"},
			},
		},
		"GET /openapi.json": {
			tag: "System", summary: "This document",
			description: "The OpenAPI 3.1 description of this API, generated at start from the server's route table and the Go types its handlers read and write.",
			responses: []apiResp{
				{status: 200, description: "OpenAPI 3.1 document", value: map[string]any{}},
			},
		},
		"POST /match/{dataset}": {
			tag: "Matching", summary: "Match entities by example (yente-compatible)",
			description: "Each query example (an FtM schema and properties: name, alias, firstName, middleName, lastName, birthDate, nationality, citizenship, country, jurisdiction, gender) is screened against the in-memory list index. Results carry yente's fields plus 'explanations': the score and a human-readable account of each feature. A query with no name gets status 400 in its own response; a malformed request, or a query whose birthDate, nationality, citizenship, country, jurisdiction or gender screening cannot use (an unknown country, a date that is no date), is refused whole, the message naming the query and the property. Schema Thing matches every type; a Person matches Person and LegalEntity entities only.",
			params: []apiParam{
				{name: "dataset", in: "path", description: "'default' (every loaded list) or a dataset name from /catalog", schema: `{"type":"string"}`},
				{name: "limit", in: "query", description: "Results per query", schema: `{"type":"integer","minimum":1,"maximum":500,"default":5}`},
				{name: "threshold", in: "query", description: "Score at or above which a result is a match (default: the name engine's, 0.8)", schema: `{"type":"number","minimum":0,"maximum":1}`},
				{name: "cutoff", in: "query", description: "Lowest score returned at all (default: threshold; 0 returns every scored candidate)", schema: `{"type":"number","minimum":0,"maximum":1}`},
				{name: "algorithm", in: "query", description: "Scoring algorithm: dossier (the default and best: names qualified by birth date, country and gender) or name-based (names alone); yente's names are aliases of dossier (see /algorithms). Any other is refused with 400", schema: `{"type":"string","enum":["best","default","dossier","logic-v1","logic-v2","name-based","name-qualified","regression-v1","regression-v2","regression-v3","ofac-249"],"default":"best"}`},
				{name: "include_dataset", in: "query", description: "Only results in these datasets", schema: `{"type":"array","items":{"type":"string"}}`},
				{name: "exclude_dataset", in: "query", description: "No results in these datasets", schema: `{"type":"array","items":{"type":"string"}}`},
				{name: "exclude_schema", in: "query", description: "No results of these schemata (or their descendants)", schema: `{"type":"array","items":{"type":"string"}}`},
				{name: "topics", in: "query", description: "Only results with any of these topics", schema: `{"type":"array","items":{"type":"string"}}`},
				{name: "exclude_entity_ids", in: "query", description: "Leave out these entities (also matched against referents)", schema: `{"type":"array","items":{"type":"string"}}`},
				{name: "changed_since", in: "query", description: "Only entities whose last_change is at or after this date or timestamp (YYYY-MM-DD, optionally THH, THH:MM or THH:MM:SS, UTC)", schema: `{"type":"string"}`},
			},
			body: &apiBody{required: true, content: []apiContent{{"application/json", matchRequest{}}}},
			responses: []apiResp{
				{status: 200, description: "One response per query key", value: matchResponse{}, headers: []apiHeader{{"X-Batch-Size", "Queries answered", `{"type":"integer"}`}}},
				respBadRequest,
				respNotFound,
				respTooLarge,
				respURITooLong,
				{status: 422, description: "A parameter or the body fails validation where yente answers 422: a query without a schema, a limit over 500 or offset over the bound, a malformed or impossible changed_since date"},
				respNotReady,
			},
		},
		"GET /search/{dataset}": {
			tag: "Matching", summary: "Search entities by name (yente-compatible)",
			description: "Entities of the dataset whose names resemble q (every entity when q is empty), filtered by schema, countries, topics and datasets, with facet counts, in yente's response shape.",
			params: []apiParam{
				{name: "dataset", in: "path", description: "'default' or a dataset name", schema: `{"type":"string"}`},
				{name: "q", in: "query", description: "Text query: names, and every word in an entity's addresses, notes or identifiers (an identifier also as a whole, spaces and punctuation ignored)", schema: `{"type":"string"}`},
				{name: "schema", in: "query", description: "Only entities of this schema or its descendants", schema: `{"type":"string","default":"Thing"}`},
				{name: "limit", in: "query", description: "Results", schema: `{"type":"integer","minimum":0,"maximum":500,"default":10}`},
				{name: "offset", in: "query", description: "Results to skip", schema: `{"type":"integer","minimum":0,"maximum":10000,"default":0}`},
				{name: "countries", in: "query", description: "Only entities tied to any of these countries: ISO 3166-1 alpha-2 codes (or names, converted)", schema: `{"type":"array","items":{"type":"string"}}`},
				{name: "topics", in: "query", description: "Filter by topic", schema: `{"type":"array","items":{"type":"string"}}`},
				{name: "datasets", in: "query", description: "Filter by dataset", schema: `{"type":"array","items":{"type":"string"}}`},
				{name: "include_dataset", in: "query", description: "Only these datasets", schema: `{"type":"array","items":{"type":"string"}}`},
				{name: "exclude_dataset", in: "query", description: "Not these datasets", schema: `{"type":"array","items":{"type":"string"}}`},
				{name: "exclude_schema", in: "query", description: "Not these schemata", schema: `{"type":"array","items":{"type":"string"}}`},
				{name: "target", in: "query", description: "Only targeted (sanctioned) entities, or only others", schema: `{"type":"boolean"}`},
				{name: "changed_since", in: "query", description: "Only entities whose last_change is at or after this date or timestamp (YYYY-MM-DD, optionally THH, THH:MM or THH:MM:SS, UTC)", schema: `{"type":"string"}`},
			},
			responses: []apiResp{
				{status: 200, description: "Results, best first, with facets", value: searchResponse{}},
				respBadRequest,
				respNotFound,
				respURITooLong,
				{status: 422, description: "A parameter or the body fails validation where yente answers 422: a query without a schema, a limit over 500 or offset over the bound, a malformed or impossible changed_since date"},
				respNotReady,
			},
		},
		"GET /entities/{id}": {
			tag: "Matching", summary: "A list entity (yente-compatible)",
			description: "A list entity in yente's shape, with the entities it refers to and those that refer to it nested (unless nested=false). An ID that another entity lists among its referents redirects there (308).",
			params: []apiParam{
				{name: "id", in: "path", description: "Entity ID", schema: `{"type":"string"}`},
				{name: "nested", in: "query", description: "Nest adjacent entities", schema: `{"type":"boolean","default":true}`},
			},
			responses: []apiResp{
				{status: 200, description: "The entity; with nested=true (default) its address entities, sanctions and other linked entities are nested in its properties", value: entityJSON{}},
				{status: 308, description: "The ID was merged into another entity: redirect to it"},
				respBadRequest,
				respNotFound,
				respNotReady,
			},
		},
		"GET /catalog": {
			tag: "Matching", summary: "Datasets in the index (yente-compatible)",
			description: "Every dataset a request may be scoped to: the collections default (every loaded list) and sanctions (the source datasets that issue Sanction entities), each loaded list by its name, and each source dataset its entities name. The response carries an ETag; a request whose If-None-Match holds it gets 304 without a body.",
			params: []apiParam{
				{name: "If-None-Match", in: "header", description: "An ETag of an earlier response: 304 if the catalog is unchanged", schema: `{"type":"string"}`},
			},
			responses: []apiResp{
				{status: 200, description: "Catalog", value: catalogResponse{}, headers: []apiHeader{{"ETag", "Strong validator of the catalog", `{"type":"string"}`}, {"Cache-Control", "private, no-cache: revalidate with If-None-Match", `{"type":"string"}`}}},
				{status: 304, description: "The catalog has not changed since the ETag given", headers: []apiHeader{{"ETag", "Strong validator of the catalog", `{"type":"string"}`}}},
				respNotReady,
			},
		},
		"GET /algorithms": {
			tag: "Matching", summary: "Scoring algorithms (yente-compatible)",
			description: "The scoring algorithms a yente client may name. Every name is accepted; all are served by dossier's own name engine, which is listed under each.",
			responses: []apiResp{
				{status: 200, description: "Every accepted name, each served by dossier's engine", value: algorithmsResponse{}},
			},
		},
		"POST /screen": {
			tag: "Screening", summary: "Screen a subject against the lists and the news",
			description: "List hits come from the index; documents are those whose people or organizations match the subject (by cross-reference link to a matched list entity, by exact name, or by full-text search then the name engine), each with the claims the document makes about that entity, its relations, the document's adverse-media score for the subject (subject_adverse) and for the article as a whole (adverse), most adverse for the subject first. Hits and documents decided false positives for this subject are left out and counted.",
			body:        &apiBody{required: true, content: []apiContent{{"application/json", screenRequest{}}}},
			responses: []apiResp{
				{status: 200, description: "List hits and documents about the subject", value: screenResponse{}},
				respBadRequest,
				respTooLarge,
				respNotReady,
			},
		},
		"POST /documents": {
			tag: "Documents", summary: "Ingest one article",
			description: "Read (HTML through readability), repaired, stored (identity: the hash of the repaired text), extracted, linked to the lists and checked against watches. Body limit 20 MiB by default. The extraction is stopped when the client goes away, when the server shuts down (after its drain time) and when it runs over its time budget (422); a text over the extraction limit is refused (413).",
			body:        &apiBody{required: true, content: []apiContent{{"application/json", documentRequest{}}}},
			responses: []apiResp{
				{status: 200, description: "The same text was stored before", value: documentResponse{}},
				{status: 201, description: "Stored and extracted", value: documentResponse{}, headers: []apiHeader{{"Location", "The document's URL", `{"type":"string"}`}}},
				respBadRequest,
				{status: 413, description: "Request body over the route's limit, or the document's text over the extraction limit (MaxExtractBytes, 4 MiB by default): nothing is stored"},
				{status: 422, description: "Too expensive to extract: the extraction ran over its time budget (ExtractTimeout, 1 min by default) and was stopped; nothing is stored (code too_expensive)"},
			},
		},
		"GET /documents/{id}": {
			tag: "Documents", summary: "A document with its text, extraction and links",
			description: "A stored document by its ID or a unique prefix of at least four hex digits: its metadata, repaired text, extraction (entities, roles, relations, claims, adverse-media score) and its links to list entries.",
			params: []apiParam{
				{name: "id", in: "path", description: "Document ID, or a unique prefix of at least 4 hex digits", schema: `{"type":"string"}`},
			},
			responses: []apiResp{
				{status: 200, description: "Document", value: documentShowResponse{}},
				respBadRequest,
				respNotFound,
			},
		},
		"GET /entities/{id}/dossier": {
			tag: "Screening", summary: "A list entity and the news about it",
			description: "A list entity, nested as /entities/{id} gives it, and the documents about it: those linked to it by the cross-reference and those whose people or organizations match its names, with their claims about it and their adverse-media scores, most adverse first.",
			params: []apiParam{
				{name: "id", in: "path", description: "List entity ID", schema: `{"type":"string"}`},
				{name: "limit", in: "query", description: "Documents", schema: `{"type":"integer","minimum":1,"maximum":200,"default":20}`},
			},
			responses: []apiResp{
				{status: 200, description: "Dossier", value: dossierResponse{}, headers: []apiHeader{{"X-News-Total", "Documents found", `{"type":"integer"}`}}},
				respBadRequest,
				respNotFound,
				respNotReady,
			},
		},
		"GET /lists": {
			tag: "Lists", summary: "Stored list versions",
			description: "Every stored list version, newest first, marking the current version of each dataset and the versions the index now in use holds.",
			responses: []apiResp{
				{status: 200, description: "Versions, newest first", value: listIndexResponse{}},
			},
		},
		"POST /lists": {
			tag: "Lists", summary: "Load a list version",
			description: "Load one list as a new version of its dataset, as 'dossier lists load' does for one path, and rebuild the index with it in the background. The body is the list file itself, or multipart/form-data with one part per file of a list that comes in several (OFAC's CSV files).",
			params: []apiParam{
				{name: "name", in: "query", description: "File name of a raw-body upload (helps format detection)", schema: `{"type":"string"}`},
				{name: "allow_shrink", in: "query", description: "true: load a version with fewer than half the entities of the dataset's current version (refused with 409 otherwise). A multipart body may send it as a form field instead.", schema: `{"type":"boolean"}`},
				{name: "dataset", in: "query", description: "Dataset to store the list as where the list cannot tell (an FtM file whose entities name several datasets; OFAC CSV files not named as published); refused with 400 where the list names another. A multipart body may send it as a form field instead.", schema: `{"type":"string"}`},
			},
			body: &apiBody{description: "The list file as the body (OFAC, UN, EU, UK, FtM JSON lines; format detected from content), or multipart/form-data with one file part per file of a multi-file list (OFAC CSV: sdn.csv, add.csv, alt.csv, sdn_comments.csv). The body is limited to the server's list limit (dossier serve --max-list-size, default 1 GiB, the loaders' file limit; 413 with a JSON error beyond it); it is spooled to disk, not held in memory. A version that would lose more than half of its dataset's entities is refused unless allow_shrink is true.", required: true, content: []apiContent{{"application/octet-stream", rawSchema(`{"type":"string","format":"binary"}`)}, {"multipart/form-data", rawSchema(`{"type":"object","additionalProperties":{"type":"string","format":"binary"},"properties":{"allow_shrink":{"type":"string","enum":["true","false"],"description":"as the allow_shrink query parameter"},"dataset":{"type":"string","description":"as the dataset query parameter"}}}`)}}},
			responses: []apiResp{
				{status: 200, description: "That exact version was loaded before", value: listLoadResponse{}},
				{status: 201, description: "Loaded as a new current version; the index is rebuilt in the background", value: listLoadResponse{}},
				respBadRequest,
				{status: 409, description: "The new version has fewer than half the entities of the dataset's current version; the message names the dataset, both versions and counts, and allow_shrink"},
				respTooLarge,
			},
		},
		"POST /lists/{dataset}/rollback": {
			tag: "Lists", summary: "Make a stored version of a list current again",
			description: "As dossier lists rollback: the version given by to (a version or a unique prefix of at least four characters), or else the newest one loaded before the current one, becomes current; no version is deleted, the rollback is recorded in the dataset's history, and the index is rebuilt with the restored entities.",
			params: []apiParam{
				{name: "dataset", in: "path", description: "The dataset whose version to make current", schema: `{"type":"string"}`},
			},
			body: &apiBody{required: false, content: []apiContent{{"application/json", listRollbackRequest{}}}},
			responses: []apiResp{
				{status: 200, description: "The rollback, as recorded", value: listRollbackResponse{}},
				{status: 400, description: "Invalid request: malformed JSON, or the version is already current"},
				{status: 404, description: "No such dataset, no such version, or no version older than the current one"},
			},
		},
		"GET /export.ftm.jsonl": {
			tag: "Lists", summary: "Export FollowTheMoney entities",
			description: "The entities of every dataset's current list version (or of ?dataset=) as FollowTheMoney JSON lines, streamed; with ?news=true also the stored news: documents (Article or Document), people and organizations with Documentation edges, relations as FtM edges (Employment, Directorship, Ownership, Membership, Family, Associate, Representation, Occupancy of a Position, UnknownLink) and claims in dossier's extension of the line format (docs/ftm-export.md). An error after the first line breaks the connection.",
			params: []apiParam{
				{name: "dataset", in: "query", description: "Only the list entities of this dataset", schema: `{"type":"string"}`},
				{name: "news", in: "query", description: "Add the stored news", schema: `{"type":"boolean","default":false}`},
			},
			responses: []apiResp{
				{status: 200, description: "One FtM entity a line", value: "", contentType: "application/x-ndjson"},
				{status: 400, description: "Invalid request: bad parameters"},
				{status: 404, description: "No such dataset is loaded"},
			},
		},
		"GET /watches": {
			tag: "Monitoring", summary: "Watched subjects",
			description: "Watched subjects in ID order, paged, optionally the one with a given customer reference.",
			params: []apiParam{
				{name: "offset", in: "query", description: "Results to skip", schema: `{"type":"integer","minimum":0,"default":0}`},
				{name: "limit", in: "query", description: "Results to return", schema: `{"type":"integer","minimum":1,"maximum":1000,"default":100}`},
				{name: "reference", in: "query", description: "The customer's own ID", schema: `{"type":"string"}`},
			},
			responses: []apiResp{
				{status: 200, description: "Watches in ID order", value: watchesResponse{}},
				respBadRequest,
				respNotFound,
			},
		},
		"POST /watches": {
			tag: "Monitoring", summary: "Watch a subject",
			description: "Watch one subject: it is screened against the lists now, in the background, and again at every index build, and every ingested document is checked against it.",
			body:        &apiBody{required: true, content: []apiContent{{"application/json", watchRequest{}}}},
			responses: []apiResp{
				{status: 201, description: "Watch", value: dossier.Watch{}},
				respBadRequest,
				respNotFound,
				respTooLarge,
			},
		},
		"POST /watches/import": {
			tag: "Monitoring", summary: "Import a customer file of subjects to watch",
			description: "Store a customer file of subjects (CSV with a name or full_name column, and optionally id, type, date_of_birth, nationality) as watches, all or nothing; ?name= names the file in error messages. The watches are screened in the background.",
			params: []apiParam{
				{name: "name", in: "query", description: "File name for error messages", schema: `{"type":"string"}`},
			},
			body: &apiBody{description: "CSV with a name or full_name column, optionally id, type, date_of_birth, nationality; stored all or nothing", required: true, content: []apiContent{{"text/csv", ""}}},
			responses: []apiResp{
				{status: 200, description: "Counts", value: importResponse{}},
				respBadRequest,
				respNotFound,
				respTooLarge,
			},
		},
		"GET /watches/{id}": {
			tag: "Monitoring", summary: "A watch",
			description: "One watched subject.",
			params: []apiParam{
				{name: "id", in: "path", description: "Watch ID", schema: `{"type":"integer"}`},
			},
			responses: []apiResp{
				{status: 200, description: "Watch", value: dossier.Watch{}},
				respNotFound,
			},
		},
		"DELETE /watches/{id}": {
			tag: "Monitoring", summary: "Stop watching a subject (its alerts and decisions stay)",
			description: "Stop watching a subject. Its alerts and the decisions about it stay on record.",
			params: []apiParam{
				{name: "id", in: "path", description: "Watch ID", schema: `{"type":"integer"}`},
			},
			responses: []apiResp{
				{status: 204, description: "Deleted"},
				respNotFound,
			},
		},
		"GET /alerts": {
			tag: "Monitoring", summary: "Alerts, newest first",
			description: "Alerts newest first, filtered by watch_id, kind (list_hit, news_hit), after_id (for polling: only newer alerts) and delivery state of their webhook (pending, delivered, failed).",
			params: []apiParam{
				{name: "offset", in: "query", description: "Results to skip", schema: `{"type":"integer","minimum":0,"default":0}`},
				{name: "limit", in: "query", description: "Results to return", schema: `{"type":"integer","minimum":1,"maximum":1000,"default":100}`},
				{name: "watch_id", in: "query", description: "Of one watch", schema: `{"type":"integer"}`},
				{name: "kind", in: "query", description: "Kind", schema: `{"type":"string","enum":["list_hit","news_hit"]}`},
				{name: "after_id", in: "query", description: "Only alerts newer than this ID (polling)", schema: `{"type":"integer"}`},
				{name: "delivery", in: "query", description: "Webhook outcome", schema: `{"type":"string","enum":["pending","delivered","failed"]}`},
			},
			responses: []apiResp{
				{status: 200, description: "Alerts", value: alertsResponse{}},
				respBadRequest,
				respNotFound,
			},
		},
		"GET /alerts/{id}": {
			tag: "Monitoring", summary: "An alert with its webhook deliveries",
			description: "One alert with the attempts to deliver it to the webhook.",
			params: []apiParam{
				{name: "id", in: "path", description: "Alert ID", schema: `{"type":"integer"}`},
			},
			responses: []apiResp{
				{status: 200, description: "Alert", value: alertResponse{}},
				respNotFound,
			},
		},
		"GET /decisions": {
			tag: "Monitoring", summary: "The audit log of decisions, in order",
			description: "The audit log of analysts' decisions in order, filtered by subject_key, watch_id, list_entity_id, document_id and verdict.",
			params: []apiParam{
				{name: "offset", in: "query", description: "Results to skip", schema: `{"type":"integer","minimum":0,"default":0}`},
				{name: "limit", in: "query", description: "Results to return", schema: `{"type":"integer","minimum":1,"maximum":1000,"default":100}`},
				{name: "subject_key", in: "query", description: "Subject", schema: `{"type":"string"}`},
				{name: "watch_id", in: "query", description: "Watch", schema: `{"type":"integer"}`},
				{name: "list_entity_id", in: "query", description: "List entity", schema: `{"type":"string"}`},
				{name: "document_id", in: "query", description: "Document", schema: `{"type":"string"}`},
				{name: "verdict", in: "query", description: "Verdict", schema: `{"type":"string","enum":["match","false_positive","needs_review"]}`},
			},
			responses: []apiResp{
				{status: 200, description: "Decisions", value: decisionsResponse{}},
				respBadRequest,
				respNotFound,
			},
		},
		"POST /decisions": {
			tag: "Monitoring", summary: "Record a decision on a hit (append-only)",
			description: "Append a decision on a hit to the audit log. A false_positive leaves the hit out of later screens of the same subject. The author recorded is the analyst named in the body and the token that sent it.",
			body:        &apiBody{required: true, content: []apiContent{{"application/json", decisionRequest{}}}},
			responses: []apiResp{
				{status: 201, description: "The decision as logged, with its hash", value: dossier.Decision{}},
				respBadRequest,
				respNotFound,
				respTooLarge,
			},
		},
		"GET /decisions/verify": {
			tag: "Monitoring", summary: "Verify the audit log: its hash and HMAC chains, and its signed checkpoints",
			description: "A problem is reported in the body (ok false, with reason and, when it is one decision, broken_at): a decision changed or rewritten, decisions missing from the middle or the end, a database older than its checkpoints, or a checkpoint file missing, malformed or not signed by the log's key.",
			responses: []apiResp{
				{status: 200, description: "Outcome", value: verifyResponse{}},
				respNotFound,
			},
		},
		"GET /decisions/{id}": {
			tag: "Monitoring", summary: "A decision",
			description: "One decision of the audit log, with its place in the hash and HMAC chains.",
			params: []apiParam{
				{name: "id", in: "path", description: "Decision ID", schema: `{"type":"integer"}`},
			},
			responses: []apiResp{
				{status: 200, description: "Decision", value: dossier.Decision{}},
				respNotFound,
			},
		},
		"GET /jobs": {
			tag: "Monitoring", summary: "Batch screening jobs",
			description: "Batch screening jobs, newest first, optionally in one state.",
			params: []apiParam{
				{name: "offset", in: "query", description: "Results to skip", schema: `{"type":"integer","minimum":0,"default":0}`},
				{name: "limit", in: "query", description: "Results to return", schema: `{"type":"integer","minimum":1,"maximum":1000,"default":100}`},
				{name: "state", in: "query", description: "State", schema: `{"type":"string","enum":["queued","running","done","failed"]}`},
			},
			responses: []apiResp{
				{status: 200, description: "Jobs", value: jobsResponse{}},
				respBadRequest,
				respNotFound,
			},
		},
		"POST /jobs": {
			tag: "Monitoring", summary: "Screen a CSV of subjects as a background job",
			description: "Screen every row of a CSV of subjects as a background job that survives a restart (it resumes after the last stored row). ?threshold= and ?limit= (hits per row) are as for /screen, ?name= names the file in error messages. Answers 202 with the job; poll GET /jobs/{id}.",
			params: []apiParam{
				{name: "threshold", in: "query", description: "As for /screen", schema: `{"type":"number"}`},
				{name: "limit", in: "query", description: "Hits per row (default 10)", schema: `{"type":"integer"}`},
				{name: "name", in: "query", description: "File name for error messages", schema: `{"type":"string"}`},
			},
			body: &apiBody{description: "CSV with a name or full_name column, optionally id, type, date_of_birth, nationality", required: true, content: []apiContent{{"text/csv", ""}}},
			responses: []apiResp{
				{status: 202, description: "Queued; poll /jobs/{id}", value: dossier.Job{}},
				respBadRequest,
				respNotFound,
				respTooLarge,
				respNotReady,
			},
		},
		"GET /jobs/{id}": {
			tag: "Monitoring", summary: "A job and its progress",
			description: "One job with its state and progress (rows done of rows in all).",
			params: []apiParam{
				{name: "id", in: "path", description: "Job ID", schema: `{"type":"integer"}`},
			},
			responses: []apiResp{
				{status: 200, description: "Job", value: dossier.Job{}},
				respNotFound,
			},
		},
		"GET /jobs/{id}/results": {
			tag: "Monitoring", summary: "A job's results in row order",
			description: "A job's stored result rows after row ?after= (default 0), at most ?limit= (default 100), in row order.",
			params: []apiParam{
				{name: "id", in: "path", description: "Job ID", schema: `{"type":"integer"}`},
				{name: "after", in: "query", description: "Rows after this one", schema: `{"type":"integer","minimum":0,"default":0}`},
				{name: "limit", in: "query", description: "Rows", schema: `{"type":"integer","minimum":1,"maximum":1000,"default":100}`},
			},
			responses: []apiResp{
				{status: 200, description: "Results", value: jobResultsResponse{}},
				respBadRequest,
				respNotFound,
			},
		},
		"GET /manifest": {
			id: "manifest", tag: "Matching", summary: "Datasets in the index (yente's /manifest: the same as /catalog)",
			description: "Every dataset a request may be scoped to: the collections default (every loaded list) and sanctions (the source datasets that issue Sanction entities), each loaded list by its name, and each source dataset its entities name. The response carries an ETag; a request whose If-None-Match holds it gets 304 without a body.",
			params: []apiParam{
				{name: "If-None-Match", in: "header", description: "An ETag of an earlier response: 304 if the catalog is unchanged", schema: `{"type":"string"}`},
			},
			responses: []apiResp{
				{status: 200, description: "Catalog", value: catalogResponse{}, headers: []apiHeader{{"ETag", "Strong validator of the catalog", `{"type":"string"}`}, {"Cache-Control", "private, no-cache: revalidate with If-None-Match", `{"type":"string"}`}}},
				{status: 304, description: "The catalog has not changed since the ETag given", headers: []apiHeader{{"ETag", "Strong validator of the catalog", `{"type":"string"}`}}},
				respNotReady,
			},
		},
		"GET /entities/{id}/adjacent": {
			tag: "Matching", summary: "Entities adjacent to an entity, by property (yente-compatible)",
			description: "The entities an entity refers to (address entities, a link's parties) and those that refer to it (sanctions, identifications, ownerships, family links), grouped by property (inbound ones under FtM's reverse property names), each a page of at most limit. Each adjacent entity has the entities it refers to nested, except the entity asked about, which it names by ID.",
			params: []apiParam{
				{name: "id", in: "path", description: "A list entity's ID", schema: `{"type":"string"}`},
				{name: "limit", in: "query", description: "Entities per property", schema: `{"type":"integer","minimum":0,"maximum":500,"default":10}`},
				{name: "offset", in: "query", description: "Entities of each property to skip", schema: `{"type":"integer","minimum":0,"maximum":10000,"default":0}`},
			},
			responses: []apiResp{
				{status: 200, description: "The entity and its adjacent entities by property", value: adjacentResponse{}},
				{status: 308, description: "The ID was merged into another entity: redirect to its adjacent"},
				{status: 404, description: "No such entity"},
				{status: 422, description: "limit or offset out of range"},
				respNotReady,
			},
		},
		"GET /entities/{id}/adjacent/{property}": {
			tag: "Matching", summary: "Entities adjacent to an entity through one property (yente-compatible)",
			description: "One property's page of the entities adjacent to an entity (as one group of GET /entities/{id}/adjacent gives them), in yente's shape; an unknown property is 404.",
			params: []apiParam{
				{name: "id", in: "path", description: "A list entity's ID", schema: `{"type":"string"}`},
				{name: "property", in: "path", description: "An FtM property of the entity's schema, or a reverse property such as sanctions", schema: `{"type":"string"}`},
				{name: "limit", in: "query", description: "Entities per property", schema: `{"type":"integer","minimum":0,"maximum":500,"default":10}`},
				{name: "offset", in: "query", description: "Entities to skip", schema: `{"type":"integer","minimum":0,"maximum":10000,"default":0}`},
			},
			responses: []apiResp{
				{status: 200, description: "One property's page", value: adjacentResults{}},
				{status: 308, description: "The ID was merged into another entity: redirect to its adjacent"},
				{status: 404, description: "No such entity, or a property its schema does not have and no entity refers to it by"},
				{status: 422, description: "limit or offset out of range"},
				respNotReady,
			},
		},
		"GET /reconcile": {
			tag: "Matching", summary: "Reconciliation service manifest (OpenRefine)",
			description: "The W3C Reconciliation Service API 0.2 manifest. Its query string (an api_key) is passed on to the suggest services' paths. /reconcile is the dataset default.",
			responses: []apiResp{
				{status: 200, description: "The manifest", value: reconcileManifest{}},
				respNoDataset,
				respNotReady,
			},
		},
		"POST /reconcile": {
			tag: "Matching", summary: "Reconciliation queries (OpenRefine)",
			description: "A batch of queries, JSON in the form field queries: {KEY: {query, type, limit, properties: [{pid, v}]}}, each answered with its best candidates scored as /match scores them (score in [0, 1], match at the threshold).",
			params: []apiParam{
				{name: "algorithm", in: "query", description: "As for /match", schema: `{"type":"string"}`},
				{name: "changed_since", in: "query", description: "As for /match", schema: `{"type":"string"}`},
			},
			body: &apiBody{required: true, content: []apiContent{{"application/x-www-form-urlencoded", rawSchema(`{"type":"object","properties":{"queries":{"type":"string"}},"required":["queries"]}`)}}},
			responses: []apiResp{
				{status: 200, description: "Candidates per query", value: map[string]reconcileResult{}, headers: []apiHeader{{"X-Batch-Size", "Queries answered", `{"type":"integer"}`}}},
				{status: 400, description: "No queries, malformed JSON, a type that is no matchable schema, an unknown algorithm, too many queries"},
				respNoDataset,
				{status: 422, description: "A malformed changed_since"},
				respNotReady,
			},
		},
		"GET /reconcile/{dataset}": {
			id: "reconcileManifestOfDataset", tag: "Matching", summary: "Reconciliation service manifest (OpenRefine)",
			description: "The W3C Reconciliation Service API 0.2 manifest. Its query string (an api_key) is passed on to the suggest services' paths. /reconcile is the dataset default.",
			params: []apiParam{
				paramReconcileDataset,
			},
			responses: []apiResp{
				{status: 200, description: "The manifest", value: reconcileManifest{}},
				respNoDataset,
				respNotReady,
			},
		},
		"POST /reconcile/{dataset}": {
			id: "reconcileDataset", tag: "Matching", summary: "Reconciliation queries (OpenRefine)",
			description: "A batch of queries, JSON in the form field queries: {KEY: {query, type, limit, properties: [{pid, v}]}}, each answered with its best candidates scored as /match scores them (score in [0, 1], match at the threshold).",
			params: []apiParam{
				paramReconcileDataset,
				{name: "algorithm", in: "query", description: "As for /match", schema: `{"type":"string"}`},
				{name: "changed_since", in: "query", description: "As for /match", schema: `{"type":"string"}`},
			},
			body: &apiBody{required: true, content: []apiContent{{"application/x-www-form-urlencoded", rawSchema(`{"type":"object","properties":{"queries":{"type":"string"}},"required":["queries"]}`)}}},
			responses: []apiResp{
				{status: 200, description: "Candidates per query", value: map[string]reconcileResult{}, headers: []apiHeader{{"X-Batch-Size", "Queries answered", `{"type":"integer"}`}}},
				{status: 400, description: "No queries, malformed JSON, a type that is no matchable schema, an unknown algorithm, too many queries"},
				respNoDataset,
				{status: 422, description: "A malformed changed_since"},
				respNotReady,
			},
		},
		"GET /reconcile/{dataset}/suggest/entity": suggestOp("entity",
			"OpenRefine's entity suggest service: entities of the dataset whose names start with or resemble prefix, for auto-completion.",
			"List entities of the dataset whose names resemble the prefix; none for an empty prefix"),
		"GET /reconcile/{dataset}/suggest/type": suggestOp("type",
			"OpenRefine's type suggest service: the FtM schemata whose names start with prefix.",
			"Matchable schemata whose name or label starts with the prefix; none for an empty prefix"),
		"GET /reconcile/{dataset}/suggest/property": suggestOp("property",
			"OpenRefine's property suggest service: the FtM properties whose names start with prefix.",
			"Properties (Schema:property) whose name or label starts with the prefix; none for an empty prefix"),
	}
}

// suggestOp documents one of OpenRefine's suggest services.
func suggestOp(kind, description, found string) apiOp {
	return apiOp{tag: "Matching", summary: "Reconciliation suggest service: " + kind, description: description,
		params:    []apiParam{paramReconcileDataset, paramPrefix},
		responses: []apiResp{{status: 200, description: found, value: reconcileSuggestResponse{}}, respNoDataset, respNotReady}}
}
