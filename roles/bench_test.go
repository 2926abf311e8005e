package roles_test

import (
	"slices"
	"strings"
	"testing"

	"dossier"
	"dossier/resolve"
	"dossier/roles"
	"dossier/segment"
)

// BenchmarkAssign runs Assign over all the sample articles joined into
// one long text, with the gold mentions of testdata/expected.json.
func BenchmarkAssign(b *testing.B) {
	arts := mustArticles(b)
	exp := mustExpectations(b)
	var sb strings.Builder
	var ms []dossier.Mention
	for _, a := range arts {
		off := sb.Len()
		for _, m := range goldMentions(a.Text, exp[a.Key].Gold) {
			m.Start += off
			m.End += off
			ms = append(ms, m)
		}
		sb.WriteString(a.Text)
		sb.WriteString("\n\n")
	}
	text := sb.String()
	sents := segment.Sentences(text)
	ntok := 0
	for _, s := range sents {
		ntok += len(s.Tokens)
	}
	ents := resolve.Resolve(text, sents, ms)
	work := make([]dossier.DocEntity, len(ents))
	b.ReportAllocs()
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for b.Loop() {
		copy(work, ents)
		for i := range work {
			work[i].Roles, work[i].Topics = nil, slices.Clip(work[i].Topics)
		}
		roles.Assign(text, sents, work)
	}
	b.ReportMetric(float64(ntok)*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
}
