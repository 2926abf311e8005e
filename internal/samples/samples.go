// Package samples reads the project's sample articles (testdata/articles)
// the way ingest does — every reader, then repair — for the tests and
// benchmarks of the extraction stages.
package samples

import (
	"context"
	"fmt"
	"path/filepath"

	"dossier/read"
	"dossier/repair"
)

// Article is one sample document: Key is "file#record" (1-based), Text
// the repaired text.
type Article struct {
	Key, Text string
}

// Load reads every numbered sample file in dir (the README is not one).
// It returns an error when dir holds none.
func Load(dir string) ([]Article, error) {
	files, err := filepath.Glob(filepath.Join(dir, "[0-9]*"))
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("samples: no sample articles in %s", dir)
	}
	var out []Article
	for _, f := range files {
		n := 0
		err := read.NewReader().File(context.Background(), f, func(it read.Item) error {
			n++
			text, _ := repair.String(it.Text)
			out = append(out, Article{fmt.Sprintf("%s#%d", filepath.Base(f), n), text})
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("samples: %w", err)
		}
	}
	return out, nil
}
