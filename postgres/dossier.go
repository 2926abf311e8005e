package postgres

import (
	"context"
	"fmt"
	"sort"

	"dossier"
)

// FindDossier gathers what the stored extractions say about name: every
// document entity whose canonical name or alias folds to it, with its
// document, the claims against it, its relations and the document's
// adverse-media judgement, oldest document first (by publication date,
// else ingestion).
func (s *ExtractionService) FindDossier(ctx context.Context, name string) (*dossier.EntityDossier, error) {
	refs, err := s.FindEntitiesByName(ctx, name)
	if err != nil {
		return nil, err
	}
	if len(refs) == 0 {
		return nil, fmt.Errorf("no entity named %q in the stored documents: %w", name, dossier.ErrNotFound)
	}
	docs := NewDocumentService(s.db)
	out := &dossier.EntityDossier{Name: name, Entries: []dossier.DossierEntry{}}
	for _, r := range refs {
		d, err := docs.FindDocumentByID(ctx, r.DocumentID)
		if err != nil {
			return nil, err
		}
		x, err := s.FindExtraction(ctx, r.DocumentID)
		if err != nil {
			return nil, err
		}
		e := dossier.DossierEntry{Document: d, Entity: r.Entity, Claims: []dossier.Claim{}, Relations: []dossier.Relation{}, Adverse: x.Adverse}
		for _, c := range x.Claims {
			if c.Subject == r.Entity.ID {
				e.Claims = append(e.Claims, c)
			}
		}
		for _, rel := range x.Relations {
			if rel.Subject == r.Entity.ID || rel.Object == r.Entity.ID {
				e.Relations = append(e.Relations, rel)
			}
		}
		out.Entries = append(out.Entries, e)
	}
	when := func(d *dossier.Document) int64 {
		if !d.Published.IsZero() {
			return d.Published.Unix()
		}
		return d.Ingested.Unix()
	}
	sort.SliceStable(out.Entries, func(i, j int) bool { return when(out.Entries[i].Document) < when(out.Entries[j].Document) })
	return out, nil
}
