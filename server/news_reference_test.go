package server

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"strings"

	"dossier"
	"dossier/names"
)

// findNewsReference is findNews as it was before the news index
// (commit 0374c8c), kept verbatim as the straightforward computation
// that the indexed one must agree with: every request reads each
// candidate's extraction and document from the store and parses every
// candidate entity's names.
func (s *Server) findNewsReference(ctx context.Context, snap *snapshot, q newsQuery) ([]newsItem, int, error) {
	m := names.NewMatcher()
	if snap != nil {
		m = snap.index.Matcher
	}
	threshold := q.threshold
	if threshold <= 0 {
		threshold = m.Threshold
	}
	type cand struct {
		via  string
		link *dossier.Link
	}
	cands := map[string]map[string]cand{} // document → entity ID ("" for any) → how found
	add := func(doc, ent, via string, l *dossier.Link) {
		if cands[doc] == nil {
			cands[doc] = map[string]cand{}
		}
		if old, ok := cands[doc][ent]; !ok || viaRank(via) < viaRank(old.via) {
			cands[doc][ent] = cand{via, l}
		}
	}
	if s.Links != nil {
		for _, id := range q.listIDs {
			links, _, err := s.Links.FindLinks(ctx, dossier.LinkFilter{ListEntityID: &id, Limit: 500})
			if err != nil {
				return nil, 0, err
			}
			for _, l := range links {
				add(l.DocumentID, l.DocEntityID, viaLink, l)
			}
		}
	}
	if s.Mentions != nil {
		for i, n := range q.subject.Names {
			if i == 5 {
				break
			}
			refs, err := s.Mentions.FindEntitiesByName(ctx, n)
			if err != nil {
				return nil, 0, err
			}
			for _, ref := range refs {
				add(ref.DocumentID, ref.Entity.ID, viaName, nil)
			}
		}
	}
	if fts := ftsQuery(q.subject.Names); fts != "" && s.Documents != nil {
		hits, err := s.Documents.SearchDocuments(ctx, fts, searchDocs)
		if err != nil && !errors.Is(err, dossier.ErrInvalid) {
			return nil, 0, err
		}
		for _, h := range hits {
			add(h.Document.ID, "", viaSearch, nil)
		}
	}

	prepared := names.Prepare(q.subject)
	var items []newsItem
	for doc, ents := range cands {
		x, err := s.Extractions.FindExtraction(ctx, doc)
		if errors.Is(err, dossier.ErrNotFound) {
			continue // stored without extraction: nothing to match
		} else if err != nil {
			return nil, 0, err
		}
		var best *newsItem
		for i := range x.Entities {
			e := &x.Entities[i]
			c, ok := ents[e.ID]
			if !ok {
				if c, ok = ents[""]; !ok {
					continue
				}
			}
			schema, ok := docTypes[e.Type]
			if !ok {
				continue
			}
			ds := names.Subject{Schema: schema, Names: append([]string{e.Name}, e.Aliases...)}
			if e.Country != "" {
				ds.Countries = []string{e.Country}
			}
			res := m.ComparePrepared(prepared, names.Prepare(ds))
			score := res.Score
			if c.via == viaLink && c.link != nil {
				// The linker judged this entity to be the list entity;
				// its score and explanation are the ones to show.
				score, res.Explanations = c.link.Score, toNamesExplanations(c.link.Explanations)
			} else if score < threshold {
				continue
			}
			if best != nil && (viaRank(c.via) > viaRank(best.Via) || viaRank(c.via) == viaRank(best.Via) && score <= best.Score) {
				continue
			}
			best = &newsItem{Entity: *e, Score: round4(score), Explanations: res.Explanations, Via: c.via,
				MatchedName: e.Name}
		}
		if best == nil {
			continue
		}
		d, err := s.Documents.FindDocumentByID(ctx, doc)
		if errors.Is(err, dossier.ErrNotFound) {
			continue
		} else if err != nil {
			return nil, 0, err
		}
		best.Document = documentView(d, false)
		best.Claims, best.Relations = x.About(best.Entity.ID)
		best.Adverse = x.Adverse
		if s.Subjects != nil {
			if x.Text == "" {
				x.Text = d.Text // the store keeps the text with the document only
			}
			best.SubjectAdverse = s.Subjects.JudgeSubject(x, q.subject.Names, q.subject.Schema)
			best.SubjectAdverse.Score = round4(best.SubjectAdverse.Score)
			best.SubjectAdverse.Article = round4(best.SubjectAdverse.Article)
		}
		items = append(items, *best)
	}
	slices.SortFunc(items, func(a, b newsItem) int {
		if c := cmp.Compare(subjectScore(b.SubjectAdverse), subjectScore(a.SubjectAdverse)); c != 0 {
			return c
		}
		if c := cmp.Compare(adverseScore(b.Adverse), adverseScore(a.Adverse)); c != 0 {
			return c
		}
		if c := cmp.Compare(len(b.Claims), len(a.Claims)); c != 0 {
			return c
		}
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		if c := publishedOf(b).Compare(publishedOf(a)); c != 0 {
			return c
		}
		return strings.Compare(a.Document.ID, b.Document.ID)
	})
	total := len(items)
	if q.limit > 0 && len(items) > q.limit {
		items = items[:q.limit]
	}
	return items, total, nil
}
