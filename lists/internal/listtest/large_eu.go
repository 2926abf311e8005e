package listtest

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
)

var (
	reEUEntity = regexp.MustCompile(`(?s)[ \t]*<sanctionEntity .*?</sanctionEntity>\n?`)
	reEUID     = regexp.MustCompile(`^([ \t]*<sanctionEntity [^>]*?\blogicalId=")(\d+)"`)
)

// WriteLargeEU writes an EU FSF file of at least size bytes into dir
// from an FSF fixture, XML or CSV (by its name's extension): its
// sanctionEntity elements, or its rows, repeated, each copy's entity
// logicalIds renumbered (copy r adds r×10,000,000), the rows of an
// entity kept together as the EU writes them. It returns the file's
// path and how many entities (targets) it has.
func WriteLargeEU(tb testing.TB, dir, fixture string, size int64) (string, int) {
	tb.Helper()
	data, err := os.ReadFile(fixture)
	if err != nil {
		tb.Fatal(err)
	}
	s := string(data)
	var head, tail string
	var units []string // what is repeated: an element, or an entity's rows
	var ids []int      // each unit's logicalId
	var renumber func(u string, id, r int) string
	if strings.HasSuffix(fixture, ".csv") {
		lines := strings.SplitAfter(s, "\n")
		head = lines[0]
		for _, l := range lines[1:] {
			f := strings.SplitN(l, ";", 3)
			if len(f) < 3 {
				continue
			}
			var id int
			if _, err := fmt.Sscan(f[1], &id); err != nil {
				tb.Fatalf("%s: logicalId %q", fixture, f[1])
			}
			if n := len(ids); n > 0 && ids[n-1] == id {
				units[n-1] += l
				continue
			}
			units, ids = append(units, l), append(ids, id)
		}
		renumber = func(u string, id, r int) string { // the second field of each row
			var b strings.Builder
			for _, l := range strings.SplitAfter(u, "\n") {
				if f := strings.SplitN(l, ";", 3); len(f) == 3 {
					l = fmt.Sprintf("%s;%d;%s", f[0], id+r*10_000_000, f[2])
				}
				b.WriteString(l)
			}
			return b.String()
		}
	} else {
		loc := reEUEntity.FindAllStringIndex(s, -1)
		if len(loc) == 0 {
			tb.Fatalf("%s: no sanctionEntity", fixture)
		}
		head, tail = s[:loc[0][0]], s[loc[len(loc)-1][1]:]
		for _, l := range loc {
			u := s[l[0]:l[1]]
			m := reEUID.FindStringSubmatch(u)
			if m == nil {
				tb.Fatalf("%s: sanctionEntity without logicalId", fixture)
			}
			var id int
			fmt.Sscan(m[2], &id)
			units, ids = append(units, u), append(ids, id)
		}
		renumber = func(u string, id, r int) string {
			return reEUID.ReplaceAllString(u, fmt.Sprintf(`${1}%d"`, id+r*10_000_000))
		}
	}
	if len(units) == 0 {
		tb.Fatalf("%s: no entities", fixture)
	}
	p := filepath.Join(dir, "large-"+filepath.Base(fixture))
	written, n := int64(len(head)+len(tail)), 0
	WriteBuffered(tb, p, func(w *bufio.Writer) {
		w.WriteString(head)
		for r := 0; written < size; r++ {
			for i, u := range units {
				u = renumber(u, ids[i], r)
				w.WriteString(u)
				written += int64(len(u))
				n++
			}
		}
		w.WriteString(tail)
	})
	runtime.GC()
	return p, n
}
