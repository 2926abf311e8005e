package pipeline

import (
	"context"
	"errors"
	"strings"
	"testing"
)

type fake struct {
	name              string
	requires, assigns []string
	err               error
}

func (f fake) Name() string                        { return f.name }
func (f fake) Requires() []string                  { return f.requires }
func (f fake) Assigns() []string                   { return f.assigns }
func (f fake) Process(context.Context, *Doc) error { return f.err }

func TestNewChecksRequirements(t *testing.T) {
	a := fake{name: "a", assigns: []string{"sentences"}}
	b := fake{name: "b", requires: []string{"sentences"}, assigns: []string{"mentions"}}
	if _, err := New(a, b); err != nil {
		t.Fatal(err)
	}
	if _, err := New(b, a); err == nil || !strings.Contains(err.Error(), `b requires "sentences"`) {
		t.Errorf("out of order: err = %v", err)
	}
	if _, err := New(a, a); err == nil {
		t.Error("duplicate component accepted")
	}
	p, _ := New(a, b)
	if _, err := p.Without("a"); err == nil {
		t.Error("removing a needed component accepted")
	}
	if q, err := p.Without("b"); err != nil || q.String() != "a" {
		t.Errorf("Without(b) = %v, %v", q, err)
	}
}

func TestRunWrapsFailure(t *testing.T) {
	boom := errors.New("boom")
	p, err := New(Segment{}, fake{name: "bad", requires: []string{"sentences"}, err: boom})
	if err != nil {
		t.Fatal(err)
	}
	err = p.Run(context.Background(), &Doc{Text: "One. Two."})
	if !errors.Is(err, boom) || !strings.HasPrefix(err.Error(), "bad: ") {
		t.Errorf("err = %v", err)
	}
}

func TestSegment(t *testing.T) {
	d := &Doc{Text: "Gen. Carvajal was arrested. He denied it."}
	Segment{}.Process(context.Background(), d)
	if len(d.Sentences) != 2 {
		t.Errorf("sentences = %d", len(d.Sentences))
	}
}
