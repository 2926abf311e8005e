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
	reParty    = regexp.MustCompile(`(?s)<DistinctParty .*?</DistinctParty>`)
	reEntry    = regexp.MustCompile(`(?s)<SanctionsEntry .*?</SanctionsEntry>`)
	reRefAttr  = regexp.MustCompile(`\b(FixedRef|ProfileID)="(\d+)"`)
	reProfile  = regexp.MustCompile(`<Profile ID="(\d+)"`)
	reEntryID  = regexp.MustCompile(`<SanctionsEntry ID="(\d+)"`)
	advSection = regexp.MustCompile(`(?s)\s*<DistinctParties>.*</DistinctParties>|\s*<SanctionsEntries>.*</SanctionsEntries>`)
)

// WriteLargeAdvanced writes an OFAC advanced XML file of at least size
// bytes into dir from the advanced XML fixture: its parties and their
// sanctions entries repeated, each copy's profile IDs and fixed
// references renumbered (copy r adds r×10,000,000), the rest of the
// fixture (reference values, locations, documents) once. It returns
// the file's path and how many parties it has.
func WriteLargeAdvanced(tb testing.TB, dir, fixture string, size int64) (string, int) {
	tb.Helper()
	data, err := os.ReadFile(fixture)
	if err != nil {
		tb.Fatal(err)
	}
	s := string(data)
	parties, entries := reParty.FindAllString(s, -1), reEntry.FindAllString(s, -1)
	if len(parties) == 0 || len(entries) == 0 {
		tb.Fatalf("%s: no parties or entries", fixture)
	}
	head := advSection.ReplaceAllString(s, "")
	cut := strings.LastIndex(head, "</Sanctions>")
	if cut < 0 {
		tb.Fatalf("%s: no </Sanctions>", fixture)
	}
	renumber := func(re *regexp.Regexp, s string, r int) string {
		return re.ReplaceAllStringFunc(s, func(m string) string {
			sub := re.FindStringSubmatch(m)
			var n int
			fmt.Sscan(sub[len(sub)-1], &n)
			return strings.Replace(m, `"`+sub[len(sub)-1]+`"`, fmt.Sprintf(`"%d"`, n+r*10_000_000), 1)
		})
	}
	var per int64
	for _, pt := range parties {
		per += int64(len(pt)) + 5
	}
	for _, en := range entries {
		per += int64(len(en)) + 5
	}
	copies := int(size/per) + 1
	p := filepath.Join(dir, "large-advanced.xml")
	WriteBuffered(tb, p, func(w *bufio.Writer) {
		w.WriteString(head[:cut])
		w.WriteString("  <DistinctParties>\n")
		for r := range copies {
			for _, pt := range parties {
				w.WriteString("    " + renumber(reProfile, renumber(reRefAttr, pt, r), r) + "\n")
			}
		}
		w.WriteString("  </DistinctParties>\n  <SanctionsEntries>\n")
		for r := range copies {
			for _, en := range entries {
				w.WriteString("    " + renumber(reEntryID, renumber(reRefAttr, en, r), r) + "\n")
			}
		}
		w.WriteString("  </SanctionsEntries>\n" + head[cut:])
	})
	runtime.GC()
	return p, copies * len(parties)
}

var (
	reUKTarget = regexp.MustCompile(`(?s)<FinancialSanctionsTarget>.*?</FinancialSanctionsTarget>`)
	reUKGroup  = regexp.MustCompile(`<GroupID>(\d+)</GroupID>`)
	reUKRow    = regexp.MustCompile(`,(\d+)(\r?\n)?$`)
)

// WriteLargeUK writes an OFSI ConList of at least size bytes into dir
// from the ConList.xml or ConList.csv fixture (by its extension): its
// rows repeated, each copy's Group IDs renumbered (copy r adds
// r×10,000,000), the rest of the fixture (XML root, CSV "Last Updated"
// and header rows) once. The rows of each group stay together, as in
// OFSI's files. It returns the file's path and how many targets (Group
// IDs) it has.
func WriteLargeUK(tb testing.TB, dir, fixture string, size int64) (string, int) {
	tb.Helper()
	data, err := os.ReadFile(fixture)
	if err != nil {
		tb.Fatal(err)
	}
	s := string(data)
	var (
		head, tail string
		rows       []string
		re         *regexp.Regexp
		sep        string
	)
	if strings.HasSuffix(strings.ToLower(fixture), ".xml") {
		rows, re, sep = reUKTarget.FindAllString(s, -1), reUKGroup, "\n  "
		if len(rows) == 0 {
			tb.Fatalf("%s: no FinancialSanctionsTarget", fixture)
		}
		head = s[:strings.Index(s, rows[0])]
		tail = s[strings.LastIndex(s, rows[len(rows)-1])+len(rows[len(rows)-1]):]
	} else {
		lines := strings.SplitAfter(s, "\n")
		if len(lines) < 3 {
			tb.Fatalf("%s: no rows", fixture)
		}
		head, rows, re, sep = lines[0]+lines[1], lines[2:], reUKRow, ""
		if rows[len(rows)-1] == "" {
			rows = rows[:len(rows)-1]
		}
		if !strings.HasSuffix(rows[len(rows)-1], "\n") {
			rows[len(rows)-1] += "\r\n"
		}
	}
	groups := map[string]bool{}
	var per int64
	for _, r := range rows {
		m := re.FindStringSubmatch(strings.TrimRight(r, "\r\n"))
		if m == nil {
			tb.Fatalf("%s: row without Group ID: %q", fixture, r)
		}
		groups[m[1]] = true
		per += int64(len(r) + len(sep) + 8)
	}
	p := filepath.Join(dir, "large-"+filepath.Base(fixture))
	copies := int(size/per) + 1
	WriteBuffered(tb, p, func(w *bufio.Writer) {
		w.WriteString(head)
		for r := range copies {
			for i, row := range rows {
				row = re.ReplaceAllStringFunc(row, func(m string) string {
					sub := re.FindStringSubmatch(m)
					var n int
					fmt.Sscan(sub[1], &n)
					return strings.Replace(m, sub[1], fmt.Sprint(n+r*10_000_000), 1)
				})
				if r > 0 || i > 0 {
					w.WriteString(sep)
				}
				w.WriteString(row)
			}
		}
		w.WriteString(tail)
	})
	runtime.GC()
	return p, copies * len(groups)
}
