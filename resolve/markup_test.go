package resolve

import (
	"strings"

	"dossier"
)

// markup turns "[Diosdado Cabello|PER] said" into its text and mentions.
// "[[" and "]]" are not supported; brackets in the text must not nest.
func markup(s string) (string, []dossier.Mention) {
	var b strings.Builder
	var ms []dossier.Mention
	for {
		i := strings.IndexByte(s, '[')
		if i < 0 {
			b.WriteString(s)
			break
		}
		j := strings.IndexByte(s[i:], ']')
		bar := strings.LastIndexByte(s[i:i+j], '|')
		if j < 0 || bar < 0 {
			b.WriteString(s[:i+1])
			s = s[i+1:]
			continue
		}
		b.WriteString(s[:i])
		surface, label := s[i+1:i+bar], s[i+bar+1:i+j]
		start := b.Len()
		b.WriteString(surface)
		ms = append(ms, dossier.Mention{Start: start, End: b.Len(), Text: surface, Label: label})
		s = s[i+j+1:]
	}
	return b.String(), ms
}
