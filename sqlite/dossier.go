package sqlite

import (
	"context"

	"dossier"
)

// FindDossier gathers what the stored extractions say about name: every
// document entity whose canonical name or alias folds to it
// (dossier.AssembleDossier).
func (s *ExtractionService) FindDossier(ctx context.Context, name string) (*dossier.EntityDossier, error) {
	refs, err := s.FindEntitiesByName(ctx, name)
	if err != nil {
		return nil, err
	}
	return dossier.AssembleDossier(ctx, name, refs, NewDocumentService(s.db).FindDocumentByID, s.FindExtraction)
}
