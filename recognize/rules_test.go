package recognize

import (
	"strings"
	"testing"

	"dossier/segment"
)

// spans renders rule mentions as "LABEL:text" joined by "|".
func ruleSpans(text string) string {
	var parts []string
	for _, s := range segment.Sentences(text) {
		ws := make([]string, len(s.Tokens))
		for i, t := range s.Tokens {
			ws[i] = t.Text(text)
		}
		for _, r := range ruleMentions(ws) {
			parts = append(parts, r.label+":"+text[s.Tokens[r.start].Start:s.Tokens[r.end-1].End])
		}
	}
	return strings.Join(parts, "|")
}

func TestRules(t *testing.T) {
	tests := []struct {
		Name, Input, Output string
	}{
		{"dollars million", "a reward of up to $10 million for", "MONEY:$10 million"},
		{"US dollar sign", "It cost US$2.5 billion.", "MONEY:US$2.5 billion"},
		{"euro", "fined €300,000 last week", "MONEY:€300,000|DATE:last week"},
		{"pound scale", "a £5bn deal", "MONEY:£5bn"},
		{"currency code", "raised EUR 5 million", "MONEY:EUR 5 million"},
		{"currency word", "paid 400 million dollars", "MONEY:400 million dollars"},
		{"yuan", "worth 3.2 billion yuan", "MONEY:3.2 billion yuan"},
		{"percent word", "about 90 percent of them", "PERCENT:90 percent"},
		{"percent sign", "rose 15% in", "PERCENT:15%"},
		{"per cent", "fell 2.5 per cent", "PERCENT:2.5 per cent"},
		{"month day year", "on Jan. 27, 2015, the court", "DATE:Jan. 27, 2015"},
		{"day month year", "born 27 January 1960 in Caracas", "DATE:27 January 1960"},
		{"month year", "since March 2013", "DATE:March 2013"},
		{"month day", "expires on Nov. 26.", "DATE:Nov. 26"},
		{"last May", "he resigned last May.", "DATE:last May"},
		{"May modal", "The court May decide otherwise", ""},
		{"may verb", "He may go", ""},
		{"in May", "elections in May", "DATE:May"},
		{"weekday", "The Treasury on Tuesday imposed sanctions", "DATE:Tuesday"},
		{"next weekday", "a hearing next Friday", "DATE:next Friday"},
		{"in year", "sanctioned in 2014", "DATE:2014"},
		{"bare year is not a date", "Flight 2014 landed", ""},
		{"between years", "between 2014 and 2018", "DATE:2014|DATE:2018"},
		{"decade", "in the 1990s", "DATE:the 1990s"},
		{"iso date", "filed 2021-07-15 in Miami", "DATE:2021-07-15"},
		{"yesterday", "said yesterday that", "DATE:yesterday"},
		{"ago", "two years ago, he", "DATE:two years ago"},
		{"this year", "later this year", "DATE:this year"},
		{"money and date", "paid $1.2 billion in 2019", "MONEY:$1.2 billion|DATE:2019"},
		{"plain number", "killed 12 people", ""},
		{"year after sign is money", "$2014 was paid", "MONEY:$2014"},
	}
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			if got := ruleSpans(tt.Input); got != tt.Output {
				t.Errorf("ruleMentions(%q) = %q, want %q", tt.Input, got, tt.Output)
			}
		})
	}
}
