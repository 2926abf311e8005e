package countries

import (
	"testing"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

func TestCode(t *testing.T) {
	tests := []struct{ in, want string }{
		{"VE", "VE"}, {"ve", "VE"}, {"Venezuela", "VE"}, {"  VENEZUELA ", "VE"}, {"Venezuelan", "VE"},
		{"Venezuelans", "VE"}, {"Colombia", "CO"}, {"United States", "US"}, {"U.S.", "US"}, {"American", "US"},
		{"Côte d’Ivoire", "CI"}, {"Russian Federation", "RU"}, {"Atlantis", ""}, {"", ""},
	}
	for _, tt := range tests {
		if got := Code(tt.in); got != tt.want {
			t.Errorf("Code(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestKnown(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"VE", true}, {"ve", true}, {"Venezuela", true}, {"Venezuelan", true}, {"XK", true}, {"Kosovo", true},
		{"GB", true}, {"United Kingdom", true}, {"British", true},
		{"UK", false}, {"ZZ", false}, {"Narnia", false}, {"Atlantis", false}, {"", false}, {"V", false},
	}
	for _, tt := range tests {
		if got := Known(tt.in); got != tt.want {
			t.Errorf("Known(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func FuzzCode(f *testing.F) {
	for _, s := range []string{"Venezuela", "VE", "Côte d’Ivoire", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := Code(s)
		if c != "" && (len(c) != 2 || Code(c) != c) {
			t.Fatalf("Code(%q) = %q: not a stable two-letter code", s, c)
		}
		if Known(s) && c == "" {
			t.Fatalf("Known(%q) without a code", s)
		}
		if Fold(Fold(s)) != Fold(s) {
			t.Fatalf("Fold is not idempotent on %q", s)
		}
	})
}

func TestName(t *testing.T) {
	for in, want := range map[string]string{"VE": "Venezuela", "ve": "Venezuela", "ru": "Russia", "KP": "North Korea",
		"ZZ": "", "UK": "", "": "", "Venezuela": "", "v": ""} {
		if got := Name(in); got != want {
			t.Errorf("Name(%q) = %q, want %q", in, got, want)
		}
	}
}

// The generated table is what x/text's CLDR names give for every code
// of the table (go generate ./countries writes it again).
func TestNamesGenerated(t *testing.T) {
	codes := Codes()
	if len(englishNames) != len(codes) {
		t.Fatalf("%d names for %d codes: run go generate ./countries", len(englishNames), len(codes))
	}
	for _, c := range codes {
		r, err := language.ParseRegion(c)
		if err != nil {
			t.Fatalf("%s: %v", c, err)
		}
		if want := display.English.Regions().Name(r); englishNames[c] != want {
			t.Errorf("%s: %q, x/text says %q: run go generate ./countries", c, englishNames[c], want)
		}
	}
}
