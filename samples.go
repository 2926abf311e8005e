package dossier

import "embed"

// SampleArticles holds the sample articles the project wrote for its
// demo and tests (testdata/articles; see the README there). They are
// embedded so that "dossier demo" runs on a fresh machine with no other
// files.
//
//go:embed testdata/articles
var SampleArticles embed.FS
