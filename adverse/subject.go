package adverse

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"dossier"
	"dossier/internal/modelfile"
	"dossier/names"
	"dossier/segment"
)

// Query is the subject an article is judged for: the names an analyst
// screens, and its schema (Person, Organization, …; "" for any).
type Query struct {
	Names  []string
	Schema string
}

// Mention says how an article mentions the subject, as the subject
// model reads it from the pipeline's extraction.
type Mention struct {
	Entities []string // IDs of the document entities that match the subject's names
	Mentions int      // mentions of those entities (or, with none, occurrences of the subject's words)
	Claims   int      // claims whose subject is one of them
	Speaker  int      // claims and attributions one of them is the source of
}

// SubjectResult is the verdict on one article for one subject.
type SubjectResult struct {
	Score   float64 // calibrated P(the article is adverse media for the subject)
	Adverse bool    // Score >= the model's Threshold
	Article float64 // the article-level model's calibrated score
	Mention Mention
}

// SubjectModel tells whether an article is adverse media for a named
// subject, not only adverse in itself: an article about someone else's
// fraud that names the subject as a witness, victim or speaker is not
// adverse for it. It is a logistic regression over what the pipeline
// extracts about the subject (see SubjectFeatureNames): the article
// model's log-odds, how often and where the subject is mentioned, the
// claims whose subject it is and their stances, whether it speaks, its
// roles and relations, and the article model's weight of the sentences
// that mention it. It is safe for concurrent use.
type SubjectModel struct {
	Threshold float64
	Info      SubjectInfo

	fit   subjectFit
	stack []float64 // P = σ(stack[0]·article logit + stack[1]·ln P(target) + stack[2])
}

// SubjectInfo describes how a subject model was trained.
type SubjectInfo struct {
	Data        string         `json:"data"`
	Rows        int            `json:"rows"`         // corpus rows trained on (train and dev splits)
	Entities    int            `json:"entities"`     // further examples: other annotated entities of those rows' articles
	Adverse     int            `json:"adverse"`      // adverse examples of both kinds
	EntityShare float64        `json:"entity_share"` // weight of an entity example relative to a row
	C           float64        `json:"c"`
	Folds       int            `json:"folds"`
	CV          SubjectMetrics `json:"cv"` // out-of-fold figures at Threshold
}

// SubjectMetrics are the out-of-fold figures of a subject model: on the
// corpus rows (the subject the row was collected for) and on the other
// annotated entities of the same articles.
type SubjectMetrics struct {
	Rows     Metrics `json:"rows"`
	Entities Metrics `json:"entities"`
}

// subjectFeatures names the features in their order in the model. A
// model file lists them, and Load refuses a file with another list.
var subjectFeatures = []string{
	"article",           // the article model's log-odds, clipped to ±8, / 4 (the article part reads it, the target part does not)
	"found",             // a document entity matches the subject's names
	"surface_only",      // none does, but the subject's words occur in the text
	"not_found",         // neither
	"match",             // best name-engine score of a document entity
	"mentions",          // ln(1 + mentions of the subject)
	"share",             // its share of the mentions of people and organizations
	"top",               // it is the most mentioned person or organization
	"lead",              // it is mentioned in the first two sentences
	"first",             // 1 - offset of its first mention / length of the text
	"sentences",         // share of the sentences that mention it
	"claims_alleged",    // ln(1 + claims with the subject and this stance)
	"claims_charged",    //
	"claims_convicted",  //
	"claims_sanctioned", //
	"claims_reported",   //
	"claims_denied",     //
	"claims_cleared",    //
	"claimed",           // subject of an alleged/charged/convicted/sanctioned/reported claim
	"claims_other",      // ln(1 + claims of that kind about others)
	"speaker",           // ln(1 + claims and attributions the subject is the source of)
	"speaker_only",      // a source but the subject of no claim
	"role",              // the subject holds a role
	"pep",               // a role marked role.pep
	"relations",         // ln(1 + relations it takes part in)
	"deceased",          // "the late …"
	"drive_pos",         // sum of the positive sentence weights of its sentences
	"drive_frac",        // their share of all positive sentence weight
	"drive_max",         // the largest sentence weight among its sentences
	"words",             // ln(1 + occurrences of the subject's distinctive words), found or not
	"words_share",       // those occurrences over the mentions of people and organizations
	"linked_claimed",    // it holds a role at, or is related to, an entity with an adverse claim
}

// SubjectFeatureNames returns the names of the model's features, in order.
func SubjectFeatureNames() []string { return slices.Clone(subjectFeatures) }

// nameMatcher is the name engine screening uses, at its default
// threshold.
var nameMatcher = sync.OnceValue(names.NewMatcher)

// docTypes are the document entity types that can be a subject and the
// schema each is compared as.
var docTypes = map[string]string{"PER": "Person", "ORG": "Organization"}

// nameTypes are the document entity types a subject may have been
// recognized as.
var nameTypes = map[string]bool{"PER": true, "ORG": true, "MISC": true, "LOC": true}

// MatchSubject returns the indexes in x.Entities of the named entities
// (PER, ORG, MISC or LOC: the recognizer's type may be wrong) whose name
// or aliases match one of q's names with the name engine (at its
// default threshold), and the best score.
func MatchSubject(x *dossier.Extraction, q Query) (idx []int, best float64) {
	return matchSubject(x, q, nil)
}

// matchSubject is MatchSubject; with d, it compares the query with the
// entities d keeps stored.
func matchSubject(x *dossier.Extraction, q Query, d *DocJudgement) (idx []int, best float64) {
	m := nameMatcher()
	var qs []*names.Prepared
	for _, n := range q.Names {
		if strings.TrimSpace(n) != "" {
			qs = append(qs, names.Prepare(names.Subject{Schema: q.Schema, Names: []string{n}}))
		}
	}
	scores := make([]float64, len(x.Entities))
	if d != nil {
		d.entities(q.Schema, m).scores(m, qs, scores)
	} else {
		for i := range x.Entities {
			e := &x.Entities[i]
			scores[i] = -1
			if nameTypes[e.Type] {
				scores[i] = nameOnlyScore(m, qs, names.Prepare(entityNames(e, entitySchema(q.Schema, e))))
			}
		}
	}
	for i, s := range scores {
		if s < 0 {
			continue
		}
		best = max(best, s)
		if s >= m.Threshold {
			idx = append(idx, i)
		}
	}
	return idx, best
}

// entitySchema is the schema a query of schema compares document entity
// e as: the query's own, since the recognizer's type may be wrong
// ("KPMG" as MISC, a person as LOC); without one, the entity's type.
func entitySchema(schema string, e *dossier.DocEntity) string {
	if schema == "" {
		return docTypes[e.Type]
	}
	return schema
}

// nameOnlyScore is the best Matcher.ComparePrepared score of the
// queries qs against c when neither side has a birth date, a country or
// a gender, as here: no qualifier applies, so the score is the name
// score, clipped to [0, 1], and no explanation needs building.
func nameOnlyScore(m *names.Matcher, qs []*names.Prepared, c *names.Prepared) float64 {
	var s float64
	for _, p := range qs {
		s = max(s, min(1, m.NameScore(p, c)))
	}
	return s
}

// entityNames is a document entity as MatchSubject compares it.
func entityNames(e *dossier.DocEntity, schema string) names.Subject {
	return names.Subject{Schema: schema, Names: append([]string{e.Name}, e.Aliases...)}
}

// adverseStance reports whether a claim's stance holds the subject to a
// risk (not a denial or an acquittal).
func adverseStance(s string) bool {
	switch s {
	case dossier.StanceAlleged, dossier.StanceCharged, dossier.StanceConvicted, dossier.StanceSanctioned, dossier.StanceReported:
		return true
	}
	return false
}

// SubjectFeatures computes the model's features (in the order of
// SubjectFeatureNames) for the subject q in an article: x is the
// pipeline's extraction, w the article model's weights of x.Text.
func SubjectFeatures(x *dossier.Extraction, w Weights, q Query) ([]float64, Mention) {
	return features(x, w, q, nil)
}

// features is SubjectFeatures, matching the subject with
// matchSubject(x, q, d).
func features(x *dossier.Extraction, w Weights, q Query, d *DocJudgement) ([]float64, Mention) {
	f := make([]float64, len(subjectFeatures))
	set := func(name string, v float64) {
		i := slices.Index(subjectFeatures, name)
		f[i] = v
	}
	art := max(-8, min(8, w.Logit)) / 4
	set("article", art)
	idx, best := matchSubject(x, q, d)
	set("match", best)
	var men Mention
	ids := map[string]bool{}
	for _, i := range idx {
		ids[x.Entities[i].ID] = true
		men.Entities = append(men.Entities, x.Entities[i].ID)
	}
	// where the subject is: its mentions, or the occurrences of its words
	var spans [][2]int
	for _, i := range idx {
		for _, m := range x.Entities[i].Mentions {
			spans = append(spans, [2]int{m.Start, m.End})
		}
	}
	found := len(idx) > 0
	surface := false
	var lower string
	if d != nil {
		lower = d.lower
	} else {
		lower = lowerText(x.Text)
	}
	if !found {
		spans = wordHits(lower, q.Names)
		surface = len(spans) > 0
	}
	set("found", b2f(found))
	set("surface_only", b2f(surface))
	set("not_found", b2f(!found && !surface))
	men.Mentions = len(spans)
	set("mentions", math.Log1p(float64(len(spans))))
	var all, most int
	for i := range x.Entities {
		e := &x.Entities[i]
		if _, ok := docTypes[e.Type]; !ok {
			continue
		}
		all += len(e.Mentions)
		most = max(most, len(e.Mentions))
	}
	if all > 0 {
		set("share", min(1, float64(len(spans))/float64(all)))
	}
	if found || surface {
		mine := len(spans)
		if found {
			mine = 0
			for _, i := range idx {
				mine = max(mine, len(x.Entities[i].Mentions))
			}
		}
		set("top", b2f(mine >= most))
	}
	sents := w.Sentences
	inSent := make([]bool, len(sents))
	first := len(x.Text)
	for _, sp := range spans {
		first = min(first, sp[0])
		j, _ := slices.BinarySearchFunc(sents, sp[0], func(s segment.Sentence, off int) int {
			if s.End <= off {
				return -1
			}
			if s.Start > off {
				return 1
			}
			return 0
		})
		if j < len(sents) && sents[j].Start <= sp[0] && sp[0] < sents[j].End {
			inSent[j] = true
		}
	}
	if len(spans) > 0 && len(x.Text) > 0 {
		set("first", 1-float64(first)/float64(len(x.Text)))
	}
	var nIn int
	var pos, xPos, xMax float64
	xMax = math.Inf(-1)
	for j := range sents {
		var sw float64
		if j < len(w.Sentence) {
			sw = w.Sentence[j]
		}
		pos += max(0, sw)
		if inSent[j] {
			nIn++
			xPos += max(0, sw)
			xMax = max(xMax, sw)
			if j < 2 {
				set("lead", 1)
			}
		}
	}
	if len(sents) > 0 {
		set("sentences", float64(nIn)/float64(len(sents)))
	}
	set("drive_pos", xPos)
	if pos > 0 {
		set("drive_frac", xPos/pos)
	}
	if nIn > 0 {
		set("drive_max", xMax)
	}
	// claims, speakers, roles
	stances := map[string]int{}
	var other, speaker int
	for _, c := range x.Claims {
		if ids[c.Subject] {
			stances[c.Stance]++
			men.Claims++
		} else if adverseStance(c.Stance) {
			other++
		}
		if c.Speaker != nil && ids[c.Speaker.Entity] {
			speaker++
		}
	}
	for _, a := range x.Attributions {
		if a.Source != nil && ids[a.Source.Entity] {
			speaker++
		}
	}
	men.Speaker = speaker
	var claimed bool
	for _, s := range []string{dossier.StanceAlleged, dossier.StanceCharged, dossier.StanceConvicted, dossier.StanceSanctioned, dossier.StanceReported, dossier.StanceDenied, dossier.StanceCleared} {
		set("claims_"+s, math.Log1p(float64(stances[s])))
		if adverseStance(s) && stances[s] > 0 {
			claimed = true
		}
	}
	set("claimed", b2f(claimed))
	set("claims_other", math.Log1p(float64(other)))
	set("speaker", math.Log1p(float64(speaker)))
	set("speaker_only", b2f(speaker > 0 && men.Claims == 0))
	for _, i := range idx {
		e := &x.Entities[i]
		if len(e.Roles) > 0 {
			set("role", 1)
		}
		if slices.Contains(e.Topics, "role.pep") {
			set("pep", 1)
		}
		if e.Deceased {
			set("deceased", 1)
		}
	}
	var rels int
	claimedIDs := map[string]bool{}
	for _, c := range x.Claims {
		if adverseStance(c.Stance) && !ids[c.Subject] {
			claimedIDs[c.Subject] = true
		}
	}
	linked := false
	for _, r := range x.Relations {
		if ids[r.Subject] || ids[r.Object] {
			rels++
			if ids[r.Subject] && claimedIDs[r.Object] || ids[r.Object] && claimedIDs[r.Subject] {
				linked = true
			}
		}
	}
	for _, i := range idx {
		for _, ro := range x.Entities[i].Roles {
			if ro.OfEntity != "" && claimedIDs[ro.OfEntity] {
				linked = true
			}
		}
	}
	set("linked_claimed", b2f(linked))
	hits := len(wordHits(lower, q.Names))
	set("words", math.Log1p(float64(hits)))
	if all > 0 {
		set("words_share", min(1, float64(hits)/float64(all)))
	}
	set("relations", math.Log1p(float64(rels)))
	return f, men
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// wordHits returns the byte ranges of the whole-word, case-insensitive
// occurrences in a text of the distinctive words of names: words of four
// letters or more that are not all lowercase in the name (so "and",
// "bank" or "company" in a name do not count). lower is the text as
// lowerText returns it.
func wordHits(lower string, ns []string) [][2]int {
	var words []string
	for _, n := range ns {
		for _, w := range strings.FieldsFunc(n, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' }) {
			if utf8.RuneCountInString(w) < 4 || strings.ToLower(w) == w {
				continue
			}
			if lw := strings.ToLower(w); !slices.Contains(words, lw) {
				words = append(words, lw)
			}
		}
	}
	if len(words) == 0 {
		return nil
	}
	var out [][2]int
	for _, w := range words {
		for off := 0; ; {
			i := strings.Index(lower[off:], w)
			if i < 0 {
				break
			}
			s, e := off+i, off+i+len(w)
			if wordEdge(lower, s, true) && wordEdge(lower, e, false) {
				out = append(out, [2]int{s, e})
			}
			off = e
		}
	}
	slices.SortFunc(out, func(a, b [2]int) int { return a[0] - b[0] })
	return out
}

// lowerText returns text lowercased with its byte offsets kept: fully
// when that keeps them, else its ASCII letters only.
func lowerText(text string) string {
	if lower := strings.ToLower(text); len(lower) == len(text) {
		return lower
	}
	return asciiLower(text)
}

// asciiLower lowercases the ASCII letters of s only, so that byte
// offsets stay those of s.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// wordEdge reports whether offset i of s is a word boundary on the
// left (before) or the right (after) of a match.
func wordEdge(s string, i int, before bool) bool {
	var r rune
	if before {
		if i == 0 {
			return true
		}
		r, _ = utf8.DecodeLastRuneInString(s[:i])
	} else {
		if i >= len(s) {
			return true
		}
		r, _ = utf8.DecodeRuneInString(s[i:])
	}
	return !unicode.IsLetter(r) && !unicode.IsDigit(r)
}

// Score judges the article of extraction x for the subject q. article
// is the article model that gives the log-odds and sentence weights the
// features read (Default() when nil).
func (m *SubjectModel) Score(x *dossier.Extraction, q Query, article *Model) SubjectResult {
	if article == nil {
		article = Default()
	}
	w := article.Weigh(x.Text)
	return m.ScoreWeighed(x, w, q, article)
}

// ScoreWeighed is Score with the article model's weights of x.Text
// already computed.
func (m *SubjectModel) ScoreWeighed(x *dossier.Extraction, w Weights, q Query, article *Model) SubjectResult {
	return m.scoreWeighed(x, w, q, article, nil)
}

func (m *SubjectModel) scoreWeighed(x *dossier.Extraction, w Weights, q Query, article *Model, d *DocJudgement) SubjectResult {
	f, men := features(x, w, q, d)
	p := m.Probability(f)
	return SubjectResult{Score: p, Adverse: p >= m.Threshold, Article: article.Calibrate(w.Logit), Mention: men}
}

// The subject model file is a modelfile of kind subjectKind whose meta
// is subjectHeader.
const (
	subjectKind    = "adverse-subject"
	subjectVersion = 1
)

type subjectHeader struct {
	Features  []string    `json:"features"`
	ArticleA  float64     `json:"article_a"`
	ArticleB  float64     `json:"article_b"`
	Mean      []float64   `json:"mean"`
	Std       []float64   `json:"std"`
	Weight    []float64   `json:"weight"`
	Bias      float64     `json:"bias"`
	Stack     []float64   `json:"stack"`
	Threshold float64     `json:"threshold"`
	Info      SubjectInfo `json:"info"`
}

// Save writes the model in the modelfile format.
func (m *SubjectModel) Save(w io.Writer) error {
	h := subjectHeader{Features: subjectFeatures, ArticleA: m.fit.artA, ArticleB: m.fit.artB,
		Mean: m.fit.mean, Std: m.fit.std, Weight: m.fit.weight, Bias: m.fit.bias,
		Stack: m.stack, Threshold: m.Threshold, Info: m.Info}
	meta, err := json.Marshal(h)
	if err != nil {
		return err
	}
	f := &modelfile.File{Kind: subjectKind, Version: subjectVersion, Meta: meta}
	return f.Encode(w)
}

// LoadSubject reads a model written by Save. A file of another kind,
// version or feature list is an error.
func LoadSubject(r io.Reader) (*SubjectModel, error) {
	f, err := modelfile.Decode(r, subjectKind)
	if err != nil {
		return nil, err
	}
	if f.Version != subjectVersion {
		return nil, fmt.Errorf("%w: subject model version %d, want %d", ErrModel, f.Version, subjectVersion)
	}
	var h subjectHeader
	if err := json.Unmarshal(f.Meta, &h); err != nil {
		return nil, fmt.Errorf("%w: subject model header: %v", ErrModel, err)
	}
	n := len(subjectFeatures)
	if !slices.Equal(h.Features, subjectFeatures) {
		return nil, fmt.Errorf("%w: subject model features %v, want %v", ErrModel, h.Features, subjectFeatures)
	}
	if len(h.Mean) != n || len(h.Std) != n || len(h.Weight) != n {
		return nil, fmt.Errorf("%w: subject model has %d means, %d deviations, %d weights for %d features", ErrModel, len(h.Mean), len(h.Std), len(h.Weight), n)
	}
	for i, s := range h.Std {
		if !(s > 0) || math.IsInf(s, 0) || !finite(h.Mean[i]) || !finite(h.Weight[i]) {
			return nil, fmt.Errorf("%w: subject model feature %s: mean %v, deviation %v, weight %v", ErrModel, subjectFeatures[i], h.Mean[i], s, h.Weight[i])
		}
	}
	if !finite(h.Bias) || !finite(h.ArticleA) || !finite(h.ArticleB) || len(h.Stack) != len(stackInputs([2]float64{}))+1 || slices.ContainsFunc(h.Stack, func(v float64) bool { return !finite(v) }) || !(h.Threshold >= 0 && h.Threshold <= 1) {
		return nil, fmt.Errorf("%w: subject model bias %v, article calibration %v %v, combination %v, threshold %v", ErrModel, h.Bias, h.ArticleA, h.ArticleB, h.Stack, h.Threshold)
	}
	fit := subjectFit{artA: h.ArticleA, artB: h.ArticleB, mean: h.Mean, std: h.Std, weight: h.Weight, bias: h.Bias}
	return &SubjectModel{Threshold: h.Threshold, Info: h.Info, fit: fit, stack: h.Stack}, nil
}

func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }

//go:embed subject.bin
var embeddedSubject []byte

var defaultSubject = sync.OnceValues(func() (*SubjectModel, error) {
	return LoadSubject(bytes.NewReader(embeddedSubject))
})

// DefaultSubject returns the subject model embedded in the binary. It
// panics if the embedded file is corrupt, which tests rule out.
func DefaultSubject() *SubjectModel {
	m, err := defaultSubject()
	if err != nil {
		panic(err)
	}
	return m
}

// Judge scores a stored extraction for a screened subject with a subject
// model (DefaultSubject() when Model is nil) and an article model
// (Default() when Article is nil); the server uses it beside each news
// item.
type Judge struct {
	Model   *SubjectModel
	Article *Model
}

// JudgeSubject judges x for the subject with the given names and schema
// (Person, Organization, …; "" for any).
func (j Judge) JudgeSubject(x *dossier.Extraction, names []string, schema string) *dossier.SubjectAdverse {
	m := j.Model
	if m == nil {
		m = DefaultSubject()
	}
	return subjectAdverse(m.Score(x, Query{Names: names, Schema: schema}, j.Article))
}

// subjectAdverse is a subject model's result as the server shows it.
func subjectAdverse(r SubjectResult) *dossier.SubjectAdverse {
	ents := r.Mention.Entities
	if ents == nil {
		ents = []string{}
	}
	return &dossier.SubjectAdverse{Score: r.Score, Adverse: r.Adverse, Article: r.Article, Entities: ents,
		Mentions: r.Mention.Mentions, Claims: r.Mention.Claims, Speaker: r.Mention.Speaker}
}
