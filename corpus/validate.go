package corpus

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"dossier/claims"
)

// Validate checks a record against the text of its article: every span
// inside the text, on character boundaries, without leading or trailing
// space, names on word boundaries; enums known; cluster, subject and
// speaker ids resolved. It returns every problem, each an *Error with
// Field set (File and Line are the caller's).
func (r *Record) Validate(text string) Errors {
	v := validator{text: text}
	v.header(r)
	clusters := v.entities(r.Entities)
	v.claims(r.Claims, clusters)
	v.groups(r.Claims)
	if r.Status == StatusSkipped && (len(r.Entities) > 0 || len(r.Claims) > 0) {
		v.add("status", ErrSchema, "a skipped article has no entities or claims")
	}
	return v.errs
}

type validator struct {
	text string
	errs Errors
}

func (v *validator) add(field string, sentinel error, format string, args ...any) {
	v.errs = append(v.errs, &Error{Field: field, Err: errorf(sentinel, format, args...)})
}

func (v *validator) header(r *Record) {
	if !IsKey(r.Key) {
		v.add("key", ErrSchema, "%q is not a row key (16 lowercase hex digits)", r.Key)
	}
	if h := ArticleHash(v.text); r.ArticleHash != h {
		v.add("article_hash", ErrArticle, "%q, but the article's text hashes to %q: the CSV changed or the key is wrong", r.ArticleHash, h)
	}
	if !validAnnotator(r.Annotator) {
		v.add("annotator", ErrSchema, "%q, want 1-40 of a-z 0-9 . _ - starting with a letter or digit", r.Annotator)
	}
	switch r.Pass {
	case PassFirst, PassSecond, PassAdjudicated:
	default:
		v.add("pass", ErrSchema, "%q, want %q, %q or %q", r.Pass, PassFirst, PassSecond, PassAdjudicated)
	}
	if r.Guide < 1 || r.Guide > GuideVersion {
		v.add("guide", ErrSchema, "%d, want a guide version from 1 to %d", r.Guide, GuideVersion)
	}
	switch r.Status {
	case StatusDone:
		if r.Reason != "" {
			v.add("reason", ErrSchema, "a done record has no reason")
		}
	case StatusSkipped:
		if r.Reason != ReasonNotArticle && r.Reason != ReasonNotEnglish {
			v.add("reason", ErrSchema, "%q, want %q or %q", r.Reason, ReasonNotArticle, ReasonNotEnglish)
		}
	default:
		v.add("status", ErrSchema, "%q, want %q or %q", r.Status, StatusDone, StatusSkipped)
	}
}

func validAnnotator(s string) bool {
	if len(s) == 0 || len(s) > 40 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		alnum := 'a' <= c && c <= 'z' || '0' <= c && c <= '9'
		if !alnum && (i == 0 || c != '.' && c != '_' && c != '-') {
			return false
		}
	}
	return true
}

// spanRules say what a kind of span must look like.
type spanRules struct {
	words     bool // starts and ends on word boundaries
	oneLine   bool // holds no line break
	maxLength int  // in bytes; 0 for no limit
}

var (
	nameRules     = spanRules{words: true, oneLine: true, maxLength: 200}
	triggerRules  = spanRules{words: true, oneLine: true, maxLength: 120}
	descRules     = spanRules{words: true, oneLine: true, maxLength: 300}
	evidenceRules = spanRules{}
)

// span checks s against the text and the rules, reporting under field.
func (v *validator) span(field string, s Span, rules spanRules) bool {
	t := v.text
	switch {
	case s.Start < 0 || s.End > len(t) || s.Start >= s.End:
		v.add(field, ErrSpan, "%d:%d outside the article (0:%d) or empty", s.Start, s.End, len(t))
		return false
	case !boundary(t, s.Start) || !boundary(t, s.End):
		v.add(field, ErrSpan, "%d:%d cuts a UTF-8 character", s.Start, s.End)
		return false
	}
	first, _ := utf8.DecodeRuneInString(t[s.Start:])
	last, _ := utf8.DecodeLastRuneInString(t[:s.End])
	if unicode.IsSpace(first) || unicode.IsSpace(last) {
		v.add(field, ErrSpan, "%d:%d %q starts or ends with white space", s.Start, s.End, clip(t[s.Start:s.End]))
		return false
	}
	if rules.oneLine && strings.ContainsAny(t[s.Start:s.End], "\n\r\u2028\u2029") {
		v.add(field, ErrSpan, "%d:%d crosses a line break", s.Start, s.End)
		return false
	}
	if rules.maxLength > 0 && s.End-s.Start > rules.maxLength {
		v.add(field, ErrSpan, "%d:%d is %d bytes long, more than %d", s.Start, s.End, s.End-s.Start, rules.maxLength)
		return false
	}
	if rules.words && !wordBounded(t, s.Start, s.End) {
		v.add(field, ErrSpan, "%d:%d %q starts or ends inside a word", s.Start, s.End, clip(t[s.Start:s.End]))
		return false
	}
	return true
}

// boundary reports whether i is the start of a character of t (or its end).
func boundary(t string, i int) bool {
	return i == len(t) || utf8.RuneStart(t[i])
}

// wordBounded reports whether [a, b) neither starts nor ends inside a
// word: a letter or digit at an edge of the span has no letter or digit
// beside it outside the span.
func wordBounded(t string, a, b int) bool {
	first, _ := utf8.DecodeRuneInString(t[a:])
	last, _ := utf8.DecodeLastRuneInString(t[:b])
	if isWordRune(first) && a > 0 {
		if r, _ := utf8.DecodeLastRuneInString(t[:a]); isWordRune(r) {
			return false
		}
	}
	if isWordRune(last) && b < len(t) {
		if r, _ := utf8.DecodeRuneInString(t[b:]); isWordRune(r) {
			return false
		}
	}
	return true
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// clip shortens s for an error message.
func clip(s string) string {
	const n = 60
	if len(s) <= n {
		return s
	}
	i := n
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i] + "…"
}

// entities checks the mentions and returns the clusters with their type.
func (v *validator) entities(es []Entity) map[string]string {
	clusters := map[string]string{}
	prevEnd, prev := -1, -1
	for i, e := range es {
		f := fmt.Sprintf("entities[%d]", i)
		ok := v.span(f, e.Span(), nameRules)
		if ok && prev >= 0 && e.Start < prevEnd {
			v.add(f, ErrSpan, "%d:%d overlaps or precedes entities[%d] %d:%d: mentions are sorted and never nested", e.Start, e.End, prev, es[prev].Start, es[prev].End)
		}
		if ok {
			prevEnd, prev = e.End, i
		}
		switch e.Type {
		case PER, ORG:
			if !validID(e.Cluster, 'k') {
				v.add(f+".cluster", ErrSchema, "%q, want a cluster id k1, k2, … for a %s mention", e.Cluster, e.Type)
				continue
			}
			if t, seen := clusters[e.Cluster]; seen && t != e.Type {
				v.add(f+".cluster", ErrSchema, "cluster %s holds %s and %s mentions: a cluster is one person or one organization", e.Cluster, t, e.Type)
				continue
			}
			clusters[e.Cluster] = e.Type
		case LOC, MISC:
			if e.Cluster != "" {
				v.add(f+".cluster", ErrSchema, "a %s mention has no cluster (clusters are persons and organizations)", e.Type)
			}
		default:
			v.add(f+".type", ErrSchema, "%q, want PER, ORG, LOC or MISC", e.Type)
		}
	}
	return clusters
}

// validID reports whether s is prefix followed by a positive number
// without leading zeros.
func validID(s string, prefix byte) bool {
	if len(s) < 2 || s[0] != prefix || s[1] == '0' || len(s) > 7 {
		return false
	}
	_, err := strconv.ParseUint(s[1:], 10, 32)
	return err == nil && !strings.ContainsAny(s[1:], "+-")
}

func validStance(s string) bool {
	for _, x := range Stances {
		if s == x {
			return true
		}
	}
	return false
}

func (v *validator) claims(cs []Claim, clusters map[string]string) {
	ids := map[string]int{}
	for i, c := range cs {
		f := fmt.Sprintf("claims[%d]", i)
		if !validID(c.ID, 'c') {
			v.add(f+".id", ErrSchema, "%q, want c1, c2, …", c.ID)
		} else if j, dup := ids[c.ID]; dup {
			v.add(f+".id", ErrDuplicate, "%s is also claims[%d]", c.ID, j)
		} else {
			ids[c.ID] = i
		}
		if _, ok := clusters[c.Subject]; !ok {
			v.add(f+".subject", ErrRef, "%q is not a cluster of the entities", c.Subject)
		}
		if !validStance(c.Stance) {
			v.add(f+".stance", ErrSchema, "%q, want one of %s", c.Stance, strings.Join(Stances, ", "))
		}
		if _, ok := claims.TopicByKey(c.Topic); !ok {
			v.add(f+".topic", ErrSchema, "%q is not a topic key of claims.Topics (docs/claims.md)", c.Topic)
		}
		evOK := v.span(f+".evidence", c.Evidence, evidenceRules)
		if v.span(f+".trigger", c.Trigger, triggerRules) && evOK &&
			(c.Trigger.Start < c.Evidence.Start || c.Trigger.End > c.Evidence.End) {
			v.add(f+".trigger", ErrSpan, "%d:%d lies outside the evidence %d:%d", c.Trigger.Start, c.Trigger.End, c.Evidence.Start, c.Evidence.End)
		}
		if c.Speaker != nil {
			v.agent(f+".speaker", *c.Speaker, clusters)
		} else if len(c.Via) > 0 {
			v.add(f+".via", ErrSchema, "relays without a speaker: the first source is the speaker")
		}
		for j, a := range c.Via {
			v.agent(fmt.Sprintf("%s.via[%d]", f, j), a, clusters)
		}
		switch c.Optional {
		case "", Redundant, Borderline:
		default:
			v.add(f+".optional", ErrSchema, "%q, want %q, %q or absent", c.Optional, Redundant, Borderline)
		}
	}
}

func (v *validator) agent(f string, a Agent, clusters map[string]string) {
	switch {
	case a.Cluster != "" && a.Span != nil:
		v.add(f, ErrSchema, "both a cluster and a span: give one")
	case a.Cluster != "":
		if _, ok := clusters[a.Cluster]; !ok {
			v.add(f+".cluster", ErrRef, "%q is not a cluster of the entities", a.Cluster)
		}
		if a.Anonymous {
			v.add(f+".anonymous", ErrSchema, "a named cluster is not anonymous")
		}
	case a.Span != nil:
		v.span(f+".span", *a.Span, descRules)
	default:
		v.add(f, ErrSchema, "neither a cluster nor a span")
	}
}

// groups checks the one-claim rule: claims with the same subject, stance
// and topic never share evidence, and among those that are not
// borderline the first in the text is required and the rest redundant.
func (v *validator) groups(cs []Claim) {
	order := make([]int, len(cs))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return cs[order[a]].Evidence.Start < cs[order[b]].Evidence.Start })
	type group struct{ subject, stance, topic string }
	first := map[group]int{}
	all := map[group][]int{}
	for _, i := range order {
		c := cs[i]
		g := group{c.Subject, c.Stance, c.Topic}
		for _, j := range all[g] {
			if o := cs[j].Evidence; c.Evidence.Start < o.End && o.Start < c.Evidence.End {
				v.add(fmt.Sprintf("claims[%d]", i), ErrDuplicate, "same subject, stance and topic as claims[%d] in the same evidence: one claim per subject, stance and topic per sentence", j)
			}
		}
		all[g] = append(all[g], i)
		if c.Optional == Borderline {
			continue
		}
		f := fmt.Sprintf("claims[%d].optional", i)
		if j, seen := first[g]; seen {
			if c.Optional != Redundant {
				v.add(f, ErrSchema, "claims[%d] states the same subject, stance and topic earlier: this one is %q", j, Redundant)
			}
			continue
		}
		first[g] = i
		if c.Optional == Redundant {
			v.add(f, ErrSchema, "%q, but no earlier claim has the same subject, stance and topic", Redundant)
		}
	}
}
