package read

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"dossier"
)

// cutCase is one input cut at every byte offset.
type cutCase struct {
	Name string // file name given to Stream: it names the format
	Data []byte
	// Starts are the offsets where records start and End where the
	// last one ends; a cut at one of them, or at the end of a record
	// before its trailing white space, reads the records before it
	// cleanly. Any other cut is an ErrTruncated error at the start of
	// the cut record (its line, for JSON Lines).
	Starts []int
	// Whole reports whether a cut at c inside the record that starts
	// at start still leaves that record whole (nil: never).
	Whole func(start, c int) bool
	// Lines is set for JSON Lines: errors carry the line number.
	Lines bool
}

// readCut reads data as name and returns the items and flattened errors.
func readCut(t *testing.T, name string, data []byte) ([]Item, []error) {
	t.Helper()
	var items []Item
	err := NewReader().Stream(context.Background(), name, bytes.NewReader(data), func(it Item) error {
		items = append(items, it)
		return nil
	})
	return items, flatten(err)
}

// checkCuts cuts tt.Data at every offset and checks each read: either
// the whole records before the cut and no error, or those records and
// one ErrTruncated error naming the file and the cut record's offset
// (and line). Never a part of the cut record.
func checkCuts(t *testing.T, tt cutCase) {
	full, errs := readCut(t, tt.Name, tt.Data)
	if len(errs) > 0 || len(full) != len(tt.Starts) {
		t.Fatalf("whole input: %d items for %d records, errors %v", len(full), len(tt.Starts), errs)
	}
	var clean, failed int
	for c := 1; c < len(tt.Data); c++ {
		// k is the record the cut falls in.
		k := 0
		for k+1 < len(tt.Starts) && tt.Starts[k+1] <= c {
			k++
		}
		wantItems, atBoundary := k, c == tt.Starts[k]
		if !atBoundary && tt.Whole != nil && tt.Whole(tt.Starts[k], c) {
			wantItems, atBoundary = k+1, true
		}
		items, errs := readCut(t, tt.Name, tt.Data[:c])
		if len(items) != wantItems {
			t.Errorf("cut at %d: %d items, want the %d whole records before the cut (errors %v)", c, len(items), wantItems, errs)
			continue
		}
		for i, it := range items {
			if it != full[i] {
				t.Errorf("cut at %d: item %d differs from the whole input's:\n got %.200q\nwant %.200q", c, i, it.Text, full[i].Text)
			}
		}
		if atBoundary {
			clean++
			if len(errs) > 0 {
				t.Errorf("cut at %d (a record boundary): errors %v", c, errs)
			}
			continue
		}
		failed++
		if len(errs) != 1 {
			t.Errorf("cut at %d: want one error, got %d: %v", c, len(errs), errs)
			continue
		}
		var ie *dossier.InputError
		if !errors.As(errs[0], &ie) || !errors.Is(errs[0], ErrTruncated) || !errors.Is(errs[0], ErrMalformed) {
			t.Errorf("cut at %d: %v is not a truncation InputError", c, errs[0])
			continue
		}
		wantLine := 0
		if tt.Lines {
			wantLine = bytes.Count(tt.Data[:tt.Starts[k]], []byte("\n")) + 1
		}
		if ie.File != tt.Name || ie.Offset != int64(tt.Starts[k]) || ie.Line != wantLine {
			t.Errorf("cut at %d: error at %s line %d offset %d, want %s line %d offset %d: %v",
				c, ie.File, ie.Line, ie.Offset, tt.Name, wantLine, tt.Starts[k], ie)
		}
		if !strings.HasPrefix(ie.Error(), tt.Name+":") || !strings.Contains(ie.Error(), fmt.Sprintf("offset %d", tt.Starts[k])) {
			t.Errorf("cut at %d: message %q does not name the file and offset", c, ie.Error())
		}
	}
	t.Logf("%d cuts: %d clean at record boundaries, %d truncation errors", len(tt.Data)-1, clean, failed)
	if clean == 0 || failed == 0 {
		t.Errorf("no cut of one kind: %d clean, %d failed", clean, failed)
	}
}

// recordStarts returns the offsets of each occurrence of sep in data.
func recordStarts(data []byte, sep string) []int {
	var at []int
	for i := 0; ; {
		j := bytes.Index(data[i:], []byte(sep))
		if j < 0 {
			return at
		}
		at = append(at, i+j)
		i += j + 1
	}
}

func TestTruncatedWARC(t *testing.T) {
	warc, offsets := MustWARC(t)
	plain := mustGunzip(t, warc)
	starts := recordStarts(plain, "WARC/1.1\r\n")
	if len(starts) != len(offsets) {
		t.Fatalf("%d plain records, %d gzip members", len(starts), len(offsets))
	}
	// Items come from records 3 and 5 only; the others are a warcinfo,
	// a request and an image, which give none. Cut through any record.
	for _, tt := range []struct {
		name   string
		data   []byte
		starts []int
	}{
		{"crawl.warc", plain, starts},
		{"crawl.warc.gz", warc, offsets},
	} {
		t.Run(tt.name, func(t *testing.T) {
			checkWARCCuts(t, tt.name, tt.data, tt.starts)
		})
	}
}

// checkWARCCuts is checkCuts for a WARC whose records 3 and 5 are the
// HTML pages: only whole pages count as items.
func checkWARCCuts(t *testing.T, name string, data []byte, starts []int) {
	full, errs := readCut(t, name, data)
	if len(errs) > 0 || len(full) != 2 {
		t.Fatalf("whole input: %d items, errors %v", len(full), errs)
	}
	var clean, failed int
	for c := 1; c < len(data); c++ {
		k := 0
		for k+1 < len(starts) && starts[k+1] <= c {
			k++
		}
		// Whole records before the cut: 0..k-1; pages among them.
		want := 0
		if k > 2 {
			want = 1
		}
		items, errs := readCut(t, name, data[:c])
		if len(items) != want {
			t.Errorf("cut at %d: %d items, want %d (errors %v)", c, len(items), want, errs)
			continue
		}
		for i, it := range items {
			if it != full[i] {
				t.Errorf("cut at %d: item %d differs from the whole input's", c, i)
			}
		}
		if c == starts[k] {
			clean++
			if len(errs) > 0 {
				t.Errorf("cut at %d (a record boundary): errors %v", c, errs)
			}
			continue
		}
		failed++
		if len(errs) != 1 {
			t.Errorf("cut at %d: want one error, got %d: %v", c, len(errs), errs)
			continue
		}
		var ie *dossier.InputError
		if !errors.As(errs[0], &ie) || !errors.Is(errs[0], ErrTruncated) {
			t.Errorf("cut at %d: %v is not a truncation InputError", c, errs[0])
			continue
		}
		if ie.File != name || ie.Offset != int64(starts[k]) {
			t.Errorf("cut at %d: error at %s offset %d, want %s offset %d: %v", c, ie.File, ie.Offset, name, starts[k], ie)
		}
		if ie.Offset == int64(starts[k]) && ie.Offset > 0 && !strings.Contains(ie.Error(), fmt.Sprint(starts[k])) {
			t.Errorf("cut at %d: message %q does not name the offset", c, ie.Error())
		}
	}
	t.Logf("%d cuts: %d clean at record boundaries, %d truncation errors", len(data)-1, clean, failed)
	if clean != len(starts)-1 {
		t.Errorf("%d clean cuts, want %d", clean, len(starts)-1)
	}
}
