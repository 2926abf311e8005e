package server

import (
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"dossier/screen"
)

// matchRequest is yente's EntityMatchQuery.
type matchRequest struct {
	Queries map[string]*entityExample `json:"queries"`
	Weights map[string]float64        `json:"weights"` // accepted; dossier's engine has its own weights
	Config  map[string]any            `json:"config"`  // none is valid: dossier's algorithms take no configuration
}

// entityExample is yente's EntityExample: a query by example.
type entityExample struct {
	ID         string                `json:"id,omitempty"`
	Schema     string                `json:"schema"`
	Properties map[string]stringList `json:"properties"`
}

// matchResponse is yente's EntityMatchResponse.
type matchResponse struct {
	Responses map[string]*matchResult `json:"responses"`
	Matcher   map[string]featureDoc   `json:"matcher"`
	Limit     int                     `json:"limit"`
	Algorithm string                  `json:"algorithm"` // the algorithm that scored (see /algorithms)
}

// matchResult is yente's EntityMatches for one query.
type matchResult struct {
	Status  int                `json:"status"`
	Results []scoredEntityJSON `json:"results"`
	Total   totalSpec          `json:"total"`
	Query   *entityExample     `json:"query"`
	Error   string             `json:"error,omitempty"`
}

type totalSpec struct {
	Value    int    `json:"value"`
	Relation string `json:"relation"`
}

// featureDoc is yente's FeatureDoc: what a feature of the score means.
type featureDoc struct {
	Description string  `json:"description"`
	Coefficient float64 `json:"coefficient"`
	URL         string  `json:"url"`
}

// matcherDocs describes the features of dossier's name engine.
var matcherDocs = map[string]featureDoc{
	"name":       {"Best score over all pairs of the query's and the candidate's names (weak aliases count 0.9).", 1, ""},
	"name_parts": {"How the parts of the best pair of names were aligned: exact, phonetic, variant, nickname, initial, transliterated.", 1, ""},
	"birth_date": {"Birth dates: the same date or year adds a little, years more than one apart multiply the score by 0.75.", 0.05, ""},
	"country":    {"Countries (nationality, citizenship, country, jurisdiction): one in common adds 0.02, none in common multiplies by 0.9.", 0.02, ""},
	"gender":     {"Different genders multiply the score by 0.7.", 0.7, ""},
	"schema":     {"Incompatible schemata (a person and a company) score 0.", 0, ""},
}

// Limits of /match, as in yente's settings.
const (
	defaultMatchLimit = 5
	maxMatchLimit     = 500
)

// handleMatch is yente's POST /match/{dataset}: each query example is
// screened against the lists of the dataset.
func (s *Server) handleMatch(w http.ResponseWriter, r *http.Request) error {
	limit, err := intParam(r, "limit", defaultMatchLimit, 1, maxMatchLimit)
	if err != nil {
		return unprocessable(err)
	}
	threshold, _, err := floatParam(r, "threshold", 0, 1)
	if err != nil {
		return unprocessable(err)
	}
	cutoff, hasCutoff, err := floatParam(r, "cutoff", 0, 1)
	if err != nil {
		return unprocessable(err)
	}
	if !hasCutoff {
		cutoff = -1
	}
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
	var req matchRequest
	if err := decodeJSON(r, &req, false); err != nil {
		return err
	}
	if len(req.Queries) == 0 {
		return Errorf(CodeInvalid, "no queries provided: want {\"queries\": {\"KEY\": {\"schema\": …, \"properties\": …}}}")
	}
	if len(req.Queries) > s.MaxBatch {
		return Errorf(CodeInvalid, "too many queries in one batch: %d (limit: %d)", len(req.Queries), s.MaxBatch)
	}
	if len(req.Config) > 0 {
		return Errorf(CodeInvalid, "invalid config key %q: dossier's algorithms take no configuration (see /algorithms)",
			truncate(slices.Sorted(maps.Keys(req.Config))[0], 64))
	}
	for _, key := range slices.Sorted(maps.Keys(req.Queries)) {
		ex := req.Queries[key]
		if ex == nil || ex.Schema == "" {
			return Errorf(CodeUnprocessable, "query %q: field required: schema", truncate(key, 64))
		}
		if !knownSchemata[ex.Schema] {
			return Errorf(CodeInvalid, "query %q: schema %q: want one of Thing, LegalEntity, Person, Organization, Company, PublicBody, Vessel, Airplane", truncate(key, 64), truncate(ex.Schema, 32))
		}
		ex.clean()
		if err := ex.validate(); err != nil {
			return invalidField(err, fmt.Sprintf("query %q: ", truncate(key, 64)), ex.property)
		}
	}
	snap, err := s.snapshotOrUnavailable()
	if err != nil {
		return err
	}
	dataset := r.PathValue("dataset")
	if !snap.hasDataset(dataset) {
		return Errorf(CodeNotFound, "no such dataset: %q (see /catalog)", truncate(dataset, 64))
	}
	f := hitFilter{
		dataset:          dataset,
		includeDatasets:  listParam(r, "include_dataset"),
		excludeDatasets:  listParam(r, "exclude_dataset"),
		excludeSchemata:  listParam(r, "exclude_schema"),
		topics:           listParam(r, "topics"),
		excludeEntityIDs: listParam(r, "exclude_entity_ids"),
		changedSince:     changedSince,
	}
	opt := matchOptions{threshold: threshold, cutoff: cutoff, limit: limit}
	resp := &matchResponse{Responses: make(map[string]*matchResult, len(req.Queries)), Matcher: matcherDocs,
		Limit: limit, Algorithm: algo.Name}
	for key, ex := range req.Queries {
		res := &matchResult{Status: http.StatusOK, Results: []scoredEntityJSON{}, Total: totalSpec{0, "eq"}, Query: ex.normalized()}
		subj := ex.subject()
		if algo.NameOnly {
			subj = subject{Schema: subj.Schema, Names: subj.Names}
		}
		if len(subj.Names) == 0 {
			res.Status, res.Error = http.StatusBadRequest, "no name to match: give name, alias, or firstName and lastName"
			resp.Responses[key] = res
			continue
		}
		hits, total := snap.screenSubject(subj, opt, f)
		res.Total.Value = total
		for _, h := range hits {
			res.Results = append(res.Results, snap.scored(h))
		}
		resp.Responses[key] = res
	}
	w.Header().Set("X-Batch-Size", strconv.Itoa(len(resp.Responses)))
	writeJSON(w, http.StatusOK, resp)
	return nil
}

// clean drops the properties the example's schema does not have, as
// yente does (they are not an error), and writes country values as
// ISO codes ("Russia" → "ru"); a value that is no known country stays.
func (ex *entityExample) clean() {
	for k, vs := range ex.Properties {
		if !hasProperty(ex.Schema, k) {
			delete(ex.Properties, k)
			continue
		}
		if slices.Contains(countryProps, k) {
			out := make(stringList, 0, len(vs))
			for _, v := range vs {
				c, _ := countryCode(v)
				if c != "" && !slices.Contains(out, c) {
					out = append(out, c)
				}
			}
			ex.Properties[k] = out
		}
	}
}

// normalized is the example as echoed in a response: properties as
// lists, empty ones left out.
func (ex *entityExample) normalized() *entityExample {
	out := &entityExample{ID: ex.ID, Schema: ex.Schema, Properties: map[string]stringList{}}
	for k, v := range ex.Properties {
		if len(v) > 0 {
			out.Properties[k] = v
		}
	}
	return out
}

// validate checks the qualifiers of an example as screening would use
// them (a query without a name gets its error in its response).
func (ex *entityExample) validate() error {
	s := ex.subject()
	if len(s.Names) == 0 {
		return nil
	}
	return screen.Query{Name: s.Names[0], Schema: s.Schema, BirthDates: s.BirthDates, Countries: s.Countries, Gender: s.Gender}.Validate()
}

// property names the property of the example that holds value for a
// field of screen.Query: "properties.nationality" for a country.
func (ex *entityExample) property(field, value string) string {
	keys := map[string][]string{"birth_date": {"birthDate"}, "gender": {"gender"},
		"country": {"nationality", "citizenship", "country", "jurisdiction"}}[field]
	for _, k := range keys {
		if slices.Contains(ex.Properties[k], value) {
			return "properties." + k
		}
	}
	return field
}

// subject reads what screening looks at from an example: its names
// (name, alias, previousName, and the name parts joined "Last, Given"),
// birth dates, countries and gender. Its schema Thing (any) stays:
// screening takes it for "the type is unknown", so a birth date does not
// make the example a person.
func (ex *entityExample) subject() subject {
	p := ex.Properties
	s := subject{Schema: ex.Schema, BirthDates: p["birthDate"], Gender: first(p["gender"])}
	seen := map[string]bool{}
	add := func(n string) {
		if n = strings.Join(strings.Fields(n), " "); n != "" && !seen[strings.ToLower(n)] {
			seen[strings.ToLower(n)] = true
			s.Names = append(s.Names, n)
		}
	}
	for _, k := range []string{"name", "alias", "previousName"} {
		for _, n := range p[k] {
			add(n)
		}
	}
	var given []string
	for _, k := range []string{"firstName", "secondName", "middleName", "fatherName"} {
		given = append(given, p[k]...)
	}
	last := strings.Join(p["lastName"], " ")
	switch {
	case last != "" && len(given) > 0:
		add(last + ", " + strings.Join(given, " "))
	case last != "":
		add(last)
	case len(given) > 0:
		add(strings.Join(given, " "))
	}
	for _, k := range []string{"nationality", "citizenship", "country", "jurisdiction"} {
		for _, c := range p[k] {
			if !slices.Contains(s.Countries, c) {
				s.Countries = append(s.Countries, c)
			}
		}
	}
	return s
}

func first(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}
