package read

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"dossier"

	"golang.org/x/net/html"
)

// ownPanic reports whether a recovered panic started in this package's
// code rather than in a third-party parser: the first function below
// the runtime's panic frames in the stack.
func ownPanic(stack []byte) bool {
	lines := strings.Split(string(stack), "\n")
	for i, l := range lines {
		if !strings.HasPrefix(l, "panic(") {
			continue
		}
		for _, next := range lines[i+1:] {
			if next == "" || strings.HasPrefix(next, "\t") || strings.HasPrefix(next, "runtime.") {
				continue
			}
			return strings.HasPrefix(next, "dossier/read.")
		}
	}
	return false
}

// catchOwnPanics fails the test if a panic recovered during f started in
// this package: recover() is only the fix for third-party panics.
func catchOwnPanics(t *testing.T, f func()) {
	t.Helper()
	var own []string
	panicHook = func(v any, stack []byte) {
		if ownPanic(stack) {
			own = append(own, fmt.Sprintf("%v\n%s", v, stack))
		}
	}
	defer func() { panicHook = nil }()
	f()
	for _, p := range own {
		t.Fatalf("panic in dossier/read: %s", p)
	}
}

func fixture(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// scriptMarker is put inside a <script> element of every FuzzHTML input.
const scriptMarker = "zqSCRIPTMARKERqz"

// markerIsText reports whether the marker appears in a text node outside
// any script element of doc, where it would rightly be text; when the
// document cannot be parsed into a tree it answers true (cannot tell).
func markerIsText(doc []byte) bool {
	tree, err := html.Parse(bytes.NewReader(decodeHTML(doc, "")))
	if err != nil {
		return true
	}
	n := tree
	for n != nil {
		if n.Type == html.TextNode && strings.Contains(n.Data, scriptMarker) {
			inScript := false
			for a := n.Parent; a != nil; a = a.Parent {
				if a.Type == html.ElementNode && a.Data == "script" {
					inScript = true
					break
				}
			}
			if !inScript {
				return true
			}
		}
		if n.FirstChild != nil {
			n = n.FirstChild
			continue
		}
		for n != nil && n.NextSibling == nil {
			n = n.Parent
		}
		if n != nil {
			n = n.NextSibling
		}
	}
	return false
}

func FuzzHTML(f *testing.F) {
	for _, name := range []string{"testdata/article-utf8.html", "testdata/article-cp1252.html"} {
		b := fixture(f, name)
		f.Add(b[:len(b)/2], b[len(b)/2:])
	}
	f.Add([]byte("<p>Plain paragraph about Corvane Bank."), []byte("</p>"))
	f.Add([]byte("<html><body><div><nav>"), []byte("</nav><p>text</p>"))
	f.Add([]byte("<pre>a\n  b</pre><table><tr><td>x<td>y"), []byte("<br><li>z"))
	f.Add([]byte("<svg><title>"), []byte("<math><mi>x</mi></math>"))
	f.Fuzz(func(t *testing.T, pre, post []byte) {
		doc := make([]byte, 0, len(pre)+len(post)+64)
		doc = append(doc, pre...)
		doc = append(doc, "<script>"+scriptMarker+"</script>"...)
		doc = append(doc, post...)
		var p page
		var err error
		catchOwnPanics(t, func() {
			p, err = NewReader().page(doc, "", "")
		})
		if err != nil {
			if !errors.Is(err, ErrNoText) && !errors.Is(err, ErrInternal) {
				t.Fatalf("unexpected error %v", err)
			}
			return
		}
		if p.text == "" {
			t.Fatal("no error and no text")
		}
		if bound := 4*len(doc) + 16; len(p.text) > bound {
			t.Fatalf("text of %d bytes from %d bytes of input", len(p.text), len(doc))
		}
		if strings.Contains(p.text, scriptMarker) && !markerIsText(doc) {
			t.Fatalf("script content in text: %q", p.text)
		}
	})
}

// collect runs one format reader and returns its items and errors.
func collect(t *testing.T, r *Reader, read func(s *run) error) ([]Item, []error) {
	t.Helper()
	var items []Item
	var err error
	catchOwnPanics(t, func() {
		s := &run{ctx: context.Background(), r: r, name: "fuzz", fn: func(it Item) error {
			items = append(items, it)
			return nil
		}}
		err = read(s)
	})
	errs := flatten(err)
	for _, e := range errs {
		var ie *dossier.InputError
		if !errors.As(e, &ie) || ie.File != "fuzz" {
			t.Fatalf("error %T %v is not an InputError naming the file", e, e)
		}
	}
	return items, errs
}

func FuzzFeed(f *testing.F) {
	for _, name := range []string{"testdata/feed.rss", "testdata/feed.atom", "testdata/feed.rdf", "testdata/bad/malformed.rss"} {
		f.Add(fixture(f, name))
	}
	f.Add([]byte(`<rss><channel><item><description>&lt;p&gt;x</description></item></channel></rss>`))
	f.Add([]byte(`<feed xmlns="http://www.w3.org/2005/Atom"><entry><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>x</p></div></content></entry></feed>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		items, errs := collect(t, NewReader(), func(s *run) error { return s.feed(data) })
		last := 0
		for _, it := range items {
			var n int
			if _, err := fmt.Sscanf(it.Record, "item %d", &n); err != nil || n <= last {
				t.Fatalf("record %q after item %d", it.Record, last)
			}
			last = n
			if it.Text == "" || (it.Format != "rss" && it.Format != "atom") {
				t.Fatalf("bad item %+v", it)
			}
			if len(it.Text) > 4*len(data)+16 {
				t.Fatalf("text of %d bytes from %d bytes of input", len(it.Text), len(data))
			}
		}
		// A feed read cleanly, cut before its last byte that is not
		// white space, is truncated: no item, one ErrTruncated error.
		if len(items) > 0 && len(errs) == 0 {
			cut := data[:len(bytes.TrimRight(data, " \t\r\n"))-1]
			items, errs := collect(t, NewReader(), func(s *run) error { return s.feed(cut) })
			if len(items) != 0 || len(errs) != 1 || !errors.Is(errs[0], ErrTruncated) {
				t.Fatalf("feed cut before its last byte: %d items, errors %v", len(items), errs)
			}
		}
	})
}

func FuzzJSONL(f *testing.F) {
	f.Add(fixture(f, "testdata/articles.jsonl"), false)
	f.Add([]byte("{\"text\": \"a\"}\n \n{\"html\": \"<p>b</p>\"}\r\n{bad\n"), true)
	f.Add([]byte("{\"text\": \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"}\n{}"), true)
	f.Add([]byte("{\"text\":\"x\",\"published\":1e300}\n{\"text\":\"x\",\"author\":[{\"name\":\"A\"},\"B\"]}"), false)
	f.Fuzz(func(t *testing.T, data []byte, small bool) {
		r := NewReader()
		if small {
			r.MaxDocument = 64
		}
		items, errs := collect(t, r, func(s *run) error {
			return s.jsonl(bufio.NewReaderSize(bytes.NewReader(data), 16))
		})
		lines := bytes.Split(data, []byte("\n"))
		if len(lines[len(lines)-1]) == 0 {
			lines = lines[:len(lines)-1]
		}
		nonBlank := 0
		for _, l := range lines {
			if !isBlank(l) {
				nonBlank++
			}
		}
		lineErrs := 0
		for _, e := range errs {
			var ie *dossier.InputError
			errors.As(e, &ie)
			if ie.Line > 0 {
				lineErrs++
				if ie.Line > len(lines) {
					t.Fatalf("error on line %d of %d: %v", ie.Line, len(lines), ie)
				}
				// The offset is where the line starts.
				start := 0
				for _, l := range lines[:ie.Line-1] {
					start += len(l) + 1
				}
				if ie.Offset != int64(start) {
					t.Fatalf("error on line %d at offset %d, want %d: %v", ie.Line, ie.Offset, start, ie)
				}
				// Only a last line without a newline can be truncated.
				last := ie.Line == len(lines) && !bytes.HasSuffix(data, []byte("\n"))
				if errors.Is(e, ErrTruncated) && !last {
					t.Fatalf("line %d with its newline reported truncated: %v", ie.Line, ie)
				}
			}
		}
		if len(items)+lineErrs != nonBlank {
			t.Fatalf("%d items + %d line errors != %d non-blank lines; errors: %v", len(items), lineErrs, nonBlank, errs)
		}
		for _, it := range items {
			if it.Text == "" || it.Format != "jsonl" || !strings.HasPrefix(it.Record, "line ") {
				t.Fatalf("bad item %+v", it)
			}
		}
	})
}

func FuzzWARC(f *testing.F) {
	warc := fixture(f, "testdata/crawl.warc.gz")
	f.Add(warc)
	f.Add(fixture(f, "testdata/bad/truncated.warc.gz"))
	f.Add(mustGunzip(f, warc))
	f.Add([]byte("WARC/1.1\r\nWARC-Type: resource\r\nContent-Type: text/html\r\nContent-Length: 8\r\n\r\n<p>x</p>\r\n\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		items, errs := collect(t, NewReader(), func(s *run) error { return s.warc(bytes.NewReader(data)) })
		last := int64(-1)
		for _, it := range items {
			var n int
			var off int64
			if _, err := fmt.Sscanf(it.Record, "record %d at offset %d", &n, &off); err != nil || off <= last || off >= int64(len(data)) {
				t.Fatalf("record %q after offset %d of %d bytes", it.Record, last, len(data))
			}
			last = off
			if it.Text == "" || it.Format != "warc" {
				t.Fatalf("bad item %+v", it)
			}
		}
		for _, e := range errs {
			var ie *dossier.InputError
			errors.As(e, &ie)
			if ie.Offset < 0 || ie.Offset > int64(len(data)) {
				t.Fatalf("error at offset %d of %d bytes: %v", ie.Offset, len(data), ie)
			}
		}
		// A WARC read cleanly, less its last byte, has its last record
		// cut: the items before it, unchanged, and one ErrTruncated.
		if len(data) > 0 && len(errs) == 0 {
			cut, cerrs := collect(t, NewReader(), func(s *run) error { return s.warc(bytes.NewReader(data[:len(data)-1])) })
			if len(cerrs) != 1 || !errors.Is(cerrs[0], ErrTruncated) || len(cut) > len(items) {
				t.Fatalf("WARC less its last byte: %d items of %d, errors %v", len(cut), len(items), cerrs)
			}
			for i := range cut {
				if cut[i] != items[i] {
					t.Fatalf("WARC less its last byte: item %d differs", i)
				}
			}
		}
	})
}

func FuzzDetect(f *testing.F) {
	for _, name := range []string{
		"testdata/article.txt", "testdata/article-utf8.html", "testdata/feed.rss", "testdata/feed.atom",
		"testdata/articles.jsonl", "testdata/crawl.warc.gz", "testdata/utf16.txt", "testdata/bad/image.png",
	} {
		f.Add(name, fixture(f, name))
	}
	f.Add("x.warc.gz", []byte("\x1f\x8b\x08"))
	f.Add("-", []byte("\xfe\xff\x00<\x00r\x00s\x00s"))
	f.Add("a.xml", []byte("<?xml?><!-- c --><!DOCTYPE feed><feed>"))
	valid := map[Format]bool{Text: true, HTML: true, RSS: true, Atom: true, JSONL: true, WARC: true, Binary: true, Empty: true}
	f.Fuzz(func(t *testing.T, name string, head []byte) {
		got := Detect(name, head)
		if !valid[got] {
			t.Fatalf("Detect = %q", got)
		}
		if again := Detect(name, bytes.Clone(head)); again != got {
			t.Fatalf("Detect = %s, then %s", got, again)
		}
		if len(head) > sniffLen {
			if short := Detect(name, head[:sniffLen]); short != got {
				t.Fatalf("Detect = %s on the input, %s on its first 8 KiB", got, short)
			}
		}
	})
}

// FuzzStream feeds any bytes under any name through the whole reader,
// format detection included, so every reader (plain text too) is
// reached: every error must be an *InputError naming the input, and
// every item must carry its format.
func FuzzStream(f *testing.F) {
	for _, name := range []string{
		"testdata/article.txt", "testdata/article-cp1252.html", "testdata/feed.rss", "testdata/feed.rdf",
		"testdata/articles.jsonl", "testdata/crawl.warc.gz", "testdata/utf16.txt", "testdata/bad/malformed.rss",
	} {
		f.Add(name, fixture(f, name))
	}
	f.Add("note.txt", []byte("Headline\n\nBy A. Writer\n\nBody text."))
	f.Add("-", []byte{})
	r := NewReader()
	r.MaxDocument, r.MaxFile = 1<<20, 1<<20
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		if name == "" {
			name = "-"
		}
		catchOwnPanics(t, func() {
			err := r.Stream(context.Background(), name, bytes.NewReader(data), func(it Item) error {
				if it.Format == "" {
					t.Fatalf("item without a format: %+v", it)
				}
				return nil
			})
			for _, e := range flatten(err) {
				var ie *dossier.InputError
				if !errors.As(e, &ie) || ie.File != name {
					t.Fatalf("error %v (%T) does not name %q", e, e, name)
				}
			}
		})
	})
}
