package repair

import (
	"strings"
	"testing"
)

// benchSentences is English news text with the names and quotations
// such articles carry; written for this benchmark.
var benchSentences = []string{
	"The Treasury said on Tuesday that it had added three shipping companies to its sanctions list.",
	"José Martínez, the company’s former finance director, declined to comment when reached by phone.",
	"According to filings in Zürich, the holding company moved €40 million through two banks in 2021.",
	"“We have complied with every request from the regulator,” a spokesperson for Müller Logistik said.",
	"The vessel, registered in São Tomé and Príncipe, was last seen off the coast of Côte d’Ivoire.",
	"Investigators in Kraków and Gdańsk are examining invoices issued by a firm controlled by Łukasz Nowak.",
	"Shares fell 4.5% in early trading – the steepest drop since March – before recovering slightly.",
	"The ministry’s statement, published late on Friday, named François Lefèvre as the new chairman.",
	"A court in Bogotá ordered the seizure of assets linked to the businessman, who denies wrongdoing.",
	"Prosecutors allege that the funds were routed through accounts in Reykjavík, Limassol and Dubai.",
	"The report, which runs to 212 pages, was prepared by an independent panel over eighteen months.",
	"Analysts at the bank estimated the fine at between £20m and £35m, depending on the final ruling.",
}

// benchText builds about n bytes of text and its repair. With dirty
// set, one sentence in eight is mojibake, one in sixteen carries HTML
// entities, and lines end in CRLF.
func benchText(n int, dirty bool) (text, want string) {
	var in, out strings.Builder
	for i := 0; in.Len() < n; i++ {
		s := benchSentences[i%len(benchSentences)]
		d := s
		if dirty {
			switch {
			case i%8 == 3:
				d = sloppy1252(s)
			case i%16 == 5:
				d = strings.ReplaceAll(s, "’", "&rsquo;") + " R&amp;D"
				s += " R&D"
			}
		}
		in.WriteString(d)
		out.WriteString(s)
		sep := " "
		if i%4 == 3 {
			sep = "\n"
		}
		out.WriteString(sep)
		if dirty && sep == "\n" {
			sep = "\r\n"
		}
		in.WriteString(sep)
	}
	return in.String(), out.String()
}

func BenchmarkRepair(b *testing.B) {
	for _, bb := range []struct {
		name  string
		dirty bool
	}{{"clean", false}, {"mixed", true}} {
		text, _ := benchText(100_000, bb.dirty)
		b.Run(bb.name, func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			for b.Loop() {
				String(text)
			}
		})
	}
}

func TestBenchText(t *testing.T) {
	for _, dirty := range []bool{false, true} {
		in, want := benchText(100_000, dirty)
		if got, rep := String(in); got != want {
			t.Errorf("dirty=%v: benchmark text not repaired as expected: %v", dirty, rep.Changes())
		}
	}
}
