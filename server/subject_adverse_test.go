package server

import (
	"context"
	"math"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"

	"dossier/adverse"
	"dossier/corpus"
	"dossier/names"
	"dossier/pipeline"
)

// sharedTraining is the adverse-media training CSV of the shared data
// folder next to the repository.
const sharedTraining = "../../shared/data/adverse/training.csv"

// passingMention finds, in the corpus's test rows in key order, the
// first article the article model scores at 0.9 or more that names a
// person only in passing: the pipeline finds the person once, after the
// first two sentences, with a name of two words or more, as the subject
// of no claim and the source of none, and the person does not bear the
// row's entity_name. It returns the article and the person's name.
func passingMention(t *testing.T) (text, name string) {
	t.Helper()
	if _, err := os.Stat(sharedTraining); err != nil {
		t.Skipf("%s absent (the shared data folder ../shared/data next to the repository): %v", sharedTraining, err)
	}
	rows, err := corpus.LoadRows(sharedTraining)
	if err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(rows, func(a, b corpus.Row) int { return strings.Compare(a.Key, b.Key) })
	m := names.NewMatcher()
	p := pipeline.Default()
	for _, row := range rows {
		if row.Status != corpus.StatusUsable || corpus.Split(row.Key) != corpus.Test || adverse.Default().Score(row.Article).Score < 0.9 {
			continue
		}
		x, err := p.Extract(context.Background(), "", row.Article)
		if err != nil {
			t.Fatal(err)
		}
		involved := map[string]bool{}
		for _, c := range x.Claims {
			involved[c.Subject] = true
			if c.Speaker != nil {
				involved[c.Speaker.Entity] = true
			}
		}
		for _, a := range x.Attributions {
			if a.Source != nil {
				involved[a.Source.Entity] = true
			}
		}
		w := adverse.Default().Weigh(row.Article)
		lead := len(row.Article)
		if len(w.Sentences) > 2 {
			lead = w.Sentences[2].Start
		}
		for _, e := range x.Entities {
			if e.Type != "PER" || len(e.Mentions) != 1 || e.Mentions[0].Start < lead || involved[e.ID] || len(strings.Fields(e.Name)) < 2 {
				continue
			}
			if m.CompareNames(row.EntityName, e.Name, "Person").Score >= m.Threshold {
				continue
			}
			return row.Article, e.Name
		}
	}
	t.Skip("no test article names a person in passing")
	return "", ""
}

// TestScreenSubjectAdverse stores a real adverse article and screens a
// person it names only in passing: the news item carries a high
// article-level score and a low score for the person, who is not what
// the article is about.
func TestScreenSubjectAdverse(t *testing.T) {
	text, name := passingMention(t)
	env := newEnv(t, envOptions{lists: []string{fixtureList}, extractor: true})
	status, _, body := env.call(t, "POST", "/documents", env.write, map[string]any{"title": "A stored article", "text": text})
	if status != http.StatusCreated {
		t.Fatalf("POST /documents: %d %s", status, body)
	}
	docID := MustJSON[documentCreated](t, body).ID
	status, _, body = env.call(t, "POST", "/screen", env.read, map[string]any{"name": name, "schema": "Person"})
	if status != 200 {
		t.Fatalf("POST /screen: %d %s", status, body)
	}
	res := MustJSON[screenResult](t, body)
	var found bool
	for _, it := range res.News {
		if it.Document.ID != docID {
			continue
		}
		found = true
		sa := it.SubjectAdverse
		if it.Adverse == nil || sa == nil {
			t.Fatalf("news item without both judgements: %s", body)
		}
		t.Logf("%q: subject score %.4f (mentions %d, claims %d), article score %.4f", name, sa.Score, sa.Mentions, sa.Claims, it.Adverse.Score)
		if it.Adverse.Score < 0.9 || !it.Adverse.Adverse {
			t.Errorf("article-level score %.4f, want ≥ 0.9", it.Adverse.Score)
		}
		if sa.Adverse || sa.Score >= 0.3 {
			t.Errorf("subject score %.4f (adverse %v) for a person named in passing, want < 0.3 and not adverse", sa.Score, sa.Adverse)
		}
		if math.Abs(sa.Article-it.Adverse.Score) > 1e-4 || len(sa.Entities) == 0 || sa.Mentions != 1 || sa.Claims != 0 {
			t.Errorf("subject judgement %+v, want the article score %.4f, one entity mentioned once, no claim", sa, it.Adverse.Score)
		}
	}
	if !found {
		t.Fatalf("screening %q does not find the stored article: %s", name, body)
	}
}

var _ SubjectJudge = adverse.Judge{}

// TestNewsWithoutJudge: without a SubjectJudge, news items carry the
// article-level judgement only.
func TestNewsWithoutJudge(t *testing.T) {
	env := newEnv(t, envOptions{lists: []string{fixtureList}, extractor: true})
	env.srv.Subjects = nil
	docID, _ := postArticle(t, env)
	status, _, body := env.call(t, "POST", "/screen", env.read, map[string]any{"name": "Diosdado Cabello"})
	res := MustJSON[screenResult](t, body)
	if status != 200 || len(res.News) == 0 || res.News[0].Document.ID != docID {
		t.Fatalf("POST /screen: %d %s", status, body)
	}
	if res.News[0].SubjectAdverse != nil || res.News[0].Adverse == nil {
		t.Errorf("without a judge: subject %v, article %v", res.News[0].SubjectAdverse, res.News[0].Adverse)
	}
}

// TestScreenSubjectAdverseFixture: the fixture article is adverse for
// the person it is about.
func TestScreenSubjectAdverseFixture(t *testing.T) {
	env := newEnv(t, envOptions{lists: []string{fixtureList}, extractor: true})
	docID, _ := postArticle(t, env)
	status, _, body := env.call(t, "POST", "/screen", env.read, map[string]any{"name": "Diosdado Cabello"})
	res := MustJSON[screenResult](t, body)
	if status != 200 || len(res.News) == 0 || res.News[0].Document.ID != docID {
		t.Fatalf("POST /screen: %d %s", status, body)
	}
	sa := res.News[0].SubjectAdverse
	if sa == nil || !sa.Adverse || sa.Claims == 0 || sa.Mentions < 2 {
		t.Errorf("the article's own subject: %+v, want adverse, with claims and mentions", sa)
	}
}

var _ DocumentJudge = adverse.Judge{}
