package names

import (
	"maps"
	"slices"
	"strings"
	"testing"
)

// TestNicknamesFastPath checks that reading the nickname lines with the
// lowercase-ASCII shortcut gives exactly what normalizing every word
// gives, on the embedded file and on lines the shortcut must not take.
func TestNicknamesFastPath(t *testing.T) {
	slow := func(csv string) map[string][]uint16 {
		m := map[string][]uint16{}
		for i, line := range strings.Split(csv, "\n") {
			seen := map[string]bool{}
			for _, f := range strings.Split(line, ",") {
				w := Normalize(f)
				if w == "" || strings.Contains(w, " ") || seen[w] {
					continue
				}
				seen[w] = true
				m[w] = append(m[w], uint16(i))
			}
		}
		return m
	}
	for _, tt := range []struct{ name, csv string }{
		{"embedded file", nicknamesCSV},
		{"capitals, accents, spaces, repeats, CRLF", "William,Bill, willy ,bill\r\nJosé,jose,Pepe\n\nmary ann,mary,Mary\nzoë,zoe"},
		{"no final newline, empty fields", "a,,b\nb,a"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, want := readNicknames(tt.csv), slow(tt.csv)
			if !maps.EqualFunc(got, want, slices.Equal) {
				for k, v := range want {
					if !slices.Equal(got[k], v) {
						t.Errorf("%q: got lines %v, want %v", k, got[k], v)
					}
				}
				for k, v := range got {
					if _, ok := want[k]; !ok {
						t.Errorf("%q: got lines %v, want none", k, v)
					}
				}
			}
		})
	}
}
