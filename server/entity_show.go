package server

import (
	"net/http"
	"net/url"
)

// handleEntity is yente's GET /entities/{id}: a list entity with the
// entities it refers to and those that refer to it nested (unless
// nested=false). An ID that another entity lists among its referents
// redirects there.
func (s *Server) handleEntity(w http.ResponseWriter, r *http.Request) error {
	nested, hasNested, err := boolParam(r, "nested")
	if err != nil {
		return err
	}
	snap, err := s.snapshotOrUnavailable()
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	e := snap.entities[id]
	if e == nil {
		if canonical, ok := snap.referents[id]; ok {
			http.Redirect(w, r, "/entities/"+url.PathEscape(canonical), http.StatusPermanentRedirect)
			return nil
		}
		return Errorf(CodeNotFound, "no such entity: %q", truncate(id, 64))
	}
	if hasNested && !nested {
		writeJSON(w, http.StatusOK, snap.entityView(e))
		return nil
	}
	writeJSON(w, http.StatusOK, snap.nestedView(e))
	return nil
}
