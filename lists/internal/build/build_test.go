package build

import (
	"errors"
	"slices"
	"testing"

	"dossier"
	"dossier/lists/list"
)

func TestDates(t *testing.T) {
	tests := []struct {
		In   string
		Want []string
	}{
		{"15 Apr 1963", []string{"1963-04-15"}},
		{"05 Jul 1951", []string{"1951-07-05"}},
		{"Apr 1963", []string{"1963-04"}},
		{"1963", []string{"1963"}},
		{"circa 1960", []string{"1960"}},
		{"1958 to 1962", []string{"1958", "1962"}},
		{"circa 1979-1982", []string{"1979", "1982"}},
		{"01 Jan 1973 to 31 Dec 1973", []string{"1973"}},
		{"01 Jan 1961 to 31 Dec 1963", []string{"1961", "1963"}},
		{"26 Sep 1946 to 07 Dec 1946", []string{"1946-09-26", "1946-12-07"}},
		{"1978-04-28", []string{"1978-04-28"}},
		{"2022-12-09T00:00:00", []string{"2022-12-09"}},
		{"19/06/1951", []string{"1951-06-19"}},
		{"00/00/1960", []string{"1960"}},
		{"00/05/1960", []string{"1960-05"}},
		{"--/--/1960", []string{"1960"}},
		{"31 Feb 1960", nil},
		{"13/13/1960", nil},
		{"Nov. 1973", []string{"1973-11"}},
		{"unknown", nil},
		{"", nil},
	}
	for _, tt := range tests {
		t.Run(tt.In, func(t *testing.T) {
			if got := Dates(tt.In); !slices.Equal(got, tt.Want) {
				t.Errorf("Dates(%q) = %q, want %q", tt.In, got, tt.Want)
			}
		})
	}
}

func TestText(t *testing.T) {
	tests := []struct {
		Name   string
		In     []byte
		Latin1 bool
		Want   string
		Err    error
		Line   int
		Offset int64
	}{
		{Name: "utf8", In: []byte("héllo"), Want: "héllo", Offset: 0},
		{Name: "bom", In: []byte("\xef\xbb\xbfabc"), Want: "abc"},
		{Name: "utf16le", In: []byte("\xff\xfea\x00b\x00"), Want: "ab"},
		{Name: "utf16be", In: []byte("\xfe\xff\x00a\x00b"), Want: "ab"},
		{Name: "utf16 odd", In: []byte("\xff\xfea\x00b"), Err: list.ErrEncoding, Offset: 4},
		{Name: "empty", In: nil, Err: list.ErrEmpty, Offset: -1},
		{Name: "blank", In: []byte(" \r\n "), Err: list.ErrEmpty, Offset: -1},
		{Name: "nul", In: []byte("ab\x00cd"), Err: list.ErrBinary, Offset: 2},
		{Name: "utf16 no bom", In: []byte("a\x00b\x00"), Err: list.ErrBinary, Offset: 1},
		{Name: "latin1 strict", In: []byte("a\nb\xe9"), Err: list.ErrEncoding, Line: 2, Offset: 3},
		{Name: "latin1 tolerant", In: []byte("caf\xe9 \x93x\x94 é"), Latin1: true, Want: "café “x” é"},
	}
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			got, err := Text(list.File{Name: "f", Data: tt.In}, tt.Latin1)
			if tt.Err == nil {
				if err != nil || got != tt.Want {
					t.Fatalf("Text = %q, %v; want %q", got, err, tt.Want)
				}
				return
			}
			var ie *dossier.InputError
			if !errors.As(err, &ie) || !errors.Is(err, tt.Err) || ie.File != "f" || ie.Line != tt.Line || ie.Offset != tt.Offset {
				t.Fatalf("Text error = %#v (%v), want %v at line %d offset %d", err, err, tt.Err, tt.Line, tt.Offset)
			}
		})
	}
}

func TestIsCompany(t *testing.T) {
	for name, want := range map[string]bool{
		"ANGLO-CARIBBEAN CO., LTD.":   true,
		"CECOEX, S.A.":                true,
		"BANCO NACIONAL DE CUBA":      false,
		"HIZBALLAH":                   false,
		"LLC CST":                     true,
		"ZAPCHASTTRADE LLP":           true,
		"Z S.A.S.":                    true,
		"AEROCARIBBEAN AIRLINES":      false,
		"Salam Trading Company":       true,
		"SALAMANCA":                   false,
		"Islamic Revolutionary Guard": false,
		"AS SAHAB MEDIA":              false,
		"NATIONAL BANK OF CUBA":       false,
		"Siemens AG":                  true,
		"CIMEX IBERICA":               false,
		"Rosneft Trading SA":          true,
	} {
		if got := IsCompany(name); got != want {
			t.Errorf("IsCompany(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestSplitNumbered(t *testing.T) {
	if got := SplitNumbered("(1) Syria (2) Iraq"); !slices.Equal(got, []string{"Syria", "Iraq"}) {
		t.Errorf("got %q", got)
	}
	if got := SplitNumbered(" Syria "); !slices.Equal(got, []string{"Syria"}) {
		t.Errorf("got %q", got)
	}
}
