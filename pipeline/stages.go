package pipeline

import (
	"context"
	"fmt"
	"strings"

	"dossier"
	"dossier/adverse"
	"dossier/claims"
	"dossier/recognize"
	"dossier/relate"
	"dossier/resolve"
	"dossier/roles"
)

// Recognize finds named entities, amounts, percentages and dates with a
// trained model (recognize.Default when Model is nil).
type Recognize struct {
	Model *recognize.Model
}

func (Recognize) Name() string       { return "recognize" }
func (Recognize) Requires() []string { return []string{"sentences"} }
func (Recognize) Assigns() []string  { return []string{"mentions"} }
func (r Recognize) Process(_ context.Context, d *Doc) error {
	m := r.Model
	if m == nil {
		m = recognize.Default()
	}
	ms := m.RecognizeSentences(d.Text, d.Sentences)
	d.Mentions = make([]dossier.Mention, len(ms))
	for i, x := range ms {
		d.Mentions[i] = dossier.Mention{Start: x.Start, End: x.End, Text: x.Text, Label: x.Label}
	}
	return nil
}

// Resolve groups mentions into one entity each.
type Resolve struct{}

func (Resolve) Name() string       { return "resolve" }
func (Resolve) Requires() []string { return []string{"sentences", "mentions"} }
func (Resolve) Assigns() []string  { return []string{"entities"} }
func (Resolve) Process(_ context.Context, d *Doc) error {
	d.Entities = resolve.Resolve(d.Text, d.Sentences, d.Mentions)
	return nil
}

// Roles gives people their posts and relations, and PEP marks.
type Roles struct{}

func (Roles) Name() string       { return "roles" }
func (Roles) Requires() []string { return []string{"sentences", "entities"} }
func (Roles) Assigns() []string  { return []string{"roles"} }
func (Roles) Process(_ context.Context, d *Doc) error {
	roles.Assign(d.Text, d.Sentences, d.Entities)
	return nil
}

// Relate types the ties between entities that roles found (package relate).
type Relate struct{}

func (Relate) Name() string       { return "relate" }
func (Relate) Requires() []string { return []string{"entities", "roles"} }
func (Relate) Assigns() []string  { return []string{"relations"} }
func (Relate) Process(_ context.Context, d *Doc) error {
	d.Relations = relate.Relations(d.Text, d.Entities)
	return nil
}

// Claims reads who is said to have done what (package claims).
type Claims struct{}

func (Claims) Name() string       { return "claims" }
func (Claims) Requires() []string { return []string{"sentences", "entities", "roles"} }
func (Claims) Assigns() []string  { return []string{"claims"} }
func (Claims) Process(_ context.Context, d *Doc) error {
	d.Claims = claims.Extract(d.Text, d.Sentences, d.Entities)
	return nil
}

// Adverse judges the whole article: is it adverse media? The score is
// the calibrated probability of the trained classifier (package
// adverse); the topics are those of the article's claims that are not
// denials or acquittals; the drivers are the sentences that push the
// score up most, then the evidence of the claims.
type Adverse struct {
	Model *adverse.Model
}

func (Adverse) Name() string       { return "adverse" }
func (Adverse) Requires() []string { return []string{"claims"} }
func (Adverse) Assigns() []string  { return []string{"adverse"} }
func (a Adverse) Process(_ context.Context, d *Doc) error {
	m := a.Model
	if m == nil {
		m = adverse.Default()
	}
	r := m.Score(d.Text)
	out := &dossier.Adverse{Score: r.Score, Adverse: r.Adverse, Topics: []string{}, Drivers: []dossier.Evidence{}}
	seenTopic := map[string]bool{}
	for _, c := range d.Claims {
		if c.Stance == dossier.StanceDenied || c.Stance == dossier.StanceCleared {
			continue
		}
		for _, t := range append([]string{c.Topic}, c.Topics...) {
			if t != "" && !seenTopic[t] {
				seenTopic[t] = true
				out.Topics = append(out.Topics, t)
			}
		}
	}
	seen := map[int]bool{}
	add := func(start, end int) {
		if seen[start] || start < 0 || end > len(d.Text) || start >= end || len(out.Drivers) >= 8 {
			return
		}
		seen[start] = true
		out.Drivers = append(out.Drivers, dossier.Evidence{Start: start, End: end, Text: d.Text[start:end]})
	}
	for _, s := range r.Sentences {
		add(s.Start, s.End)
	}
	for _, c := range d.Claims {
		if c.Stance != dossier.StanceDenied && c.Stance != dossier.StanceCleared {
			add(c.Evidence.Start, c.Evidence.End)
		}
	}
	d.Adverse = out
	return nil
}

// Components lists the stages dossier knows, by name, in pipeline order.
func Components() map[string]Component {
	return map[string]Component{
		"segment":   Segment{},
		"recognize": Recognize{},
		"resolve":   Resolve{},
		"roles":     Roles{},
		"relate":    Relate{},
		"claims":    Claims{},
		"adverse":   Adverse{},
	}
}

// DefaultNames is the default pipeline, as data.
var DefaultNames = []string{"segment", "recognize", "resolve", "roles", "relate", "claims", "adverse"}

// FromNames builds a pipeline from component names.
func FromNames(names []string) (*Pipeline, error) {
	known := Components()
	var cs []Component
	for _, n := range names {
		c, ok := known[strings.TrimSpace(n)]
		if !ok {
			return nil, fmt.Errorf("pipeline: unknown component %q", n)
		}
		cs = append(cs, c)
	}
	return New(cs...)
}

// Default returns the default pipeline.
func Default() *Pipeline {
	p, err := FromNames(DefaultNames)
	if err != nil {
		panic(err) // the default names are fixed: a test guards them
	}
	return p
}
