package corpus

import (
	"fmt"
	"testing"
)

// TestSplitFixed pins the split of some keys: the split is fixed forever,
// so a change to Split that moves any of them is a bug.
func TestSplitFixed(t *testing.T) {
	tests := []struct{ Key, Split string }{
		{"72efc6d55f353884", Dev},
		{"2b6328da49b4b28a", Test},
		{"7f05a748499d47ce", Train},
		{"37976335dd0e114d", Train},
		{"971773a977e866e9", Test},
		{"e10d22f8b675ba83", Train},
		{"cd4c8408eaac7351", Dev},
		{"0000000000000000", Train},
	}
	for _, tt := range tests {
		if got := Split(tt.Key); got != tt.Split {
			t.Errorf("Split(%s) = %s, want %s", tt.Key, got, tt.Split)
		}
		if Split(tt.Key) != Split(tt.Key) {
			t.Errorf("Split(%s) is not deterministic", tt.Key)
		}
	}
}

// TestSplitShares checks the proportions over many keys: 64/16/20 within
// two points.
func TestSplitShares(t *testing.T) {
	const n = 20000
	count := map[string]int{}
	for i := range n {
		count[Split(Key(fmt.Sprintf("https://example.org/%d", i), "x"))]++
	}
	for s, want := range map[string]float64{Train: 0.64, Dev: 0.16, Test: 0.20} {
		got := float64(count[s]) / n
		if got < want-0.02 || got > want+0.02 {
			t.Errorf("%s: %.3f of keys, want %.2f", s, got, want)
		}
	}
	if len(count) != 3 {
		t.Errorf("splits %v", count)
	}
}
