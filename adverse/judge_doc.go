package adverse

import (
	"sync"

	"dossier"
	"dossier/names"
)

// DocJudgement is what judging any subject in one document shares, kept
// so that a server judging the same stored document for many subjects
// computes it once: the article model's weights of the text, the text
// lowercased, and the
// document entities' names parsed for each schema they are compared as.
// It is safe for concurrent use.
type DocJudgement struct {
	j     Judge
	x     *dossier.Extraction
	w     Weights
	lower string // x.Text as lowerText returns it

	mu     sync.Mutex
	stores map[string]*entityStore // by the query's schema
}

// entityStore is the document's entities that a subject can be (its
// persons, organizations, places and miscellanea), parsed as a query of
// one schema compares them, in a names.Store frozen with the name
// engine, and each entity's number in it (-1: not compared).
type entityStore struct {
	st  *names.Store
	ids []int32
}

// Document weighs x.Text with the judge's article model; x must not
// change while the DocJudgement is in use.
func (j Judge) Document(x *dossier.Extraction) *DocJudgement {
	article := j.Article
	if article == nil {
		article = Default()
	}
	return &DocJudgement{j: j, x: x, w: article.Weigh(x.Text), lower: lowerText(x.Text),
		stores: map[string]*entityStore{}}
}

// JudgeSubject is Judge.JudgeSubject of the document: the same
// judgement, from the weights and parses d keeps.
func (d *DocJudgement) JudgeSubject(names []string, schema string) *dossier.SubjectAdverse {
	m, article := d.j.Model, d.j.Article
	if m == nil {
		m = DefaultSubject()
	}
	if article == nil {
		article = Default()
	}
	return subjectAdverse(m.scoreWeighed(d.x, d.w, Query{Names: names, Schema: schema}, article, d))
}

// JudgeDocument returns d.JudgeSubject for d := j.Document(x): the form
// in which the server takes it.
func (j Judge) JudgeDocument(x *dossier.Extraction) func(names []string, schema string) *dossier.SubjectAdverse {
	return j.Document(x).JudgeSubject
}

// entities returns the document's entities as a query of schema
// compares them (see matchSubject), stored and frozen with m; built on
// first use and kept.
func (d *DocJudgement) entities(schema string, m *names.Matcher) *entityStore {
	d.mu.Lock()
	defer d.mu.Unlock()
	if es := d.stores[schema]; es != nil {
		return es
	}
	es := &entityStore{st: names.NewStore(), ids: make([]int32, len(d.x.Entities))}
	for i := range d.x.Entities {
		e := &d.x.Entities[i]
		es.ids[i] = -1
		if nameTypes[e.Type] {
			es.ids[i] = int32(es.st.Add(names.Prepare(entityNames(e, entitySchema(schema, e)))))
		}
	}
	es.st.Freeze(m)
	d.stores[schema] = es
	return es
}

// scores sets scores[i] to the best name score, clipped to [0, 1], of
// the queries qs against entity i, or -1 when entity i is not compared.
// It is nameOnlyScore of each entity, through a names.Probe: the parts
// the entities share are compared with each query once.
func (es *entityStore) scores(m *names.Matcher, qs []*names.Prepared, scores []float64) {
	for i, id := range es.ids {
		scores[i] = -1
		if id >= 0 {
			scores[i] = 0
		}
	}
	for _, q := range qs {
		probe := es.st.Probe(m, q)
		for i, id := range es.ids {
			if id >= 0 {
				scores[i] = max(scores[i], min(1, probe.NameScore(uint32(id))))
			}
		}
		probe.Release()
	}
}
