package names

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"dossier"
)

func person(id, dataset, name, first, last string, aliases ...string) *dossier.Entity {
	e := dossier.NewEntity("Person", id)
	e.Datasets = []string{dataset}
	e.Add("name", name)
	if first != "" {
		e.Add("firstName", first)
		e.Add("lastName", last)
	}
	e.Add("alias", aliases...)
	return e
}

func TestListPairs(t *testing.T) {
	ents := []*dossier.Entity{
		person("p1", "sdn", "YANUKOVYCH, Viktor Fedorovych", "Viktor Fedorovych", "YANUKOVYCH", "YANUKOVICH, Victor Fedorovich", "Bublik", "Виктор Фёдорович Янукович"),
		person("p2", "sdn", "YANUKOVYCH, Oleksandr Viktorovych", "Oleksandr Viktorovych", "YANUKOVYCH"),
		person("p3", "un", "YANUKOVYCH, Oleksandr", "Oleksandr", "YANUKOVYCH"), // another list: never a negative
		person("p4", "sdn", "YANUKOVYCH, Viktor", "", ""),                      // a namesake of p1: never a negative
	}
	got := map[string]bool{}
	for _, p := range ListPairs(ents, 3) {
		got[p.Kind+"|"+p.A+"|"+p.B] = p.Match
		if p.Entity == "" {
			t.Errorf("pair without entity: %+v", p)
		}
	}
	want := map[string]bool{
		"alias|YANUKOVYCH, Viktor Fedorovych|YANUKOVICH, Victor Fedorovich":           true,
		"alias|YANUKOVYCH, Viktor Fedorovych|Виктор Фёдорович Янукович":               true,
		"customer|Viktor Yanukovych|YANUKOVYCH, Viktor Fedorovych":                    true,
		"shared-part|YANUKOVYCH, Viktor Fedorovych|YANUKOVYCH, Oleksandr Viktorovych": false,
		"customer-shared-part|Viktor Yanukovych|YANUKOVYCH, Oleksandr Viktorovych":    false,
	}
	for k, m := range want {
		if g, ok := got[k]; !ok || g != m {
			t.Errorf("missing pair %s (match %v)", k, m)
		}
	}
	for k := range got {
		switch {
		case strings.Contains(k, "Bublik"):
			t.Errorf("an alias sharing no key with the name is no positive: %s", k)
		case strings.Contains(k, "YANUKOVYCH, Oleksandr|") || strings.HasSuffix(k, "|YANUKOVYCH, Oleksandr"):
			t.Errorf("an entry of another list is no negative: %s", k)
		case (strings.Contains(k, "|Viktor Yanukovych|") || strings.Contains(k, "|YANUKOVYCH, Viktor Fedorovych|")) && strings.HasSuffix(k, "|YANUKOVYCH, Viktor") && !got[k]:
			t.Errorf("a namesake is no negative: %s", k)
		}
	}
}

func TestSetParams(t *testing.T) {
	defer func() {
		if err := SetParams(paramsJSON); err != nil {
			t.Fatal(err)
		}
	}()
	var m map[string]float64
	if err := json.Unmarshal(paramsJSON, &m); err != nil {
		t.Fatal(err)
	}
	doc := func(edit func(map[string]float64)) []byte {
		c := map[string]float64{}
		for k, v := range m {
			c[k] = v
		}
		edit(c)
		b, _ := json.Marshal(c)
		return b
	}
	tests := []struct {
		name string
		doc  []byte
		err  string
	}{
		{"not json", []byte("{"), "names: params: unexpected end of JSON input"},
		{"unknown", doc(func(c map[string]float64) { c["bogus"] = 1 }), "names: params: unknown bogus"},
		{"missing", doc(func(c map[string]float64) { delete(c, "extra_person") }), "names: params: extra_person missing"},
		{"out of range", doc(func(c map[string]float64) { c["min_accept"] = 2 }), "names: params: min_accept = 2, want a value in [0.5, 0.75]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := Params()
			err := SetParams(tt.doc)
			if err == nil || err.Error() != tt.err {
				t.Fatalf("SetParams = %v, want %q", err, tt.err)
			}
			if !bytes.Equal(Params(), before) {
				t.Error("a refused document changed the constants")
			}
		})
	}
	// What Params writes, SetParams reads back unchanged.
	if err := SetParams(Params()); err != nil {
		t.Fatal(err)
	}
	var back map[string]float64
	if err := json.Unmarshal(Params(), &back); err != nil {
		t.Fatal(err)
	}
	for k, v := range m {
		if back[k] != v {
			t.Errorf("%s: %g after a round trip, want %g", k, back[k], v)
		}
	}
}

// TestFitDeterministic fits twice on the same small pairs, once in one
// go and once resumed from the first pass's checkpoint: the constants
// must come out the same, and the fit must not raise the loss.
func TestFitDeterministic(t *testing.T) {
	defer func() {
		if err := SetParams(paramsJSON); err != nil {
			t.Fatal(err)
		}
	}()
	pairs := []Pair{
		{A: "Viktor Yanukovych", B: "YANUKOVYCH, Viktor Fedorovych", Schema: "Person", Match: true, Entity: "a"},
		{A: "Mohammed Ali", B: "Muhammad Ali", Schema: "Person", Match: true, Entity: "b"},
		{A: "Sergey Lavrov", B: "Sergei Viktorovich Lavrov", Schema: "Person", Match: true, Entity: "c"},
		{A: "Ali Hassan", B: "Hassan Ali Khan", Schema: "Person", Match: false, Entity: "d"},
		{A: "Petr Miklashevich", B: "Petr Rusakevich", Schema: "Person", Match: false, Entity: "e"},
		{A: "Acme Trading LLC", B: "Acme Holdings Ltd", Schema: "Company", Match: false, Entity: "f"},
		{A: "Banco Nacional de Cuba", B: "National Bank of Cuba", Schema: "Company", Match: true, Entity: "g"},
		{A: "Kim Jong Un", B: "Kim Jong Il", Schema: "Person", Match: false, Entity: "h"},
	}
	var ckpt []byte
	one, err := Fit(pairs, nil, 2, nil, 0, func(pass int, p []byte) error {
		if pass == 1 {
			ckpt, _ = MarshalFitCheckpoint(pass, p)
		}
		return nil
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if one.After.Loss > one.Before.Loss {
		t.Errorf("fit raised the loss: %s → %s", one.Before, one.After)
	}
	if err := SetParams(paramsJSON); err != nil {
		t.Fatal(err)
	}
	pass, start, err := UnmarshalFitCheckpoint(ckpt)
	if err != nil || pass != 1 {
		t.Fatalf("checkpoint: pass %d, %v", pass, err)
	}
	two, err := Fit(pairs, nil, 2, start, pass, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(one.Params, two.Params) {
		t.Errorf("resumed fit differs:\n%s\nvs\n%s", one.Params, two.Params)
	}
	if _, _, err := UnmarshalFitCheckpoint([]byte(`{"pass":1}`)); err == nil {
		t.Error("a checkpoint without params was read")
	}
}
