package names

import (
	"cmp"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"
	"unicode"

	"dossier"
)

// Pair is a weakly labelled pair of names drawn from a list (ListPairs):
// two names of one entry (Match) or of two different entries.
type Pair struct {
	A, B   string
	Schema string
	Match  bool
	Kind   string // how it was drawn: alias, customer, shared-part, customer-shared-part
	Entity string // the entry of A: the split is by entry
}

// ListPairs draws labelled pairs from list entities, so that the scorer
// can be fitted on the lists it screens against rather than on any
// hand-labelled pairs:
//
//   - positives: an entry's primary name against each of its strong
//     aliases that is the same name written otherwise (sameNameWritten:
//     in another script, or spelt otherwise word for word) and shares an
//     index key with it — an alias that is another name, such as a nom
//     de guerre or a translated company name, is found by itself, not by
//     matching the primary name — and for a person with a
//     structured name, "First Last" as a customer file writes it against
//     the primary name;
//   - hard negatives: an entry's primary name, and its "First Last",
//     against the primary names of the perEntity other entries of the
//     same list and kind that share a word with it and that the scorer
//     (with the constants it has when ListPairs runs) finds most alike.
//     Pairs whose two names are the same once normalized and reordered
//     are left out: namesakes cannot be told apart by name.
//
// Pairs come in the order of the entities; the draw is deterministic.
func ListPairs(ents []*dossier.Entity, perEntity int) []Pair {
	type rec struct {
		e       *dossier.Entity
		primary string
		first   string // "First Last", or ""
		forms   map[string]bool
		class   nameClass
		words   []string
		dataset string
	}
	var recs []*rec
	df := map[string]int{}
	for _, e := range ents {
		if !dossier.IsThing(e.Schema) {
			continue
		}
		r := &rec{e: e, primary: e.First("name"), class: schemaClass(e.Schema), forms: map[string]bool{}}
		if len(e.Datasets) > 0 {
			r.dataset = e.Datasets[0]
		}
		if r.primary == "" {
			continue
		}
		strong, _ := e.Names()
		for _, n := range strong {
			r.forms[sortedForm(n)] = true
		}
		if e.Schema == "Person" {
			first, last := strings.Fields(e.First("firstName")), e.First("lastName")
			if len(first) > 0 && last != "" {
				r.first = TitleCase(first[0] + " " + last)
				r.forms[sortedForm(r.first)] = true
			}
		}
		seen := map[string]bool{}
		for _, w := range strings.Fields(Normalize(r.primary)) {
			if len(w) >= 3 && !seen[w] {
				seen[w] = true
				r.words = append(r.words, w)
				df[w]++
			}
		}
		recs = append(recs, r)
	}
	byWord := map[string][]int{}
	for i, r := range recs {
		for _, w := range r.words {
			if df[w] <= maxSharedDF {
				byWord[w] = append(byWord[w], i)
			}
		}
	}
	var out []Pair
	m := NewMatcher()
	for i, r := range recs {
		id := r.e.ID
		strong, _ := r.e.Names()
		pf := sortedForm(r.primary)
		for _, n := range strong {
			if f := sortedForm(n); f != pf && f != "" && shareKey(r.primary, n, r.e.Schema) && sameNameWritten(r.primary, n) {
				out = append(out, Pair{A: r.primary, B: n, Schema: r.e.Schema, Match: true, Kind: "alias", Entity: id})
			}
		}
		if r.first != "" && sortedForm(r.first) != pf {
			out = append(out, Pair{A: r.first, B: r.primary, Schema: r.e.Schema, Match: true, Kind: "customer", Entity: id})
		}
		// The entries of the same list sharing a word with it, and of
		// those the perEntity that the scorer as it stands finds most
		// alike: the hardest negatives. Other lists are left out, for
		// they list many of the same people (SDN and UN both list
		// Abdul Manan Agha).
		var cands []int
		for _, w := range r.words {
			for _, j := range byWord[w] {
				if j != i && recs[j].class == r.class && recs[j].dataset == r.dataset && !slices.Contains(cands, j) && !sharesForm(r.forms, recs[j].forms) {
					cands = append(cands, j)
				}
			}
		}
		scores := make([]float64, len(cands))
		pa := Parse(r.primary, r.e.Schema)
		for k, j := range cands {
			pb := Parse(recs[j].primary, r.e.Schema)
			scores[k] = m.Score(&pa, &pb)
		}
		order := make([]int, len(cands))
		for k := range order {
			order[k] = k
		}
		slices.SortStableFunc(order, func(x, y int) int { return cmp.Compare(scores[y], scores[x]) })
		var others []int
		for _, k := range order[:min(perEntity, len(order))] {
			others = append(others, cands[k])
		}
		for _, j := range others {
			out = append(out, Pair{A: r.primary, B: recs[j].primary, Schema: r.e.Schema, Kind: "shared-part", Entity: id})
			if r.first != "" {
				out = append(out, Pair{A: r.first, B: recs[j].primary, Schema: r.e.Schema, Kind: "customer-shared-part", Entity: id})
			}
		}
	}
	return out
}

// BackgroundPairs draws non-matching pairs for people who are not on the
// lists: real names from news corpora stand for the customers a bank
// screens. Each name of two words or more is paired with the perName
// list persons sharing a word with it that the scorer (with the constants
// it has when BackgroundPairs runs) finds most alike. A name that is one
// of a listed person's names once normalized and reordered is left out:
// it may be that person. The pairs' Entity is "bg:" and the name.
func BackgroundPairs(people []string, ents []*dossier.Entity, perName int) []Pair {
	listed := map[string]bool{}
	byWord := map[string][]int{}
	var persons []*dossier.Entity
	var parsed []Name
	for _, e := range ents {
		if e.Schema != "Person" || e.First("name") == "" {
			continue
		}
		strong, weak := e.Names()
		for _, n := range append(strong, weak...) {
			listed[sortedForm(n)] = true
		}
		i := len(persons)
		persons = append(persons, e)
		parsed = append(parsed, Parse(e.First("name"), "Person"))
		seen := map[string]bool{}
		for _, n := range strong {
			for _, w := range strings.Fields(Normalize(n)) {
				if len(w) >= 3 && !seen[w] {
					seen[w] = true
					byWord[w] = append(byWord[w], i)
				}
			}
		}
	}
	m := NewMatcher()
	var out []Pair
	done := map[string]bool{}
	for _, name := range people {
		f := sortedForm(name)
		if done[f] || listed[f] || len(strings.Fields(f)) < 2 {
			continue
		}
		done[f] = true
		pa := Parse(name, "Person")
		var cands []int
		for _, w := range strings.Fields(Normalize(name)) {
			if post := byWord[w]; len(post) <= maxSharedDF {
				for _, j := range post {
					if !slices.Contains(cands, j) {
						cands = append(cands, j)
					}
				}
			}
		}
		scores := make([]float64, len(cands))
		for k, j := range cands {
			scores[k] = m.Score(&pa, &parsed[j])
		}
		order := make([]int, len(cands))
		for k := range order {
			order[k] = k
		}
		slices.SortStableFunc(order, func(x, y int) int { return cmp.Compare(scores[y], scores[x]) })
		for _, k := range order[:min(perName, len(order))] {
			out = append(out, Pair{A: name, B: persons[cands[k]].First("name"), Schema: "Person", Kind: "background", Entity: "bg:" + f})
		}
	}
	return out
}

// maxSharedDF is the most entries a word may be on to draw hard
// negatives from: a word on more says little about which pairs are hard.
const maxSharedDF = 200

// sortedForm is a name normalized, with its words sorted.
func sortedForm(s string) string {
	w := strings.Fields(Normalize(s))
	slices.Sort(w)
	return strings.Join(w, " ")
}

// sameNameWritten reports whether the alias b can be the name a written
// otherwise: in another script, or in Latin letters with as many words,
// each paired with a word of a that has the same first letter.
func sameNameWritten(a, b string) bool {
	if !isASCII(Normalize(b)) || !isASCII(Normalize(a)) || scriptOf(b) != scriptOf(a) {
		return true
	}
	wa, wb := strings.Fields(Normalize(a)), strings.Fields(Normalize(b))
	if len(wa) != len(wb) {
		return false
	}
	used := make([]bool, len(wb))
	for _, x := range wa {
		found := false
		for j, y := range wb {
			if cx, cy := canon(x), canon(y); !used[j] && cx != "" && cy != "" && cx[0] == cy[0] {
				used[j], found = true, true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// scriptOf is "latin" for a name written in Latin letters only, else
// "other".
func scriptOf(s string) string {
	for _, r := range s {
		if unicode.IsLetter(r) && !unicode.Is(unicode.Latin, r) {
			return "other"
		}
	}
	return "latin"
}

// shareKey reports whether two names share a candidate-index key (Keys).
func shareKey(a, b, schema string) bool {
	ka := Keys(Parse(a, schema))
	for _, k := range Keys(Parse(b, schema)) {
		if _, ok := slices.BinarySearch(ka, k); ok {
			return true
		}
	}
	return false
}

func sharesForm(a, b map[string]bool) bool {
	for f := range a {
		if b[f] {
			return true
		}
	}
	return false
}

// TitleCase writes a name as a customer file does: each word with a
// capital, then small letters ("AL-TIKRITI" → "Al-Tikriti", "O'NEIL" →
// "O'neil").
func TitleCase(s string) string {
	rs := []rune(strings.ToLower(s))
	start := true
	for i, r := range rs {
		if unicode.IsLetter(r) {
			if start {
				rs[i] = unicode.ToUpper(r)
			}
			start = false
		} else {
			start = r != '\''
		}
	}
	return string(rs)
}

// InFitSplit reports whether the pairs of an entry are in the part of
// ListPairs that Fit fits on (80% of the entries, by a hash of the
// entry's id); the rest are only checked.
func InFitSplit(entity string) bool {
	h := fnv.New32a()
	h.Write([]byte(entity))
	return h.Sum32()%5 != 0
}

// FitReport is what Fit did: the loss and the decisions at the default
// threshold on the pairs fitted on and on the pairs held apart, before
// and after.
type FitReport struct {
	Passes        int
	Before, After FitFigures // on the fitted pairs
	CheckBefore   FitFigures // on the held-apart pairs
	CheckAfter    FitFigures
	Params        []byte // params.json
}

// FitFigures are a loss and a confusion matrix at DefaultThreshold, and
// how many of the customer-form matches ("First Last" against the
// entry) reach it.
type FitFigures struct {
	Loss                  float64
	TP, FP, FN, TN        int
	Customers, CustomerTP int
}

// CustomerRecall is the share of customer-form matches found (1 when
// there are none).
func (f FitFigures) CustomerRecall() float64 {
	if f.Customers == 0 {
		return 1
	}
	return float64(f.CustomerTP) / float64(f.Customers)
}

// F1 of the matches.
func (f FitFigures) F1() float64 {
	if f.TP == 0 {
		return 0
	}
	return 2 * float64(f.TP) / float64(2*f.TP+f.FP+f.FN)
}

func (f FitFigures) String() string {
	return fmt.Sprintf("loss=%.4f f1=%.4f tp=%d fp=%d fn=%d tn=%d customer_recall=%.4f", f.Loss, f.F1(), f.TP, f.FP, f.FN, f.TN, f.CustomerRecall())
}

// fitSlope is how sharply the fit's loss turns around the threshold: a
// pair's loss is σ(fitSlope × (score − threshold)) for a non-match and
// σ(−fitSlope × (score − threshold)) for a match, a smoothed count of the
// pairs on the wrong side. Unlike the logistic loss, it does not keep
// pulling on matches no setting can reach (an alias that is another name
// altogether), which would make every name match more.
const fitSlope = 25

// Fit sets the scorer's constants (see params.go) to those that best
// separate the matches from the non-matches of pairs at
// DefaultThreshold: it minimizes the smoothed error rate (see fitSlope)
// over the pairs of InFitSplit — not balanced by class: non-matches
// outnumber matches in screening by far, and the pairs keep them
// outnumbered, so a false hit costs as much as a missed one — while
// never finding fewer of the customer-form matches than the constants it
// starts from (a listed person must stay found by "First Last": see
// screen.SelfScreen),
// one constant at a time over a grid of its range (coordinate descent),
// for at most passes passes or until a pass changes nothing. weights is
// the rarity model of the lists the pairs come from. After each pass,
// checkpoint (if not nil) gets the pass number and params.json; start
// (if not nil) is a checkpoint to resume from. The fit is deterministic:
// the same pairs give the same constants.
func Fit(pairs []Pair, weights *Weights, passes int, start []byte, startPass int,
	checkpoint func(pass int, params []byte) error, progress func(string)) (*FitReport, error) {
	if start != nil {
		if err := SetParams(start); err != nil {
			return nil, err
		}
	}
	var fit, check []pairParse
	for _, p := range pairs {
		pp := pairParse{a: Parse(p.A, p.Schema), b: Parse(p.B, p.Schema), match: p.Match, customer: p.Kind == "customer"}
		if InFitSplit(p.Entity) {
			fit = append(fit, pp)
		} else {
			check = append(check, pp)
		}
	}
	if len(fit) == 0 {
		return nil, fmt.Errorf("names: fit: no pairs to fit on")
	}
	m := &Matcher{Weights: weights, Threshold: DefaultThreshold}
	rep := &FitReport{Before: evalPairs(m, fit), CheckBefore: evalPairs(m, check)}
	if progress != nil {
		progress(fmt.Sprintf("start: fit %d pairs %s; check %d pairs %s", len(fit), rep.Before, len(check), rep.CheckBefore))
	}
	best := rep.Before.Loss
	floor := rep.Before.CustomerRecall() // held, as the self-screening recall must be
	for pass := startPass + 1; pass <= passes; pass++ {
		changed := false
		for _, p := range params {
			cur := *p.v
			bestV := cur
			for k := 0; k <= fitGrid; k++ {
				v := round4(p.lo + (p.hi-p.lo)*float64(k)/fitGrid)
				if v == cur {
					continue
				}
				*p.v = v
				if f := evalPairs(m, fit); f.Loss < best-1e-9 && f.CustomerRecall() >= floor {
					l := f.Loss
					best, bestV = l, v
				}
			}
			*p.v = bestV
			if bestV != cur {
				changed = true
				if progress != nil {
					progress(fmt.Sprintf("pass %d: %s %.4g → %.4g, loss %.5f", pass, p.name, cur, bestV, best))
				}
			}
		}
		rep.Passes = pass
		if checkpoint != nil {
			if err := checkpoint(pass, Params()); err != nil {
				return nil, err
			}
		}
		if !changed {
			break
		}
	}
	rep.After, rep.CheckAfter = evalPairs(m, fit), evalPairs(m, check)
	rep.Params = Params()
	return rep, nil
}

// fitGrid is the number of steps Fit tries across a constant's range.
const fitGrid = 20

func round4(x float64) float64 { return math.Round(x*10000) / 10000 }

type pairParse struct {
	a, b     Name
	match    bool
	customer bool // a customer-form positive ("First Last" against the entry)
}

// evalPairs scores the pairs with the current constants (weighing their
// parts again, since part weights are set when a name is parsed) and
// returns the mean smoothed error and the confusion matrix.
func evalPairs(m *Matcher, ps []pairParse) FitFigures {
	type acc struct {
		lp, ln         float64
		np, nn         int
		tp, fp, fn, tn int
		cust, custTP   int
	}
	workers := runtime.GOMAXPROCS(0)
	accs := make([]acc, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			a := &accs[w]
			for i := w; i < len(ps); i += workers {
				p := &ps[i]
				reweigh(&p.a)
				reweigh(&p.b)
				s := m.Score(&p.a, &p.b)
				z := fitSlope * (s - DefaultThreshold)
				hit := s >= DefaultThreshold
				if p.match {
					a.lp += sigmoid(-z)
					a.np++
					if p.customer {
						a.cust++
						if hit {
							a.custTP++
						}
					}
					if hit {
						a.tp++
					} else {
						a.fn++
					}
				} else {
					a.ln += sigmoid(z)
					a.nn++
					if hit {
						a.fp++
					} else {
						a.tn++
					}
				}
			}
		}(w)
	}
	wg.Wait()
	var t acc
	for _, a := range accs {
		t.lp, t.ln, t.np, t.nn = t.lp+a.lp, t.ln+a.ln, t.np+a.np, t.nn+a.nn
		t.tp, t.fp, t.fn, t.tn = t.tp+a.tp, t.fp+a.fp, t.fn+a.fn, t.tn+a.tn
		t.cust, t.custTP = t.cust+a.cust, t.custTP+a.custTP
	}
	f := FitFigures{TP: t.tp, FP: t.fp, FN: t.fn, TN: t.tn, Customers: t.cust, CustomerTP: t.custTP}
	if n := t.np + t.nn; n > 0 {
		f.Loss = (t.lp + t.ln) / float64(n)
	}
	return f
}

func sigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

// reweigh sets the weights of a parsed name's parts from the current
// constants, as Parse would.
func reweigh(n *Name) {
	for i := range n.Parts {
		n.Parts[i].weight = kindWeight(n.Parts[i].Kind, n.class)
	}
}

// MarshalFitCheckpoint and UnmarshalFitCheckpoint write and read a
// fit's checkpoint: the passes done and the constants after them.
func MarshalFitCheckpoint(pass int, params []byte) ([]byte, error) {
	return json.Marshal(struct {
		Pass   int             `json:"pass"`
		Params json.RawMessage `json:"params"`
	}{pass, params})
}

// UnmarshalFitCheckpoint reads what MarshalFitCheckpoint wrote.
func UnmarshalFitCheckpoint(b []byte) (pass int, params []byte, err error) {
	var c struct {
		Pass   int             `json:"pass"`
		Params json.RawMessage `json:"params"`
	}
	if err := json.Unmarshal(b, &c); err != nil {
		return 0, nil, fmt.Errorf("names: fit checkpoint: %w", err)
	}
	if c.Pass < 0 || len(c.Params) == 0 {
		return 0, nil, fmt.Errorf("names: fit checkpoint: no pass or params")
	}
	return c.Pass, c.Params, nil
}
