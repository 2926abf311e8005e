package corpus

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Draft is what an annotator writes: the record's labels with every span
// given as its exact text and just enough context to find it once, never
// as offsets. Resolve turns it into a Record. Drafts quote the article,
// so they live outside the repository.
type Draft struct {
	Key       string        `json:"key"`
	Annotator string        `json:"annotator"`
	Pass      string        `json:"pass"`
	Status    string        `json:"status"`
	Reason    string        `json:"reason,omitempty"`
	Entities  []DraftEntity `json:"entities"`
	Claims    []DraftClaim  `json:"claims"`
	Comment   string        `json:"comment,omitempty"` // ignored
}

// Anchor finds one span: Text as written in the article (runs of white
// space, curly and straight quotes, and hyphens and dashes are
// interchangeable), starting and ending on word boundaries. When Text
// occurs more than once in the search scope, Before (text just before
// it), After (text just after), Sentence (the sentence number of
// `dossier corpus show`) or N (the N-th remaining occurrence, from 1)
// must single it out. In JSON an anchor may be a plain string: its Text.
type Anchor struct {
	Text     string `json:"text"`
	Before   string `json:"before,omitempty"`
	After    string `json:"after,omitempty"`
	Sentence int    `json:"sentence,omitempty"`
	N        int    `json:"n,omitempty"`
}

// UnmarshalJSON accepts a string or an object.
func (a *Anchor) UnmarshalJSON(b []byte) error {
	if s, ok := jsonString(b); ok {
		*a = Anchor{Text: s}
		return nil
	}
	type plain Anchor
	return strictUnmarshal(b, (*plain)(a))
}

// DraftEntity is a name mention: an anchor with a type and, for PER and
// ORG, a cluster label of the annotator's choosing ("roe", "acme-bank").
// All marks every occurrence of Text (in the Sentence, if given) that
// lies outside the draft's other mentions.
type DraftEntity struct {
	Anchor
	Type    string `json:"type"`
	Cluster string `json:"cluster,omitempty"`
	All     bool   `json:"all,omitempty"`
}

// UnmarshalJSON decodes the embedded anchor's fields beside the entity's.
func (e *DraftEntity) UnmarshalJSON(b []byte) error {
	var v struct {
		Text     string `json:"text"`
		Before   string `json:"before,omitempty"`
		After    string `json:"after,omitempty"`
		Sentence int    `json:"sentence,omitempty"`
		N        int    `json:"n,omitempty"`
		Type     string `json:"type"`
		Cluster  string `json:"cluster,omitempty"`
		All      bool   `json:"all,omitempty"`
		Comment  string `json:"comment,omitempty"`
	}
	if err := strictUnmarshal(b, &v); err != nil {
		return err
	}
	*e = DraftEntity{Anchor: Anchor{v.Text, v.Before, v.After, v.Sentence, v.N}, Type: v.Type, Cluster: v.Cluster, All: v.All}
	return nil
}

// DraftClaim is a claim whose evidence is sentence Sentence (through
// sentence Through when it runs over several) or, where the sentence
// splitter went wrong, the span Evidence. Trigger and descriptor speakers
// are searched in the evidence unless their anchor names a Sentence.
type DraftClaim struct {
	Subject  string       `json:"subject"` // cluster label
	Stance   string       `json:"stance"`
	Topic    string       `json:"topic"`
	Sentence int          `json:"sentence,omitempty"`
	Through  int          `json:"through,omitempty"`
	Evidence *Anchor      `json:"evidence,omitempty"`
	Trigger  Anchor       `json:"trigger"`
	Speaker  *DraftAgent  `json:"speaker,omitempty"`
	Via      []DraftAgent `json:"via,omitempty"`
	Optional string       `json:"optional,omitempty"` // borderline; redundant is set by Resolve
	Comment  string       `json:"comment,omitempty"`  // ignored
}

// DraftAgent is a speaker or relay: a cluster label, or a descriptor
// anchored in the text. In JSON a plain string is a cluster label.
type DraftAgent struct {
	Cluster   string
	Anchor    *Anchor
	Anonymous bool
}

// UnmarshalJSON accepts "label", {"cluster": "label"} or {"text": …,
// "before": …, "anonymous": true}.
func (a *DraftAgent) UnmarshalJSON(b []byte) error {
	if s, ok := jsonString(b); ok {
		*a = DraftAgent{Cluster: s}
		return nil
	}
	var v struct {
		Cluster   string `json:"cluster,omitempty"`
		Anonymous bool   `json:"anonymous,omitempty"`
		Text      string `json:"text,omitempty"`
		Before    string `json:"before,omitempty"`
		After     string `json:"after,omitempty"`
		Sentence  int    `json:"sentence,omitempty"`
		N         int    `json:"n,omitempty"`
	}
	if err := strictUnmarshal(b, &v); err != nil {
		return err
	}
	*a = DraftAgent{Cluster: v.Cluster, Anonymous: v.Anonymous}
	if v.Text != "" || v.Before != "" || v.After != "" || v.Sentence != 0 || v.N != 0 {
		a.Anchor = &Anchor{v.Text, v.Before, v.After, v.Sentence, v.N}
	}
	return nil
}

func jsonString(b []byte) (string, bool) {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || b[0] != '"' {
		return "", false
	}
	var s string
	if json.Unmarshal(b, &s) != nil {
		return "", false
	}
	return s, true
}

func strictUnmarshal(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

// ReadDraft decodes a draft strictly (unknown fields are errors); file
// names it in errors.
func ReadDraft(r io.Reader, file string) (*Draft, error) {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	var d Draft
	if err := dec.Decode(&d); err != nil {
		e := jsonError(err)
		e.File = file
		return nil, e
	}
	if dec.More() {
		return nil, &Error{File: file, Err: errorf(ErrSyntax, "data after the draft's closing brace")}
	}
	return &d, nil
}

// Resolve anchors a draft in the text of its article and returns the
// record, or every problem found (Errors whose Field is a path into the
// draft, such as "entities[4]" or "claims[1].trigger"). Clusters are
// numbered k1, k2, … and claims c1, c2, … in text order. Among the claims
// with the same subject, stance and topic that are not borderline, the
// first in the text stays required and the others are marked redundant.
// The record passes Validate.
func (d *Draft) Resolve(text string) (*Record, error) {
	rs := &resolver{text: text, norm: normalize(text), sents: Sentences(text)}
	rec := &Record{
		Key: d.Key, ArticleHash: ArticleHash(text), Annotator: d.Annotator, Pass: d.Pass,
		Guide: GuideVersion, Status: d.Status, Reason: d.Reason,
	}
	labels := rs.entities(d.Entities, rec)
	rs.claims(d.Claims, labels, rec)
	if len(rs.errs) > 0 {
		return nil, rs.errs
	}
	if es := rec.Validate(text); len(es) > 0 {
		for _, e := range es {
			e.Field = "after anchoring: " + e.Field
		}
		return nil, es
	}
	return rec, nil
}

type resolver struct {
	text  string
	norm  normText
	sents []Span
	errs  Errors
}

func (rs *resolver) add(field string, sentinel error, format string, args ...any) {
	rs.errs = append(rs.errs, &Error{Field: field, Err: errorf(sentinel, format, args...)})
}

// placed is a resolved draft mention.
type placed struct {
	Span
	draft int // index in the draft's entities
	all   bool
}

// entities places the mentions and returns the cluster labels mapped to
// their ids.
func (rs *resolver) entities(des []DraftEntity, rec *Record) map[string]string {
	var explicit, every []placed
	for i, de := range des {
		f := fmt.Sprintf("entities[%d]", i)
		switch de.Type {
		case PER, ORG:
			if !validLabel(de.Cluster) {
				rs.add(f+".cluster", ErrSchema, "%q: a %s mention needs a cluster label (letters, digits, . _ -)", de.Cluster, de.Type)
			}
		case LOC, MISC:
			if de.Cluster != "" {
				rs.add(f+".cluster", ErrSchema, "a %s mention has no cluster", de.Type)
			}
		default:
			rs.add(f+".type", ErrSchema, "%q, want PER, ORG, LOC or MISC", de.Type)
		}
		if de.All {
			if de.N != 0 {
				rs.add(f+".n", ErrSchema, "all and n together: all takes every occurrence")
				continue
			}
			spans, err := rs.find(de.Anchor, Span{0, len(rs.text)})
			if err != nil {
				rs.errs = append(rs.errs, &Error{Field: f, Err: err})
				continue
			}
			for _, s := range spans {
				every = append(every, placed{s, i, true})
			}
			continue
		}
		s, err := rs.one(de.Anchor, Span{0, len(rs.text)})
		if err != nil {
			rs.errs = append(rs.errs, &Error{Field: f, Err: err})
			continue
		}
		explicit = append(explicit, placed{s, i, false})
	}
	// explicit mentions may not overlap each other
	slices.SortFunc(explicit, func(a, b placed) int { return a.Start - b.Start })
	for k := 1; k < len(explicit); k++ {
		a, b := explicit[k-1], explicit[k]
		if b.Start < a.End {
			rs.add(fmt.Sprintf("entities[%d]", b.draft), ErrSpan, "%q at %d:%d overlaps entities[%d] %q at %d:%d",
				rs.text[b.Start:b.End], b.Start, b.End, a.draft, rs.text[a.Start:a.End], a.Start, a.End)
		}
	}
	// every-occurrence mentions fill the gaps, longest first
	slices.SortStableFunc(every, func(a, b placed) int { return (b.End - b.Start) - (a.End - a.Start) })
	kept := slices.Clone(explicit)
	for _, p := range every {
		clash := -1
		for k, q := range kept {
			if p.Start < q.End && q.Start < p.End {
				clash = k
				break
			}
		}
		if clash < 0 {
			kept = append(kept, p)
			continue
		}
		q := kept[clash]
		if q.all && q.Span == p.Span && !sameLabel(des[q.draft], des[p.draft]) {
			rs.add(fmt.Sprintf("entities[%d]", p.draft), ErrAmbiguous, "%q at %d:%d is also taken by entities[%d] with another type or cluster; list the occurrence explicitly",
				rs.text[p.Start:p.End], p.Start, p.End, q.draft)
		}
	}
	slices.SortFunc(kept, func(a, b placed) int { return a.Start - b.Start })
	labels := map[string]string{}
	labelType := map[string]string{}
	for _, p := range kept {
		de := des[p.draft]
		e := Entity{Start: p.Start, End: p.End, Type: de.Type}
		if de.Type == PER || de.Type == ORG {
			if t, ok := labelType[de.Cluster]; ok && t != de.Type {
				rs.add(fmt.Sprintf("entities[%d].cluster", p.draft), ErrSchema, "label %q is used for %s and %s mentions", de.Cluster, t, de.Type)
			}
			labelType[de.Cluster] = de.Type
			id, ok := labels[de.Cluster]
			if !ok {
				id = fmt.Sprintf("k%d", len(labels)+1)
				labels[de.Cluster] = id
			}
			e.Cluster = id
		}
		rec.Entities = append(rec.Entities, e)
	}
	// a label whose every mention was swallowed by longer ones is unknown
	for i, de := range des {
		if (de.Type == PER || de.Type == ORG) && validLabel(de.Cluster) {
			if _, ok := labels[de.Cluster]; !ok && !de.All {
				rs.add(fmt.Sprintf("entities[%d].cluster", i), ErrRef, "label %q has no mention left", de.Cluster)
			}
		}
	}
	return labels
}

func sameLabel(a, b DraftEntity) bool { return a.Type == b.Type && a.Cluster == b.Cluster }

func validLabel(s string) bool {
	if s == "" || len(s) > 60 {
		return false
	}
	for _, r := range s {
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' || r == '_' || r == '-') {
			return false
		}
	}
	return true
}

func (rs *resolver) claims(dcs []DraftClaim, labels map[string]string, rec *Record) {
	type located struct {
		Claim
		draft int
	}
	var cs []located
	for i, dc := range dcs {
		f := fmt.Sprintf("claims[%d]", i)
		n := len(rs.errs)
		c := Claim{Stance: dc.Stance, Topic: dc.Topic}
		if id, ok := labels[dc.Subject]; ok {
			c.Subject = id
		} else {
			rs.add(f+".subject", ErrRef, "%q is not a cluster label of the entities (%s)", dc.Subject, labelList(labels))
		}
		switch dc.Optional {
		case "", Borderline:
			c.Optional = dc.Optional
		case Redundant:
			// recomputed below
		default:
			rs.add(f+".optional", ErrSchema, "%q, want %q or absent (redundant is worked out)", dc.Optional, Borderline)
		}
		ev, ok := rs.evidence(f, dc)
		if !ok {
			continue
		}
		c.Evidence = ev
		if s, err := rs.one(dc.Trigger, ev); err != nil {
			rs.errs = append(rs.errs, &Error{Field: f + ".trigger", Err: err})
		} else {
			c.Trigger = s
		}
		if dc.Speaker != nil {
			if a, ok := rs.agent(f+".speaker", *dc.Speaker, labels, ev); ok {
				c.Speaker = &a
			}
		}
		for j, da := range dc.Via {
			if a, ok := rs.agent(fmt.Sprintf("%s.via[%d]", f, j), da, labels, ev); ok {
				c.Via = append(c.Via, a)
			}
		}
		if len(rs.errs) == n {
			cs = append(cs, located{c, i})
		}
	}
	slices.SortStableFunc(cs, func(a, b located) int {
		if a.Evidence.Start != b.Evidence.Start {
			return a.Evidence.Start - b.Evidence.Start
		}
		return a.Trigger.Start - b.Trigger.Start
	})
	seen := map[[3]string]bool{}
	for i := range cs {
		c := &cs[i].Claim
		c.ID = fmt.Sprintf("c%d", i+1)
		if c.Optional == Borderline {
			continue
		}
		k := [3]string{c.Subject, c.Stance, c.Topic}
		if seen[k] {
			c.Optional = Redundant
		}
		seen[k] = true
	}
	for _, c := range cs {
		rec.Claims = append(rec.Claims, c.Claim)
	}
}

func labelList(labels map[string]string) string {
	ks := make([]string, 0, len(labels))
	for k := range labels {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	if len(ks) == 0 {
		return "none"
	}
	return strings.Join(ks, ", ")
}

// evidence resolves a claim's evidence span.
func (rs *resolver) evidence(f string, dc DraftClaim) (Span, bool) {
	switch {
	case dc.Evidence != nil && (dc.Sentence != 0 || dc.Through != 0):
		rs.add(f+".evidence", ErrSchema, "evidence and sentence together: give one")
	case dc.Evidence != nil:
		s, err := rs.one(*dc.Evidence, Span{0, len(rs.text)})
		if err != nil {
			rs.errs = append(rs.errs, &Error{Field: f + ".evidence", Err: err})
			return Span{}, false
		}
		return s, true
	case dc.Sentence < 1 || dc.Sentence > len(rs.sents):
		rs.add(f+".sentence", ErrRef, "%d, want a sentence number from 1 to %d (dossier corpus show)", dc.Sentence, len(rs.sents))
	case dc.Through != 0 && (dc.Through < dc.Sentence || dc.Through > len(rs.sents)):
		rs.add(f+".through", ErrRef, "%d, want a sentence number from %d to %d", dc.Through, dc.Sentence, len(rs.sents))
	default:
		last := max(dc.Through, dc.Sentence)
		return Span{rs.sents[dc.Sentence-1].Start, rs.sents[last-1].End}, true
	}
	return Span{}, false
}

func (rs *resolver) agent(f string, da DraftAgent, labels map[string]string, ev Span) (Agent, bool) {
	switch {
	case da.Cluster != "" && da.Anchor != nil:
		rs.add(f, ErrSchema, "a cluster label and a text: give one")
	case da.Cluster != "":
		id, ok := labels[da.Cluster]
		if !ok {
			rs.add(f, ErrRef, "%q is not a cluster label of the entities (%s); a speaker that is not a PER or ORG cluster is given as {\"text\": …}", da.Cluster, labelList(labels))
			return Agent{}, false
		}
		if da.Anonymous {
			rs.add(f+".anonymous", ErrSchema, "a named cluster is not anonymous")
		}
		return Agent{Cluster: id}, true
	case da.Anchor != nil:
		s, err := rs.one(*da.Anchor, ev)
		if err != nil {
			rs.errs = append(rs.errs, &Error{Field: f, Err: err})
			return Agent{}, false
		}
		return Agent{Span: &s, Anonymous: da.Anonymous}, true
	default:
		rs.add(f, ErrSchema, "empty: give a cluster label or a text")
	}
	return Agent{}, false
}

// one resolves an anchor to a single span inside scope (or inside its
// own Sentence when it names one).
func (rs *resolver) one(a Anchor, scope Span) (Span, error) {
	spans, err := rs.find(a, scope)
	if err != nil {
		return Span{}, err
	}
	if a.N > 0 {
		if a.N > len(spans) {
			return Span{}, errorf(ErrNotFound, "%q: n is %d but it occurs %d times%s", a.Text, a.N, len(spans), rs.where(spans))
		}
		return spans[a.N-1], nil
	}
	if len(spans) > 1 {
		return Span{}, errorf(ErrAmbiguous, "%q occurs %d times%s; add before, after, sentence or n", a.Text, len(spans), rs.where(spans))
	}
	return spans[0], nil
}

// where lists the sentences of spans for a message.
func (rs *resolver) where(spans []Span) string {
	var ns []string
	for _, s := range spans {
		ns = append(ns, fmt.Sprint(sentenceAt(rs.sents, s.Start)))
	}
	return " (in sentences " + strings.Join(ns, ", ") + ")"
}

// find returns every occurrence of the anchor's text in scope (or in its
// Sentence) on word boundaries that fits Before and After.
func (rs *resolver) find(a Anchor, scope Span) ([]Span, error) {
	if a.N < 0 || a.Sentence < 0 {
		return nil, errorf(ErrSchema, "n and sentence count from 1")
	}
	if a.Sentence > 0 {
		if a.Sentence > len(rs.sents) {
			return nil, errorf(ErrRef, "sentence %d, but the article has %d", a.Sentence, len(rs.sents))
		}
		s := rs.sents[a.Sentence-1]
		scope = s
	}
	needle := normalize(a.Text).s
	needle = strings.TrimSpace(needle)
	if needle == "" {
		return nil, errorf(ErrSchema, "empty text")
	}
	before := strings.TrimRight(normalize(a.Before).s, " ")
	after := strings.TrimLeft(normalize(a.After).s, " ")
	n := rs.norm
	var out []Span
	loose := 0
	for i := 0; i+len(needle) <= len(n.s); {
		k := strings.Index(n.s[i:], needle)
		if k < 0 {
			break
		}
		j := i + k
		s := Span{n.from[j], n.to[j+len(needle)-1]}
		_, size := utf8.DecodeRuneInString(n.s[j:])
		i = j + size
		if s.Start < scope.Start || s.End > scope.End {
			continue
		}
		if !wordBounded(rs.text, s.Start, s.End) {
			loose++
			continue
		}
		if before != "" && !strings.HasSuffix(strings.TrimRight(n.s[:j], " "), before) {
			continue
		}
		if after != "" && !strings.HasPrefix(strings.TrimLeft(n.s[j+len(needle):], " "), after) {
			continue
		}
		out = append(out, s)
	}
	if len(out) == 0 {
		return nil, rs.notFound(a, needle, scope, loose)
	}
	return out, nil
}

// notFound explains why an anchor matched nothing.
func (rs *resolver) notFound(a Anchor, needle string, scope Span, loose int) error {
	in := "in the article"
	if scope.Start > 0 || scope.End < len(rs.text) {
		in = fmt.Sprintf("in sentence %d", sentenceAt(rs.sents, scope.Start))
		if last := sentenceAt(rs.sents, scope.End-1); last != sentenceAt(rs.sents, scope.Start) {
			in = fmt.Sprintf("in sentences %d-%d", sentenceAt(rs.sents, scope.Start), last)
		}
	}
	var hint string
	switch {
	case loose > 0:
		hint = fmt.Sprintf("; it occurs %d times inside longer words", loose)
	case a.Before != "" || a.After != "":
		hint = "; check before and after"
	case strings.Contains(strings.ToLower(rs.norm.s), strings.ToLower(needle)):
		hint = "; it occurs with other capitalization: copy it as written"
	}
	return errorf(ErrNotFound, "%q not found %s%s", a.Text, in, hint)
}

// normText is a text with white space runs folded to one space and quote
// and dash variants folded to ASCII; from[i] and to[i] give the original
// byte range of the character that normalized byte i comes from.
type normText struct {
	s        string
	from, to []int
}

func normalize(t string) normText {
	var b strings.Builder
	from := make([]int, 0, len(t))
	to := make([]int, 0, len(t))
	emit := func(s string, a, z int) {
		b.WriteString(s)
		for range len(s) {
			from = append(from, a)
			to = append(to, z)
		}
	}
	for i := 0; i < len(t); {
		r, size := utf8.DecodeRuneInString(t[i:])
		switch {
		case unicode.IsSpace(r):
			j := i + size
			for j < len(t) {
				r2, s2 := utf8.DecodeRuneInString(t[j:])
				if !unicode.IsSpace(r2) {
					break
				}
				j += s2
			}
			emit(" ", i, j)
			i = j
			continue
		case r == '\u00ad' || r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\ufeff':
			// soft hyphen and zero-width characters vanish
		case strings.ContainsRune("\u2018\u2019\u201a\u201b\u2032\u02bc`", r):
			emit("'", i, i+size)
		case strings.ContainsRune("\u201c\u201d\u201e\u201f\u2033", r):
			emit(`"`, i, i+size)
		case strings.ContainsRune("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", r):
			emit("-", i, i+size)
		default:
			emit(t[i:i+size], i, i+size)
		}
		i += size
	}
	return normText{s: b.String(), from: from, to: to}
}
