package server

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"dossier"
	"dossier/names"
)

// The network view: a list entity's relations, from the lists (the
// FtM interval entities that tie it to others: ownership, directorship,
// family, …) and from the news (the relations extracted from documents
// about it), drawn as an SVG graph rendered on the server, one or two
// hops out. Each edge links to its evidence: the list record, or the
// relation in the document's page. A table beside it lists the same
// edges for readers who cannot see the drawing.

const (
	netMaxNodes = 40  // nodes drawn; further relations are counted, not drawn
	netNewsDocs = 20  // documents about the entity read for relations
	netWidth    = 960 // the drawing's view box
	netHeight   = 620
	netMargin   = 70 // room for labels at the edges
)

// netEnds are the two parties of each FtM relation schema, in the
// order the edge is drawn: from the first to the second.
var netEnds = map[string][2]string{
	"Ownership":    {"owner", "asset"},
	"Directorship": {"director", "organization"},
	"Membership":   {"member", "organization"},
	"Employment":   {"employee", "employer"},
	"Family":       {"person", "relative"},
	"Associate":    {"person", "associate"},
	"Occupancy":    {"holder", "post"},
	"UnknownLink":  {"subject", "object"},
}

// netNode is a party in the drawing.
type netNode struct {
	Key, Label, Kind, Schema, Href string // Kind: list or news
	Hop                            int
	X, Y                           float64
}

// netEdge is one relation, with where its evidence is.
type netEdge struct {
	From, To       int // node indexes
	Schema, Role   string
	Source         string // list or news
	Href, Evidence string // the evidence's URL, and its text or record
	FromLabel      string
	ToLabel        string
	X1, Y1, X2, Y2 float64 // the line, cut short of the nodes' circles
	LX, LY         float64 // the label's place
}

// Label is the edge's caption in the drawing.
func (e netEdge) Label() string {
	if e.Role != "" {
		return e.Schema + ": " + e.Role
	}
	return e.Schema
}

// netGraph collects nodes and edges, each once.
type netGraph struct {
	nodes   []netNode
	index   map[string]int
	edges   []netEdge
	seen    map[string]bool
	dropped int // relations left out: too many nodes
}

func newNetGraph() *netGraph { return &netGraph{index: map[string]int{}, seen: map[string]bool{}} }

// node returns the index of the node with key, adding it if there is
// room; -1 when the drawing is full.
func (g *netGraph) node(n netNode) int {
	if i, ok := g.index[n.Key]; ok {
		if n.Hop < g.nodes[i].Hop {
			g.nodes[i].Hop = n.Hop
		}
		return i
	}
	if len(g.nodes) >= netMaxNodes {
		return -1
	}
	g.index[n.Key] = len(g.nodes)
	g.nodes = append(g.nodes, n)
	return len(g.nodes) - 1
}

// edge adds a relation between two nodes (added as needed), unless the
// same one (same ends, schema, role and evidence) is there already.
func (g *netGraph) edge(from, to netNode, e netEdge) {
	key := strings.Join([]string{from.Key, to.Key, e.Schema, e.Role, e.Href}, "\x00")
	if g.seen[key] || from.Key == to.Key {
		return
	}
	a, b := g.node(from), g.node(to)
	if a < 0 || b < 0 {
		g.dropped++
		return
	}
	g.seen[key] = true
	e.From, e.To = a, b
	g.edges = append(g.edges, e)
}

// listNode is a list entity as a node.
func (snap *snapshot) listNode(e *dossier.Entity, hop int) netNode {
	return netNode{Key: e.ID, Label: caption(e), Kind: "list", Schema: e.Schema, Href: uiEntityURL(e.ID), Hop: hop}
}

// listRelations adds the relations the lists record for entity id: each
// relation entity that names it as a party, with its other parties.
func (snap *snapshot) listRelations(g *netGraph, id string, hop int) {
	for _, ed := range snap.reverse[id] {
		rel, ok := snap.entities[ed.id]
		if !ok {
			continue
		}
		ends, ok := netEnds[rel.Schema]
		if !ok {
			continue
		}
		from, to := rel.Properties[ends[0]], rel.Properties[ends[1]]
		role := first(rel.Properties["role"])
		if role == "" {
			role = first(rel.Properties["relationship"])
		}
		for _, f := range from {
			for _, t := range to {
				fe, ok1 := snap.entities[f]
				te, ok2 := snap.entities[t]
				if !ok1 || !ok2 || (f != id && t != id) {
					continue
				}
				fh, th := hop+1, hop+1
				if f == id {
					fh = hop
				} else {
					th = hop
				}
				g.edge(snap.listNode(fe, fh), snap.listNode(te, th), netEdge{Schema: rel.Schema, Role: role, Source: "list",
					Href: uiEntityURL(rel.ID), Evidence: fmt.Sprintf("list record %s (%s)", rel.ID, strings.Join(rel.Datasets, ", "))})
			}
		}
	}
}

// newsRelations adds the relations extracted from the documents about
// e: those of the document entity that is e, and with two hops those of
// the entities related to it in the same document. A document entity
// linked to a list entity is that list entity's node.
func (s *Server) newsRelations(ctx context.Context, snap *snapshot, g *netGraph, e *dossier.Entity, hops int) error {
	if s.Extractions == nil {
		return nil
	}
	items, _, err := s.findNews(ctx, snap, newsQuery{subject: names.SubjectFromEntity(e), listIDs: []string{e.ID}, limit: netNewsDocs})
	if err != nil {
		return err
	}
	for _, it := range items {
		x, err := s.Extractions.FindExtraction(ctx, it.Document.ID)
		if err != nil {
			return fmt.Errorf("network: extraction of %s: %w", it.Document.ID, err)
		}
		linked := map[string]string{} // document entity → list entity
		if s.Links != nil {
			ls, _, err := s.Links.FindLinks(ctx, dossier.LinkFilter{DocumentID: &it.Document.ID})
			if err != nil {
				return err
			}
			for _, l := range ls {
				if _, ok := snap.entities[l.ListEntityID]; ok && linked[l.DocEntityID] == "" {
					linked[l.DocEntityID] = l.ListEntityID
				}
			}
		}
		linked[it.Entity.ID] = e.ID
		docURL := uiDocumentURL(it.Document.ID)
		ents := map[string]*dossier.DocEntity{}
		for i := range x.Entities {
			ents[x.Entities[i].ID] = &x.Entities[i]
		}
		hopOf := map[string]int{it.Entity.ID: 0}
		nodeOf := func(id string, hop int) (netNode, bool) {
			if lid, ok := linked[id]; ok {
				return snap.listNode(snap.entities[lid], hop), true
			}
			de, ok := ents[id]
			if !ok {
				return netNode{}, false
			}
			return netNode{Key: "news:" + strings.ToLower(de.Name), Label: de.Name, Kind: "news", Schema: de.Type,
				Href: docURL + "#ent-" + de.ID, Hop: hop}, true
		}
		for round := 1; round <= hops; round++ {
			for i, r := range x.Relations {
				hs, okS := hopOf[r.Subject]
				ho, okO := hopOf[r.Object]
				if okS == okO || (okS && hs != round-1) || (okO && ho != round-1) {
					continue // both placed, neither near enough, or not this round's
				}
				sh, oh := round, round
				if okS {
					sh = hs
					hopOf[r.Object] = round
				} else {
					oh = ho
					hopOf[r.Subject] = round
				}
				from, ok1 := nodeOf(r.Subject, sh)
				to, ok2 := nodeOf(r.Object, oh)
				if !ok1 || !ok2 {
					continue
				}
				title := it.Document.Title
				if title == "" {
					title = "document " + it.Document.ID
				}
				g.edge(from, to, netEdge{Schema: r.Schema, Role: r.Role, Source: "news",
					Href: docURL + "#rel-" + strconv.Itoa(i+1), Evidence: "“" + r.Evidence.Text + "” (" + title + ")"})
			}
		}
	}
	return nil
}

// layout places the nodes with a force-directed layout (Fruchterman
// and Reingold's): nodes repel, edges pull, the entity stays in the
// middle. It starts from rings by hop, in node order, and uses no
// randomness, so the same graph is drawn the same way each time. Then
// the drawing is scaled into the view box and each edge cut short of
// its nodes' circles.
func (g *netGraph) layout(w, h float64) {
	n := len(g.nodes)
	if n == 0 {
		return
	}
	perHop := map[int]int{}
	for _, nd := range g.nodes {
		perHop[nd.Hop]++
	}
	seenHop := map[int]int{}
	for i := range g.nodes {
		nd := &g.nodes[i]
		if i == 0 {
			continue // the entity, at the origin
		}
		k := seenHop[nd.Hop]
		seenHop[nd.Hop]++
		a := 2*math.Pi*float64(k)/float64(perHop[nd.Hop]) + 0.4*float64(nd.Hop)
		nd.X, nd.Y = float64(nd.Hop)*math.Cos(a), float64(nd.Hop)*math.Sin(a)
	}
	k := math.Sqrt(4.0 / float64(n)) // ideal edge length in a 2×2 square
	dx, dy := make([]float64, n), make([]float64, n)
	const iterations = 300
	for it := range iterations {
		temp := 0.1 * (1 - float64(it)/iterations)
		clear(dx)
		clear(dy)
		for i := range n {
			for j := i + 1; j < n; j++ {
				ex, ey := g.nodes[i].X-g.nodes[j].X, g.nodes[i].Y-g.nodes[j].Y
				d := math.Hypot(ex, ey)
				if d < 1e-6 { // coincident: push apart along a fixed direction
					ex, ey, d = 1e-3*float64(j-i), 1e-3, math.Hypot(1e-3*float64(j-i), 1e-3)
				}
				f := k * k / d
				dx[i] += ex / d * f
				dy[i] += ey / d * f
				dx[j] -= ex / d * f
				dy[j] -= ey / d * f
			}
		}
		for _, e := range g.edges {
			ex, ey := g.nodes[e.From].X-g.nodes[e.To].X, g.nodes[e.From].Y-g.nodes[e.To].Y
			d := math.Hypot(ex, ey)
			if d < 1e-6 {
				continue
			}
			f := d * d / k
			dx[e.From] -= ex / d * f
			dy[e.From] -= ey / d * f
			dx[e.To] += ex / d * f
			dy[e.To] += ey / d * f
		}
		for i := 1; i < n; i++ { // node 0 stays put
			d := math.Hypot(dx[i], dy[i])
			if d < 1e-9 {
				continue
			}
			step := math.Min(d, temp)
			g.nodes[i].X += dx[i] / d * step
			g.nodes[i].Y += dy[i] / d * step
		}
	}
	// Scale into the view box, keeping the aspect ratio, the entity in
	// the middle.
	span := 1e-9
	for _, nd := range g.nodes {
		span = math.Max(span, math.Max(math.Abs(nd.X)*(h/w), math.Abs(nd.Y)))
	}
	scale := (h/2 - netMargin) / span
	for i := range g.nodes {
		g.nodes[i].X = w/2 + g.nodes[i].X*scale
		g.nodes[i].Y = h/2 + g.nodes[i].Y*scale
		if n == 1 {
			g.nodes[i].X, g.nodes[i].Y = w/2, h/2
		}
	}
	for i := range g.edges {
		e := &g.edges[i]
		a, b := g.nodes[e.From], g.nodes[e.To]
		e.FromLabel, e.ToLabel = a.Label, b.Label
		ex, ey := b.X-a.X, b.Y-a.Y
		d := math.Max(math.Hypot(ex, ey), 1e-9)
		ra, rb := netRadius(a), netRadius(b)+4 // room for the arrowhead
		e.X1, e.Y1 = a.X+ex/d*ra, a.Y+ey/d*ra
		e.X2, e.Y2 = b.X-ex/d*rb, b.Y-ey/d*rb
		e.LX, e.LY = (a.X+b.X)/2, (a.Y+b.Y)/2-4
	}
}

// netRadius is a node's circle: larger for the entity in the middle.
func netRadius(n netNode) float64 {
	if n.Hop == 0 {
		return 14
	}
	return 9
}

// networkView is the network page.
type networkView struct {
	ID, Caption, Schema string
	Hops                int
	Width, Height       int
	Nodes               []netNode
	Edges               []netEdge
	Dropped             int
	OneHop, TwoHops     string // the page's URLs for each depth
}

// R is a node's circle radius, for the template.
func (n netNode) R() float64 { return netRadius(n) }

// handleUIEntityNetwork is GET /ui/entities/{id}/network?hops=1|2: the
// entity's relations as a graph.
func (s *Server) handleUIEntityNetwork(w http.ResponseWriter, r *http.Request) error {
	snap, err := s.snapshotOrUnavailable()
	if err != nil {
		return err
	}
	hops, err := intParam(r, "hops", 1, 1, 2)
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	e, err := snap.entityOrReferent(id)
	if err != nil {
		return err
	}
	base := uiEntityURL(e.ID) + "/network"
	if e.ID != id {
		http.Redirect(w, r, base+"?hops="+strconv.Itoa(hops), http.StatusPermanentRedirect)
		return nil
	}
	g := newNetGraph()
	g.node(snap.listNode(e, 0))
	snap.listRelations(g, e.ID, 0)
	if err := s.newsRelations(r.Context(), snap, g, e, hops); err != nil {
		return err
	}
	if hops == 2 {
		// The list relations of the list entities one hop out, whether
		// the lists or the news put them there.
		for _, nd := range slices.Clone(g.nodes) {
			if nd.Hop == 1 && nd.Kind == "list" {
				snap.listRelations(g, nd.Key, 1)
			}
		}
	}
	g.layout(netWidth, netHeight)
	v := networkView{ID: e.ID, Caption: caption(e), Schema: e.Schema, Hops: hops, Width: netWidth, Height: netHeight,
		Nodes: g.nodes, Edges: g.edges, Dropped: g.dropped, OneHop: base + "?hops=1", TwoHops: base + "?hops=2"}
	slices.SortStableFunc(v.Edges, func(a, b netEdge) int {
		return cmp.Or(cmp.Compare(min(g.nodes[a.From].Hop, g.nodes[a.To].Hop), min(g.nodes[b.From].Hop, g.nodes[b.To].Hop)),
			strings.Compare(a.Source, b.Source))
	})
	return s.renderPage(w, r, http.StatusOK, "network", "Network: "+v.Caption, v)
}
