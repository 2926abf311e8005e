package server

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"dossier"
	"dossier/names"
)

// The view models of the web UI: what the templates show, built from
// the JSON routes' results. Text is kept as strings cut into segments;
// html/template escapes every one (no template.HTML anywhere).

// uiFeature is one feature of a score and its explanation.
type uiFeature struct {
	Name   string
	Score  float64
	Detail string
}

func uiFeatures(ex map[string]names.Explanation) []uiFeature {
	out := make([]uiFeature, 0, len(ex))
	for k, v := range ex {
		out = append(out, uiFeature{Name: k, Score: v.Score, Detail: v.Detail})
	}
	slices.SortFunc(out, func(a, b uiFeature) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// uiHit is a list hit, with what tells namesakes apart (see uiHitFacts).
type uiHit struct {
	ID, Caption, Schema, MatchedName string
	Score                            float64
	Match                            bool
	Datasets                         []string
	Features                         []uiFeature
	BirthDates, Nationalities        []string
	Programs                         []string
	Decision                         *uiDecision   // the effective decision for the subject screened
	Form                             *uiDecideForm // nil: the session cannot record decisions
}

func uiHitOf(h scoredEntityJSON) uiHit {
	return uiHit{ID: h.ID, Caption: h.Caption, Schema: h.Schema, MatchedName: h.MatchedName, Score: h.Score,
		Match: h.Match, Datasets: h.Datasets, Features: uiFeatures(h.Explanations)}
}

// uiSegment is a run of text with what marks it: an entity mention, the
// evidence of claims, or a highlighted part of a sentence.
type uiSegment struct {
	Text       string
	Mark       bool   // highlighted (a claim's content within its sentence; evidence in a document)
	Anchor     string // element ID where a claim's evidence starts
	Claims     string // the claims whose evidence this is: "c1 c3"
	Entity     string // anchor of the mentioned entity's entry: "ent-e1"
	EntityType string // PER, ORG, …
	EntityName string
}

// uiSpan is a byte range of a text to mark.
type uiSpan struct {
	start, end int
	claim      string // a claim's evidence
	entity     *dossier.DocEntity
}

// uiSegments cuts text at the edges of the spans (clamped to the text
// and moved back to rune starts, empty spans dropped) and marks each
// run with the spans that cover it. It returns the runs, and for each
// claim the anchor of the run where its evidence starts.
func uiSegments(text string, spans []uiSpan) ([]uiSegment, map[string]string) {
	clamp := func(i int) int {
		i = max(0, min(i, len(text)))
		for i > 0 && i < len(text) && !utf8.RuneStart(text[i]) {
			i--
		}
		return i
	}
	cuts := []int{0, len(text)}
	var ok []uiSpan
	for _, sp := range spans {
		sp.start, sp.end = clamp(sp.start), clamp(sp.end)
		if sp.start >= sp.end {
			continue
		}
		ok = append(ok, sp)
		cuts = append(cuts, sp.start, sp.end)
	}
	slices.Sort(cuts)
	cuts = slices.Compact(cuts)
	anchors := map[string]string{}
	var out []uiSegment
	for i := 0; i+1 < len(cuts); i++ {
		a, b := cuts[i], cuts[i+1]
		seg := uiSegment{Text: text[a:b]}
		var claims []string
		for _, sp := range ok {
			if sp.start > a || sp.end < b {
				continue
			}
			switch {
			case sp.claim != "":
				claims = append(claims, sp.claim)
				if sp.start == a {
					if seg.Anchor == "" {
						seg.Anchor = "ev-" + sp.claim
					}
					anchors[sp.claim] = seg.Anchor
				}
			case sp.entity != nil && seg.Entity == "":
				seg.Entity, seg.EntityType, seg.EntityName = "ent-"+sp.entity.ID, sp.entity.Type, sp.entity.Name
			}
		}
		seg.Claims = strings.Join(claims, " ")
		seg.Mark = len(claims) > 0
		out = append(out, seg)
	}
	return out, anchors
}

// uiSource is one link of a source chain, or a speaker.
type uiSource struct {
	Name, Cue string
	Anonymous bool
}

// uiClaim is a claim as the pages show it.
type uiClaim struct {
	ID, Anchor    string // Anchor: the element ID of this claim on its page
	Subject       string
	Topic, Stance string
	Topics        []string
	Speaker       *uiSource
	Cue           string
	Chain         []uiSource
	Evidence      []uiSegment // the sentence, its content marked
	EvidenceHref  string      // where the evidence is marked in the document
	Denies        string      // the claim it answers, as "c1"
	DeniesHref    string
	DeniesSummary string
	DeniedBy      []uiRef   // denials of this claim on the same page
	Labels        []uiTopic // every topic of the claim, Topic first, labelled
	Also          []string  // IDs of claims folded into this one (dedupClaims)
	AlsoAnchors   []string  // their anchors, kept so that links to them land here
	// SameAs is an earlier claim on the page with the same evidence
	// sentence (another stance or speaker), shown there and not again.
	SameAs, SameAsHref string

	evStart, evEnd int // the evidence's byte range in its document
}

type uiRef struct{ Label, Href string }

// uiClaims renders a document's claims; prefix makes their anchors
// unique on a page showing several documents. A denial links to the
// claim it answers: on the page when it is among them, else in the
// document's page.
func uiClaims(docID string, claims []dossier.Claim, prefix string) []uiClaim {
	byID := map[string]*dossier.Claim{}
	for i := range claims {
		byID[claims[i].ID] = &claims[i]
	}
	docURL := uiDocumentURL(docID)
	out := make([]uiClaim, len(claims))
	idx := map[string]int{}
	for i, c := range claims {
		v := uiClaim{ID: c.ID, Anchor: prefix + "claim-" + c.ID, Subject: c.SubjectName, Topic: c.Topic, Stance: c.Stance,
			Cue: c.Cue, Denies: c.Denies, EvidenceHref: docURL + "#ev-" + c.ID, evStart: c.Evidence.Start, evEnd: c.Evidence.End}
		if len(c.Topics) > 1 {
			v.Topics = c.Topics
		}
		v.Labels = topicsOf(append([]string{c.Topic}, c.Topics...)...)
		if c.Speaker != nil {
			v.Speaker = &uiSource{Name: c.Speaker.Name, Cue: c.Speaker.Cue, Anonymous: c.Speaker.Anonymous}
		}
		for _, src := range c.Sources {
			v.Chain = append(v.Chain, uiSource{Name: src.Name, Cue: src.Cue, Anonymous: src.Anonymous})
		}
		v.Evidence, _ = uiSegments(c.Evidence.Text, []uiSpan{{start: c.Content.Start - c.Evidence.Start,
			end: c.Content.End - c.Evidence.Start, claim: c.ID}})
		for j := range v.Evidence {
			v.Evidence[j].Anchor, v.Evidence[j].Claims = "", ""
		}
		if c.Denies != "" {
			if d, ok := byID[c.Denies]; ok {
				v.DeniesHref = "#" + prefix + "claim-" + d.ID
				v.DeniesSummary = d.Stance + " " + topicOf(d.Topic).Label
			} else {
				v.DeniesHref = docURL + "#claim-" + c.Denies
			}
		}
		idx[c.ID] = i
		out[i] = v
	}
	for _, v := range out {
		if j, ok := idx[v.Denies]; ok && v.Denies != "" {
			out[j].DeniedBy = append(out[j].DeniedBy, uiRef{Label: v.ID + " (" + v.Stance + ")", Href: "#" + v.Anchor})
		}
	}
	return out
}

// uiRelation is a relation between two entities of a document.
type uiRelation struct {
	Schema, Subject, Object, Role, Evidence string
	Anchor                                  string // element ID on the document's page: rel-1, rel-2, …
}

// uiNews is one document about a subject.
type uiNews struct {
	Doc       documentJSON
	Href      string
	Entity    dossier.DocEntity
	Score     float64
	Via       string
	Features  []uiFeature
	Claims    []uiClaim
	Relations []uiRelation
	Adverse   *dossier.Adverse
	Subject   *dossier.SubjectAdverse
	// SubjectFirst: the subject's own figure leads and the article's
	// whole-document figure is shown as secondary, never as the alarm.
	SubjectFirst  bool
	ArticleTopics []uiTopic
	Decision      *uiDecision
	Form          *uiDecideForm
}

func uiNewsOf(items []newsItem) []uiNews {
	out := make([]uiNews, len(items))
	for i, it := range items {
		prefix := "n" + strconv.Itoa(i+1) + "-"
		v := uiNews{Doc: it.Document, Href: uiDocumentURL(it.Document.ID), Entity: it.Entity, Score: it.Score, Via: it.Via,
			Features: uiFeatures(it.Explanations), Claims: sameSentence(dedupClaims(uiClaims(it.Document.ID, it.Claims, prefix), it.Claims)),
			Adverse: it.Adverse, Subject: it.SubjectAdverse, SubjectFirst: it.SubjectAdverse != nil}
		if it.Adverse != nil {
			v.ArticleTopics = topicsOf(it.Adverse.Topics...)
		}
		names := map[string]string{it.Entity.ID: it.Entity.Name}
		for _, r := range it.Relations {
			v.Relations = append(v.Relations, uiRelation{Schema: r.Schema, Subject: nameOr(names, r.Subject),
				Object: nameOr(names, r.Object), Role: r.Role, Evidence: r.Evidence.Text})
		}
		out[i] = v
	}
	return out
}

func nameOr(names map[string]string, id string) string {
	if n, ok := names[id]; ok {
		return n
	}
	return ""
}

// uiValue is one property value: text, a link to another entity (Href)
// or to a web page (External), and a tooltip (a topic's key).
type uiValue struct {
	Text, Href, Title string
	External          bool
}

// uiProp is a property with its values: Name is the FtM key, Label what
// people read.
type uiProp struct {
	Name, Label string
	Values      []uiValue
}

// uiLinked is an entity nested in another's page: a sanction, an
// address, an ownership.
type uiLinked struct {
	Prop, ID, Schema, Caption string
	PropLabel                 string
	Datasets                  []string
	Props                     []uiProp
	// For a relation record (an ownership, a directorship, …): the
	// other party, whose role Prop and PropLabel then name, and the
	// relation's own role or share.
	Party    *uiValue
	Relation string
}

// uiProps renders an entity's properties in name order; values that
// refer to another list entity link to its page, except the one the
// entity is shown within.
func (snap *snapshot) uiProps(e *dossier.Entity, within string) []uiProp {
	keys := make([]string, 0, len(e.Properties))
	for k := range e.Properties {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var out []uiProp
	for _, k := range keys {
		p := uiProp{Name: k, Label: propLabel(e.Schema, k)}
		for _, val := range e.Properties[k] {
			if val == within {
				continue
			}
			switch ref, ok := snap.entities[val]; {
			case ok && isReference(e.Schema, k):
				p.Values = append(p.Values, uiValue{Text: caption(ref), Href: uiEntityURL(ref.ID)})
			case k == "topics":
				t := topicOf(val)
				p.Values = append(p.Values, uiValue{Text: t.Label, Title: t.Key})
			case webURL(val):
				p.Values = append(p.Values, uiValue{Text: val, Href: val, External: true})
			default:
				p.Values = append(p.Values, uiValue{Text: val})
			}
		}
		if len(p.Values) > 0 {
			out = append(out, p)
		}
	}
	return out
}

// uiEntityView is a list entity's page.
type uiEntityView struct {
	ID, Caption, Schema string
	Datasets, Referents []string
	Target              bool
	Props               []uiProp
	Sanctions           []uiLinked
	Related             []uiLinked // the relations that name it (as their other party) and other entities that refer to it
	RelatedAll          int        // related entities before the filters
	RelatedPager        uiPageNav
	News                []uiNews
	NewsTotal           int  // documents about the entity, before the filters
	NewsCapped          bool // filters and pages cover the best uiNewsWindow
	NewsPager           uiPageNav
	uiFilterForm               // the filters, as on the screening page
	Problem             string // a bad filter or page, named for the form
}

// uiFilterForm is the filters' part of a form: what was typed, the
// threshold in force, and each select's options.
type uiFilterForm struct {
	Filters                                        uiFilters
	Threshold                                      string
	DatasetOptions, SchemaOptions, Topics, Stances []uiOption
}

func (snap *snapshot) uiEntity(e *dossier.Entity) uiEntityView {
	v := uiEntityView{ID: e.ID, Caption: caption(e), Schema: e.Schema, Datasets: e.Datasets, Referents: e.Referents,
		Target: snap.isTarget(e), Props: snap.uiProps(e, "")}
	for _, ed := range snap.reverse[e.ID] {
		ref, ok := snap.entities[ed.id]
		if !ok {
			continue
		}
		l := uiLinked{Prop: ed.prop, PropLabel: propLabel(ref.Schema, ed.prop), ID: ref.ID, Schema: ref.Schema, Caption: caption(ref),
			Datasets: ref.Datasets, Props: snap.uiProps(ref, e.ID)}
		if ed.prop == "sanctions" {
			v.Sanctions = append(v.Sanctions, l)
			continue
		}
		parties := snap.relationParties(ref, e.ID)
		if len(parties) == 0 {
			v.Related = append(v.Related, l)
			continue
		}
		for _, p := range parties {
			v.Related = append(v.Related, p)
		}
	}
	cmpLinked := func(a, b uiLinked) int {
		return cmp.Or(strings.Compare(a.Prop, b.Prop), strings.Compare(a.ID, b.ID))
	}
	slices.SortFunc(v.Sanctions, cmpLinked)
	slices.SortFunc(v.Related, cmpLinked)
	return v
}

// relationParties lists, for a relation record that names entity id as
// a party, each other party (a list entity) with its role: for gen-hub,
// an ownership's owner. It is empty for any other entity.
func (snap *snapshot) relationParties(rel *dossier.Entity, id string) []uiLinked {
	ends, ok := netEnds[rel.Schema]
	if !ok {
		return nil
	}
	what := first(rel.Properties["role"])
	if what == "" {
		what = first(rel.Properties["relationship"])
	}
	if p := first(rel.Properties["percentage"]); p != "" {
		what = strings.TrimSpace(strings.Join([]string{what, strings.TrimSuffix(p, "%") + "%"}, " "))
	}
	var out []uiLinked
	for side, prop := range ends {
		if !slices.Contains(rel.Properties[ends[1-side]], id) {
			continue // id is not on the other side
		}
		for _, pid := range rel.Properties[prop] {
			other, ok := snap.entities[pid]
			if !ok || pid == id {
				continue
			}
			out = append(out, uiLinked{Prop: prop, PropLabel: propLabel(rel.Schema, prop), ID: rel.ID, Schema: rel.Schema,
				Caption: caption(rel), Datasets: rel.Datasets, Party: &uiValue{Text: caption(other), Href: uiEntityURL(other.ID)},
				Relation: what})
		}
	}
	return out
}

// uiDocEntity is an entity of a document, with its list links.
type uiDocEntity struct {
	dossier.DocEntity
	Anchor string
	Links  []*dossier.Link
}

// uiDocumentView is a document's page.
type uiDocumentView struct {
	Doc       documentJSON
	Extracted bool
	Segments  []uiSegment
	Entities  []uiDocEntity
	Claims    []uiClaim
	Relations []uiRelation
	Adverse   *dossier.Adverse
}

func uiDocument(resp *documentShowResponse) uiDocumentView {
	v := uiDocumentView{Doc: resp.Document, Extracted: resp.Extraction != nil}
	x := resp.Extraction
	if x == nil {
		v.Segments, _ = uiSegments(resp.Document.Text, nil)
		return v
	}
	v.Adverse = x.Adverse
	var spans []uiSpan
	names := map[string]string{}
	for i := range x.Entities {
		e := &x.Entities[i]
		names[e.ID] = e.Name
		for _, m := range e.Mentions {
			spans = append(spans, uiSpan{start: m.Start, end: m.End, entity: e})
		}
		de := uiDocEntity{DocEntity: *e, Anchor: "ent-" + e.ID}
		for _, l := range resp.Links {
			if l.DocEntityID == e.ID {
				de.Links = append(de.Links, l)
			}
		}
		v.Entities = append(v.Entities, de)
	}
	for _, c := range x.Claims {
		spans = append(spans, uiSpan{start: c.Evidence.Start, end: c.Evidence.End, claim: c.ID})
	}
	var anchors map[string]string
	v.Segments, anchors = uiSegments(resp.Document.Text, spans)
	v.Claims = sameSentence(uiClaims(resp.Document.ID, x.Claims, ""))
	for i := range v.Claims {
		if a, ok := anchors[v.Claims[i].ID]; ok {
			v.Claims[i].EvidenceHref = "#" + a
		} else {
			v.Claims[i].EvidenceHref = ""
		}
	}
	for i, r := range x.Relations {
		v.Relations = append(v.Relations, uiRelation{Schema: r.Schema, Subject: nameOr(names, r.Subject),
			Object: nameOr(names, r.Object), Role: r.Role, Evidence: r.Evidence.Text, Anchor: "rel-" + strconv.Itoa(i+1)})
	}
	return v
}
