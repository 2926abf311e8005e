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

	mu       sync.Mutex
	prepared map[string][]*names.Prepared // schema → by entity index
}

// Document weighs x.Text with the judge's article model; x must not
// change while the DocJudgement is in use.
func (j Judge) Document(x *dossier.Extraction) *DocJudgement {
	article := j.Article
	if article == nil {
		article = Default()
	}
	return &DocJudgement{j: j, x: x, w: article.Weigh(x.Text), lower: lowerText(x.Text),
		prepared: map[string][]*names.Prepared{}}
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

// entity returns entity i parsed as schema.
func (d *DocJudgement) entity(i int, schema string) *names.Prepared {
	d.mu.Lock()
	defer d.mu.Unlock()
	ps := d.prepared[schema]
	if ps == nil {
		ps = make([]*names.Prepared, len(d.x.Entities))
		d.prepared[schema] = ps
	}
	if ps[i] == nil {
		ps[i] = names.Prepare(entityNames(&d.x.Entities[i], schema))
	}
	return ps[i]
}
