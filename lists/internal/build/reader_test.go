package build

import (
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
	"unicode/utf8"

	"dossier"
	"dossier/lists/list"
)

// readAll reads f through a TextReader, one byte per Read when small
// is set, so that runes and tokens are cut at every boundary.
func readAll(f list.File, enc Encoding, guard, max int, small bool) (string, error) {
	t, err := OpenText(f, enc, guard)
	if err != nil {
		return "", err
	}
	defer t.Close()
	t.SetMax(max)
	var r io.Reader = t
	if small {
		r = iotest.OneByteReader(t)
	}
	var b strings.Builder
	_, err = io.Copy(&b, r)
	return b.String(), err
}

// FuzzTextReader reads arbitrary bytes as text. Property: the result
// does not depend on how the file is split into reads (the file is
// opened through a reader that returns one byte at a time); it is valid
// UTF-8 or an *dossier.InputError with a sentinel; valid UTF-8 without
// a byte order mark, NUL or control bytes comes out unchanged; no token
// between separators is longer than the limit.
func FuzzTextReader(f *testing.F) {
	f.Add([]byte("héllo\nwörld"), uint8(0), uint8(8))
	f.Add([]byte("\xff\xfea\x00\x00\xd8\x00\xdc"), uint8(0), uint8(8))
	f.Add([]byte("caf\xe9 \x93x\x94 é\xe2\x82"), uint8(1), uint8(3))
	f.Add([]byte("<a b=\"1234567890\">text</a>"), uint8(4), uint8(4))
	f.Fuzz(func(t *testing.T, data []byte, mode, max uint8) {
		enc := Encoding(mode % 3)
		guard := int(mode/3) % 2
		limit := int(max) + 1
		whole, err := readAll(list.File{Name: "f", Data: data}, enc, guard, limit, false)
		oneByOne := list.File{Name: "f", Open: func() (io.ReadCloser, error) {
			return io.NopCloser(iotest.OneByteReader(strings.NewReader(string(data)))), nil
		}}
		split, err2 := readAll(oneByOne, enc, guard, limit, true)
		if whole != split || (err == nil) != (err2 == nil) || err != nil && err.Error() != err2.Error() {
			t.Fatalf("whole: %q, %v; split: %q, %v", whole, err, split, err2)
		}
		if err != nil {
			var ie *dossier.InputError
			if !errors.As(err, &ie) || ie.File != "f" {
				t.Fatalf("error %v is not an InputError naming f", err)
			}
			for _, s := range []error{list.ErrEmpty, list.ErrBinary, list.ErrEncoding, list.ErrTooLong} {
				if errors.Is(err, s) {
					return
				}
			}
			t.Fatalf("error %v matches no sentinel", err)
		}
		if !utf8.ValidString(whole) {
			t.Fatalf("invalid UTF-8 out: %q", whole)
		}
		if enc != CP1252 && utf8.Valid(data) && !strings.HasPrefix(string(data), "\ufeff") && !strings.HasPrefix(string(data), "\xff\xfe") && !strings.HasPrefix(string(data), "\xfe\xff") && whole != string(data) {
			t.Fatalf("valid UTF-8 changed: %q → %q", data, whole)
		}
		seps := "\n"
		if guard == GuardMarkup {
			seps = "<>"
		}
		run := 0
		for i := 0; i < len(whole); i++ {
			if strings.IndexByte(seps, whole[i]) >= 0 {
				run = 0
				continue
			}
			if run++; run > limit {
				t.Fatalf("token longer than %d passed: %q", limit, whole)
			}
		}
	})
}
