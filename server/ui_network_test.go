package server

import (
	"math"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// networkList is our list fixture of relations: a sanctioned person
// with a company he directs (which owns a vessel with a hostile name),
// his wife and her partner, and an ownership between two entities of
// fixtureList.
const networkList = "testdata/network-list.ftm.jsonl"

// postNetworkArticle stores an article that relates the fixture subject
// to his brother, his party, an associate and a company.
func postNetworkArticle(t *testing.T, env *testEnv) string {
	t.Helper()
	art, err := os.ReadFile("testdata/article-network.json")
	if err != nil {
		t.Fatal(err)
	}
	status, _, body := env.call(t, "POST", "/documents", env.write, art)
	if status != http.StatusCreated {
		t.Fatalf("POST /documents: %d %s", status, body)
	}
	return MustJSON[documentCreated](t, body).ID
}

var (
	reEdge    = regexp.MustCompile(`<a href="([^"]*)" class="edge edge-(list|news)"><title>([^<]*)</title><line x1="([-0-9.]+)" y1="([-0-9.]+)" x2="([-0-9.]+)" y2="([-0-9.]+)"`)
	reNode    = regexp.MustCompile(`<circle cx="([-0-9.]+)" cy="([-0-9.]+)"`)
	reRequest = regexp.MustCompile(`request <code>[0-9a-f]+</code>`)
)

// networkEdges reads the drawn edges of a network page: their evidence
// URLs and titles, checking every coordinate is inside the view box.
func networkEdges(t *testing.T, body string) map[string]string {
	t.Helper()
	out := map[string]string{}
	inBox := func(s string, limit float64) {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(f) || f < 0 || f > limit {
			t.Errorf("coordinate %s outside the view box (0–%g)", s, limit)
		}
	}
	for _, m := range reEdge.FindAllStringSubmatch(body, -1) {
		out[m[1]] = m[3]
		inBox(m[4], netWidth)
		inBox(m[5], netHeight)
		inBox(m[6], netWidth)
		inBox(m[7], netHeight)
	}
	for _, m := range reNode.FindAllStringSubmatch(body, -1) {
		inBox(m[1], netWidth)
		inBox(m[2], netHeight)
	}
	return out
}

// TestUINetwork draws the fixture person's relations one and two hops
// out from the lists, and the fixture subject's from the news: each edge
// links to its evidence, hostile names are escaped, and the same graph
// is drawn the same way twice.
func TestUINetwork(t *testing.T) {
	t.Parallel()
	env := newEnv(t, envOptions{lists: []string{fixtureList, networkList}, extractor: true, noAuth: true})
	docID := postNetworkArticle(t, env)

	resp, body := uiGet(t, env, "/ui/entities/nw-petrov/network", nil)
	wantHTML(t, "network", resp, body, 200)
	edges := networkEdges(t, body)
	if len(edges) != 2 || !strings.Contains(edges["/ui/entities/nw-dir"], "Иван ПЕТРОВ → Северный Терминал ООО: Directorship: general director") ||
		!strings.Contains(edges["/ui/entities/nw-fam"], "Иван ПЕТРОВ → Мария ПЕТРОВА: Family: spouse &lt;img src=x onerror=alert(1)&gt;") {
		t.Errorf("one hop: edges %q", edges)
	}

	resp, body = uiGet(t, env, "/ui/entities/nw-petrov/network?hops=2", nil)
	wantHTML(t, "network, two hops", resp, body, 200)
	edges = networkEdges(t, body)
	if len(edges) != 4 || !strings.Contains(edges["/ui/entities/nw-own"], "Северный Терминал ООО → &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; STAR: Ownership") ||
		!strings.Contains(edges["/ui/entities/nw-assoc"], "Мария ПЕТРОВА → Oleg SIDOROV: Associate: business partner") {
		t.Errorf("two hops: edges %q", edges)
	}
	if strings.Contains(body, "<script>") || strings.Contains(body, "<img") {
		t.Errorf("a hostile name is live markup:\n%s", body)
	}
	_, again := uiGet(t, env, "/ui/entities/nw-petrov/network?hops=2", nil)
	if reRequest.ReplaceAllString(again, "") != reRequest.ReplaceAllString(body, "") {
		t.Errorf("the same graph was drawn differently")
	}

	resp, body = uiGet(t, env, "/ui/entities/ofac-24424/network?hops=2", nil)
	wantHTML(t, "network from the news", resp, body, 200)
	edges = networkEdges(t, body)
	want := map[string]string{
		"/ui/documents/" + docID + "#rel-1": "José David Cabello → Diosdado CABELLO RONDON: Family: brother",
		"/ui/documents/" + docID + "#rel-3": "Tareck Zaidan EL AISSAMI MADDAH → Diosdado CABELLO RONDON: Associate", // linked to its list entity
		"/ui/documents/" + docID + "#rel-4": "Diosdado CABELLO RONDON → Orinoco Trading Ltd: Directorship: director",
		"/ui/entities/nw-orinoco-own":       "Orinoco Trading Ltd → RIO ORINOCO: Ownership", // the second hop, from the lists
	}
	for href, title := range want {
		if !strings.HasPrefix(edges[href], title) {
			t.Errorf("edge %s: title %q, want %q…", href, edges[href], title)
		}
	}
	resp, body = uiGet(t, env, "/ui/documents/"+docID, nil)
	if !strings.Contains(body, `<li id="rel-4">Directorship: Diosdado Cabello → Orinoco Trading Ltd (director)`) {
		t.Errorf("the document page has no anchor for the evidence of relation 4:\n%s", body)
	}
	resp, body = uiGet(t, env, "/ui/entities/ofac-24424", nil)
	if !strings.Contains(body, `href="/ui/entities/ofac-24424/network"`) {
		t.Errorf("the entity page does not link its network")
	}
	resp, body = uiGet(t, env, "/ui/entities/fx-pdvsa/network", nil)
	wantHTML(t, "no relations", resp, body, 200)
	if !strings.Contains(body, "Neither the lists nor the stored news relate this entity") || strings.Contains(body, "<svg") {
		t.Errorf("an entity without relations:\n%s", body)
	}
	resp, body = uiGet(t, env, "/ui/entities/nw-petrov/network?hops=3", nil)
	wantHTML(t, "hops=3", resp, body, 400)
	resp, body = uiGet(t, env, "/ui/entities/nobody/network", nil)
	wantHTML(t, "unknown entity", resp, body, 404)
}

// TestNetLayout: a full drawing (a star with a ring of second hops and
// coincident starts) is finite, inside the view box, and the same each
// time.
func TestNetLayout(t *testing.T) {
	build := func() *netGraph {
		g := newNetGraph()
		g.node(netNode{Key: "c", Label: "centre", Hop: 0})
		for i := range 60 {
			hop := 1 + i%2
			from := netNode{Key: "c", Hop: 0}
			if hop == 2 {
				from = netNode{Key: "n" + strconv.Itoa(i-1), Hop: 1}
			}
			g.edge(from, netNode{Key: "n" + strconv.Itoa(i), Label: strconv.Itoa(i), Hop: hop}, netEdge{Schema: "Associate", Href: "/e/" + strconv.Itoa(i)})
		}
		g.layout(netWidth, netHeight)
		return g
	}
	a, b := build(), build()
	if len(a.nodes) != netMaxNodes || a.dropped == 0 {
		t.Errorf("%d nodes, %d dropped: want the drawing capped at %d", len(a.nodes), a.dropped, netMaxNodes)
	}
	for i, n := range a.nodes {
		if math.IsNaN(n.X) || math.IsNaN(n.Y) || n.X < 0 || n.X > netWidth || n.Y < 0 || n.Y > netHeight {
			t.Errorf("node %s at (%g, %g): outside the view box", n.Key, n.X, n.Y)
		}
		if n.X != b.nodes[i].X || n.Y != b.nodes[i].Y {
			t.Errorf("node %s drawn at (%g, %g), then (%g, %g)", n.Key, n.X, n.Y, b.nodes[i].X, b.nodes[i].Y)
		}
	}
	if c := a.nodes[0]; c.X != netWidth/2 || c.Y != netHeight/2 {
		t.Errorf("the entity is at (%g, %g), not in the middle", c.X, c.Y)
	}
	for i, n := range a.nodes {
		for _, m := range a.nodes[i+1:] {
			if math.Hypot(n.X-m.X, n.Y-m.Y) < 1 {
				t.Errorf("nodes %s and %s drawn on top of each other", n.Key, m.Key)
			}
		}
	}
}

// TestBrowserNetwork opens an entity's network from its page in
// Chromium, goes two hops out, and follows an edge to its evidence in
// the document.
func TestBrowserNetwork(t *testing.T) {
	t.Parallel()
	ctx := mustBrowser(t)
	env := newEnv(t, envOptions{lists: []string{fixtureList, networkList}, extractor: true, noAuth: true})
	docID := postNetworkArticle(t, env)
	postHostile(t, env)
	dir := artifactDir(t)

	browserDo(t, ctx, "open the entity page", chromedp.Navigate(env.ts.URL+"/ui/entities/ofac-24424"),
		chromedp.Click(chromedp.CSS(`a[href="/ui/entities/ofac-24424/network"]`)), chromedp.WaitVisible(chromedp.CSS("svg.network")))
	browserDo(t, ctx, "two hops", chromedp.Click(chromedp.CSS(`nav.hops a[href$="hops=2"]`)),
		chromedp.WaitVisible(chromedp.CSS(`nav.hops strong[aria-current="page"]`)))
	if got := browserText(t, ctx, `nav.hops strong`); got != "two hops" {
		t.Fatalf("depth shown: %q", got)
	}
	screenshot(t, ctx, dir, "network")
	checkAccessible(t, ctx, "network")
	wantInert(t, ctx, "network page")
	lines, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("svg.network a.edge line").length`))
	if err != nil || lines < 5 {
		t.Errorf("%d edges drawn (%v), want at least 5", lines, err)
	}
	desc := browserText(t, ctx, "table.relations")
	for _, want := range []string{"José David Cabello", "Orinoco Trading Ltd", "RIO ORINOCO", "Ownership"} {
		if !strings.Contains(desc, want) {
			t.Errorf("the relations table lacks %q:\n%s", want, desc)
		}
	}
	// By keyboard: focus the edge's link in the drawing and press Enter.
	browserDo(t, ctx, "follow an edge to its evidence", chromedp.Focus(chromedp.CSS(`svg.network a[href$="#rel-4"]`)),
		chromedp.KeyEvent(kb.Enter), chromedp.WaitVisible(chromedp.CSS("#rel-4")))
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil || !strings.HasSuffix(loc, "/ui/documents/"+docID+"#rel-4") {
		t.Errorf("the edge led to %s (%v)", loc, err)
	}
	if got := browserText(t, ctx, "#rel-4"); !strings.Contains(got, "the director of Orinoco Trading Ltd") {
		t.Errorf("the evidence shown: %q", got)
	}
	screenshot(t, ctx, dir, "evidence")
}
