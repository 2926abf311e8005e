package claimml

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"sync"

	"dossier"
	"dossier/internal/modelfile"
	"dossier/internal/perceptron"
	"dossier/parse"
)

// Model is a trained claim model. It is safe for concurrent use.
type Model struct {
	info    Info
	vocab   map[string]uint8 // trigger stem → its majority stance in training (index into Stances, plus one; 0 none)
	stance  *perceptron.Table
	gate    *perceptron.Table // the stance model without the parse: which sentences to parse
	topic   *perceptron.Table // binary: is the key one of the claim's
	rank    *perceptron.Table // ranking: the claim's first key
	speaker *perceptron.Table
	// Parser parses the sentences with candidates; parse.Default() when nil.
	Parser *parse.Model
}

// Info describes how a model was trained.
type Info struct {
	StanceBits  uint    `json:"stance_bits"`
	TopicBits   uint    `json:"topic_bits"`
	SpeakerBits uint    `json:"speaker_bits"`
	Seed        int64   `json:"seed"`
	MinTrigger  int     `json:"min_trigger"`
	MinRate     float64 `json:"min_rate"`
	// Gate is the margin over none above which a pair's sentence is
	// parsed, GateRecall the share of the positive dev pairs above
	// it, GateEpoch the gate's epoch.
	Gate         float32  `json:"gate"`
	GateRecall   float64  `json:"gate_recall"`
	GateEpoch    int      `json:"gate_epoch"`
	Vocab        int      `json:"vocab"`
	TrainDocs    int      `json:"train_docs"`
	TrainClaims  int      `json:"train_claims"`
	StanceEpoch  int      `json:"stance_epoch"`
	TopicEpoch   int      `json:"topic_epoch"`
	SpeakerEpoch int      `json:"speaker_epoch"`
	DevStance    float64  `json:"dev_stance"`
	DevTopic     float64  `json:"dev_topic"`
	DevSpeaker   float64  `json:"dev_speaker"`
	Data         []string `json:"data"`
}

// Info returns how the model was trained.
func (m *Model) Info() Info { return m.info }

func (m *Model) parser() *parse.Model {
	if m.Parser != nil {
		return m.Parser
	}
	return parse.Default()
}

// Extract reads the claims of a document, in text order, with IDs c1,
// c2, ….
func (m *Model) Extract(in Doc) []dossier.Claim {
	cs, _ := m.ExtractContext(context.Background(), in)
	return cs
}

// ExtractContext is Extract that stops between sentences once ctx
// ends, returning ctx.Err() and no claims.
func (m *Model) ExtractContext(ctx context.Context, in Doc) ([]dossier.Claim, error) {
	d, err := analyzeContext(ctx, in, m.vocab)
	if err != nil {
		return nil, err
	}
	tc := d.topicContext()
	prev := map[int][]string{} // entity → topics of its latest claim that is no answer
	var out []dossier.Claim
	scores := make([]float32, len(Stances)+1)
	for k := range d.sents {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		s := &d.sents[k]
		if len(s.trig) == 0 || len(s.subj) == 0 {
			continue
		}
		// the gate: parse only a sentence with a promising pair
		open := false
		for _, t := range s.trig {
			for _, c := range s.subj {
				f := fb{bits: m.info.StanceBits}
				d.stanceFeatures(&f, k, t, c, m.vocab)
				if gateMargin(m.gate, f.out, scores) > m.info.Gate {
					open = true
					break
				}
			}
			if open {
				break
			}
		}
		if !open {
			continue
		}
		d.parsed(k, m.parser())
		type found struct {
			t      int
			c      cand
			stance int
			margin float32
		}
		best := map[[2]int]*found{}
		var order []*found
		for _, t := range s.trig {
			for _, c := range s.subj {
				f := fb{bits: m.info.StanceBits}
				d.stanceFeatures(&f, k, t, c, m.vocab)
				clear(scores)
				m.stance.Scores(f.out, scores)
				y := argmax(scores[1:]) + 1
				mg := scores[y] - scores[0]
				if mg <= 0 {
					continue
				}
				key := [2]int{c.ent, y}
				if b := best[key]; b == nil {
					b = &found{t, c, y, mg}
					best[key] = b
					order = append(order, b)
				} else if mg > b.margin {
					*b = found{t, c, y, mg}
				}
			}
		}
		// what is said of one of coordinated names is said of each
		// ("A, B and C were charged")
		for _, b := range order[:len(order)] {
			if b.c.i < 0 {
				continue
			}
			r := s.conjRoot(s.head(b.c.i, b.c.j))
			for _, c := range s.subj {
				if c.i < 0 || c.ent == b.c.ent || c.pron != "" || best[[2]int{c.ent, b.stance}] != nil {
					continue
				}
				if s.conjRoot(s.head(c.i, c.j)) == r {
					x := &found{b.t, c, b.stance, 0}
					best[[2]int{c.ent, b.stance}] = x
					order = append(order, x)
				}
			}
		}
		// a clearing presupposes the step it ends; a plea of not guilty,
		// the charges (guide 5.3)
		n := len(order)
		for _, b := range order[:n] {
			implied := 0
			switch {
			case Stances[b.stance-1] == "cleared":
				implied = stanceIndex("charged")
				if sanctionsWords(s) {
					implied = stanceIndex("sanctioned")
				}
			case Stances[b.stance-1] == "denied" && s.toks[b.t].stem == "plead":
				implied = stanceIndex("charged")
			}
			if implied > 0 && best[[2]int{b.c.ent, implied}] == nil {
				x := &found{b.t, b.c, implied, 0}
				best[[2]int{b.c.ent, implied}] = x
				order = append(order, x)
			}
		}
		sort.SliceStable(order, func(a, b int) bool {
			if order[a].t != order[b].t {
				return order[a].t < order[b].t
			}
			return order[a].stance < order[b].stance
		})
		var sentClaims []dossier.Claim
		for _, b := range order {
			st := Stances[b.stance-1]
			r := claimRef{k: k, t: b.t, c: b.c, stance: st}
			keys := m.topics(d, tc, r, prev[b.c.ent])
			sp := m.pickSpeaker(d, r)
			e := d.Entities[b.c.ent]
			for _, key := range keys {
				c := dossier.Claim{
					Subject: e.ID, SubjectName: e.Name, Topic: key, Stance: st,
					Cue:      in.Text[s.toks[b.t].start:s.toks[b.t].end],
					Evidence: dossier.Evidence{Start: s.start, End: s.end, Text: in.Text[s.start:s.end]},
					Content:  dossier.Evidence{Start: s.start, End: s.end, Text: in.Text[s.start:s.end]},
					Speaker:  sp,
				}
				if sp != nil {
					c.Sources = []dossier.Source{*sp}
				}
				sentClaims = append(sentClaims, c)
			}
		}
		sentClaims = absorb(sentClaims)
		latest := map[int][]string{}
		for _, c := range sentClaims {
			out = append(out, c)
			if c.Stance == "denied" || c.Stance == "cleared" {
				continue
			}
			ei := d.entityIndex(c.Subject)
			if !contains(latest[ei], c.Topic) {
				latest[ei] = append(latest[ei], c.Topic)
			}
		}
		for ei, ts := range latest {
			prev[ei] = ts
		}
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].Evidence.Start < out[b].Evidence.Start })
	link(out)
	return out, nil
}

// entityIndex returns the index of the entity with that ID, or -1.
func (d *doc) entityIndex(id string) int {
	if i, ok := d.entIdx[id]; ok {
		return i
	}
	return -1
}

// sanctionsWords reports whether the sentence speaks of sanctions, so
// that a clearing ends a listing rather than charges.
func sanctionsWords(s *sentence) bool {
	for _, x := range s.topics {
		if x.Label == "sanction" {
			return true
		}
	}
	for _, t := range s.toks {
		if t.stem == "delist" || t.stem == "designation" || t.stem == "list" && t.low == "list" {
			return true
		}
	}
	return false
}

// absorb drops, per subject and topic family of a sentence, an alleged
// claim beside a charged, convicted or sanctioned one, and a charged
// claim beside a convicted one (guide 5.3).
func absorb(cs []dossier.Claim) []dossier.Claim {
	has := map[string]bool{}
	for _, c := range cs {
		has[c.Subject+"|"+family(c.Topic)+"|"+c.Stance] = true
	}
	out := cs[:0]
	for _, c := range cs {
		k := c.Subject + "|" + family(c.Topic) + "|"
		switch c.Stance {
		case "alleged":
			if has[k+"charged"] || has[k+"convicted"] || has[k+"sanctioned"] {
				continue
			}
		case "charged":
			if has[k+"convicted"] {
				continue
			}
		}
		out = append(out, c)
	}
	return out
}

// family is a topic key's first two levels ("crime.fin.launder" is
// "crime.fin"), as the corpus compares topics.
func family(key string) string {
	if i := strings.IndexByte(key, '.'); i >= 0 {
		if j := strings.IndexByte(key[i+1:], '.'); j >= 0 {
			return key[:i+1+j]
		}
	}
	return key
}

// topics returns the claim's topic keys: the one the ranker scores best,
// then those of other families that the sentence names and the binary
// model scores above zero; "crime" only alone.
func (m *Model) topics(d *doc, tc *topicContext, r claimRef, prev []string) []string {
	fs, insent := d.topicFeatures(tc, r, prev, m.info.TopicBits)
	return decideTopics(rankOf(m.rank, fs), yesOf(m.topic, fs), insent)
}

// rankOf scores key ki with a ranking table.
func rankOf(t *perceptron.Table, fs [][]uint32) func(int) float32 {
	return func(ki int) float32 {
		var s [1]float32
		t.Scores(fs[ki], s[:])
		return s[0]
	}
}

// marginOf is a binary table's margin for key ki.
func marginOf(t *perceptron.Table, fs [][]uint32) func(int) float32 {
	return func(ki int) float32 {
		var s [2]float32
		t.Scores(fs[ki], s[:])
		return s[1] - s[0]
	}
}

func yesOf(t *perceptron.Table, fs [][]uint32) func(int) bool {
	m := marginOf(t, fs)
	return func(ki int) bool { return m(ki) > 0 }
}

// decideTopics picks the keys of a claim: the best ranked, then those
// of other families the sentence names that yes accepts.
func decideTopics(rank func(int) float32, yes func(int) bool, insent []bool) []string {
	best, bestS := 0, float32(0)
	for ki := range Keys {
		if s := rank(ki); ki == 0 || s > bestS {
			best, bestS = ki, s
		}
	}
	keys := []string{Keys[best]}
	seen := map[string]bool{family(Keys[best]): true}
	for ki, key := range Keys {
		if !insent[ki] || seen[family(key)] || len(keys) == 3 {
			continue
		}
		if yes(ki) {
			keys = append(keys, key)
			seen[family(key)] = true
		}
	}
	if len(keys) > 1 {
		keys = removeKey(keys, "crime")
	}
	return keys
}

func removeKey(keys []string, k string) []string {
	var out []string
	for _, x := range keys {
		if x != k {
			out = append(out, x)
		}
	}
	return out
}

// pickSpeaker ranks the candidate speakers of a claim.
func (m *Model) pickSpeaker(d *doc, r claimRef) *dossier.Source {
	cs := d.speakerCands(r.k)
	best, bestS := 0, float32(0)
	for i, x := range cs {
		f := fb{bits: m.info.SpeakerBits}
		d.speakerFeatures(&f, r, x)
		var s [1]float32
		m.speaker.Scores(f.out, s[:])
		if i == 0 || s[0] > bestS {
			best, bestS = i, s[0]
		}
	}
	return d.source(cs[best])
}

func argmax(s []float32) int {
	b := 0
	for i := range s {
		if s[i] > s[b] {
			b = i
		}
	}
	return b
}

// link numbers the claims and points each denial and clearing to the
// nearest earlier claim on its subject that is no answer.
func link(cs []dossier.Claim) {
	for i := range cs {
		cs[i].ID = "c" + strconv.Itoa(i+1)
	}
	latest := map[string]string{} // subject → its latest claim that is no answer
	for i := range cs {
		if cs[i].Stance != "denied" && cs[i].Stance != "cleared" {
			latest[cs[i].Subject] = cs[i].ID
			continue
		}
		if id, ok := latest[cs[i].Subject]; ok {
			cs[i].Denies = id
		}
	}
}

// The model file (dossier/internal/modelfile): kind "claims"; the meta
// is Info; sections "vocab" (count, then each stem and its majority
// stance, in stem order), "stance", "gate", "topic", "topicrank" and
// "speaker" (tables).
const (
	fileKind    = "claims"
	fileVersion = 1
)

// ErrModel is the sentinel inside Load's errors for a well-formed file
// that does not fit this build.
var ErrModel = errors.New("claimml: unusable model file")

// Save writes the model file; the same model gives the same bytes.
func (m *Model) Save(w io.Writer) error {
	meta, err := json.Marshal(m.info)
	if err != nil {
		return err
	}
	f := &modelfile.File{Kind: fileKind, Version: fileVersion, Meta: meta}
	var e modelfile.Encoder
	stems := make([]string, 0, len(m.vocab))
	for s := range m.vocab {
		stems = append(stems, s)
	}
	sort.Strings(stems)
	e.Uvarint(uint64(len(stems)))
	for _, s := range stems {
		e.String(s)
		e.Uvarint(uint64(m.vocab[s]))
	}
	f.Add("vocab", e.Bytes(), true)
	for _, t := range []struct {
		name string
		t    *perceptron.Table
	}{{"stance", m.stance}, {"gate", m.gate}, {"topic", m.topic}, {"topicrank", m.rank}, {"speaker", m.speaker}} {
		perceptron.AddTable(f, t.name, t.t)
	}
	return f.Encode(w)
}

// Load reads a model file written by Save. A malformed file is an error
// (a *modelfile.FormatError, or one wrapping ErrModel), never a panic.
func Load(r io.Reader) (*Model, error) {
	f, err := modelfile.Decode(r, fileKind)
	if err != nil {
		return nil, fmt.Errorf("claimml: %w", err)
	}
	if f.Version != fileVersion {
		return nil, fmt.Errorf("%w: version %d, want %d", ErrModel, f.Version, fileVersion)
	}
	m := &Model{vocab: map[string]uint8{}}
	if err := json.Unmarshal(f.Meta, &m.info); err != nil {
		return nil, fmt.Errorf("%w: meta: %v", ErrModel, err)
	}
	for _, b := range []uint{m.info.StanceBits, m.info.TopicBits, m.info.SpeakerBits} {
		if b < 8 || b > 26 {
			return nil, fmt.Errorf("%w: table bits %d", ErrModel, b)
		}
	}
	data, err := f.Section("vocab")
	if err != nil {
		return nil, fmt.Errorf("claimml: %w", err)
	}
	d := modelfile.NewDecoder("vocab", data)
	n := int(d.Uvarint(1 << 20))
	for i := 0; i < n && d.Err() == nil; i++ {
		s := d.String(256)
		m.vocab[s] = uint8(d.Uvarint(uint64(len(Stances))))
	}
	if err := d.Finish(); err != nil {
		return nil, fmt.Errorf("claimml: %w", err)
	}
	want := []struct {
		name    string
		t       **perceptron.Table
		bits    uint
		classes int
	}{{"stance", &m.stance, m.info.StanceBits, len(Stances) + 1}, {"gate", &m.gate, m.info.StanceBits, len(Stances) + 1}, {"topic", &m.topic, m.info.TopicBits, 2}, {"topicrank", &m.rank, m.info.TopicBits, 1}, {"speaker", &m.speaker, m.info.SpeakerBits, 1}}
	for _, x := range want {
		t, err := perceptron.ReadTable(f, x.name, perceptron.Shape{Buckets: 1 << x.bits, Classes: x.classes})
		if errors.Is(err, perceptron.ErrShape) {
			return nil, fmt.Errorf("%w: %w", ErrModel, err)
		}
		if err != nil {
			return nil, fmt.Errorf("claimml: %w", err)
		}
		*x.t = t
	}
	return m, nil
}

//go:embed model.bin
var embedded []byte

var defaultModel = sync.OnceValues(func() (*Model, error) {
	return Load(bytes.NewReader(embedded))
})

// Default returns the model embedded in the binary, loading it on first
// use. It panics if the embedded file is corrupt, which tests rule out.
func Default() *Model {
	m, err := defaultModel()
	if err != nil {
		panic(err)
	}
	return m
}
