package corpus

// Stats counts what a set of records holds.
type Stats struct {
	Documents  int            // records
	Skipped    int            // of which skipped
	Bytes      int            // article bytes of the done records
	Entities   map[string]int // mentions per type
	Clusters   map[string]int // PER and ORG clusters per type
	Claims     int            // required claims
	Optional   map[string]int // optional claims per reason
	Stances    map[string]int // required claims per stance
	Topics     map[string]int // required claims per topic
	Speakers   map[string]int // required claims per kind of speaker: cluster, descriptor, anonymous, none
	WithVia    int            // required claims with at least one relay
	ClaimedDoc int            // done records with at least one required claim
}

// NewStats returns empty statistics.
func NewStats() *Stats {
	return &Stats{Entities: map[string]int{}, Clusters: map[string]int{}, Optional: map[string]int{},
		Stances: map[string]int{}, Topics: map[string]int{}, Speakers: map[string]int{}}
}

// Add counts one record; text is its article.
func (s *Stats) Add(r *Record, text string) {
	s.Documents++
	if r.Status == StatusSkipped {
		s.Skipped++
		return
	}
	s.Bytes += len(text)
	seen := map[string]bool{}
	for _, e := range r.Entities {
		s.Entities[e.Type]++
		if e.Cluster != "" && !seen[e.Cluster] {
			seen[e.Cluster] = true
			s.Clusters[e.Type]++
		}
	}
	claimed := false
	for _, c := range r.Claims {
		if c.Optional != "" {
			s.Optional[c.Optional]++
			continue
		}
		claimed = true
		s.Claims++
		s.Stances[c.Stance]++
		s.Topics[c.Topic]++
		switch {
		case c.Speaker == nil:
			s.Speakers["none"]++
		case c.Speaker.Cluster != "":
			s.Speakers["cluster"]++
		case c.Speaker.Anonymous:
			s.Speakers["anonymous"]++
		default:
			s.Speakers["descriptor"]++
		}
		if len(c.Via) > 0 {
			s.WithVia++
		}
	}
	if claimed {
		s.ClaimedDoc++
	}
}
