package dossier

import "embed"

// SampleArticles holds the sample articles the project wrote for its
// demo and tests (testdata/articles; see the README there). They are
// embedded so that "dossier demo" runs on a fresh machine with no other
// files.
//
//go:embed testdata/articles
var SampleArticles embed.FS

// SampleList holds an excerpt of the OFAC SDN list in its official CSV
// layout (testdata/lists; real entries, public facts), so that the demo
// has a list to screen against.
//
//go:embed testdata/lists/ofac-sdn-excerpt
var SampleList embed.FS
