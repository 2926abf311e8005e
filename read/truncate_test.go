package read

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"dossier"
)

// cutCase is one input to cut at every byte offset.
type cutCase struct {
	Name string // file name given to Stream: it names the format
	Data []byte
	// Want says what a cut at c must give: the first items of the
	// whole input's, and either no error (clean: every record before
	// the cut is whole) or one ErrTruncated error at line and offset.
	Want func(c int) (items int, clean bool, line int, offset int64)
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

// checkCuts cuts tt.Data at every offset and checks each read against
// tt.Want: the whole records before the cut, unchanged, and either no
// error or one truncation error naming the file, line and offset. Never
// a part of the cut record.
func checkCuts(t *testing.T, tt cutCase) {
	full, errs := readCut(t, tt.Name, tt.Data)
	if n, clean, _, _ := tt.Want(len(tt.Data)); len(errs) > 0 || !clean || len(full) != n {
		t.Fatalf("whole input: %d items, want %d; errors %v", len(full), n, errs)
	}
	var clean, failed int
	for c := 1; c < len(tt.Data); c++ {
		n, wantClean, line, off := tt.Want(c)
		items, errs := readCut(t, tt.Name, tt.Data[:c])
		if len(items) != n {
			t.Errorf("cut at %d: %d items, want the %d whole records before the cut (errors %v)", c, len(items), n, errs)
			continue
		}
		for i, it := range items {
			if it != full[i] {
				t.Errorf("cut at %d: item %d differs from the whole input's:\n got %.200q\nwant %.200q", c, i, it.Text, full[i].Text)
			}
		}
		if wantClean {
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
		if ie.File != tt.Name || ie.Line != line || ie.Offset != off {
			t.Errorf("cut at %d: error at %s line %d offset %d, want %s line %d offset %d: %v",
				c, ie.File, ie.Line, ie.Offset, tt.Name, line, off, ie)
		}
		if msg := ie.Error(); !strings.HasPrefix(msg, tt.Name+":") || !regexp.MustCompile(fmt.Sprintf(`\boffset %d\b`, off)).MatchString(msg) {
			t.Errorf("cut at %d: message %q does not name the file and offset", c, msg)
		}
	}
	t.Logf("%d cuts: %d clean, %d truncation errors", len(tt.Data)-1, clean, failed)
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

// recordOf returns the index of the record a cut at c falls in.
func recordOf(starts []int, c int) int {
	k := 0
	for k+1 < len(starts) && starts[k+1] <= c {
		k++
	}
	return k
}

func TestTruncatedWARC(t *testing.T) {
	warc, offsets := MustWARC(t)
	plain := mustGunzip(t, warc)
	starts := recordStarts(plain, "WARC/1.1\r\n")
	if len(starts) != len(offsets) {
		t.Fatalf("%d plain records, %d gzip members", len(starts), len(offsets))
	}
	// Records 3 and 5 are the HTML pages, the only ones giving items.
	want := func(starts []int, size int) func(int) (int, bool, int, int64) {
		return func(c int) (int, bool, int, int64) {
			if c == size {
				return 2, true, 0, 0
			}
			k := recordOf(starts, c)
			pages := 0
			if k > 2 {
				pages = 1
			}
			return pages, c == starts[k], 0, int64(starts[k])
		}
	}
	checkCuts(t, cutCase{Name: "crawl.warc", Data: plain, Want: want(starts, len(plain))})
	checkCuts(t, cutCase{Name: "crawl.warc.gz", Data: warc, Want: want(offsets, len(warc))})
}

func TestTruncatedJSONL(t *testing.T) {
	data := fixture(t, "testdata/wire.jsonl")
	starts := append([]int{0}, recordStarts(data, "\n")...)
	starts = starts[:len(starts)-1]
	for i := 1; i < len(starts); i++ {
		starts[i]++
	}
	checkCuts(t, cutCase{Name: "wire.jsonl", Data: data, Want: func(c int) (int, bool, int, int64) {
		k := recordOf(starts, c)
		// A cut after the closing brace leaves the line whole.
		end := bytes.IndexByte(data[starts[k]:], '\n') + starts[k]
		whole := c > bytes.LastIndexByte(data[:end], '}')
		if whole {
			return k + 1, true, 0, 0
		}
		return k, c == starts[k], k + 1, int64(starts[k])
	}})
}

func TestTruncatedFeed(t *testing.T) {
	for _, tt := range []struct{ file, end string }{
		{"feed.rss", "</rss>"},
		{"feed.atom", "</feed>"},
		{"feed.rdf", "</rdf:RDF>"},
	} {
		t.Run(tt.file, func(t *testing.T) {
			data := fixture(t, "testdata/"+tt.file)
			full, _ := readCut(t, tt.file, data)
			end := bytes.LastIndex(data, []byte(tt.end)) + len(tt.end)
			// A feed is one document: a cut before its root's end tag
			// gives no item, and an error where the input ends.
			checkCuts(t, cutCase{Name: tt.file, Data: data, Want: func(c int) (int, bool, int, int64) {
				if c >= end {
					return len(full), true, 0, 0
				}
				return 0, false, bytes.Count(data[:c], []byte("\n")) + 1, int64(c)
			}})
		})
	}
}
