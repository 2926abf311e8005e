package dossier

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Mention is one occurrence of an entity in a document's text: a byte
// range [Start, End) of the repaired text, with the label a recognizer
// gave it (PER, ORG, LOC, MISC, MONEY, DATE, PERCENT).
type Mention struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
	Label string `json:"label,omitempty"`
	// Kind is how the mention refers to its entity: "name", "pronoun"
	// ("he", "its") or "nominal" (a description: "the veteran officer",
	// "the bank"); set by the resolve and coref stages.
	Kind string `json:"kind,omitempty"`
}

// Role is a post, function or relation that a document gives a person:
// "head of the Venezuelan National Assembly", "former bodyguard for the
// late Hugo Chávez", "Venezuela's president", "the ABC reporter who
// broke the story".
type Role struct {
	Title    string   `json:"title"`               // normalized post: "president", "head", "bodyguard", "reporter"
	Text     string   `json:"text"`                // the phrase as written
	Of       string   `json:"of,omitempty"`        // what the post is of or for, as written ("the Venezuelan National Assembly")
	OfEntity string   `json:"of_entity,omitempty"` // ID of that entity in the document, when resolved
	Former   bool     `json:"former,omitempty"`
	Topics   []string `json:"topics,omitempty"` // e.g. role.pep, gov.head, gov.legislative
	Start    int      `json:"start"`            // evidence: byte range of the phrase
	End      int      `json:"end"`
}

// DocEntity is one entity of a document after in-document resolution:
// every surface form that names it ("Hugo Carvajal", `"El Pollo"`,
// "Gen. Carvajal", "Carvajal") grouped under one canonical name.
type DocEntity struct {
	ID       string    `json:"id"`   // unique within the document: "e1", "e2", …
	Type     string    `json:"type"` // PER, ORG, LOC, MISC, MONEY, DATE, PERCENT
	Name     string    `json:"name"` // canonical name
	Aliases  []string  `json:"aliases"`
	Titles   []string  `json:"titles,omitempty"` // honorifics and ranks before the name: Gen., Capt., Mr.
	Mentions []Mention `json:"mentions"`
	Roles    []Role    `json:"roles"`
	Topics   []string  `json:"topics"`             // e.g. role.pep, gov.head
	Deceased bool      `json:"deceased,omitempty"` // "the late Hugo Chávez"
	Country  string    `json:"country,omitempty"`  // ISO code from demonyms or places, if known
}

// Extraction is what the pipeline learns from one document.
type Extraction struct {
	DocumentID string      `json:"document_id,omitempty"`
	Text       string      `json:"text"`
	Entities   []DocEntity `json:"entities"`
	Claims     []Claim     `json:"claims"`
	// Attributions are who says what, as the attribution model reads
	// it; claims draw their speakers from them where no rule finds one.
	Attributions []Attribution `json:"attributions"`
	Relations    []Relation    `json:"relations"`
	Sources      []Source      `json:"sources"` // the distinct sources the document cites
	Adverse      *Adverse      `json:"adverse,omitempty"`
	Pipeline     []string      `json:"pipeline"` // names of the components that produced it
	Version      string        `json:"version"`
}

// Stances of a claim: how far an accusation has gone, or its answer.
const (
	StanceAlleged    = "alleged"    // someone says the subject did it
	StanceCharged    = "charged"    // arrested, indicted, charged, wanted
	StanceConvicted  = "convicted"  // found guilty, sentenced, pleaded guilty
	StanceSanctioned = "sanctioned" // designated, listed, sanctioned
	StanceDenied     = "denied"     // the subject or someone for them denies it
	StanceCleared    = "cleared"    // acquitted, charges dropped, exonerated
	StanceReported   = "reported"   // a neutral mention of the subject and a risk
)

// Evidence is a byte range of the document text with the text itself.
type Evidence struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
}

// Source is one link of a claim's source chain: an entity of the
// document, or a descriptor kept as written ("anonymous sources within
// the U.S. investigation").
type Source struct {
	Entity string `json:"entity,omitempty"` // DocEntity ID, when the source is one
	Name   string `json:"name"`             // the entity's name, or the descriptor as written
	Cue    string `json:"cue,omitempty"`    // how it passed the claim on: "told", "according to", "reported"
	// Anonymous marks a descriptor that hides who the source is:
	// "people close to the case", "a former official who asked not to be
	// named".
	Anonymous bool `json:"anonymous,omitempty"`
	Start     int  `json:"start"`
	End       int  `json:"end"`
}

// Claim is an assertion that an entity is involved in a risk: who is
// said to have done what, how far it has gone (Stance), who says so and
// through whom, and the sentence that says it. FollowTheMoney has no
// such schema; this is dossier's own.
type Claim struct {
	ID          string   `json:"id"`      // unique within the document: "c1", "c2", …
	Subject     string   `json:"subject"` // DocEntity ID
	SubjectName string   `json:"subject_name"`
	Topic       string   `json:"topic"`            // e.g. crime.traffick.drug, crime.corrupt, crime.fin.launder
	Topics      []string `json:"topics,omitempty"` // every topic the evidence names, Topic first, when more than one
	Stance      string   `json:"stance"`           // one of the Stance constants
	Speaker     *Source  `json:"speaker,omitempty"`
	Cue         string   `json:"cue,omitempty"`     // "told investigators", "denied", "according to"
	Content     Evidence `json:"content"`           // what is asserted
	Evidence    Evidence `json:"evidence"`          // the sentence(s) that carry it
	Sources     []Source `json:"sources,omitempty"` // chain, from the origin to the publisher
	Denies      string   `json:"denies,omitempty"`  // for a denial or clearing: the ID of the claim it answers
}

// Attribution is one report of what someone says: the source as
// written (with its entity when one of the document's names it), the
// reporting cue and the content, each a byte range of the text. A
// quotation broken by its cue gives two attributions.
type Attribution struct {
	Source  *Source  `json:"source,omitempty"` // absent when unnamed
	Cue     Evidence `json:"cue"`
	Content Evidence `json:"content"` // empty when the model found none
}

// Relation links two entities of a document, typed with a FollowTheMoney
// edge schema (Occupancy, Membership, Employment, Associate, Family,
// Directorship, UnknownLink).
type Relation struct {
	Schema   string   `json:"schema"`
	Subject  string   `json:"subject"` // DocEntity ID: the person (member, employee, …)
	Object   string   `json:"object"`  // DocEntity ID: the organization, post holder or relative
	Role     string   `json:"role,omitempty"`
	Evidence Evidence `json:"evidence"`
}

// Adverse is the article-level adverse-media judgement.
type Adverse struct {
	Score   float64    `json:"score"` // calibrated probability that the article is adverse media
	Adverse bool       `json:"adverse"`
	Topics  []string   `json:"topics"`  // risk topics of its claims
	Drivers []Evidence `json:"drivers"` // the sentences that drive the score
}

// SubjectAdverse is the adverse-media judgement of a document for one
// subject (a screened name): is the article adverse media for it, not
// only adverse in itself? An article about someone else's fraud that
// names the subject as a witness, a victim or in passing is not.
type SubjectAdverse struct {
	Score   float64 `json:"score"` // calibrated probability that the article is adverse media for the subject
	Adverse bool    `json:"adverse"`
	// Article is the article-level score the subject score builds on
	// (Adverse.Score of the same document, as the current model gives it).
	Article  float64  `json:"article"`
	Entities []string `json:"entities"` // IDs of the document's entities that bear the subject's names
	Mentions int      `json:"mentions"` // mentions of those entities (or occurrences of the names' words)
	Claims   int      `json:"claims"`   // claims whose subject they are
	Speaker  int      `json:"speaker"`  // claims and reports they are the source of
}

// EntityDossier is what the stored news says about one name: each
// document entity that bears it, with its roles and the claims,
// relations and adverse-media judgement of its document.
type EntityDossier struct {
	Name    string         `json:"name"`
	Entries []DossierEntry `json:"entries"` // oldest document first
}

// EntityRef is a document entity and the document it is in, as a
// store's look-up by name finds it.
type EntityRef struct {
	DocumentID string
	Entity     DocEntity
}

// AssembleDossier makes the dossier of name from the document entities
// refs that bear it: each with its document (doc) and, from its
// document's extraction (extraction), the claims whose subject it is,
// the relations it takes part in and the adverse-media judgement;
// oldest document first (by publication date, else ingestion). No refs
// is ErrNotFound.
func AssembleDossier(ctx context.Context, name string, refs []EntityRef,
	doc func(ctx context.Context, id string) (*Document, error),
	extraction func(ctx context.Context, documentID string) (*Extraction, error)) (*EntityDossier, error) {
	if len(refs) == 0 {
		return nil, fmt.Errorf("no entity named %q in the stored documents: %w", name, ErrNotFound)
	}
	out := &EntityDossier{Name: name, Entries: []DossierEntry{}}
	for _, r := range refs {
		d, err := doc(ctx, r.DocumentID)
		if err != nil {
			return nil, err
		}
		x, err := extraction(ctx, r.DocumentID)
		if err != nil {
			return nil, err
		}
		e := DossierEntry{Document: d, Entity: r.Entity, Adverse: x.Adverse}
		e.Claims, e.Relations = x.About(r.Entity.ID)
		out.Entries = append(out.Entries, e)
	}
	when := func(d *Document) int64 {
		if !d.Published.IsZero() {
			return d.Published.Unix()
		}
		return d.Ingested.Unix()
	}
	sort.SliceStable(out.Entries, func(i, j int) bool { return when(out.Entries[i].Document) < when(out.Entries[j].Document) })
	return out, nil
}

// About returns the claims of x whose subject is the entity with that
// ID and the relations it takes part in, both empty (not nil) when
// there are none.
func (x *Extraction) About(entityID string) ([]Claim, []Relation) {
	claims, relations := []Claim{}, []Relation{}
	for _, c := range x.Claims {
		if c.Subject == entityID {
			claims = append(claims, c)
		}
	}
	for _, rel := range x.Relations {
		if rel.Subject == entityID || rel.Object == entityID {
			relations = append(relations, rel)
		}
	}
	return claims, relations
}

// DossierEntry is one document's part of a dossier.
type DossierEntry struct {
	Document  *Document  `json:"-"`
	Entity    DocEntity  `json:"entity"`
	Claims    []Claim    `json:"claims"`    // claims whose subject is Entity
	Relations []Relation `json:"relations"` // relations Entity takes part in
	Adverse   *Adverse   `json:"adverse,omitempty"`
}

// Arc is the syntax of one token of a sentence, as the parse stage gives
// it: the token's part of speech (Universal Dependencies UPOS), the index
// of its head token in the same sentence (-1 for the root) and the
// relation to it (a UD deprel such as "nsubj" or "obl:tmod").
type Arc struct {
	UPOS string `json:"upos"`
	Head int    `json:"head"`
	Rel  string `json:"rel"`
}

// FoldName lower-cases s, strips accents and collapses white space, for
// look-ups that should not depend on how a name was typed: the
// stores key news entities by it.
func FoldName(s string) string {
	var b strings.Builder
	space := false
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}
