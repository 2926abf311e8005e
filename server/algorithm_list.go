package server

import "net/http"

// algorithmsResponse is yente's AlgorithmResponse.
type algorithmsResponse struct {
	Algorithms []algorithmJSON `json:"algorithms"`
	Default    string          `json:"default"`
	Best       string          `json:"best"`
}

type algorithmJSON struct {
	Name        string                `json:"name"`
	Description string                `json:"description"`
	Features    map[string]featureDoc `json:"features"`
}

// handleAlgorithms is yente's GET /algorithms. Every name a yente
// client may send is accepted; all are served by dossier's own name
// engine, which this lists under each.
func (s *Server) handleAlgorithms(w http.ResponseWriter, r *http.Request) error {
	resp := algorithmsResponse{Default: "best", Best: "best"}
	for _, a := range algorithms {
		resp.Algorithms = append(resp.Algorithms, algorithmJSON{Name: a,
			Description: "dossier's name engine (names package): rarity-weighted alignment of name parts with phonetic, variant, nickname and transliteration matching, qualified by birth date, country and gender.",
			Features:    matcherDocs})
	}
	writeJSON(w, http.StatusOK, resp)
	return nil
}
