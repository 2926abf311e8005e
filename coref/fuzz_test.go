package coref

import (
	"errors"
	"os"
	"strings"
	"testing"
)

// FuzzReadGUM checks that any input either reads into documents whose
// tokens and mentions lie inside them, or fails with a ParseError.
func FuzzReadGUM(f *testing.F) {
	small, err := os.ReadFile("testdata/small.conllu")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(small))
	f.Add("1\tA\ta\tDET\tDT\t_\t0\troot\t_\tEntity=(1-person-new-s-cf1-1-coref)2)\n")
	f.Add("# newdoc id = x\n1-2\tAb\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n1\tA\ta\tX\tX\t_\t0\troot\t_\tEntity=(3-place(4-time\n2\tb\tb\tX\tX\t_\t1\tdep\t_\tEntity=4)3)\n\n")
	f.Fuzz(func(t *testing.T, in string) {
		docs, err := ReadGUM(strings.NewReader(in), "fuzz")
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not a ParseError", err)
			}
			return
		}
		for _, d := range docs {
			checkDocument(t, d)
		}
	})
}
