package names

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"dossier"
	"dossier/countries"
)

// Subject is what an entity comparison looks at: the entity's schema, its
// names (strong and weak aliases), birth dates, countries (nationality,
// citizenship, country, jurisdiction) and gender.
type Subject struct {
	Schema     string
	Names      []string
	WeakNames  []string
	BirthDates []string // ISO 8601 prefixes: 1952, 1952-10, 1952-10-07
	Countries  []string // ISO codes or names, compared case-insensitively
	Gender     string   // male, female, or "" when unknown
}

// Qualifier adjustments applied to the best name score (see Compare).
const (
	weakNameFactor     = 0.9  // a pair involving a weak alias
	birthExactBonus    = 0.05 // same full date (or same month when that is all one side has)
	birthYearBonus     = 0.02 // same year
	birthMismatch      = 0.75 // factor: years more than one apart
	countryMatchBonus  = 0.02 // a country in common
	countryMismatch    = 0.90 // factor: countries given on both sides, none in common
	genderMismatchMult = 0.70 // factor: genders differ
)

// SubjectFromEntity reads a Subject from an FtM entity: name, alias and
// previousName as strong names, weakAlias as weak ones, and for persons
// the structured name parts as one more strong name in "Last, First
// Middle" order (so that Parse knows which part is the family name).
func SubjectFromEntity(e *dossier.Entity) Subject {
	strong, weak := e.Names()
	s := Subject{
		Schema:     e.Schema,
		Names:      append([]string(nil), strong...),
		WeakNames:  append([]string(nil), weak...),
		BirthDates: append([]string(nil), e.Get("birthDate")...),
		Gender:     strings.ToLower(e.First("gender")),
	}
	for _, p := range []string{"nationality", "citizenship", "country", "jurisdiction"} {
		for _, c := range e.Get(p) {
			if !containsFold(s.Countries, c) {
				s.Countries = append(s.Countries, c)
			}
		}
	}
	if schemaClass(e.Schema) == classPerson {
		last := strings.Join(e.Get("lastName"), " ")
		var given []string
		for _, p := range []string{"firstName", "secondName", "middleName"} {
			given = append(given, e.Get(p)...)
		}
		first := strings.Join(given, " ")
		if last != "" && first != "" {
			s.Names = append(s.Names, last+", "+first)
		} else if last != "" && len(s.Names) == 0 {
			s.Names = append(s.Names, last)
		}
	}
	return s
}

// sameCountry reports whether c names one of the countries in list,
// comparing ISO codes where both are known ("VE", "Venezuela",
// "Venezuelan") and the text otherwise.
func sameCountry(list []string, c string) bool {
	code := countries.Code(c)
	for _, x := range list {
		if code != "" {
			if countries.Code(x) == code {
				return true
			}
			continue
		}
		if strings.EqualFold(strings.TrimSpace(x), strings.TrimSpace(c)) {
			return true
		}
	}
	return false
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(strings.TrimSpace(x), strings.TrimSpace(s)) {
			return true
		}
	}
	return false
}

// schemaCompatible reports whether two schemata can describe the same
// thing: a person is never a company, a vessel never a person; an unknown
// schema or LegalEntity is compatible with persons and organizations.
func schemaCompatible(a, b string) bool {
	ca, cb := schemaClass(a), schemaClass(b)
	if ca == classUnknown || cb == classUnknown {
		if ca == classObject || cb == classObject {
			return a == "" || b == "" || a == "Thing" || b == "Thing"
		}
		return true
	}
	return ca == cb
}

// comparisonSchema picks the schema names are parsed with: the more
// specific of the two.
func comparisonSchema(a, b string) string {
	if schemaClass(a) != classUnknown {
		return a
	}
	if schemaClass(b) != classUnknown {
		return b
	}
	if a != "" {
		return a
	}
	return b
}

// Compare compares a query subject with a candidate: the best score over
// all pairs of their names (a pair involving a weak alias counts 0.9 of
// its score), then qualifiers: a birth date in common adds a little (0.05
// for the same date, 0.02 for the same year), birth years more than one
// apart multiply the score by 0.75; a country in common adds 0.02,
// countries on both sides with none in common multiply by 0.9; different
// genders multiply by 0.7. Incompatible schemata (Person vs Company)
// score 0. The result explains "name", "name_parts", and each qualifier
// that applied.
func (m *Matcher) Compare(query, candidate Subject) Result {
	return m.ComparePrepared(Prepare(query), Prepare(candidate))
}

// Prepared is a Subject with its names parsed, so that one candidate
// can be compared with many queries (and one query with many
// candidates) without parsing the same names again. Names are parsed
// with the subject's own schema up front; a comparison that needs
// another schema (see Compare) parses them again, and a Prepared keeps
// those parses too. A Prepared is safe for concurrent use.
type Prepared struct {
	Subject
	own      []named
	resolved nameClass // see parseSubject

	mu    sync.Mutex
	other map[nameClass][]named
}

type named struct {
	n    Name
	weak bool
}

// Prepare parses the names of s.
func Prepare(s Subject) *Prepared {
	p := &Prepared{Subject: s}
	p.own, p.resolved = parseSubject(s, s.Schema)
	return p
}

// parseSubject parses the subject's names, keeping one of each
// normalized form (a strong name over a weak one): lists often give the
// same name as name, alias and structured parts, and each copy would be
// compared again for nothing. With a schema of unknown class, resolved is
// the class Parse took for every name when it took the same for all
// (see sameParse), else classUnknown.
func parseSubject(s Subject, schema string) (out []named, resolved nameClass) {
	first := true
	add := func(x string, weak bool) {
		if strings.TrimSpace(x) == "" {
			return
		}
		n := Parse(x, schema)
		if first {
			resolved, first = n.class, false
		} else if n.class != resolved {
			resolved = classUnknown
		}
		for _, o := range out {
			if o.n.Form == n.Form && o.n.Form != "" && sameParts(&o.n, &n) {
				return
			}
		}
		out = append(out, named{n, weak})
	}
	for _, x := range s.Names {
		add(x, false)
	}
	for _, x := range s.WeakNames {
		add(x, true)
	}
	out, resolved = withReadings(s, schema, out, resolved) // Japanese readings of names in kanji (japanese.go)
	if schemaClass(schema) != classUnknown {
		resolved = classUnknown
	}
	return out, resolved
}

// sameParse reports whether names parsed with a schema of unknown class,
// which Parse all read as of class resolved, parse the same with a
// schema of class cls. They do when cls is resolved: Parse reads a name
// of unknown class with the organization rules when it looks like an
// organization, exactly as for an organization schema, and otherwise
// with the person rules, splitting words as for a person schema (the
// one difference, a dotted legal form such as "S.A." kept whole, makes
// the name look like an organization). TestSameParse checks it.
func sameParse(resolved, cls nameClass) bool {
	return resolved != classUnknown && resolved == cls
}

// sameParts reports whether two parsed names have the same parts of the
// same kinds, so that comparing either gives the same score.
func sameParts(a, b *Name) bool {
	if len(a.Parts) != len(b.Parts) {
		return false
	}
	for i := range a.Parts {
		if a.Parts[i].Text != b.Parts[i].Text || a.Parts[i].Kind != b.Parts[i].Kind {
			return false
		}
	}
	return true
}

// parsed returns the names parsed with schema. Parsing depends on the
// schema's class only (person, organization, object, unknown), so the
// parses are kept by class.
func (p *Prepared) parsed(schema string) []named {
	cls := schemaClass(schema)
	if cls == schemaClass(p.Schema) || sameParse(p.resolved, cls) {
		return p.own
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if ns, ok := p.other[cls]; ok {
		return ns
	}
	if p.other == nil {
		p.other = map[nameClass][]named{}
	}
	ns, _ := parseSubject(p.Subject, schema)
	p.other[cls] = ns
	return ns
}

// ComparePrepared is Compare on prepared subjects.
func (m *Matcher) ComparePrepared(q, c *Prepared) Result {
	if r, ok := incompatible(q.Schema, c.Schema); !ok {
		return r
	}
	schema := comparisonSchema(q.Schema, c.Schema)
	qs, cs := q.parsed(schema), c.parsed(schema)
	best, bi, bj := -1.0, -1, -1
	for i := range qs {
		for j := range cs {
			s := m.Score(&qs[i].n, &cs[j].n)
			if qs[i].weak || cs[j].weak {
				s *= weakNameFactor
			}
			if s > best {
				best, bi, bj = s, i, j
			}
		}
	}
	if bi < 0 {
		return noNames()
	}
	qa, cb := nameSide(&qs[bi].n), nameSide(&cs[bj].n)
	return m.qualify(&q.Subject, &c.Subject, best, pairName{&qa, qs[bi].n.Original, qs[bi].weak},
		pairName{&cb, cs[bj].n.Original, cs[bj].weak})
}

// pairName is one side of the best name pair, for qualify.
type pairName struct {
	side     *side
	original string
	weak     bool
}

// incompatible returns the result of comparing subjects whose schemata
// cannot describe the same thing, and ok = false, or ok = true when they
// can.
func incompatible(qs, cs string) (Result, bool) {
	if schemaCompatible(qs, cs) {
		return Result{}, true
	}
	return Result{Explanations: map[string]Explanation{
		"schema": {Score: 0, Detail: fmt.Sprintf("%s cannot be %s", orUnknown(qs), orUnknown(cs))},
	}}, false
}

func noNames() Result {
	return Result{Explanations: map[string]Explanation{"name": {Score: 0, Detail: "no names to compare"}}}
}

// qualify finishes a comparison whose best name pair is qn ~ cn with
// score best: the explanations of the names, then the qualifiers.
func (m *Matcher) qualify(query, candidate *Subject, best float64, qn, cn pairName) Result {
	res := Result{Explanations: map[string]Explanation{}}
	s, detail := m.explain(qn.side, cn.side)
	nameDetail := strconv.Quote(qn.original) + " ~ " + strconv.Quote(cn.original)
	if qn.weak || cn.weak {
		nameDetail += " (weak alias, ×0.9)"
	}
	res.Explanations["name"] = Explanation{Score: best, Detail: nameDetail}
	res.Explanations["name_parts"] = Explanation{Score: s, Detail: detail}
	score := best

	if e, ok := compareBirthDates(query.BirthDates, candidate.BirthDates); ok {
		switch {
		case e.Score > 1:
			score = min(1, score+e.Score-1)
		case e.Score < 1:
			score *= e.Score
		}
		res.Explanations["birth_date"] = e
	}
	if len(query.Countries) > 0 && len(candidate.Countries) > 0 {
		common := ""
		for _, c := range query.Countries {
			if sameCountry(candidate.Countries, c) {
				common = c
				break
			}
		}
		if common != "" {
			score = min(1, score+countryMatchBonus)
			res.Explanations["country"] = Explanation{Score: 1 + countryMatchBonus, Detail: "both " + strings.ToLower(common)}
		} else {
			score *= countryMismatch
			res.Explanations["country"] = Explanation{Score: countryMismatch, Detail: fmt.Sprintf("%s vs %s", strings.Join(query.Countries, ","), strings.Join(candidate.Countries, ","))}
		}
	}
	qg, cg := normGender(query.Gender), normGender(candidate.Gender)
	if qg != "" && cg != "" && qg != cg {
		score *= genderMismatchMult
		res.Explanations["gender"] = Explanation{Score: genderMismatchMult, Detail: qg + " vs " + cg}
	}
	res.Score = max(0, min(1, score))
	return res
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown schema"
	}
	return s
}

func normGender(g string) string {
	switch strings.ToLower(strings.TrimSpace(g)) {
	case "male", "m", "man":
		return "male"
	case "female", "f", "woman":
		return "female"
	}
	return ""
}

// date is a partial date: year, and month and day when known (0 if not).
type date struct{ y, m, d int }

func parseDate(s string) (date, bool) {
	s = strings.TrimSpace(s)
	if len(s) < 4 {
		return date{}, false
	}
	y, err := strconv.Atoi(s[:4])
	if err != nil || y < 1000 {
		return date{}, false
	}
	dt := date{y: y}
	if len(s) >= 7 && s[4] == '-' {
		if mo, err := strconv.Atoi(s[5:7]); err == nil && mo >= 1 && mo <= 12 {
			dt.m = mo
			if len(s) >= 10 && s[7] == '-' {
				if d, err := strconv.Atoi(s[8:10]); err == nil && d >= 1 && d <= 31 {
					dt.d = d
				}
			}
		}
	}
	return dt, true
}

// compareBirthDates returns the best relation between two lists of birth
// dates as an explanation whose Score is a bonus (above 1) or a factor
// (below 1); ok is false when either side has no readable date.
func compareBirthDates(qa, ca []string) (Explanation, bool) {
	var qd, cd []date
	for _, s := range qa {
		if d, ok := parseDate(s); ok {
			qd = append(qd, d)
		}
	}
	for _, s := range ca {
		if d, ok := parseDate(s); ok {
			cd = append(cd, d)
		}
	}
	if len(qd) == 0 || len(cd) == 0 {
		return Explanation{}, false
	}
	// rank: 3 exact, 2 same year, 1 within a year, 0 mismatch
	bestRank, bq, bc := -1, date{}, date{}
	for _, a := range qd {
		for _, b := range cd {
			r := 0
			dy := a.y - b.y
			switch {
			case dy == 0 && a.m != 0 && a.m == b.m && (a.d == b.d || a.d == 0 || b.d == 0):
				r = 3
			case dy == 0 && (a.m == 0 || b.m == 0):
				r = 2 // one side knows only the year: consistent
			case dy == 0:
				r = 2
			case dy == 1 || dy == -1:
				r = 1
			}
			if r > bestRank {
				bestRank, bq, bc = r, a, b
			}
		}
	}
	desc := fmt.Sprintf("%s vs %s", fmtDate(bq), fmtDate(bc))
	switch bestRank {
	case 3:
		return Explanation{Score: 1 + birthExactBonus, Detail: "same date " + fmtDate(bq)}, true
	case 2:
		return Explanation{Score: 1 + birthYearBonus, Detail: "same year: " + desc}, true
	case 1:
		return Explanation{Score: 1, Detail: "one year apart: " + desc}, true
	}
	return Explanation{Score: birthMismatch, Detail: "different: " + desc}, true
}

func fmtDate(d date) string {
	switch {
	case d.d != 0:
		return fmt.Sprintf("%04d-%02d-%02d", d.y, d.m, d.d)
	case d.m != 0:
		return fmt.Sprintf("%04d-%02d", d.y, d.m)
	}
	return fmt.Sprintf("%04d", d.y)
}

// maxQualifierBonus is the most the qualifiers can add to a name score
// (an exact birth date and a shared country).
const maxQualifierBonus = birthExactBonus + countryMatchBonus

// NameScore returns the best name score between two prepared subjects,
// weak aliases counted at 0.9, without qualifiers or explanations: the
// fast first pass of screening. ComparePrepared's score never exceeds
// NameScore + MaxQualifierBonus, so a candidate whose NameScore is below
// threshold − MaxQualifierBonus cannot match.
func (m *Matcher) NameScore(q, c *Prepared) float64 {
	if !schemaCompatible(q.Schema, c.Schema) {
		return 0
	}
	schema := comparisonSchema(q.Schema, c.Schema)
	qs, cs := q.parsed(schema), c.parsed(schema)
	best := 0.0
	for i := range qs {
		for j := range cs {
			s := m.Score(&qs[i].n, &cs[j].n)
			if qs[i].weak || cs[j].weak {
				s *= weakNameFactor
			}
			best = max(best, s)
		}
	}
	return best
}

// MaxQualifierBonus is how much birth date and country can add to a name
// score.
const MaxQualifierBonus = maxQualifierBonus

// Keys returns the candidate-index keys of all the subject's names,
// parsed with its own schema, sorted and unique.
func (p *Prepared) Keys() []string {
	var out []string
	for _, n := range p.own {
		out = append(out, Keys(n.n)...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// UseWeights caches in p's parsed names their weights under m's
// rarity model, so that comparisons skip the look-ups. Call it before
// p is shared between goroutines (an index does it while building).
func (p *Prepared) UseWeights(m *Matcher) {
	if m.Weights == nil || m.Weights.gen == 0 {
		return
	}
	for i := range p.own {
		for j := range p.own[i].n.Parts {
			pt := &p.own[i].n.Parts[j]
			pt.rwGen = 0
			pt.rw, pt.rwGen = m.weight(pt), m.Weights.gen
		}
	}
}

// Len returns how many names the subject has.
func (p *Prepared) Len() int { return len(p.own) }
