// Package pipeline runs the extraction stages over one document, in
// order: segment → recognize → resolve → roles (and, as they arrive,
// the later stages). Each stage is a Component with a name, what it
// needs and what it provides; New refuses a pipeline in which a
// component needs something no earlier component assigns, so a
// misconfigured pipeline fails when built, not halfway through a run.
//
// A Doc owns the text once; sentences, mentions and entities are byte
// ranges into it, as spaCy's spans are views into its Doc.
//
// # Cost and cancellation
//
// Every stage takes time linear in the length of the text, whether or
// not it is broken into paragraphs: where a stage weighs pairs (a span
// and its cue, a mention and its antecedents, a claim and the document
// around it), it weighs a fixed window of candidates, documented where
// it is defined (attribute.maxCueCandidates, coref's maxBackSentences,
// maxBackMentions and maxStringCands), or looks them up in an index
// built once per document (claimml's index.go). BenchmarkParagraph
// checks this on one paragraph of 64 KB, 256 KB and 1 MB.
//
// Run stops once its context ends and returns ctx.Err(): recognize
// looks between sentences, coref between mentions, attribute between
// paragraphs and every 1,024 tokens of a long one, claims (and
// claim-rules) between sentences, parse with each sentence it parses
// for claims; segment, resolve, roles, relate and adverse are single
// passes after which Run looks before the next stage.
package pipeline

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"dossier"
	"dossier/segment"
)

// Doc is one document moving through the pipeline.
type Doc struct {
	ID        string
	Text      string
	Sentences []segment.Sentence
	// Syntax is the parse of the sentences, made on demand (stage
	// "parse"): Syntax.Sentence(i)[j] is the Arc of token j of sentence i.
	Syntax   *Syntax
	Mentions []dossier.Mention
	Entities []dossier.DocEntity
	Claims   []dossier.Claim
	// Attributions are who says what (package attribute).
	Attributions []dossier.Attribution
	Relations    []dossier.Relation
	Adverse      *dossier.Adverse
}

// Component is one stage.
type Component interface {
	Name() string
	Requires() []string // what must be assigned before it runs: "sentences", "mentions", "entities", …
	Assigns() []string
	Process(ctx context.Context, d *Doc) error
}

// Pipeline is an ordered list of components.
type Pipeline struct {
	components []Component
}

// New checks that every component's requirements are assigned by a
// component before it and returns the pipeline.
func New(components ...Component) (*Pipeline, error) {
	assigned := map[string]string{}
	seen := map[string]bool{}
	for _, c := range components {
		if seen[c.Name()] {
			return nil, fmt.Errorf("pipeline: component %q appears twice", c.Name())
		}
		seen[c.Name()] = true
		for _, r := range c.Requires() {
			if _, ok := assigned[r]; !ok {
				return nil, fmt.Errorf("pipeline: %s requires %q, which no earlier component assigns", c.Name(), r)
			}
		}
		for _, a := range c.Assigns() {
			assigned[a] = c.Name()
		}
	}
	return &Pipeline{components: components}, nil
}

// Names returns the component names in order.
func (p *Pipeline) Names() []string {
	out := make([]string, len(p.components))
	for i, c := range p.components {
		out[i] = c.Name()
	}
	return out
}

// Without returns a pipeline without the named components, checked as
// New checks.
func (p *Pipeline) Without(names ...string) (*Pipeline, error) {
	var keep []Component
	for _, c := range p.components {
		if !slices.Contains(names, c.Name()) {
			keep = append(keep, c)
		}
	}
	return New(keep...)
}

// Run processes d with each component in turn, stopping at the first
// failure, which it wraps with the component's name. It stops as soon
// as it can once ctx ends, returning ctx.Err() (wrapped with the name
// of the component that saw it), and d is then incomplete: see the
// package comment for how often each stage looks.
func (p *Pipeline) Run(ctx context.Context, d *Doc) error {
	for _, c := range p.components {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := c.Process(ctx, d); err != nil {
			return fmt.Errorf("%s: %w", c.Name(), err)
		}
	}
	return ctx.Err()
}

// Extract runs the pipeline over text and returns what it found.
func (p *Pipeline) Extract(ctx context.Context, id, text string) (*dossier.Extraction, error) {
	d := &Doc{ID: id, Text: text}
	if err := p.Run(ctx, d); err != nil {
		return nil, err
	}
	ents := d.Entities
	if ents == nil {
		ents = []dossier.DocEntity{}
	}
	return &dossier.Extraction{DocumentID: id, Text: text, Entities: ents,
		Claims: nonNil(d.Claims), Attributions: nonNil(d.Attributions), Relations: nonNil(d.Relations), Sources: sources(d.Claims), Adverse: d.Adverse,
		Pipeline: p.Names(), Version: dossier.Version}, nil
}

// String describes the pipeline: "segment → recognize → …".
func (p *Pipeline) String() string { return strings.Join(p.Names(), " → ") }

// Segment splits the text into sentences and tokens.
type Segment struct{}

func (Segment) Name() string       { return "segment" }
func (Segment) Requires() []string { return nil }
func (Segment) Assigns() []string  { return []string{"sentences"} }
func (Segment) Process(_ context.Context, d *Doc) error {
	d.Sentences = segment.Sentences(d.Text)
	return nil
}

func nonNil[T any](xs []T) []T {
	if xs == nil {
		return []T{}
	}
	return xs
}

// sources lists the distinct sources of the claims, in order of
// appearance.
func sources(cs []dossier.Claim) []dossier.Source {
	out := []dossier.Source{}
	seen := map[string]bool{}
	for _, c := range cs {
		for _, s := range c.Sources {
			k := s.Entity
			if k == "" {
				k = "#" + strings.ToLower(s.Name)
			}
			if !seen[k] {
				seen[k] = true
				out = append(out, s)
			}
		}
	}
	return out
}
