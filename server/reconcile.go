package server

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
)

// The OpenRefine reconciliation API (W3C Reconciliation Service API
// 0.2, as yente serves it) over the lists: a service manifest, batches
// of queries scored as /match scores them, and the suggest services the
// manifest names.

// reconcileManifest is the service manifest (yente's FreebaseManifest,
// without the data extension, which dossier does not offer).
type reconcileManifest struct {
	Versions        []string             `json:"versions"`
	Name            string               `json:"name"`
	IdentifierSpace string               `json:"identifierSpace"`
	SchemaSpace     string               `json:"schemaSpace"`
	Documentation   string               `json:"documentation"`
	BatchSize       int                  `json:"batchSize"`
	View            reconcileView        `json:"view"`
	Suggest         reconcileSuggestions `json:"suggest"`
	DefaultTypes    []reconcileType      `json:"defaultTypes"`
}

// reconcileView is where a client shows an entity: {{id}} stands for
// its ID.
type reconcileView struct {
	URL string `json:"url"`
}

// reconcileSuggestions are the suggest services of the manifest.
type reconcileSuggestions struct {
	Entity   reconcileService `json:"entity"`
	Type     reconcileService `json:"type"`
	Property reconcileService `json:"property"`
}

type reconcileService struct {
	ServiceURL  string `json:"service_url"`
	ServicePath string `json:"service_path"`
}

// reconcileType is an FtM schema as a reconciliation type.
type reconcileType struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
}

// reconcileQuery is one query of a batch: a name, a type (a schema, or
// a list of them, of which the first counts) and property values.
type reconcileQuery struct {
	Query      string              `json:"query"`
	Type       json.RawMessage     `json:"type"`
	Limit      int                 `json:"limit"`
	Properties []reconcileProperty `json:"properties"`
}

// reconcileProperty is a property value of a query: pid is a property
// name ("birthDate") or a qualified one ("Person:birthDate"); v is a
// string or a list of them.
type reconcileProperty struct {
	PID string     `json:"pid"`
	V   stringList `json:"v"`
}

// reconcileResult is one query's candidates.
type reconcileResult struct {
	Result []reconcileCandidate `json:"result"`
}

// reconcileCandidate is yente's FreebaseScoredEntity: a list entity
// with its score in [0, 1] and whether it is a match.
type reconcileCandidate struct {
	ID          string          `json:"id"`
	Name        string          `json:"name"`
	Description string          `json:"description"`
	Type        []reconcileType `json:"type"`
	Score       float64         `json:"score"`
	Match       bool            `json:"match"`
}

// reconcileSuggestResponse answers the suggest services.
type reconcileSuggestResponse struct {
	Prefix string                `json:"prefix"`
	Result []reconcileSuggestion `json:"result"`
}

// reconcileSuggestion is an entity, type or property whose name starts
// with the prefix.
type reconcileSuggestion struct {
	ID          string          `json:"id"`
	Name        string          `json:"name"`
	Description string          `json:"description,omitempty"`
	Type        []reconcileType `json:"type,omitempty"`
}

// reconcileBatchSize is the number of queries the manifest asks a
// client to send at once.
const reconcileBatchSize = 10

// reconcileDataset is the dataset of a reconciliation route: the path's,
// or "default" on /reconcile itself.
func reconcileDataset(r *http.Request) string {
	if d := r.PathValue("dataset"); d != "" {
		return d
	}
	return defaultDataset
}

// reconcileBase is the URL of the service, from the request (the
// scheme from TLS or X-Forwarded-Proto).
func reconcileBase(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https") {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// handleReconcileManifest is GET /reconcile/{dataset} (and /reconcile):
// the service manifest. The query string (an api_key for a client that
// cannot send headers) is passed on to the suggest services' paths.
func (s *Server) handleReconcileManifest(w http.ResponseWriter, r *http.Request) error {
	snap, err := s.snapshotOrUnavailable()
	if err != nil {
		return err
	}
	dataset := reconcileDataset(r)
	if !snap.hasDataset(dataset) {
		return Errorf(CodeNotFound, "no such dataset: %q (see /catalog)", truncate(dataset, 64))
	}
	base := reconcileBase(r)
	service := base + "/reconcile/" + dataset
	qs := ""
	if r.URL.RawQuery != "" {
		qs = "?" + r.URL.RawQuery
	}
	m := reconcileManifest{
		Versions: []string{"0.2"}, Name: "dossier: " + dataset, BatchSize: reconcileBatchSize,
		IdentifierSpace: base + "/entities/", SchemaSpace: "https://followthemoney.tech/explorer/schemata/",
		Documentation: base + "/openapi.json",
		View:          reconcileView{URL: base + "/ui/entities/{{id}}"},
		Suggest: reconcileSuggestions{
			Entity:   reconcileService{service, "/suggest/entity" + qs},
			Type:     reconcileService{service, "/suggest/type" + qs},
			Property: reconcileService{service, "/suggest/property" + qs},
		},
		DefaultTypes: matchableTypes(),
	}
	writeJSON(w, http.StatusOK, m)
	return nil
}

// matchableTypes are the schemata a query may name, as types.
func matchableTypes() []reconcileType {
	var out []reconcileType
	for _, name := range slices.Sorted(maps.Keys(ftmSchemata)) {
		if s := ftmSchemata[name]; s.matchable {
			out = append(out, reconcileType{ID: name, Name: s.plural, Description: s.label})
		}
	}
	return out
}

// handleReconcile is POST /reconcile/{dataset} (and /reconcile): a
// batch of queries, JSON in the form field "queries", each answered
// with its best candidates scored as /match scores them (the algorithm
// and changed_since parameters too). A query whose type is no
// matchable schema fails the batch with 400, as in yente.
func (s *Server) handleReconcile(w http.ResponseWriter, r *http.Request) error {
	algo := algorithms[0]
	if name := r.URL.Query().Get("algorithm"); name != "" {
		a := algorithmByName(name)
		if a == nil {
			return Errorf(CodeInvalid, "invalid algorithm %q: want one of %s (see /algorithms)", truncate(name, 32), algorithmNames())
		}
		algo = *a
	}
	changedSince, err := timeParam(r, "changed_since")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return Errorf(CodeInvalid, "form: %v", err)
	}
	if strings.TrimSpace(r.PostForm.Get("extend")) != "" {
		return Errorf(CodeInvalid, "data extension is not offered: send queries")
	}
	raw := r.PostForm.Get("queries")
	if strings.TrimSpace(raw) == "" {
		return Errorf(CodeInvalid, "no queries: want a form field queries holding {\"KEY\": {\"query\": …}}")
	}
	var batch map[string]*reconcileQuery
	if err := json.Unmarshal([]byte(raw), &batch); err != nil {
		return Errorf(CodeInvalid, "form field queries: %s", strings.TrimPrefix(err.Error(), "json: "))
	}
	if len(batch) > s.MaxBatch {
		return Errorf(CodeInvalid, "too many queries in one batch: %d (limit: %d)", len(batch), s.MaxBatch)
	}
	examples := map[string]*entityExample{}
	limits := map[string]int{}
	for _, key := range slices.Sorted(maps.Keys(batch)) {
		q := batch[key]
		if q == nil {
			return Errorf(CodeInvalid, "query %q: want an object", truncate(key, 64))
		}
		ex, err := q.example()
		if err != nil {
			return Errorf(CodeInvalid, "query %q: %v", truncate(key, 64), err)
		}
		ex.clean()
		if err := ex.validate(); err != nil {
			return invalidField(err, fmt.Sprintf("query %q: ", truncate(key, 64)), ex.property)
		}
		examples[key] = ex
		limits[key] = q.Limit
	}
	snap, err := s.snapshotOrUnavailable()
	if err != nil {
		return err
	}
	dataset := reconcileDataset(r)
	if !snap.hasDataset(dataset) {
		return Errorf(CodeNotFound, "no such dataset: %q (see /catalog)", truncate(dataset, 64))
	}
	resp := make(map[string]reconcileResult, len(examples))
	for key, ex := range examples {
		res := reconcileResult{Result: []reconcileCandidate{}}
		subj := ex.subject()
		if algo.NameOnly {
			subj = subject{Schema: subj.Schema, Names: subj.Names}
		}
		limit := limits[key]
		if limit <= 0 || limit > maxMatchLimit {
			limit = defaultMatchLimit
		}
		if len(subj.Names) > 0 {
			// As yente: the best candidates whatever their score, those
			// at the threshold marked as matches.
			hits, _ := snap.screenSubject(subj, matchOptions{cutoff: 0, limit: limit},
				hitFilter{dataset: dataset, changedSince: changedSince})
			for _, h := range hits {
				sc := snap.scored(h)
				res.Result = append(res.Result, reconcileCandidate{ID: sc.ID, Name: sc.Caption,
					Description: schemaLabel(sc.Schema), Type: []reconcileType{schemaType(sc.Schema)},
					Score: sc.Score, Match: sc.Match})
			}
		}
		resp[key] = res
	}
	w.Header().Set("X-Batch-Size", fmt.Sprint(len(resp)))
	writeJSON(w, http.StatusOK, resp)
	return nil
}

// example turns a reconciliation query into a /match example: the
// query is a name; property values are added under their property
// names (a qualified "Person:birthDate" counts as "birthDate").
func (q *reconcileQuery) example() (*entityExample, error) {
	schema := "Thing"
	if len(q.Type) > 0 && string(q.Type) != "null" {
		var one string
		var many []string
		switch {
		case json.Unmarshal(q.Type, &one) == nil:
			schema = one
		case json.Unmarshal(q.Type, &many) == nil && len(many) > 0:
			schema = many[0]
		default:
			return nil, fmt.Errorf("type: want a schema name or a list of them")
		}
	}
	if !knownSchemata[schema] {
		return nil, fmt.Errorf("type %q: want one of Thing, LegalEntity, Person, Organization, Company, PublicBody, Vessel, Airplane", truncate(schema, 32))
	}
	ex := &entityExample{Schema: schema, Properties: map[string]stringList{}}
	if n := strings.TrimSpace(q.Query); n != "" {
		ex.Properties["name"] = stringList{n}
	}
	for _, p := range q.Properties {
		name := p.PID
		if _, after, ok := strings.Cut(name, ":"); ok {
			name = after
		}
		ex.Properties[name] = append(ex.Properties[name], p.V...)
	}
	return ex, nil
}

// schemaType is a schema as a reconciliation type.
func schemaType(schema string) reconcileType {
	if s, ok := ftmSchemata[schema]; ok {
		return reconcileType{ID: schema, Name: s.plural, Description: s.label}
	}
	return reconcileType{ID: schema, Name: schema}
}

func schemaLabel(schema string) string {
	if s, ok := ftmSchemata[schema]; ok {
		return s.label
	}
	return schema
}

// suggestLimit bounds the suggestions of one request.
const suggestLimit = 20

// handleReconcileSuggestEntity is the entity suggest service: list
// entities of the dataset whose names resemble the prefix (none for an
// empty one).
func (s *Server) handleReconcileSuggestEntity(w http.ResponseWriter, r *http.Request) error {
	prefix := strings.TrimSpace(r.URL.Query().Get("prefix"))
	if len(prefix) > maxValueLen {
		return Errorf(CodeInvalid, "query parameter prefix: longer than %d bytes", maxValueLen)
	}
	snap, err := s.snapshotOrUnavailable()
	if err != nil {
		return err
	}
	dataset := reconcileDataset(r)
	if !snap.hasDataset(dataset) {
		return Errorf(CodeNotFound, "no such dataset: %q (see /catalog)", truncate(dataset, 64))
	}
	resp := reconcileSuggestResponse{Prefix: prefix, Result: []reconcileSuggestion{}}
	if prefix != "" {
		hits, _ := snap.screenSubject(subject{Schema: "Thing", Names: []string{prefix}},
			matchOptions{threshold: 1, cutoff: searchMinScore, limit: suggestLimit}, hitFilter{dataset: dataset})
		for _, h := range hits {
			resp.Result = append(resp.Result, reconcileSuggestion{ID: h.EntityID, Name: h.Caption,
				Description: schemaLabel(h.Schema), Type: []reconcileType{schemaType(h.Schema)}})
		}
	}
	writeJSON(w, http.StatusOK, resp)
	return nil
}

// handleReconcileSuggestType is the type suggest service: matchable
// schemata whose name or label starts with the prefix.
func (s *Server) handleReconcileSuggestType(w http.ResponseWriter, r *http.Request) error {
	if err := s.reconcileDatasetExists(r); err != nil {
		return err
	}
	prefix := strings.ToLower(strings.TrimSpace(r.URL.Query().Get("prefix")))
	resp := reconcileSuggestResponse{Prefix: prefix, Result: []reconcileSuggestion{}}
	if prefix != "" {
		for _, t := range matchableTypes() {
			if strings.HasPrefix(strings.ToLower(t.ID), prefix) || strings.HasPrefix(strings.ToLower(t.Description), prefix) {
				resp.Result = append(resp.Result, reconcileSuggestion{ID: t.ID, Name: t.Name, Description: t.Description})
			}
		}
	}
	writeJSON(w, http.StatusOK, resp)
	return nil
}

// handleReconcileSuggestProperty is the property suggest service:
// properties of the matchable schemata whose name or label starts with
// the prefix, as "Schema:property" where the schema defines them.
func (s *Server) handleReconcileSuggestProperty(w http.ResponseWriter, r *http.Request) error {
	if err := s.reconcileDatasetExists(r); err != nil {
		return err
	}
	prefix := strings.ToLower(strings.TrimSpace(r.URL.Query().Get("prefix")))
	resp := reconcileSuggestResponse{Prefix: prefix, Result: []reconcileSuggestion{}}
	if prefix != "" {
		for _, name := range slices.Sorted(maps.Keys(ftmSchemata)) {
			for _, p := range ftmSchemata[name].props {
				if strings.HasPrefix(strings.ToLower(p.name), prefix) || strings.HasPrefix(strings.ToLower(p.label), prefix) {
					resp.Result = append(resp.Result, reconcileSuggestion{ID: name + ":" + p.name, Name: p.label})
				}
			}
		}
	}
	writeJSON(w, http.StatusOK, resp)
	return nil
}

// reconcileDatasetExists refuses a reconciliation route's unknown
// dataset with 404.
func (s *Server) reconcileDatasetExists(r *http.Request) error {
	snap, err := s.snapshotOrUnavailable()
	if err != nil {
		return err
	}
	if dataset := reconcileDataset(r); !snap.hasDataset(dataset) {
		return Errorf(CodeNotFound, "no such dataset: %q (see /catalog)", truncate(dataset, 64))
	}
	return nil
}
