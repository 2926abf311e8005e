// Package export writes what dossier holds as FollowTheMoney entities in
// JSON lines, the format OpenSanctions publishes and FtM tools (yente,
// nomenklatura, Aleph's ftm commands) read: the entities of the current
// list versions as stored (targets, Sanction entities, …), and, when
// asked, the stored news: each document as an Article or Document, each
// person and organization found in it with a Documentation edge to it,
// the relations between them as FtM edges (Employment, Directorship,
// Ownership, Membership, Family, Associate, Representation, Occupancy of
// a Position, UnknownLink) and the claims made about them.
//
// FtM has no schema for a claim, so claims go out in an extension of the
// line format: a "claims" array on the line of the claim's subject,
// whose topics are also added to the subject's topics property. Readers
// that do not know the extension ignore the key. docs/ftm-export.md
// describes the format.
//
// Usage:
//
//	x := export.New(lists, extractions)
//	x.News = true
//	st, err := x.Export(ctx, os.Stdout)
package export

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"dossier"
)

// ListSource reads the entities of every dataset's current list version
// (sqlite.ListService).
type ListSource interface {
	CurrentEntities(ctx context.Context, fn func(*dossier.Entity) error) error
}

// NewsSource reads the stored documents with their extractions
// (sqlite.ExtractionService): every document with an extraction when
// ids is nil.
type NewsSource interface {
	FindExtractions(ctx context.Context, ids []string, fn func(*dossier.Document, *dossier.Extraction) error) error
}

// NewsDataset is the dataset named by the entities made from the news.
const NewsDataset = "news"

// Exporter writes FtM entity lines. Set the options before Export.
type Exporter struct {
	Lists ListSource
	News  NewsSource // required when IncludeNews
	// Dataset keeps only the list entities of one dataset (e.g.
	// us_ofac_sdn); "" keeps every dataset. The news is not a list
	// dataset and is written whenever IncludeNews is set.
	Dataset string
	// IncludeNews adds the stored news after the lists.
	IncludeNews bool
	// ExcludeLists leaves the list entities out (news only).
	ExcludeLists bool
}

// New returns an Exporter of the lists, with news when news is not nil
// and IncludeNews is set.
func New(lists ListSource, news NewsSource) *Exporter {
	return &Exporter{Lists: lists, News: news}
}

// Stats counts what an export wrote.
type Stats struct {
	Entities  int            `json:"entities"`  // lines written
	Schemata  map[string]int `json:"schemata"`  // lines per schema
	Documents int            `json:"documents"` // news documents read
	Claims    int            `json:"claims"`    // claims written on their subjects
	// Unattached counts claims left out because their subject is not
	// a person or organization of the export (a place, a misc name).
	Unattached int `json:"unattached"`
}

// Line is one line of the export: a FollowTheMoney entity in the JSON
// shape FtM tools read, plus the claims extension.
type Line struct {
	ID         string              `json:"id"`
	Schema     string              `json:"schema"`
	Caption    string              `json:"caption,omitempty"`
	Properties map[string][]string `json:"properties"`
	Datasets   []string            `json:"datasets,omitempty"`
	Referents  []string            `json:"referents,omitempty"`
	FirstSeen  string              `json:"first_seen,omitempty"`
	LastSeen   string              `json:"last_seen,omitempty"`
	// Claims is dossier's extension: what the news claims about the
	// entity (docs/ftm-export.md).
	Claims []Claim `json:"claims,omitempty"`
}

// Claim is one claim in the export's extension: dossier.Claim with the
// references made FtM entity IDs of the same export.
type Claim struct {
	ID       string           `json:"id"`       // unique in the export: the document's entity prefix and the claim's ID
	Document string           `json:"document"` // ID of the Article or Document entity that makes it
	Topic    string           `json:"topic"`
	Topics   []string         `json:"topics,omitempty"`
	Stance   string           `json:"stance"`
	Speaker  *Source          `json:"speaker,omitempty"`
	Cue      string           `json:"cue,omitempty"`
	Content  dossier.Evidence `json:"content"`
	Evidence dossier.Evidence `json:"evidence"`
	Sources  []Source         `json:"sources,omitempty"`
	Denies   string           `json:"denies,omitempty"` // ID (as above) of the claim it answers
}

// Source is a link of a claim's source chain; Entity is the FtM ID of
// the speaker's entity when it is exported.
type Source struct {
	Entity    string `json:"entity,omitempty"`
	Name      string `json:"name"`
	Cue       string `json:"cue,omitempty"`
	Anonymous bool   `json:"anonymous,omitempty"`
	Start     int    `json:"start"`
	End       int    `json:"end"`
}

// Export writes the entities to w, one JSON object a line, and reports
// what it wrote. It fails on the first error of a source or of w; what
// was written before stays written, so a caller that needs all or
// nothing writes to a temporary file.
func (x *Exporter) Export(ctx context.Context, w io.Writer) (*Stats, error) {
	if x.IncludeNews && x.News == nil {
		return nil, fmt.Errorf("export: news asked for but no news source")
	}
	if !x.ExcludeLists && x.Lists == nil {
		return nil, fmt.Errorf("export: no list source")
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	st := &Stats{Schemata: map[string]int{}}
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	write := func(l *Line) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := enc.Encode(l); err != nil {
			return fmt.Errorf("export: write %s: %w", l.ID, err)
		}
		st.Entities++
		st.Schemata[l.Schema]++
		return nil
	}
	if !x.ExcludeLists {
		err := x.Lists.CurrentEntities(ctx, func(e *dossier.Entity) error {
			if x.Dataset != "" && !slices.Contains(e.Datasets, x.Dataset) {
				return nil
			}
			return write(ListLine(e))
		})
		if err != nil {
			return st, fmt.Errorf("export: lists: %w", err)
		}
	}
	if x.IncludeNews {
		err := x.News.FindExtractions(ctx, nil, func(d *dossier.Document, ex *dossier.Extraction) error {
			st.Documents++
			lines, dropped := NewsLines(d, ex)
			st.Unattached += dropped
			for _, l := range lines {
				st.Claims += len(l.Claims)
				if err := write(l); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return st, fmt.Errorf("export: news: %w", err)
		}
	}
	if err := bw.Flush(); err != nil {
		return st, fmt.Errorf("export: %w", err)
	}
	return st, nil
}

// ListLine is a list entity as an export line: its properties as
// stored, but with a scheme on URLs that lack one and country names made
// ISO codes where they name a known country (FtM's country type holds
// codes; an unknown name is kept as it is).
func ListLine(e *dossier.Entity) *Line {
	l := &Line{
		ID: e.ID, Schema: e.Schema, Caption: e.Caption, Properties: make(map[string][]string, len(e.Properties)),
		Datasets: e.Datasets, Referents: e.Referents, FirstSeen: e.FirstSeen, LastSeen: e.LastSeen,
	}
	for p, vs := range e.Properties {
		for _, v := range vs {
			add(l, p, normalize(p, v))
		}
	}
	return l
}

// add appends a value to a property of l, skipping empty and repeated
// values.
func add(l *Line, prop string, values ...string) {
	for _, v := range values {
		v = strings.TrimSpace(v)
		if v == "" || slices.Contains(l.Properties[prop], v) {
			continue
		}
		l.Properties[prop] = append(l.Properties[prop], v)
	}
}
