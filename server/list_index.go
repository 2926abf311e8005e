package server

import (
	"net/http"

	"dossier"
)

// listIndexResponse lists the stored list versions.
type listIndexResponse struct {
	Versions []listVersionJSON `json:"versions"`
}

type listVersionJSON struct {
	*dossier.ListVersion      // its current field marks the version screened
	Indexed              bool `json:"indexed"` // in the index now in use
}

// handleListIndex is GET /lists: every stored list version, newest
// first, marking the current ones and those the index holds.
func (s *Server) handleListIndex(w http.ResponseWriter, r *http.Request) error {
	all, err := s.Lists.FindListVersions(r.Context(), "")
	if err != nil {
		return err
	}
	indexed := map[string]bool{}
	if snap := s.index.current(); snap != nil {
		for _, v := range snap.versions {
			indexed[v.Dataset+"\x00"+v.Version] = true
		}
	}
	resp := listIndexResponse{Versions: []listVersionJSON{}}
	for _, v := range all {
		resp.Versions = append(resp.Versions, listVersionJSON{ListVersion: v,
			Indexed: indexed[v.Dataset+"\x00"+v.Version]})
	}
	writeJSON(w, http.StatusOK, resp)
	return nil
}
