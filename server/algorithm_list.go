package server

import "net/http"

// algorithmsResponse is yente's AlgorithmResponse.
type algorithmsResponse struct {
	Algorithms []algorithmJSON `json:"algorithms"`
	Default    string          `json:"default"`
	Best       string          `json:"best"`
}

// algorithmJSON is yente's Algorithm, with the yente names that dossier
// serves with it.
type algorithmJSON struct {
	Name        string                `json:"name"`
	Description string                `json:"description"`
	Features    map[string]featureDoc `json:"features"`
	Aliases     []string              `json:"aliases"`
}

// handleAlgorithms is yente's GET /algorithms: dossier's algorithms
// (algorithm.go), the first being the default and best.
func (s *Server) handleAlgorithms(w http.ResponseWriter, r *http.Request) error {
	resp := algorithmsResponse{Algorithms: []algorithmJSON{}, Default: algorithms[0].Name, Best: algorithms[0].Name}
	for _, a := range algorithms {
		resp.Algorithms = append(resp.Algorithms, algorithmJSON{Name: a.Name, Description: a.Description,
			Features: a.features(), Aliases: nonNil(a.Aliases)})
	}
	writeJSON(w, http.StatusOK, resp)
	return nil
}
