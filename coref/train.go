package coref

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"dossier/internal/atomicfile"
	"dossier/internal/featurehash"
	"dossier/internal/perceptron"
	"dossier/recognize"
)

// Parts of the fixed split of GUM documents.
const (
	PartTrain   = "train"
	PartDev     = "dev"
	PartHeldOut = "heldout"
)

// Part returns the part of the split a document belongs to, from a hash
// of its name: 20% held out (never trained or tuned on), 15% dev (picks
// the epoch and was used to compare choices), 65% train.
func Part(name string) string {
	switch h := featurehash.Mix(featurehash.String(name)) % 20; {
	case h < 4:
		return PartHeldOut
	case h < 7:
		return PartDev
	}
	return PartTrain
}

// ReadGUMDir reads every *.conllu file of a directory, in name order.
func ReadGUMDir(dir string) ([]*Document, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.conllu"))
	if err != nil {
		return nil, fmt.Errorf("coref: %w", err)
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("coref: no .conllu files in %s", dir)
	}
	sort.Strings(files)
	var docs []*Document
	for _, f := range files {
		ds, err := ReadGUMFile(f)
		if err != nil {
			return nil, err
		}
		docs = append(docs, ds...)
	}
	return docs, nil
}

// SplitDocuments returns the documents of one part, leaving out those
// whose words are withheld (see Redacted).
func SplitDocuments(docs []*Document, part string) []*Document {
	var out []*Document
	for _, d := range docs {
		if Part(d.Name) == part && !Redacted(d) {
			out = append(out, d)
		}
	}
	return out
}

// Redacted reports whether most of a document's words are withheld:
// GUM's Reddit documents are distributed with every word form replaced
// by underscores, to be restored from Reddit by a script, so there is
// nothing to learn or resolve in them as they are.
func Redacted(d *Document) bool {
	n := 0
	for _, t := range d.Tokens {
		if strings.Trim(t.Form, "_") == "" {
			n++
		}
	}
	return 2*n > len(d.Tokens)
}

// TrainConfig configures Train.
type TrainConfig struct {
	// Data is the GUM directory (../shared/data/ner/gum).
	Data string
	// GivenNames, if set, is a CSV of given names and nicknames
	// (../shared/data/names/nicknames.csv): a capitalized name whose
	// first name is in it is a person's, whatever the recognizer says.
	GivenNames string
	// GivenGenders, if set, is a CSV of given names with their usual
	// gender (header "name,gender", then "robert,male"; the repository's
	// coref/given-genders.csv): the gender of a person's name whose first
	// name the training documents do not give one.
	GivenGenders string
	// Checkpoint, if set, is a directory for resumable training.
	Checkpoint string
	Epochs     int   // default 20
	Patience   int   // epochs without a better dev score before stopping; default 5
	Seed       int64 // default 1
	Bits       uint  // feature buckets 2^Bits; default 20
	// TypeBits, TypeEpochs: the typer's buckets (default 2^18) and most
	// epochs (default 10). Folds: the typer is trained this many times
	// more, each without a part of the training documents, to type that
	// part for training the ranker as unseen text is typed (default 4).
	TypeBits   uint
	TypeEpochs int
	Folds      int
	// Explore is the chance that, in training, a mention joins the entity
	// the model predicts rather than the right one, so the entity-level
	// features are learnt as they will be seen; default 0.5, negative for
	// never.
	Explore float64
	// Costs of a false new entity, a false link and a wrong link, added
	// to the scores of wrong options when training (loss-augmented
	// decoding); default 1, 1, 1.
	Costs [3]float64
	// Seeds is how many rankers are trained, from seeds Seed, Seed+1, …
	// (each its own document order and exploration, its epoch picked on
	// dev); the model's weights are their mean (perceptron.Mean). One
	// ranker's dev score moves by a few points with the seed; the mean
	// of several does not. Default 1.
	Seeds int
}

func (c *TrainConfig) defaults() {
	if c.Epochs == 0 {
		c.Epochs = 20
	}
	if c.Patience == 0 {
		c.Patience = 5
	}
	if c.Seed == 0 {
		c.Seed = 1
	}
	if c.Bits == 0 {
		c.Bits = 20
	}
	if c.TypeBits == 0 {
		c.TypeBits = 18
	}
	if c.TypeEpochs == 0 {
		c.TypeEpochs = 10
	}
	if c.Folds == 0 {
		c.Folds = 4
	}
	if c.Explore == 0 {
		c.Explore = 0.5
	}
	if c.Seeds == 0 {
		c.Seeds = 1
	}
	if c.Costs == [3]float64{} {
		c.Costs = [3]float64{1, 1, 1}
	}
}

// goldDoc is a document prepared for training or evaluation with its
// gold mentions.
type goldDoc struct {
	doc     *Document
	t       *text
	ments   []mention // in text order: by start, longer first
	gold    []int     // each mention's gold entity, numbered from 0
	named   []bool    // per gold entity: a chain with a named person or organization
	firstOf []int     // per gold entity, its first mention
}

// recognizeNames runs the embedded recognizer over a document's text.
func recognizeNames(d *Document) []nameSpan {
	var out []nameSpan
	for _, n := range recognize.Default().Recognize(d.Text) {
		if typeOfNER(n.Label) != tNone {
			out = append(out, nameSpan{n.Start, n.End, n.Label})
		}
	}
	return out
}

// prepareGold describes a document's gold mentions as the model sees
// them: heads from its own lexicon, types from the typer, not from the
// treebank or GUM's types.
func prepareGold(d *Document, lx *lexicon, ty *typer) *goldDoc {
	return prepareGoldText(d, textOfDocument(d, recognizeNames(d), lx), lx, ty)
}

func prepareGoldText(d *Document, t *text, lx *lexicon, ty *typer) *goldDoc {
	order := make([]int, len(d.Mentions))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		ma, mb := d.Mentions[order[a]], d.Mentions[order[b]]
		if ma.Start != mb.Start {
			return ma.Start < mb.Start
		}
		return ma.End > mb.End
	})
	g := &goldDoc{doc: d, t: t}
	ids := map[string]int{}
	for _, k := range order {
		gm := d.Mentions[k]
		head := findHead(t.toks, gm.Span)
		g.ments = append(g.ments, describe(t, lx, gm.Span, head, ty.typeOf(t, gm.Span, head)))
		e, ok := ids[gm.Entity]
		if !ok {
			e = len(ids)
			ids[gm.Entity] = e
			g.named = append(g.named, false)
			g.firstOf = append(g.firstOf, len(g.ments)-1)
		}
		g.gold = append(g.gold, e)
		if (gm.Type == "person" || gm.Type == "organization") && isProperTag(d.Tokens[gm.Head].XPOS) {
			g.named[e] = true
		}
	}
	// a named entity is a chain: a single mention is no chain
	sizes := make([]int, len(g.named))
	for _, e := range g.gold {
		sizes[e]++
	}
	for e := range g.named {
		g.named[e] = g.named[e] && sizes[e] > 1
	}
	return g
}

func isProperTag(x string) bool { return x == "NNP" || x == "NNPS" }

// Train learns a model from the GUM documents of the train part,
// picking the epoch on the dev part. The held-out part is not read
// beyond its names. The same configuration and data give the same model
// byte for byte, resumed or not.
func Train(ctx context.Context, cfg TrainConfig, log io.Writer) (*Model, error) {
	cfg.defaults()
	if log == nil {
		log = io.Discard
	}
	docs, err := ReadGUMDir(cfg.Data)
	if err != nil {
		return nil, err
	}
	trainDocs, devDocs := SplitDocuments(docs, PartTrain), SplitDocuments(docs, PartDev)
	if len(trainDocs) == 0 || len(devDocs) == 0 {
		return nil, fmt.Errorf("coref: %s: %d train and %d dev documents", cfg.Data, len(trainDocs), len(devDocs))
	}
	fp, err := fingerprint(cfg, docs)
	if err != nil {
		return nil, err
	}
	return trainOn(ctx, cfg, fp, trainDocs, devDocs, log)
}

// trainOn trains a model on trainDocs. With devDocs, each stage keeps
// its best epoch on them; without, its last.
func trainOn(ctx context.Context, cfg TrainConfig, fp string, trainDocs, devDocs []*Document, log io.Writer) (*Model, error) {
	lx := buildLexicon(trainDocs)
	if cfg.GivenNames != "" {
		f, err := os.Open(cfg.GivenNames)
		if err != nil {
			return nil, fmt.Errorf("coref: %w", err)
		}
		err = lx.addGivenNames(f, cfg.GivenNames)
		f.Close()
		if err != nil {
			return nil, err
		}
	}
	if cfg.GivenGenders != "" {
		f, err := os.Open(cfg.GivenGenders)
		if err != nil {
			return nil, fmt.Errorf("coref: %w", err)
		}
		err = lx.addGivenGenders(f, cfg.GivenGenders)
		f.Close()
		if err != nil {
			return nil, err
		}
	}
	fmt.Fprintf(log, "coref: %d train, %d dev documents; lexicon: %d words, %d nouns typed, %d gendered, %d given names, %d given names gendered\n",
		len(trainDocs), len(devDocs), len(lx.class), len(lx.sem), len(lx.gender), len(lx.given), len(lx.firstGender))
	texts := func(docs []*Document) []*text {
		out := make([]*text, len(docs))
		for i, d := range docs {
			out[i] = textOfDocument(d, recognizeNames(d), lx)
		}
		return out
	}
	trainText, devText := texts(trainDocs), texts(devDocs)
	types, err := trainTyper(ctx, cfg, fp, lx, trainDocs, trainText, devDocs, devText, log)
	if err != nil {
		return nil, err
	}
	train := make([]*goldDoc, len(trainDocs))
	for i, d := range trainDocs {
		train[i] = prepareGoldText(d, trainText[i], lx, types.folds[fold(d.Name, cfg.Folds)])
	}
	dev := make([]*goldDoc, len(devDocs))
	for i, d := range devDocs {
		dev[i] = prepareGoldText(d, devText[i], lx, types.full)
	}
	info := ModelInfo{Bits: cfg.Bits, TypeBits: cfg.TypeBits, TypeEpoch: types.epoch, DevTypes: round4(types.acc),
		DevPerOrg: round4(types.perOrg), Seed: cfg.Seed, Seeds: cfg.Seeds, Explore: cfg.Explore, Costs: cfg.Costs}
	for _, d := range trainDocs {
		info.TrainDocs = append(info.TrainDocs, d.Name)
	}
	for _, d := range devDocs {
		info.DevDocs = append(info.DevDocs, d.Name)
	}
	var eval perceptron.Eval
	if len(dev) > 0 {
		eval = func(tables []*perceptron.Table) (float64, string, error) {
			m := &Model{info: info, lex: lx, table: tables[0], types: types.full.table}
			all, named, err := m.evaluateGold(dev)
			if err != nil {
				return 0, "", err
			}
			return (all.CoNLL() + named.CoNLL()) / 2, fmt.Sprintf("conll %.4f, named %.4f", all.CoNLL(), named.CoNLL()), nil
		}
	}
	var tables []*perceptron.Table
	for k := range cfg.Seeds {
		// the first ranker keeps the name and seed of a single-seed run
		name, seed := "coref", cfg.Seed+int64(k)
		if k > 0 {
			name = fmt.Sprintf("coref-seed%d", seed)
		}
		pm := perceptron.New(perceptron.Shape{Buckets: 1 << cfg.Bits, Classes: 1})
		loop := perceptron.Loop{Name: name, Epochs: cfg.Epochs, Seed: seed,
			Checkpoint: cfg.Checkpoint, Fingerprint: fp, Log: log}
		if eval != nil {
			loop.Patience = cfg.Patience
		}
		var dec decoder
		step := func(epoch, i int, rng *rand.Rand) (errs, units int) {
			return trainDoc(&dec, pm, train[i], cfg, rng)
		}
		best, err := loop.Run(ctx, pm, len(train), step, eval)
		if err != nil {
			return nil, err
		}
		tables = append(tables, best.Tables[0])
		info.Epochs = append(info.Epochs, best.Epoch)
	}
	table, err := perceptron.Mean(tables...)
	if err != nil {
		return nil, err
	}
	m := &Model{info: info, lex: lx, table: table, types: types.full.table}
	m.info.Epoch = info.Epochs[0]
	if len(dev) > 0 {
		// the dev figures of the kept epoch (a resumed run may not have
		// scored it in this process)
		all, named, err := m.evaluateGold(dev)
		if err != nil {
			return nil, err
		}
		m.info.DevCoNLL, m.info.DevNamed = round4(all.CoNLL()), round4(named.CoNLL())
		fmt.Fprintf(log, "coref: kept epochs %v: dev CoNLL F1 %.4f, named %.4f\n", m.info.Epochs, all.CoNLL(), named.CoNLL())
	}
	return m, nil
}

func round4(x float64) float64 { return math.Round(x*1e4) / 1e4 }

// trainedTypers are the typer trained on all training documents and
// those trained without each fold.
type trainedTypers struct {
	full        *typer
	folds       []*typer
	epoch       int
	acc, perOrg float64
}

// trainTyper trains the typer on the gold types of the training
// documents' mentions, picking the epoch on the dev documents', then
// once per fold without that fold's documents for as many epochs.
func trainTyper(ctx context.Context, cfg TrainConfig, fp string, lx *lexicon, trainDocs []*Document, trainText []*text,
	devDocs []*Document, devText []*text, log io.Writer) (*trainedTypers, error) {
	tds := make([]*typerDoc, len(trainDocs))
	for i, d := range trainDocs {
		tds[i] = newTyperDoc(d, trainText[i])
	}
	dds := make([]*typerDoc, len(devDocs))
	for i, d := range devDocs {
		dds[i] = newTyperDoc(d, devText[i])
	}
	run := func(name string, epochs int, docs []*typerDoc, eval perceptron.Eval) (*perceptron.Result, error) {
		pm := perceptron.New(perceptron.Shape{Buckets: 1 << cfg.TypeBits, Classes: numTyperClasses})
		ty := &typer{pm: pm, bits: cfg.TypeBits, lx: lx}
		loop := perceptron.Loop{Name: name, Epochs: epochs, Seed: cfg.Seed, Checkpoint: cfg.Checkpoint, Fingerprint: fp, Log: log}
		if eval != nil {
			loop.Patience = 3
		}
		return loop.Run(ctx, pm, len(docs), func(epoch, i int, rng *rand.Rand) (int, int) { return ty.trainStep(docs[i]) }, eval)
	}
	out := &trainedTypers{}
	var eval perceptron.Eval
	if len(dds) > 0 {
		eval = func(tables []*perceptron.Table) (float64, string, error) {
			acc, po := (&typer{table: tables[0], bits: cfg.TypeBits, lx: lx}).accuracy(dds)
			return acc, fmt.Sprintf("accuracy %.4f, PER/ORG F1 %.4f", acc, po), nil
		}
	}
	res, err := run("typer", cfg.TypeEpochs, tds, eval)
	if err != nil {
		return nil, err
	}
	out.full = &typer{table: res.Tables[0], bits: cfg.TypeBits, lx: lx}
	out.epoch = res.Epoch
	out.acc, out.perOrg = out.full.accuracy(dds)
	for f := range cfg.Folds {
		var part []*typerDoc
		for i, d := range trainDocs {
			if fold(d.Name, cfg.Folds) != f {
				part = append(part, tds[i])
			}
		}
		r, err := run(fmt.Sprintf("typer-fold%d", f), res.Epoch, part, nil)
		if err != nil {
			return nil, err
		}
		out.folds = append(out.folds, &typer{table: r.Tables[0], bits: cfg.TypeBits, lx: lx})
	}
	return out, nil
}

// fingerprint identifies the training configuration and data.
func fingerprint(cfg TrainConfig, docs []*Document) (string, error) {
	h := sha256.New()
	c := cfg
	c.Checkpoint = ""
	c.Data = ""
	c.GivenNames = filepath.Base(c.GivenNames)
	c.GivenGenders = filepath.Base(c.GivenGenders)
	b, err := json.Marshal(c)
	if err != nil {
		return "", err
	}
	h.Write(b)
	fmt.Fprintf(h, "features %d\n", featureVersion)
	for _, d := range docs {
		fmt.Fprintf(h, "%s %d %d %d\n", d.Name, len(d.Text), len(d.Tokens), len(d.Mentions))
	}
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}

// featureVersion changes whenever the features or the lexicon change,
// so that an old checkpoint is not resumed.
const featureVersion = 3

// trainDoc runs one training pass over a document: each mention's
// options are scored with the current weights plus the cost of each
// wrong option; when the best is wrong, the weights move towards the
// best-scoring right option (the latent antecedent) and away from it.
func trainDoc(d *decoder, pm *perceptron.Model, g *goldDoc, cfg TrainConfig, rng *rand.Rand) (errs, units int) {
	d.reset(g.t, g.ments, cfg.Bits)
	sc := modelScorer{pm}
	for j := range g.ments {
		d.options(j)
		d.scoreOptions(sc)
		e := g.gold[j]
		anaphoric := g.firstOf[e] < j
		right := func(k int) bool {
			if k == 0 {
				return !anaphoric
			}
			return g.gold[d.cands[k-1]] == e
		}
		goldBest := -1
		for k := range d.scores {
			if right(k) && (goldBest < 0 || d.scores[k] > d.scores[goldBest]) {
				goldBest = k
			}
		}
		if goldBest < 0 {
			// its antecedents lie outside the candidates: nothing to learn
			d.attach(j, d.choose(j))
			continue
		}
		pred, predScore := -1, float32(0)
		for k, s := range d.scores {
			if !right(k) {
				switch {
				case k == 0:
					s += float32(cfg.Costs[0])
				case !anaphoric:
					s += float32(cfg.Costs[1])
				default:
					s += float32(cfg.Costs[2])
				}
			}
			if pred < 0 || s > predScore {
				pred, predScore = k, s
			}
		}
		units++
		if !right(pred) {
			errs++
			pm.Update(0, d.optionFeats(goldBest), 0, 1)
			pm.Update(0, d.optionFeats(pred), 0, -1)
		}
		pm.Tick()
		follow := goldBest
		if cfg.Explore > 0 && rng.Float64() < cfg.Explore {
			follow = d.choose(j)
		}
		d.attach(j, follow)
	}
	return errs, units
}

// SaveFile writes the model to a file all at once (package atomicfile).
func (m *Model) SaveFile(path string) error {
	if err := atomicfile.Write(path, m.Save); err != nil {
		return fmt.Errorf("coref: write %s: %w", path, err)
	}
	return nil
}
