package read

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"dossier"
)

// wantErr is an expected *dossier.InputError; File is the test's file.
type wantErr struct {
	Line   int
	Offset int64
	Record string
	Msg    string // exact InputError.Err.Error()
	Is     error  // sentinel it must match
}

// wantItem is an expected Item: every field but Text compared exactly;
// Text may be given whole, or checked with TextHas and TextNot.
type wantItem struct {
	Item
	TextHas []string
	TextNot []string
}

// clutter is text in the fixtures that must never reach an Item.
var clutter = []string{
	"NAV-CLUTTER", "SCRIPT-CLUTTER", "STYLE-CLUTTER", "FOOTER-CLUTTER", "ASIDE-CLUTTER",
	"SCRIPT-INJECTED-TEXT", "FEED-SCRIPT", "window.dataLayer", "<p>", "<script",
}

func mustTime(tb testing.TB, s string) time.Time {
	tb.Helper()
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		tb.Fatal(err)
	}
	return t
}

func mustRead(tb testing.TB, name string) string {
	tb.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

func TestFile(t *testing.T) {
	tests := []struct {
		Name   string
		File   string
		Reader *Reader // nil: NewReader()
		Output []wantItem
		Error  []wantErr
	}{
		{
			Name:   "plain text",
			File:   "testdata/article.txt",
			Output: []wantItem{{Item: Item{Text: mustRead(t, "testdata/article.txt"), Title: "Port authority suspends Veloran Shipping licence after cargo audit", Format: "text"}}},
		},
		{
			Name: "UTF-16 text with BOM",
			File: "testdata/utf16.txt",
			Output: []wantItem{{Item: Item{
				Text:   "Customs officers in Kelmore seized 40 tonnes of undeclared copper wire.\n",
				Format: "text",
			}}},
		},
		{
			Name:   "invalid UTF-8 text passed through",
			File:   "testdata/bad/invalid-utf8.txt",
			Output: []wantItem{{Item: Item{Text: "Payment of 5\xff000 euros to Caf\xc3( Lumen was flagged by the bank.\n", Format: "text"}}},
		},
		{
			Name: "HTML UTF-8",
			File: "testdata/article-utf8.html",
			Output: []wantItem{{
				Item: Item{
					Title:     "Regulator fines Corvane Bank over sanctions screening lapses",
					Byline:    "Tomas Lindqvist",
					URL:       "https://meridian-ledger.example/news/2024/05/corvane-bank-fine",
					Source:    "The Meridian Ledger",
					Published: mustTime(t, "2024-05-14T08:30:00+02:00"),
					Format:    "html",
				},
				TextHas: []string{
					"The Financial Conduct Office of Ostravia on Tuesday fined Corvane Bank 4.2 million crowns",
					"this year.\n\nInvestigators found that",
					"“These were not isolated errors,” said office director Hanne Sørvik.",
					"were sold in 2019.",
				},
				TextNot: append([]string{"By Tomas Lindqvist", "Related stories", "Subscribe"}, clutter...),
			}},
		},
		{
			Name: "HTML windows-1252",
			File: "testdata/article-cp1252.html",
			Output: []wantItem{{
				Item: Item{
					Title:     "Zürcher Händler wegen Exportverstößen angeklagt",
					Byline:    "Von Jürg Meier",
					URL:       "", // the canonical link is relative and there is no base
					Source:    "Alpenkurier",
					Published: mustTime(t, "2024-03-21T06:45:00Z"),
					Format:    "html",
				},
				TextHas: []string{
					"Die Staatsanwaltschaft hat den Zürcher Händler Beat Kälin angeklagt.",
					"im Wert von 2,4 Mio. € an",
					"„Die Lieferungen liefen über drei Zwischenhändler“",
					"gesperrt – auch das Café der Firma",
				},
				TextNot: clutter,
			}},
		},
		{
			Name: "RSS 2.0",
			File: "testdata/feed.rss",
			Output: []wantItem{
				{
					Item: Item{
						Title:     "Customs seize mislabelled turbine parts at Kelmore docks",
						Byline:    "Ada Brennan",
						URL:       "https://harbourstreet.example/2024/06/turbine-parts",
						Source:    "Harbour Street Journal",
						Published: mustTime(t, "2024-06-03T09:15:00Z"),
						Format:    "rss",
						Record:    "item 1",
						Text: "Customs officers at Kelmore docks seized a container of turbine parts labelled as farm machinery, the Kelmore Revenue Service said on Monday.\n\n" +
							"The shipment was consigned to Tarvik Industrial Supply, a company whose director, Yusuf Adler, was named in a 2022 export-control case.",
					},
				},
				{
					Item: Item{
						Title:     "Lendris Group names new chief compliance officer",
						Byline:    "Ruth Calloway",
						URL:       "https://harbourstreet.example/2024/06/lendris-cco",
						Source:    "Harbour Street Journal",
						Published: mustTime(t, "2024-06-04T14:00:00Z"),
						Format:    "rss",
						Record:    "item 2",
						Text:      "Lendris Group on Tuesday appointed Priya Natarajan as chief compliance officer, effective July 1.",
					},
				},
				{
					Item: Item{
						Title:     "Kelmore council approves new free-trade zone",
						URL:       "https://harbourstreet.example/2024/06/free-trade-zone",
						Source:    "Harbour Street Journal",
						Published: mustTime(t, "2024-06-05T07:45:00Z"),
						Format:    "rss",
						Record:    "item 3",
						Text: "The Kelmore city council voted 9-2 to create a free-trade zone next to the container terminal.\n\n" +
							"Opponents said the zone would make it harder to trace re-exported goods.",
					},
				},
			},
		},
		{
			Name: "Atom",
			File: "testdata/feed.atom",
			Output: []wantItem{
				{Item: Item{
					Title:     "Shipping firm Orlen Maritime fined for flag-hopping",
					Byline:    "Lena Vogt",
					URL:       "https://estmark-monitor.example/2024/07/orlen-maritime-fine",
					Source:    "Estmark Business Monitor",
					Published: mustTime(t, "2024-07-01T16:20:00Z"),
					Format:    "atom",
					Record:    "item 1",
					Text: "The Estmark maritime registry fined Orlen Maritime for re-flagging two tankers three times in a year.\n\n" +
						"The registry said the changes were meant to hide the vessels' owners.",
				}},
				{Item: Item{
					Title:     "Court freezes assets of Varga Holdings",
					Byline:    "Marek Hollis",
					URL:       "https://estmark-monitor.example/2024/07/varga-freeze",
					Source:    "Estmark Business Monitor",
					Published: mustTime(t, "2024-07-02T09:05:00Z"), // no <published>: <updated>
					Format:    "atom",
					Record:    "item 2",
					Text:      "A district court froze the assets of Varga Holdings pending a fraud trial.",
				}},
			},
		},
		{
			Name: "RSS 1.0",
			File: "testdata/feed.rdf",
			Output: []wantItem{{Item: Item{
				Title:     "Ferry operator under investigation",
				Byline:    "Ines Moreau",
				URL:       "https://coastal-gazette.example/ferry-operator-probe",
				Source:    "Coastal Gazette",
				Published: mustTime(t, "2024-08-12T06:00:00Z"),
				Format:    "rss",
				Record:    "item 1",
				Text:      "Prosecutors opened an inquiry into Saltmere Ferries over unpaid port fees.",
			}}},
		},
		{
			Name: "JSON Lines",
			File: "testdata/articles.jsonl",
			Output: []wantItem{
				{Item: Item{
					Text:      "Auditors found that Brightwater Mining understated its payments to a state-owned trader by 12 million dollars.",
					Title:     "Brightwater Mining accounts questioned",
					Byline:    "Nadia Roux",
					URL:       "https://daily-quarry.example/brightwater",
					Source:    "The Daily Quarry",
					Published: mustTime(t, "2024-09-01T12:00:00Z"),
					Format:    "jsonl",
					Record:    "line 1",
				}},
				{Item: Item{
					Text: "Telvar Energy agreed to pay 8 million dollars to settle a bribery investigation in the fictional state of Norvania.\n\n" +
						"The company admitted that a former manager, Oskar Veldt, paid officials to win drilling permits.",
					Title:     "Telvar Energy settles bribery case",
					Byline:    "Chen Wei, Sara Lind",
					URL:       "https://energy-desk.example/telvar-settles", // canonical beats "url"
					Published: mustTime(t, "2024-09-02T00:00:00Z"),
					Format:    "jsonl",
					Record:    "line 3",
				}},
				{Item: Item{
					Text:      "The Norvanian central bank revoked the licence of Pellworth Exchange, a money transfer business.",
					Byline:    "Arjun Mehta",
					Source:    "Norvania Today",
					Published: mustTime(t, "2024-09-03T00:00:00Z"),
					Format:    "jsonl",
					Record:    "line 6",
				}},
			},
			Error: []wantErr{
				{Line: 4, Offset: 876, Msg: "malformed JSON at byte 61: unexpected end of JSON input", Is: ErrMalformed},
				{Line: 5, Offset: 938, Msg: `no "text" or "html" field`, Is: ErrNoText},
			},
		},
		{
			Name: "WARC",
			File: "testdata/crawl.warc.gz",
			Output: []wantItem{
				{
					Item: Item{
						Title:     "Trading house Morvik AS under investigation",
						Byline:    "Eirik Haugland",
						URL:       "https://nscourier.example/business/morvik-probe",
						Source:    "North Sea Courier",
						Published: mustTime(t, "2024-10-07T09:00:00Z"),
						Format:    "warc",
						Record:    "record 3 at offset 647",
						Text: "Economic crime investigators searched the offices of Morvik AS, a trading house that ships fertiliser and steel, on Monday morning.\n\n" +
							"The investigators are examining whether the company re-exported goods to a buyer on the fictional Ardenian sanctions list through a subsidiary in Valmora.\n\n" +
							"Chief executive Sigrid Tollefsen said the company was cooperating fully and had suspended the subsidiary's managing director.",
					},
				},
				{
					Item: Item{
						Title:  "Harbour pilot licence revoked",
						URL:    "https://portwatch.example/pilots/licence-revoked",
						Format: "warc",
						Record: "record 5 at offset 1884",
						Text: "The maritime authority revoked the licence of harbour pilot Réne Dufresne after he guided an unregistered tanker into port at night.\n\n" +
							"The tanker, the Corallis, had switched off its transponder for eleven days before arriving, the authority’s report said.",
					},
				},
			},
		},
		{
			Name: "truncated WARC keeps the records before the cut",
			File: "testdata/bad/truncated.warc.gz",
			Output: []wantItem{{
				Item: Item{
					Title:     "Trading house Morvik AS under investigation",
					Byline:    "Eirik Haugland",
					URL:       "https://nscourier.example/business/morvik-probe",
					Source:    "North Sea Courier",
					Published: mustTime(t, "2024-10-07T09:00:00Z"),
					Format:    "warc",
					Record:    "record 3 at offset 647",
				},
				TextHas: []string{"Economic crime investigators"},
			}},
			Error: []wantErr{{Offset: 1884, Record: "record 5", Msg: "truncated WARC record: unexpected EOF; the 4 records before it are whole and were read", Is: ErrTruncated}},
		},
		{
			Name:  "empty file",
			File:  "testdata/bad/empty.txt",
			Error: []wantErr{{Offset: -1, Msg: "empty file", Is: ErrEmpty}},
		},
		{
			Name:  "white space only",
			File:  "testdata/bad/blank.txt",
			Error: []wantErr{{Offset: -1, Msg: "empty file", Is: ErrEmpty}},
		},
		{
			Name:  "binary",
			File:  "testdata/bad/image.png",
			Error: []wantErr{{Offset: 8, Msg: "binary file: not text, HTML, a feed, JSON lines or WARC", Is: ErrBinary}},
		},
		{
			Name:  "malformed feed",
			File:  "testdata/bad/malformed.rss",
			Error: []wantErr{{Line: 7, Offset: -1, Msg: "malformed feed: XML syntax error on line 7: expected element name after <", Is: ErrMalformed}},
		},
		{
			Name:   "feed over MaxFile",
			File:   "testdata/feed.rss",
			Reader: &Reader{Options: Options{MaxFile: 1 << 10}},
			Error:  []wantErr{{Offset: -1, Msg: "file is 1986 bytes, over the 1 KiB limit for a file", Is: ErrTooLarge}},
		},
		{
			Name:   "feed item over MaxDocument",
			File:   "testdata/feed.rss",
			Reader: &Reader{Options: Options{MaxDocument: 110}},
			Output: []wantItem{
				{Item: Item{Record: "item 2"}, TextHas: []string{"Priya Natarajan"}},
			},
			Error: []wantErr{
				{Offset: -1, Record: "item 1", Msg: "content is 327 bytes, over the 110 bytes limit for one document", Is: ErrTooLarge},
				{Offset: -1, Record: "item 3", Msg: "content is 168 bytes, over the 110 bytes limit for one document", Is: ErrTooLarge},
			},
		},
		{
			Name:  "missing file",
			File:  "testdata/no-such-file.txt",
			Error: []wantErr{{Offset: -1, Msg: "no such file or directory", Is: os.ErrNotExist}},
		},
		{
			Name:  "directory",
			File:  "testdata/bad",
			Error: []wantErr{{Offset: -1, Msg: "is a directory"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			r := tt.Reader
			if r == nil {
				r = NewReader()
			}
			var got []Item
			err := r.File(context.Background(), tt.File, func(it Item) error {
				got = append(got, it)
				return nil
			})
			checkItems(t, got, tt.Output)
			checkErrors(t, err, tt.File, tt.Error)
		})
	}
}

// checkItems compares items with their expectations.
func checkItems(t *testing.T, got []Item, want []wantItem) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("got %d items, want %d", len(got), len(want))
	}
	for i := range min(len(got), len(want)) {
		g, w := got[i], want[i]
		text := g.Text
		if w.Text == "" {
			g.Text = ""
		}
		if len(w.TextHas) > 0 || len(w.TextNot) > 0 {
			if w.Format == "" { // only Record and the text matter
				g = Item{Record: g.Record}
			}
		}
		if !g.Published.Equal(w.Published) {
			t.Errorf("item %d: Published = %v, want %v", i, g.Published, w.Published)
		}
		g.Published, w.Published = time.Time{}, time.Time{}
		if g != w.Item {
			t.Errorf("item %d:\n got %#v\nwant %#v", i, g, w.Item)
		}
		for _, s := range w.TextHas {
			if !strings.Contains(text, s) {
				t.Errorf("item %d: text lacks %q:\n%s", i, s, text)
			}
		}
		for _, s := range w.TextNot {
			if strings.Contains(text, s) {
				t.Errorf("item %d: text has %q:\n%s", i, s, text)
			}
		}
	}
}

// checkErrors checks that err is exactly the expected InputErrors.
func checkErrors(t *testing.T, err error, file string, want []wantErr) {
	t.Helper()
	errs := flatten(err)
	if len(errs) != len(want) {
		t.Errorf("got %d errors, want %d: %v", len(errs), len(want), err)
	}
	for i := range min(len(errs), len(want)) {
		var ie *dossier.InputError
		if !errors.As(errs[i], &ie) {
			t.Errorf("error %d: %T %v, want *dossier.InputError", i, errs[i], errs[i])
			continue
		}
		w := want[i]
		if ie.File != file || ie.Line != w.Line || ie.Offset != w.Offset || ie.Record != w.Record || ie.Err.Error() != w.Msg {
			t.Errorf("error %d:\n got {File:%q Line:%d Offset:%d Record:%q Msg:%q}\nwant {File:%q Line:%d Offset:%d Record:%q Msg:%q}",
				i, ie.File, ie.Line, ie.Offset, ie.Record, ie.Err.Error(), file, w.Line, w.Offset, w.Record, w.Msg)
		}
		if w.Is != nil && !errors.Is(ie, w.Is) {
			t.Errorf("error %d: %v does not match %v", i, ie, w.Is)
		}
		if !strings.HasPrefix(ie.Error(), file) {
			t.Errorf("error %d: %q does not name the file", i, ie.Error())
		}
	}
}

// flatten undoes errors.Join.
func flatten(err error) []error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		if _, isInput := err.(*dossier.InputError); !isInput {
			var out []error
			for _, e := range j.Unwrap() {
				out = append(out, flatten(e)...)
			}
			return out
		}
	}
	return []error{err}
}

func TestStream(t *testing.T) {
	tests := []struct {
		Name   string
		Input  string
		Output []Item
		Error  []wantErr
	}{
		{
			Name:   "HTML on standard input",
			Input:  "<p>The customs office in Rennick seized 300 kg of counterfeit cigarettes.</p>",
			Output: []Item{{Text: "The customs office in Rennick seized 300 kg of counterfeit cigarettes.", Format: "html"}},
		},
		{
			Name:   "text with UTF-8 BOM",
			Input:  "\xef\xbb\xbfThe ferry Saltmere II was detained.",
			Output: []Item{{Text: "The ferry Saltmere II was detained.", Format: "text"}},
		},
		{
			Name:   "JSON Lines by content",
			Input:  "{\"text\": \"Ilgar Trade was fined.\"}\n\n{\"text\": \"Ravel Ltd was dissolved.\"}\r\n",
			Output: []Item{{Text: "Ilgar Trade was fined.", Format: "jsonl", Record: "line 1"}, {Text: "Ravel Ltd was dissolved.", Format: "jsonl", Record: "line 3"}},
		},
		{
			Name: "feed item with no text",
			Input: `<rss version="2.0"><channel><title>Wire</title>` +
				`<item><title>Ilgar Trade fined</title><description>Ilgar Trade was fined.</description></item>` +
				`<item><title>Photo: the harbour</title><description><![CDATA[<img src="x.jpg">]]></description></item>` +
				`</channel></rss>`,
			Output: []Item{{Text: "Ilgar Trade was fined.", Title: "Ilgar Trade fined", Source: "Wire", Format: "rss", Record: "item 1"}},
			Error:  []wantErr{{Offset: -1, Record: "item 2", Msg: "no text", Is: ErrNoText}},
		},
		{
			Name:  "HTML with no text",
			Input: "<html><head><title>Empty page</title></head><body><script>var x = 1;</script><nav>Home</nav></body></html>",
			Error: []wantErr{{Offset: -1, Msg: "no article text found", Is: ErrNoText}},
		},
		{
			Name:  "JSON Lines field of the wrong type",
			Input: "{\"text\": 1}\n",
			Error: []wantErr{{Line: 1, Offset: 0, Msg: "malformed JSON: json: cannot unmarshal number into Go struct field jsonRecord.text of type string", Is: ErrMalformed}},
		},
		{
			Name:  "JSON Lines with a bad date",
			Input: "{\"text\": \"Ravel Ltd was dissolved.\", \"published\": \"last Tuesday\"}\n",
			Error: []wantErr{{Line: 1, Offset: 0, Msg: `published: cannot parse date "last Tuesday"`, Is: ErrMalformed}},
		},
		{
			Name:   "JSON Lines Unix time",
			Input:  "{\"text\": \"Ravel Ltd was dissolved.\", \"published\": 1717200000}\n",
			Output: []Item{{Text: "Ravel Ltd was dissolved.", Format: "jsonl", Record: "line 1", Published: time.Unix(1717200000, 0).UTC()}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			var got []Item
			err := NewReader().Stream(context.Background(), "-", strings.NewReader(tt.Input), func(it Item) error {
				got = append(got, it)
				return nil
			})
			want := make([]wantItem, len(tt.Output))
			for i, it := range tt.Output {
				want[i] = wantItem{Item: it}
			}
			checkItems(t, got, want)
			checkErrors(t, err, "-", tt.Error)
		})
	}
}

// repeatReader yields n bytes of c without holding them.
type repeatReader struct {
	c byte
	n int64
}

func (r *repeatReader) Read(p []byte) (int, error) {
	if r.n <= 0 {
		return 0, io.EOF
	}
	n := min(int64(len(p)), r.n)
	for i := range p[:n] {
		p[i] = r.c
	}
	r.n -= n
	return int(n), nil
}

// allocated runs f and returns the bytes it allocated.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

func TestTooLarge(t *testing.T) {
	// A 100 MB file of one line: text in its first 8 KiB, the rest a
	// hole, so the test writes almost nothing. It must be refused from
	// its size, without being read.
	path := filepath.Join(t.TempDir(), "huge.txt")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write(bytes.Repeat([]byte("a"), sniffLen)); err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(100 << 20); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	var err2 error
	start := time.Now()
	alloc := allocated(func() {
		err2 = NewReader().File(context.Background(), path, func(Item) error {
			t.Error("got an item")
			return nil
		})
	})
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %v", d)
	}
	if alloc > 4<<20 {
		t.Errorf("allocated %d bytes", alloc)
	}
	checkErrors(t, err2, path, []wantErr{{Offset: -1, Msg: "file is 104857600 bytes, over the 16 MiB limit for one document", Is: ErrTooLarge}})

	// The same on a stream: it stops after the limit.
	alloc = allocated(func() {
		err2 = NewReader().Stream(context.Background(), "-", &repeatReader{'a', 100 << 20}, func(Item) error {
			t.Error("got an item")
			return nil
		})
	})
	if alloc > 80<<20 {
		t.Errorf("allocated %d bytes", alloc)
	}
	checkErrors(t, err2, "-", []wantErr{{Offset: -1, Msg: "input is over the 16 MiB limit for one document", Is: ErrTooLarge}})
}

func TestJSONLLongLine(t *testing.T) {
	// A 20 MB line between two good ones: an error for line 2, and
	// lines 1 and 3 still read.
	path := filepath.Join(t.TempDir(), "long.jsonl")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.WriteString(f, "{\"text\": \"Corvane Bank was fined.\"}\n{\"text\": \"")
	_, _ = io.Copy(f, &repeatReader{'a', 20 << 20})
	_, _ = io.WriteString(f, "\"}\n{\"text\": \"Morvik AS was searched.\"}\n")
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	var got []Item
	start := time.Now()
	alloc := allocated(func() {
		err = NewReader().File(context.Background(), path, func(it Item) error {
			got = append(got, it)
			return nil
		})
	})
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v", d)
	}
	if alloc > 48<<20 {
		t.Errorf("allocated %d bytes", alloc)
	}
	checkItems(t, got, []wantItem{
		{Item: Item{Text: "Corvane Bank was fined.", Format: "jsonl", Record: "line 1"}},
		{Item: Item{Text: "Morvik AS was searched.", Format: "jsonl", Record: "line 3"}},
	})
	checkErrors(t, err, path, []wantErr{{Line: 2, Offset: 36, Msg: "line longer than 16 MiB", Is: ErrTooLarge}})
}

func TestHostileHTML(t *testing.T) {
	tests := []struct {
		Name    string
		Input   string
		TextHas string // "" for no text
		Error   string
	}{
		{Name: "100k nested divs", Input: strings.Repeat("<div>", 100000) + "Deep text about Kessler." + strings.Repeat("</div>", 100000), TextHas: "Deep text about Kessler."},
		{Name: "deep nesting with scripts", Input: strings.Repeat("<div>", 1000) + "<script>evil()</script><style>p{evil5}</style><textarea>evil6</textarea>Deep text.", TextHas: "Deep text."},
		{Name: "100k nested b", Input: "<p>" + strings.Repeat("<b>", 100000) + "Bold claim about Varga.", TextHas: "Bold claim about Varga."},
		{Name: "100k unclosed tables", Input: strings.Repeat("<table><tr><td>", 100000) + "Cell text.", TextHas: "Cell text."},
		{Name: "100k anchors", Input: strings.Repeat("<a href=x>", 100000) + "Link text.", TextHas: "Link text."},
		{Name: "huge attribute", Input: "<p title=\"" + strings.Repeat("x", 10<<20) + "\">Attribute survivor.</p>", TextHas: "Attribute survivor."},
		{Name: "unclosed tags", Input: "<html><body><p>First <b>bold <i>italic <p>Second <div><span>Third", TextHas: "Third"},
		{Name: "script injection", Input: "<p>Safe text.</p><script>evil()</script><SCRIPT type=text/javascript>evil2()</SCRIPT><img src=x onerror=alert(2)><svg><script>evil3()</script></svg><noscript><p>evil4</p></noscript><style>p{x:evil5}</style>", TextHas: "Safe text."},
		{Name: "unterminated script", Input: "<p>Before the script.</p><script>var a = '<p>not text</p>';", TextHas: "Before the script."},
		{Name: "only a script", Input: "<script>document.write('x')</script>", Error: "no article text found"},
		{Name: "comment bomb", Input: strings.Repeat("<!--", 100000) + "<p>Visible?</p>", Error: "no article text found"},
		{Name: "deep nav never closed", Input: "<body>" + strings.Repeat("<div>", 1000) + "<nav>" + strings.Repeat("<div>", 1000) + "Menu", Error: "no article text found"},
		{Name: "many paragraphs", Input: strings.Repeat("<p>Paragraph about a shipment of steel.</p>", 200000), TextHas: "Paragraph about a shipment of steel.\n\nParagraph"},
	}
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			start := time.Now()
			p, err := NewReader().page([]byte(tt.Input), "", "")
			if d := time.Since(start); d > 10*time.Second {
				t.Errorf("took %v", d)
			}
			if tt.Error != "" {
				if err == nil || err.Error() != tt.Error {
					t.Fatalf("err = %v, want %q", err, tt.Error)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(p.text, tt.TextHas) {
				t.Errorf("text lacks %q: %.300q", tt.TextHas, p.text)
			}
			for _, bad := range []string{"alert", "evil", "not text", "<"} {
				if strings.Contains(p.text, bad) {
					t.Errorf("text has %q: %.300q", bad, p.text)
				}
			}
		})
	}
}

func TestCorruptWARC(t *testing.T) {
	warc, offsets := MustWARC(t)
	plain := mustGunzip(t, warc)
	// The image response is record 4, in both forms.
	img := bytes.Index(plain, []byte("WARC-Target-URI: https://nscourier.example/static/logo.png"))
	imgStart := bytes.LastIndex(plain[:img], []byte("WARC/1.1\r\n"))
	imgEnd := bytes.Index(plain[img:], []byte("WARC/1.1\r\n")) + img

	badMagic := bytes.Clone(plain)
	copy(badMagic[imgStart:], "XXXX")

	badCRC := bytes.Clone(warc)
	badCRC[offsets[4]-5] ^= 0xff // in the image member's CRC-32

	garbage := append([]byte("not a WARC record\n"), plain...)

	// Offsets of the records in the uncompressed form.
	var at []int
	for i := 0; ; {
		j := bytes.Index(plain[i:], []byte("WARC/1.1\r\n"))
		if j < 0 {
			break
		}
		at = append(at, i+j)
		i += j + 1
	}

	// 25 gzip members that are not WARC records: reading stops after 20.
	var notWARC []byte
	var notWARCErrs []wantErr
	for i := range 25 {
		if i < 20 {
			notWARCErrs = append(notWARCErrs, wantErr{Offset: int64(len(notWARC)), Record: fmt.Sprintf("record %d", i+1),
				Is: ErrMalformed, Msg: "malformed WARC record: gowarc: missing record version at line 1"})
		}
		notWARC = append(notWARC, gzipString(t, "HELLO WORLD\r\n")...)
	}
	notWARCErrs = append(notWARCErrs, wantErr{Offset: notWARCErrs[19].Offset + int64(len(notWARC)/25),
		Is: ErrMalformed, Msg: "stopped after 20 bad records in a row"})

	tests := []struct {
		Name   string
		Input  []byte
		Output []string // record locators of the items
		Error  []wantErr
	}{
		{
			Name:   "record without magic",
			Input:  badMagic,
			Output: []string{fmt.Sprintf("record 3 at offset %d", at[2]), fmt.Sprintf("record 4 at offset %d", at[4])},
			Error: []wantErr{{Offset: int64(imgStart), Is: ErrMalformed,
				Msg: fmt.Sprintf("skipped %d bytes that are not a WARC record", imgEnd-imgStart)}},
		},
		{
			Name:   "gzip member with a bad checksum",
			Input:  badCRC,
			Output: []string{"record 3 at offset 647", "record 5 at offset 1884"},
			Error: []wantErr{{Offset: int64(offsets[3]), Record: "record 4", Is: ErrMalformed,
				Msg: "malformed WARC record: gzip: invalid checksum"}},
		},
		{
			Name:   "garbage before the first record",
			Input:  garbage,
			Output: []string{fmt.Sprintf("record 3 at offset %d", at[2]+18), fmt.Sprintf("record 5 at offset %d", at[4]+18)},
			Error:  []wantErr{{Offset: 0, Is: ErrMalformed, Msg: "skipped 18 bytes that are not a WARC record"}},
		},
	}
	tests = append(tests, struct {
		Name   string
		Input  []byte
		Output []string
		Error  []wantErr
	}{Name: "too many bad records", Input: notWARC, Error: notWARCErrs})
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			var got []string
			err := NewReader().Stream(context.Background(), "crawl.warc", bytes.NewReader(tt.Input), func(it Item) error {
				got = append(got, it.Record)
				return nil
			})
			if strings.Join(got, ", ") != strings.Join(tt.Output, ", ") {
				t.Errorf("items %q, want %q", got, tt.Output)
			}
			checkErrors(t, err, "crawl.warc", tt.Error)
		})
	}
}

func TestCallbackStops(t *testing.T) {
	stop := errors.New("stop")
	for _, file := range []string{"testdata/feed.rss", "testdata/articles.jsonl", "testdata/crawl.warc.gz"} {
		t.Run(file, func(t *testing.T) {
			n := 0
			err := NewReader().File(context.Background(), file, func(Item) error {
				n++
				return stop
			})
			if err != stop || n != 1 {
				t.Errorf("err = %v after %d items, want stop after 1", err, n)
			}

			ctx, cancel := context.WithCancel(context.Background())
			n = 0
			err = NewReader().File(ctx, file, func(Item) error {
				n++
				cancel()
				return nil
			})
			if !errors.Is(err, context.Canceled) || n != 1 {
				t.Errorf("err = %v after %d items, want context.Canceled after 1", err, n)
			}
		})
	}
}

func TestDetect(t *testing.T) {
	gz := mustRead(t, "testdata/crawl.warc.gz")
	tests := []struct {
		Name, File, Head string
		Output           Format
	}{
		{"text", "a.txt", "Plain words.", Text},
		{"text no extension", "-", "Plain words.\n{not json", Text},
		{"html doctype", "a.txt", "<!DOCTYPE html><p>x", HTML},
		{"html after comment", "-", "<!-- saved page --><html>", HTML},
		{"html fragment", "-", "<p>Hello</p>", HTML},
		{"html further on", "-", "Saved from a browser\n<html><body>", HTML},
		{"html by extension", "a.html", "Hello world", HTML},
		{"rss", "-", "<?xml version=\"1.0\"?>\n<rss version=\"2.0\">", RSS},
		{"rss 1.0", "-", "<?xml version=\"1.0\"?><rdf:RDF xmlns:rdf=\"x\">", RSS},
		{"atom", "-", "<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\">", Atom},
		{"feed without namespace", "a.xml", "<feed>", Atom},
		{"feed extension, broken content", "a.rss", "<?xml version=\"1.0\"", RSS},
		{"jsonl", "-", "{\"text\": \"x\"}\n{\"text\": \"y\"}", JSONL},
		{"jsonl with UTF-8 BOM", "-", "\xef\xbb\xbf{\"text\": \"x\"}", JSONL},
		{"jsonl by extension", "a.jsonl", "not json", JSONL},
		{"brace text", "a.txt", "{draft}\nnotes", JSONL},
		{"brace prose", "-", "{ this is prose\nmore", Text},
		{"warc", "-", "WARC/1.1\r\nWARC-Type: warcinfo", WARC},
		{"warc.gz", "-", gz[:200], WARC},
		{"truncated gzip, warc extension", "a.warc.gz", "\x1f\x8b", WARC},
		{"gzip not warc", "a.gz", gzipString(t, "hello"), Binary},
		{"png", "a.png", "\x89PNG\r\n\x1a\n\x00\x00", Binary},
		{"control bytes", "-", "\x01\x02\x03abc", Binary},
		{"utf-16 html", "-", "\xff\xfe<\x00p\x00>\x00h\x00i\x00", HTML},
		{"empty", "a.txt", "", Empty},
		{"white space", "a.txt", " \n\t\r\n", Empty},
	}
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			if got := Detect(tt.File, []byte(tt.Head)); got != tt.Output {
				t.Errorf("Detect(%q, %.40q) = %s, want %s", tt.File, tt.Head, got, tt.Output)
			}
		})
	}
}

func gzipString(tb testing.TB, s string) string {
	tb.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	_, _ = zw.Write([]byte(s))
	_ = zw.Close()
	return b.String()
}

func TestWalk(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{
		"b/2.html", "b/1.txt", "a.txt", ".hidden.txt", ".git/config", "c/.cache/x.txt", "c/d/e.jsonl",
	} {
		MustWriteFile(t, filepath.Join(dir, name), []byte("x"))
	}
	if err := os.Symlink(filepath.Join(dir, "a.txt"), filepath.Join(dir, "c/link.txt")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(dir, filepath.Join(dir, "c/loop")); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "missing")
	var got []string
	err := Walk([]string{filepath.Join(dir, "b/1.txt"), "-", missing, dir}, func(path string, size int64) error {
		rel, _ := filepath.Rel(dir, path)
		if path == "-" {
			rel = "-"
		}
		got = append(got, rel)
		if size != 1 && path != "-" {
			t.Errorf("%s: size %d", path, size)
		}
		return nil
	})
	want := []string{"b/1.txt", "-", "a.txt", "b/1.txt", "b/2.html", "c/d/e.jsonl", "c/link.txt"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	checkErrors(t, err, missing, []wantErr{{Offset: -1, Msg: "no such file or directory", Is: os.ErrNotExist}})

	stop := errors.New("stop")
	n := 0
	err = Walk([]string{dir}, func(string, int64) error {
		n++
		return stop
	})
	if err != stop || n != 1 {
		t.Errorf("err = %v after %d files, want stop after 1", err, n)
	}
}

func TestTextHeadline(t *testing.T) {
	tests := []struct{ name, in, title, byline string }{
		{"headline and byline", "Defector accuses official\n\nBy Ana Ruiz\n\nCARACAS — Text.", "Defector accuses official", "Ana Ruiz"},
		{"CRLF", "General arrested\r\n\r\nThe general was arrested.\r\n", "General arrested", ""},
		{"no blank line after", "First line\nsecond line\n\nmore", "", ""},
		{"a sentence, not a headline", "The minister resigned on Monday.\n\nMore text.", "", ""},
		{"single line", "Just one line", "", ""},
		{"too long", strings.Repeat("word ", 50) + "\n\nbody", "", ""},
		{"byline too long", "Title\n\nBy " + strings.Repeat("x", 90) + "\n\nbody", "Title", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			title, byline := textHeadline(tt.in)
			if title != tt.title || byline != tt.byline {
				t.Errorf("got %q, %q; want %q, %q", title, byline, tt.title, tt.byline)
			}
		})
	}
}
