// Package subjects builds the examples of the subject-level adverse
// model (adverse.SubjectModel) from the annotated corpus: every usable
// row of the adverse-media training CSV is one subject (its entity_name)
// in one article, labelled by the row; every other annotated person or
// organization of a gold record is a further subject of the same
// article, labelled adverse when the row's article is adverse and the
// annotators gave the entity an alleged, charged, convicted or
// sanctioned claim (an article that is not adverse media is adverse for
// nobody). The features need the
// pipeline's extraction of each article (cached on disk, which makes a
// long build resumable) and the article model's weights, which for a
// training row come from an article model that did not see it (out of
// fold), as they will for an article the shipped models never saw.
//
//	set, err := subjects.Build(ctx, subjects.Options{Data: "../shared/data/adverse/training.csv", Annotations: "corpus/annotations"})
//	m, cv, err := adverse.TrainSubject(set.Train(), adverse.DefaultSubjectConfig())
package subjects

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"dossier"
	"dossier/adverse"
	"dossier/corpus"
	"dossier/internal/atomicfile"
	"dossier/names"
	"dossier/pipeline"
)

// Example is one subject in one article.
type Example struct {
	adverse.SubjectExample
	Key     string // the corpus row key of the article
	Split   string // corpus.Train, Dev or Test
	Line    int    // the row's line in the CSV
	Name    string // the subject as screened: the row's entity_name, or an annotated entity's name
	Article float64
	// ArticleAdverse is the article model's verdict (at its threshold)
	// with the same article model the features read.
	ArticleAdverse bool
	Mention        adverse.Mention
}

// Set is the examples of every usable row and annotated entity.
type Set struct {
	Examples []Example
	// Article is the article model the test rows' features read (the
	// shipped one, trained on the train and dev rows).
	Article *adverse.Model
}

// Of returns the examples of the given splits; rows only unless
// entities.
func (s *Set) Of(entities bool, splits ...string) []Example {
	var out []Example
	for _, e := range s.Examples {
		if slices.Contains(splits, e.Split) && (entities || !e.Entity) {
			out = append(out, e)
		}
	}
	return out
}

// Train returns the training examples (rows and entities of the train
// and dev splits) as the trainer takes them.
func (s *Set) Train() []adverse.SubjectExample {
	var out []adverse.SubjectExample
	for _, e := range s.Of(true, corpus.Train, corpus.Dev) {
		out = append(out, e.SubjectExample)
	}
	return out
}

// Options says where the data is and how to build the set.
type Options struct {
	Data        string // the adverse-media training CSV
	Annotations string // directory of the corpus's annotation files ("" for none: rows only)
	// Cache is a directory for the pipeline's extractions, one JSON file
	// per article ("" for none). Delete it when the pipeline changes.
	Cache string
	// Article is the article model for the test rows (adverse.Default()
	// when nil); it must have been trained on the train and dev rows.
	Article *adverse.Model
	// Folds is how many out-of-fold article models give the train and
	// dev rows their article weights (5 when 0).
	Folds int
	// ArticleConfig trains those models (adverse.DefaultConfig() when
	// zero).
	ArticleConfig *adverse.TrainConfig
	// Splits limits the rows to these corpus splits (all when empty);
	// with only corpus.Test, no out-of-fold article models are trained.
	Splits []string
	Log    io.Writer
}

// Build reads the rows and annotations, runs the pipeline over every
// usable article (or reads its cached extraction) and computes the
// features of every example.
func Build(ctx context.Context, opt Options) (*Set, error) {
	log := opt.Log
	if log == nil {
		log = io.Discard
	}
	if opt.Folds == 0 {
		opt.Folds = 5
	}
	art := opt.Article
	if art == nil {
		art = adverse.Default()
	}
	cfg := adverse.DefaultConfig()
	if opt.ArticleConfig != nil {
		cfg = *opt.ArticleConfig
	}
	rows, err := corpus.LoadRows(opt.Data)
	if err != nil {
		return nil, err
	}
	byKey := map[string]*corpus.Row{}
	var usable []*corpus.Row
	for i := range rows {
		byKey[rows[i].Key] = &rows[i]
		if rows[i].Status == corpus.StatusUsable && (len(opt.Splits) == 0 || slices.Contains(opt.Splits, corpus.Split(rows[i].Key))) {
			usable = append(usable, &rows[i])
		}
	}
	gold := map[string]*corpus.Record{}
	if opt.Annotations != "" {
		c, err := corpus.LoadDir(opt.Annotations, byKey)
		if err != nil && c == nil {
			return nil, err
		}
		if err != nil {
			fmt.Fprintf(log, "warning: the annotations have errors (dossier corpus check); using the valid records: %v\n", firstLine(err))
		}
		for _, r := range c.Gold() {
			if r.Status == corpus.StatusDone {
				gold[r.Key] = r
			}
		}
	}

	// out-of-fold article models for the train and dev rows
	articles, _, err := adverse.LoadTraining(opt.Data)
	if err != nil {
		return nil, err
	}
	trainArt, _ := adverse.Split(articles)
	if art.Info.Examples != len(trainArt) {
		fmt.Fprintf(log, "warning: the article model was trained on %d articles, the train and dev rows have %d: its test figures may not be a test\n", art.Info.Examples, len(trainArt))
	}
	foldModels := make([]*adverse.Model, opt.Folds)
	cfg.Folds = 2 // the fold models' own calibration is not used
	needFolds := len(opt.Splits) == 0 || slices.Contains(opt.Splits, corpus.Train) || slices.Contains(opt.Splits, corpus.Dev)
	for k := range opt.Folds {
		if !needFolds {
			break
		}
		var part []adverse.Example
		for _, e := range trainArt {
			if adverse.SubjectFold(e.Key, opt.Folds) != k {
				part = append(part, e)
			}
		}
		t0 := time.Now()
		if foldModels[k], err = adverse.Train(ctx, part, cfg, nil); err != nil {
			return nil, fmt.Errorf("article model of fold %d: %w", k+1, err)
		}
		fmt.Fprintf(log, "article model of fold %d/%d: %d articles, %.1fs\n", k+1, opt.Folds, len(part), time.Since(t0).Seconds())
	}

	p := pipeline.Default()
	set := &Set{Article: art}
	t0 := time.Now()
	var ran int
	for n, row := range usable {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		x, fresh, err := extraction(ctx, p, opt.Cache, row.Article)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", opt.Data, row.Line, err)
		}
		if fresh {
			ran++
			if ran%100 == 0 {
				fmt.Fprintf(log, "pipeline: %d of %d articles (%d run, %.0fs)\n", n+1, len(usable), ran, time.Since(t0).Seconds())
			}
		}
		split := corpus.Split(row.Key)
		m := art
		if split != corpus.Test {
			m = foldModels[adverse.SubjectFold(row.Key, opt.Folds)]
		}
		w := m.Weigh(row.Article)
		artP := m.Calibrate(w.Logit)
		add := func(name string, q adverse.Query, label, target, entity bool) {
			f, men := adverse.SubjectFeatures(x, w, q)
			set.Examples = append(set.Examples, Example{
				SubjectExample: adverse.SubjectExample{Features: f, Adverse: label, Target: target, Entity: entity, Group: row.Key},
				Key:            row.Key, Split: split, Line: row.Line, Name: name,
				Article: artP, ArticleAdverse: artP >= m.Threshold, Mention: men,
			})
		}
		rowNames := RowNames(row.EntityName)
		add(row.EntityName, adverse.Query{Names: rowNames, Schema: RowSchema(row.EntityType)}, RowAdverse(row), RowAdverse(row), false)
		if g := gold[row.Key]; g != nil {
			for _, c := range otherClusters(g, row.Article, rowNames) {
				add(c.name, adverse.Query{Names: []string{c.name}, Schema: c.schema}, c.adverse && RowAdverse(row), c.adverse, true)
			}
		}
	}
	fmt.Fprintf(log, "%d examples from %d articles (pipeline run on %d, %.0fs)\n", len(set.Examples), len(usable), ran, time.Since(t0).Seconds())
	return set, nil
}

func firstLine(err error) string {
	s, _, _ := strings.Cut(err.Error(), "\n")
	return s
}

// extraction returns the pipeline's extraction of text, from the cache
// when it holds it (fresh false).
func extraction(ctx context.Context, p *pipeline.Pipeline, cache, text string) (*dossier.Extraction, bool, error) {
	var path string
	if cache != "" {
		sum := sha256.Sum256([]byte(strings.Join(p.Names(), " ") + "\x00" + text))
		path = filepath.Join(cache, hex.EncodeToString(sum[:12])+".json")
		if b, err := os.ReadFile(path); err == nil {
			var x dossier.Extraction
			if err := json.Unmarshal(b, &x); err == nil && x.Text == text {
				return &x, false, nil
			}
		} else if !errors.Is(err, os.ErrNotExist) {
			return nil, false, err
		}
	}
	x, err := p.Extract(ctx, "", text)
	if err != nil {
		return nil, false, err
	}
	if path != "" {
		if err := os.MkdirAll(cache, 0o755); err != nil {
			return nil, false, err
		}
		b, err := json.Marshal(x)
		if err != nil {
			return nil, false, err
		}
		if err := atomicfile.WriteBytes(path, b); err != nil {
			return nil, false, err
		}
	}
	return x, true, nil
}

// RowAdverse is a row's label: review am or nam where given, else
// collected_as.
func RowAdverse(r *corpus.Row) bool {
	var am, nam bool
	for _, m := range strings.Split(r.Review, ",") {
		switch strings.ToLower(strings.TrimSpace(m)) {
		case "am":
			am = true
		case "nam":
			nam = true
		}
	}
	switch {
	case am && !nam:
		return true
	case nam && !am:
		return false
	}
	return strings.EqualFold(strings.TrimSpace(r.CollectedAs), "adverse")
}

// RowSchema maps a row's entity_type to a schema ("" when unknown).
func RowSchema(t string) string {
	switch strings.ToLower(strings.TrimSpace(t)) {
	case "individual":
		return "Person"
	case "organization":
		return "Organization"
	}
	return ""
}

// RowNames splits an entity_name that lists several subjects ("Lori
// Loughlin, Mossimo Giannulli", "Steve Bannon and Guo Wengui") into
// its names. A comma is a list separator only when both sides have two
// words or more, so "CABELLO RONDON, Diosdado" stays one name.
func RowNames(s string) []string {
	s = strings.Join(strings.Fields(s), " ")
	var out []string
	for _, part := range strings.Split(s, ";") {
		for _, it := range strings.Split(part, " and ") {
			it = strings.Trim(it, " ,")
			var cs []string
			for _, c := range strings.Split(it, ",") {
				if c = strings.TrimSpace(c); c != "" {
					cs = append(cs, c)
				}
			}
			multi := len(cs) > 1
			for _, c := range cs {
				if len(strings.Fields(c)) < 2 {
					multi = false
				}
			}
			if !multi {
				cs = []string{it}
			}
			for _, c := range cs {
				if c = strings.TrimSpace(strings.TrimPrefix(c, "and ")); c != "" {
					out = append(out, c)
				}
			}
		}
	}
	return out
}

// cluster is an annotated person or organization of a gold record.
type cluster struct {
	name, schema string
	adverse      bool
}

// otherClusters returns the PER and ORG clusters of a gold record that
// are not the row's subject, each named by its longest mention, adverse
// when one of the record's claims has it as subject with an alleged,
// charged, convicted or sanctioned stance.
func otherClusters(g *corpus.Record, text string, rowNames []string) []cluster {
	type acc struct {
		typ   string
		forms []string
	}
	var order []string
	byID := map[string]*acc{}
	for _, e := range g.Entities {
		if e.Cluster == "" || e.Type != corpus.PER && e.Type != corpus.ORG || e.End > len(text) || e.Start >= e.End {
			continue
		}
		a := byID[e.Cluster]
		if a == nil {
			a = &acc{typ: e.Type}
			byID[e.Cluster] = a
			order = append(order, e.Cluster)
		}
		a.forms = append(a.forms, strings.Join(strings.Fields(text[e.Start:e.End]), " "))
	}
	adv := map[string]bool{}
	for _, c := range g.Claims {
		switch c.Stance {
		case corpus.Alleged, corpus.Charged, corpus.Convicted, corpus.Sanctioned:
			adv[c.Subject] = true
		}
	}
	m := names.NewMatcher()
	var rq []*names.Prepared
	for _, n := range rowNames {
		rq = append(rq, names.Prepare(names.Subject{Names: []string{n}}))
	}
	var out []cluster
	for _, id := range order {
		a := byID[id]
		schema := "Person"
		if a.typ == corpus.ORG {
			schema = "Organization"
		}
		cs := names.Prepare(names.Subject{Schema: schema, Names: a.forms})
		isRow := false
		for _, q := range rq {
			if m.ComparePrepared(q, cs).Score >= m.Threshold {
				isRow = true
			}
		}
		if isRow {
			continue
		}
		name := a.forms[0]
		for _, f := range a.forms {
			if len(f) > len(name) {
				name = f
			}
		}
		out = append(out, cluster{name: name, schema: schema, adverse: adv[id]})
	}
	return out
}
