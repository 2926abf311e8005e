package lists_test

import (
	"testing"

	"dossier/lists/internal/listtest"
)

// BenchmarkLoadLargeEU is BenchmarkLoadLargeUN for the EU list, XML
// and CSV, each a file generated from the fixture's entities repeated
// (listtest.WriteLargeEU).
func BenchmarkLoadLargeEU(b *testing.B) {
	size := largeMB()
	for _, format := range []string{"xml", "csv"} {
		b.Run(format, func(b *testing.B) {
			p, n := listtest.WriteLargeEU(b, b.TempDir(), "eu/testdata/fsf."+format, size<<20)
			benchLoadLarge(b, p, targetsCheck(n))
		})
	}
}
