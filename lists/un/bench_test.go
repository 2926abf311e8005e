package un_test

import (
	"context"
	"path/filepath"
	"testing"

	"dossier/lists/internal/listtest"
	"dossier/lists/un"
)

// BenchmarkLoadUN decodes the UN consolidated list of 27 Feb 2026
// (1,003 records; read into memory once, outside the timing).
func BenchmarkLoadUN(b *testing.B) {
	f := listtest.MustRead(b, filepath.Join(listtest.DataDir(b, "un"), realFile))
	b.SetBytes(int64(len(f.Data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := un.Decode(context.Background(), f); err != nil {
			b.Fatal(err)
		}
	}
}
