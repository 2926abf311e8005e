package dossier

// Mention is one occurrence of an entity in a document's text: a byte
// range [Start, End) of the repaired text, with the label a recognizer
// gave it (PER, ORG, LOC, MISC, MONEY, DATE, PERCENT).
type Mention struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
	Label string `json:"label,omitempty"`
}

// Role is a post, function or relation that a document gives a person:
// "head of the Venezuelan National Assembly", "former bodyguard for the
// late Hugo Chávez", "Venezuela's president", "the ABC reporter who
// broke the story".
type Role struct {
	Title    string   `json:"title"`               // normalized post: "president", "head", "bodyguard", "reporter"
	Text     string   `json:"text"`                // the phrase as written
	Of       string   `json:"of,omitempty"`        // what the post is of or for, as written ("the Venezuelan National Assembly")
	OfEntity string   `json:"of_entity,omitempty"` // ID of that entity in the document, when resolved
	Former   bool     `json:"former,omitempty"`
	Topics   []string `json:"topics,omitempty"` // e.g. role.pep, gov.head, gov.legislative
	Start    int      `json:"start"`            // evidence: byte range of the phrase
	End      int      `json:"end"`
}

// DocEntity is one entity of a document after in-document resolution:
// every surface form that names it ("Hugo Carvajal", `"El Pollo"`,
// "Gen. Carvajal", "Carvajal") grouped under one canonical name.
type DocEntity struct {
	ID       string    `json:"id"`   // unique within the document: "e1", "e2", …
	Type     string    `json:"type"` // PER, ORG, LOC, MISC, MONEY, DATE, PERCENT
	Name     string    `json:"name"` // canonical name
	Aliases  []string  `json:"aliases"`
	Titles   []string  `json:"titles,omitempty"` // honorifics and ranks before the name: Gen., Capt., Mr.
	Mentions []Mention `json:"mentions"`
	Roles    []Role    `json:"roles"`
	Topics   []string  `json:"topics"`             // e.g. role.pep, gov.head
	Deceased bool      `json:"deceased,omitempty"` // "the late Hugo Chávez"
	Country  string    `json:"country,omitempty"`  // ISO code from demonyms or places, if known
}

// Extraction is what the pipeline learns from one document.
type Extraction struct {
	DocumentID string      `json:"document_id,omitempty"`
	Text       string      `json:"text"`
	Entities   []DocEntity `json:"entities"`
	Pipeline   []string    `json:"pipeline"` // names of the components that produced it
	Version    string      `json:"version"`
}
