package corpus

import (
	"crypto/sha256"
	"encoding/hex"
)

// GuideVersion is the version of docs/annotation-guide.md that new
// records are made under. Bump it when a rule changes what annotators
// write; records keep the version they were made under.
const GuideVersion = 2

// Record is one annotator's pass over one article: one line of an
// annotation file. Offsets are UTF-8 byte offsets into the row's Article,
// half-open [Start, End).
type Record struct {
	Key         string   `json:"key"`          // row key (Key)
	ArticleHash string   `json:"article_hash"` // ArticleHash of the text annotated; guards against a changed CSV
	Annotator   string   `json:"annotator"`    // who made it: [a-z0-9][a-z0-9._-]*
	Pass        string   `json:"pass"`         // PassFirst, PassSecond or PassAdjudicated
	Guide       int      `json:"guide"`        // GuideVersion it was made under
	Status      string   `json:"status"`       // StatusDone or StatusSkipped
	Reason      string   `json:"reason,omitempty"`
	Entities    []Entity `json:"entities"`
	Claims      []Claim  `json:"claims"`

	File string `json:"-"` // where it was loaded from
	Line int    `json:"-"`
}

// Passes.
const (
	PassFirst       = "1"   // the first annotation of a document
	PassSecond      = "2"   // a second, independent annotation
	PassAdjudicated = "adj" // the two passes reconciled: the gold when present
)

// Record statuses and the reasons for skipping an article.
const (
	StatusDone    = "done"
	StatusSkipped = "skipped" // not annotatable; Reason says why, no entities or claims

	ReasonNotArticle = "not-article" // paywall, navigation, error page, citation list: no news prose
	ReasonNotEnglish = "not-english"
)

// Span is a half-open byte range [Start, End) of the article.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Entity is one name mention. PER and ORG mentions belong to a Cluster
// (an id "k1", "k2", … shared by every mention of the same person or
// organization); LOC and MISC mentions have none.
type Entity struct {
	Start   int    `json:"start"`
	End     int    `json:"end"`
	Type    string `json:"type"`
	Cluster string `json:"cluster,omitempty"`
}

// Span returns the entity's range.
func (e Entity) Span() Span { return Span{e.Start, e.End} }

// Entity types.
const (
	PER  = "PER"
	ORG  = "ORG"
	LOC  = "LOC"
	MISC = "MISC"
)

// Claim is one assertion that a person or organization is involved in a
// risk, at one stage (Stance), made by a Speaker and passed on Via
// relays, stated in the Evidence sentence and signalled by the Trigger.
type Claim struct {
	ID       string  `json:"id"`      // "c1", "c2", … unique in the record
	Subject  string  `json:"subject"` // cluster id of the accused
	Stance   string  `json:"stance"`
	Topic    string  `json:"topic"` // a key of claims.Topics
	Trigger  Span    `json:"trigger"`
	Evidence Span    `json:"evidence"`
	Speaker  *Agent  `json:"speaker,omitempty"` // nil: the publisher's own voice
	Via      []Agent `json:"via,omitempty"`     // relays from the speaker outwards to the publisher
	Optional string  `json:"optional,omitempty"`
}

// Stances (the pipeline's "reported" has no place here: an unattributed
// accusation is alleged with no speaker).
const (
	Alleged    = "alleged"
	Charged    = "charged"
	Convicted  = "convicted"
	Sanctioned = "sanctioned"
	Denied     = "denied"
	Cleared    = "cleared"
)

// Stances lists the stances in the guide's order.
var Stances = []string{Alleged, Charged, Convicted, Sanctioned, Denied, Cleared}

// Why a claim is optional: agreement and evaluation count an optional
// claim when it is matched and forgive it when it is not.
const (
	Redundant  = "redundant"  // restates an earlier claim with the same subject, stance and topic
	Borderline = "borderline" // the guide does not settle whether it is a claim
)

// Agent is a speaker or relay: a cluster, or a descriptor written in the
// text ("prosecutors in Miami", "people familiar with the matter"),
// Anonymous when it hides who the source is.
type Agent struct {
	Cluster   string `json:"cluster,omitempty"`
	Span      *Span  `json:"span,omitempty"`
	Anonymous bool   `json:"anonymous,omitempty"`
}

// ArticleHash is the first 16 hex digits of the SHA-256 of an article.
func ArticleHash(text string) string {
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:8])
}
