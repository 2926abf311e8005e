package pipeline

import (
	"context"
	"fmt"
	"strings"

	"dossier"
	"dossier/adverse"
	"dossier/attribute"
	"dossier/claimml"
	"dossier/claims"
	"dossier/coref"
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
func (r Recognize) Process(ctx context.Context, d *Doc) error {
	m := r.Model
	if m == nil {
		m = recognize.Default()
	}
	ms, err := m.RecognizeSentencesContext(ctx, d.Text, d.Sentences)
	if err != nil {
		return err
	}
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

// Coref gives the persons and organizations that resolve made of names
// the pronouns and descriptions that refer to them ("he", "its", "the
// veteran officer", "the bank"), with the trained coreference model
// (coref.Default() when Model is nil); see coref.Model.Link.
type Coref struct {
	Model *coref.Model
}

func (Coref) Name() string       { return "coref" }
func (Coref) Requires() []string { return []string{"sentences", "mentions", "entities"} }
func (Coref) Assigns() []string  { return []string{"coref"} }
func (c Coref) Process(ctx context.Context, d *Doc) error {
	m := c.Model
	if m == nil {
		m = coref.Default()
	}
	return m.LinkContext(ctx, d.Text, d.Sentences, d.Mentions, d.Entities)
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

// Attribute finds who says what with the trained attribution model
// (attribute.Default when Model is nil), and names the source's entity
// where a mention of one lies in the source span.
type Attribute struct {
	Model *attribute.Model
}

func (Attribute) Name() string       { return "attribute" }
func (Attribute) Requires() []string { return []string{"sentences", "entities"} }
func (Attribute) Assigns() []string  { return []string{"attributions"} }
func (a Attribute) Process(ctx context.Context, d *Doc) error {
	m := a.Model
	if m == nil {
		m = attribute.Default()
	}
	found, err := m.FindContext(ctx, d.Text, d.Sentences)
	if err != nil {
		return err
	}
	d.Attributions = make([]dossier.Attribution, 0, len(found))
	ends := mentionEnds(d.Entities)
	for _, f := range found {
		x := dossier.Attribution{
			Cue:     evidence(d.Text, f.Cue.Start, f.Cue.End),
			Content: evidence(d.Text, f.Content.Start, f.Content.End),
		}
		if !f.Source.IsZero() {
			src := dossier.Source{Name: f.Source.Text(d.Text), Start: f.Source.Start, End: f.Source.End}
			if e := entityIn(d.Entities, ends, f.Source.Start, f.Source.End); e != nil {
				src.Entity, src.Name = e.ID, e.Name
			}
			x.Source = &src
		}
		d.Attributions = append(d.Attributions, x)
	}
	return nil
}

func evidence(text string, start, end int) dossier.Evidence {
	start = max(0, min(start, len(text)))
	end = max(start, min(end, len(text)))
	return dossier.Evidence{Start: start, End: end, Text: text[start:end]}
}

// entityIn returns the person or organization with the last mention
// inside [start, end) (the head of "a former bodyguard for X" is not
// X, so only a span that ends with the mention counts), or nil.
func entityIn(ents []dossier.DocEntity, ends map[int][]mentionAt, start, end int) *dossier.DocEntity {
	for _, m := range ends[end] {
		if m.start >= start {
			return &ents[m.ent]
		}
	}
	return nil
}

// mentionAt is a mention of entity ent that starts at start.
type mentionAt struct{ start, ent int }

// mentionEnds indexes the mentions of persons and organizations by
// their end, in entity order, for entityIn: a look-up per attribution
// instead of a pass over every mention of the document.
func mentionEnds(ents []dossier.DocEntity) map[int][]mentionAt {
	out := map[int][]mentionAt{}
	for i := range ents {
		e := &ents[i]
		if e.Type != "PER" && e.Type != "ORG" {
			continue
		}
		for _, m := range e.Mentions {
			out[m.End] = append(out[m.End], mentionAt{m.Start, i})
		}
	}
	return out
}

// Claims reads who is said to have done what with the learned claim
// model (package claimml; claimml.Default() when Model is nil), which
// takes the rules' claims (package claims) as features.
type Claims struct {
	Model *claimml.Model
}

func (Claims) Name() string       { return "claims" }
func (Claims) Requires() []string { return []string{"sentences", "entities", "roles"} }
func (Claims) Assigns() []string  { return []string{"claims"} }
func (c Claims) Process(ctx context.Context, d *Doc) error {
	m := c.Model
	if m == nil {
		m = claimml.Default()
	}
	cs, err := m.ExtractContext(ctx, claimml.Doc{Text: d.Text, Sentences: d.Sentences, Entities: d.Entities, Attributions: d.Attributions, Syntax: d.Syntax.Func()})
	if err != nil {
		return err
	}
	d.Claims = cs
	return nil
}

// ClaimRules reads the claims by the rules alone (package claims), the
// baseline of the learned model.
type ClaimRules struct{}

func (ClaimRules) Name() string       { return "claim-rules" }
func (ClaimRules) Requires() []string { return []string{"sentences", "entities", "roles"} }
func (ClaimRules) Assigns() []string  { return []string{"claims"} }
func (ClaimRules) Process(ctx context.Context, d *Doc) error {
	cs, err := claims.ExtractContext(ctx, d.Text, d.Sentences, d.Entities, d.Attributions)
	if err != nil {
		return err
	}
	d.Claims = cs
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
	if len(out.Topics) == 0 && r.Adverse {
		// no claim names a subject: what the driving sentences are about
		for _, dr := range r.Sentences {
			for _, s := range d.Sentences {
				if s.Start == dr.Start {
					for _, t := range claims.SentenceTopics(d.Text, s) {
						if !seenTopic[t] {
							seenTopic[t] = true
							out.Topics = append(out.Topics, t)
						}
					}
				}
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
		"segment":     Segment{},
		"parse":       Parse{},
		"recognize":   Recognize{},
		"resolve":     Resolve{},
		"coref":       Coref{},
		"roles":       Roles{},
		"relate":      Relate{},
		"attribute":   Attribute{},
		"claims":      Claims{},
		"claim-rules": ClaimRules{},
		"adverse":     Adverse{},
	}
}

// DefaultNames is the default pipeline, as data.
var DefaultNames = []string{"segment", "parse", "recognize", "resolve", "coref", "roles", "relate", "attribute", "claims", "adverse"}

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
