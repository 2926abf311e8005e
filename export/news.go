package export

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"

	"dossier"
)

// NewsLines converts one stored document and its extraction into export
// lines, every reference between them resolved inside the set: the
// document (an Article when it was read from the web or a feed, else a
// Document); each person (Person) and organization (Organization, or
// Company when the news says it is owned, since only a Company can be an
// Ownership's asset in FtM) with a Documentation edge to the document
// and its claims; and one edge per relation, an Occupancy's post being a
// Position of the document. It also returns how many claims it left out
// because their subject is neither a person nor an organization.
//
// IDs are stable: "news-" and the document ID, then "-" and the
// extraction's own IDs (e1, c1) or a suffix.
func NewsLines(d *dossier.Document, x *dossier.Extraction) (lines []*Line, unattached int) {
	n := &newsDoc{d: d, x: x, prefix: "news-" + d.ID, byID: map[string]*Line{}, posts: map[string]*Line{}, ents: map[string]*dossier.DocEntity{}}
	n.document()
	n.parties()
	n.claims()
	n.relations()
	n.documentation()
	return n.lines, n.unattached
}

type newsDoc struct {
	d          *dossier.Document
	x          *dossier.Extraction
	prefix     string
	doc        *Line                         // the Article or Document
	byID       map[string]*Line              // exported entities by DocEntity ID
	posts      map[string]*Line              // Positions by ID
	ents       map[string]*dossier.DocEntity // the extraction's entities by ID
	lines      []*Line
	unattached int
}

func (n *newsDoc) line(id, schema string) *Line {
	l := &Line{ID: id, Schema: schema, Properties: map[string][]string{}, Datasets: []string{NewsDataset}}
	if !n.d.Ingested.IsZero() {
		l.FirstSeen = n.d.Ingested.UTC().Format("2006-01-02T15:04:05")
		l.LastSeen = l.FirstSeen
	}
	n.lines = append(n.lines, l)
	return l
}

// article reports whether a document was published on the web or in a
// feed (it has a URL, or was read from HTML, a feed or an archive) and
// so is an Article rather than a plain Document.
func article(d *dossier.Document) bool {
	if d.URL != "" {
		return true
	}
	switch d.Format {
	case "html", "rss", "atom", "warc", "jsonl":
		return true
	}
	return false
}

func (n *newsDoc) document() {
	schema := "Document"
	if article(n.d) {
		schema = "Article"
	}
	l := n.line(n.prefix, schema)
	d := n.d
	add(l, "title", d.Title)
	add(l, "author", d.Byline)
	add(l, "publisher", d.Source)
	add(l, "sourceUrl", WithScheme(d.URL))
	if !d.Published.IsZero() {
		add(l, "publishedAt", d.Published.UTC().Format("2006-01-02T15:04:05"))
	}
	add(l, "bodyText", d.Text)
	add(l, "language", "eng") // the pipeline reads English news
	if x := n.x.Adverse; x != nil {
		for _, t := range x.Topics {
			add(l, "topics", ftmTopic(t))
		}
	}
	l.Caption = firstOf(d.Title, d.URL, d.ID)
	n.doc = l
}

// schemaOf is the FtM schema of a document entity, "" for one that is
// not exported (places, amounts, dates, misc names).
func (n *newsDoc) schemaOf(e *dossier.DocEntity) string {
	switch e.Type {
	case "PER":
		return "Person"
	case "ORG":
		for _, r := range n.x.Relations {
			if r.Schema == "Ownership" && r.Object == e.ID {
				return "Company"
			}
		}
		return "Organization"
	}
	return ""
}

func (n *newsDoc) parties() {
	for i := range n.x.Entities {
		e := &n.x.Entities[i]
		if n.ents[e.ID] != nil {
			continue // a repeated ID: the first entity holds it
		}
		n.ents[e.ID] = e
		schema := n.schemaOf(e)
		if schema == "" || strings.TrimSpace(e.Name) == "" {
			continue // FtM requires a person's or organization's name
		}
		l := n.line(n.prefix+"-"+e.ID, schema)
		l.Caption = e.Name
		add(l, "name", e.Name)
		for _, a := range e.Aliases {
			if a != e.Name {
				add(l, "alias", a)
			}
		}
		if schema == "Person" {
			add(l, "title", e.Titles...)
			for _, r := range e.Roles {
				add(l, "position", r.Text)
			}
		}
		for _, t := range e.Topics {
			add(l, "topics", ftmTopic(t))
		}
		add(l, "country", CountryCode(e.Country))
		add(l, "sourceUrl", WithScheme(n.d.URL))
		add(l, "proof", n.doc.ID)
		n.byID[e.ID] = l
		switch schema {
		case "Person":
			add(n.doc, "peopleMentioned", e.Name)
		default:
			add(n.doc, "companiesMentioned", e.Name)
		}
	}
}

// ref returns the export ID of a document entity, "" when it is not
// exported.
func (n *newsDoc) ref(docEntity string) string {
	if l := n.byID[docEntity]; l != nil {
		return l.ID
	}
	return ""
}

func (n *newsDoc) source(s *dossier.Source) *Source {
	if s == nil {
		return nil
	}
	return &Source{Entity: n.ref(s.Entity), Name: s.Name, Cue: s.Cue, Anonymous: s.Anonymous, Start: s.Start, End: s.End}
}

func (n *newsDoc) claims() {
	for _, c := range n.x.Claims {
		subj := n.byID[c.Subject]
		if subj == nil {
			n.unattached++
			continue
		}
		out := Claim{
			ID: n.prefix + "-" + c.ID, Document: n.doc.ID, Topic: c.Topic, Topics: c.Topics, Stance: c.Stance,
			Speaker: n.source(c.Speaker), Cue: c.Cue, Content: c.Content, Evidence: c.Evidence,
		}
		for i := range c.Sources {
			out.Sources = append(out.Sources, *n.source(&c.Sources[i]))
		}
		if c.Denies != "" {
			out.Denies = n.prefix + "-" + c.Denies
		}
		subj.Claims = append(subj.Claims, out)
		for _, t := range append([]string{c.Topic}, c.Topics...) {
			add(subj, "topics", ftmTopic(t))
		}
	}
}

// edge is how one relation becomes an FtM edge: its schema, the
// properties that hold the relation's subject and object, and the one
// that holds its role.
type edge struct {
	schema, subject, object, role string
}

// edgeFor maps a relation whose ends have the given FtM schemata to an
// edge whose ranges they fit. A relation that fits none of its schema's
// shapes (an Employment by a person, which FtM's Employment cannot hold)
// becomes the nearest that fits: Associate between two people, else
// UnknownLink. The subject of a relation is the one the role is given
// to ("the wife", "the lawyer"), its object the one the role is of.
func edgeFor(rel, subj, obj string) edge {
	person := func(s string) bool { return s == "Person" }
	org := func(s string) bool { return s == "Organization" || s == "Company" }
	legal := func(s string) bool { return person(s) || org(s) }
	switch {
	case rel == "Employment" && person(subj) && org(obj):
		return edge{"Employment", "employee", "employer", "role"}
	case rel == "Directorship" && legal(subj) && org(obj):
		return edge{"Directorship", "director", "organization", "role"}
	case rel == "Ownership" && legal(subj) && obj == "Company":
		return edge{"Ownership", "owner", "asset", "role"}
	case (rel == "Membership" || rel == "Occupancy") && legal(subj) && org(obj):
		return edge{"Membership", "member", "organization", "role"}
	case rel == "Family" && person(subj) && person(obj):
		return edge{"Family", "relative", "person", "relationship"}
	case rel == "Representation" && legal(subj) && legal(obj):
		return edge{"Representation", "agent", "client", "role"}
	case person(subj) && person(obj):
		return edge{"Associate", "associate", "person", "relationship"}
	}
	return edge{"UnknownLink", "subject", "object", "role"}
}

func (n *newsDoc) relations() {
	for i, r := range n.x.Relations {
		subj, obj := n.byID[r.Subject], n.byID[r.Object]
		if subj == nil || obj == nil {
			continue
		}
		id := n.prefix + "-r" + strconv.Itoa(i+1)
		if r.Schema == "Occupancy" && subj.Schema == "Person" && (obj.Schema == "Organization" || obj.Schema == "Company") {
			n.occupancy(id, r, subj, obj)
			continue
		}
		e := edgeFor(r.Schema, subj.Schema, obj.Schema)
		l := n.line(id, e.schema)
		add(l, e.subject, subj.ID)
		add(l, e.object, obj.ID)
		add(l, e.role, r.Role)
		n.evidence(l, r)
	}
}

// occupancy writes a Position, "<role> of <organization>", and the
// Occupancy of it by the relation's subject.
func (n *newsDoc) occupancy(id string, r dossier.Relation, holder, org *Line) {
	var role *dossier.Role
	if e := n.ents[r.Subject]; e != nil {
		for i := range e.Roles {
			if e.Roles[i].Title == r.Role && e.Roles[i].OfEntity == r.Object {
				role = &e.Roles[i]
				break
			}
		}
	}
	name := "Post at " + org.Caption
	if r.Role != "" {
		name = capitalize(r.Role) + " of " + org.Caption
	}
	sum := sha256.Sum256([]byte(strings.ToLower(name) + "\x00" + org.ID))
	posID := n.prefix + "-post-" + hex.EncodeToString(sum[:6])
	pos := n.posts[posID]
	if pos == nil { // the same post held by two people is one Position
		pos = n.line(posID, "Position")
		n.posts[posID] = pos
		pos.Caption = name
		add(pos, "name", name)
		add(pos, "organization", org.ID)
		add(pos, "country", org.Properties["country"]...)
		if role != nil {
			for _, t := range role.Topics {
				add(pos, "topics", ftmTopic(t))
			}
		}
		add(pos, "sourceUrl", WithScheme(n.d.URL))
		add(pos, "proof", n.doc.ID)
	}
	l := n.line(id, "Occupancy")
	add(l, "holder", holder.ID)
	add(l, "post", pos.ID)
	if role != nil && role.Former {
		add(l, "status", "ended")
	} else {
		add(l, "status", "current")
	}
	n.evidence(l, r)
}

// evidence puts a relation's provenance on its edge: the sentence that
// says it and the document's URL and publisher. (FtM gives edges no
// proof property; the document is linked to both ends by Documentation.)
func (n *newsDoc) evidence(l *Line, r dossier.Relation) {
	add(l, "description", r.Evidence.Text)
	add(l, "sourceUrl", WithScheme(n.d.URL))
	add(l, "publisher", n.d.Source)
}

// documentation links each exported party to the document.
func (n *newsDoc) documentation() {
	for i := range n.x.Entities {
		e := &n.x.Entities[i]
		p := n.byID[e.ID]
		if p == nil || n.ents[e.ID] != e {
			continue
		}
		l := n.line(p.ID+"-doc", "Documentation")
		add(l, "document", n.doc.ID)
		add(l, "entity", p.ID)
		role := "mentioned"
		if len(p.Claims) > 0 {
			role = "subject of claims"
		}
		add(l, "role", role)
		add(l, "summary", strconv.Itoa(len(e.Mentions))+" mentions")
	}
}

// ftmTopic maps a dossier topic to FtM's topic vocabulary: the topic
// itself when FtM has it, else its nearest ancestor that FtM has
// ("crime.fin.launder" → "crime.fin", "crime.corrupt" → "crime"), else
// "".
func ftmTopic(t string) string {
	for t != "" {
		if ftmTopics[t] {
			return t
		}
		i := strings.LastIndexByte(t, '.')
		if i < 0 {
			return ""
		}
		t = t[:i]
	}
	return ""
}

// ftmTopics is FtM's topic vocabulary (followthemoney/types/topic.py);
// TestTopics checks it against the copy in testdata.
var ftmTopics = set(
	"crime", "crime.fraud", "crime.cyber", "crime.fin", "crime.env", "crime.theft", "crime.war", "crime.boss",
	"crime.terror", "crime.traffick", "crime.traffick.drug", "crime.traffick.human", "forced.labor", "asset.frozen",
	"wanted", "corp.offshore", "corp.shell", "corp.public", "corp.disqual", "gov", "gov.national", "gov.state",
	"gov.muni", "gov.soe", "gov.igo", "gov.head", "gov.admin", "gov.executive", "gov.legislative", "gov.judicial",
	"gov.security", "gov.financial", "fin", "fin.bank", "fin.fund", "fin.adivsor", "reg.action", "reg.warn",
	"role.pep", "role.pol", "role.rca", "role.judge", "role.civil", "role.diplo", "role.lawyer", "role.acct",
	"role.spy", "role.oligarch", "role.journo", "role.act", "role.lobby", "pol.party", "pol.union", "rel", "mil",
	"sanction", "sanction.linked", "sanction.counter", "export.control", "export.risk", "debarment", "poi",
)

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func firstOf(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}
