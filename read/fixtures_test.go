package read

import (
	"bytes"
	"compress/gzip"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/nlnwa/gowarc/v3"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// update rewrites the generated fixtures in testdata/:
//
//	go test ./read/ -run TestUpdateFixtures -update
var update = flag.Bool("update", false, "rewrite the generated fixtures in testdata/")

// cp1252Page is written to testdata/article-cp1252.html in windows-1252.
const cp1252Page = `<!DOCTYPE html>
<html lang="de">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">
<title>Zürcher Händler wegen Exportverstößen angeklagt – Alpenkurier</title>
<meta property="og:site_name" content="Alpenkurier">
<meta property="article:published_time" content="2024-03-21T06:45:00Z">
<link rel="canonical" href="/wirtschaft/2024/haendler-angeklagt">
<script>var adSlot = "SCRIPT-CLUTTER";</script>
</head>
<body>
<nav><a href="/">Startseite</a> · <a href="/wirtschaft">Wirtschaft NAV-CLUTTER</a></nav>
<div id="content">
<h1>Zürcher Händler wegen Exportverstößen angeklagt</h1>
<div class="byline">Von Jürg Meier</div>
<p>Die Staatsanwaltschaft hat den Zürcher Händler Beat Kälin angeklagt. Er soll über die Firma Lumetra AG Werkzeugmaschinen im Wert von 2,4 Mio. € an eine gesperrte Gesellschaft geliefert haben.</p>
<p>„Die Lieferungen liefen über drei Zwischenhändler“, sagte ein Sprecher der Behörde. Kälin bestreitet die Vorwürfe; sein Anwalt sprach von einem „Missverständnis“.</p>
<p>Der Prozess soll im Herbst beginnen. Bis dahin bleiben die Konten der Lumetra AG gesperrt – auch das Café der Firma am Limmatquai ist geschlossen.</p>
</div>
<footer>FOOTER-CLUTTER © Alpenkurier</footer>
</body>
</html>
`

// warcPage1 is an HTML response in testdata/crawl.warc.gz, UTF-8 with
// a canonical link.
const warcPage1 = `<!doctype html>
<html><head><meta charset="utf-8">
<title>Trading house Morvik AS under investigation - North Sea Courier</title>
<meta property="og:site_name" content="North Sea Courier">
<link rel="canonical" href="https://nscourier.example/business/morvik-probe">
<meta property="article:published_time" content="2024-10-07T09:00:00Z">
</head><body>
<nav>Home | Business | NAV-CLUTTER</nav>
<article>
<h1>Trading house Morvik AS under investigation</h1>
<p class="byline">By Eirik Haugland</p>
<p>Economic crime investigators searched the offices of Morvik AS, a trading house that ships fertiliser and steel, on Monday morning.</p>
<p>The investigators are examining whether the company re-exported goods to a buyer on the fictional Ardenian sanctions list through a subsidiary in Valmora.</p>
<p>Chief executive Sigrid Tollefsen said the company was cooperating fully and had suspended the subsidiary's managing director.</p>
</article>
<footer>FOOTER-CLUTTER</footer>
</body></html>
`

// warcPage2 is the second HTML response: windows-1252 declared only in
// the HTTP header, gzip content encoding, no canonical link.
const warcPage2 = `<html><head><title>Harbour pilot licence revoked</title></head><body>
<div class="article">
<h1>Harbour pilot licence revoked</h1>
<p>The maritime authority revoked the licence of harbour pilot Réne Dufresne after he guided an unregistered tanker into port at night.</p>
<p>The tanker, the Corallis, had switched off its transponder for eleven days before arriving, the authority’s report said.</p>
</div>
</body></html>
`

func TestUpdateFixtures(t *testing.T) {
	if !*update {
		t.Skip("run with -update to rewrite the generated fixtures")
	}
	enc := func(s string) []byte {
		b, err := charmap.Windows1252.NewEncoder().Bytes([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	MustWriteFile(t, "testdata/article-cp1252.html", enc(cp1252Page))

	utf16, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes(
		[]byte("Customs officers in Kelmore seized 40 tonnes of undeclared copper wire.\n"))
	if err != nil {
		t.Fatal(err)
	}
	MustWriteFile(t, "testdata/utf16.txt", utf16)

	MustWriteFile(t, "testdata/bad/image.png",
		append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), make([]byte, 48)...))
	MustWriteFile(t, "testdata/bad/invalid-utf8.txt",
		[]byte("Payment of 5\xff000 euros to Caf\xc3( Lumen was flagged by the bank.\n"))

	warc, offsets := MustWARC(t)
	last := offsets[len(offsets)-1]
	MustWriteFile(t, "testdata/crawl.warc.gz", warc)
	// Cut the last record (the second HTML page) in half: the first
	// page before it must still be read.
	MustWriteFile(t, "testdata/bad/truncated.warc.gz", warc[:last+(len(warc)-last)/2])
}

// MustWriteFile writes a fixture, failing the test on error.
func MustWriteFile(tb testing.TB, name string, data []byte) {
	tb.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(name, data, 0o644); err != nil {
		tb.Fatal(err)
	}
}

// MustWARC builds the crawl fixture: a warcinfo record, a request, two
// HTML responses and an image response, each in its own gzip member. It
// also returns the offset of each record.
func MustWARC(tb testing.TB) (warc []byte, offsets []int) {
	tb.Helper()
	latin, err := charmap.Windows1252.NewEncoder().Bytes([]byte(warcPage2))
	if err != nil {
		tb.Fatal(err)
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	if _, err := zw.Write(latin); err != nil {
		tb.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	page2 := gz.Bytes()

	type rec struct {
		typ    gowarc.RecordType
		uri    string
		ctype  string
		block  []byte
		suffix string
	}
	httpMsg := func(head string, body []byte) []byte {
		return append([]byte(fmt.Sprintf(head, len(body))), body...)
	}
	recs := []rec{
		{gowarc.Warcinfo, "", "application/warc-fields", []byte("software: dossier fixture generator\r\nformat: WARC File Format 1.1\r\n"), "0001"},
		{gowarc.Request, "https://nscourier.example/business/morvik-probe?ref=rss", "application/http;msgtype=request",
			[]byte("GET /business/morvik-probe?ref=rss HTTP/1.1\r\nHost: nscourier.example\r\nUser-Agent: fixture\r\n\r\n"), "0002"},
		{gowarc.Response, "https://nscourier.example/business/morvik-probe?ref=rss", "application/http;msgtype=response",
			httpMsg("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: %d\r\n\r\n", []byte(warcPage1)), "0003"},
		{gowarc.Response, "https://nscourier.example/static/logo.png", "application/http;msgtype=response",
			httpMsg("HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: %d\r\n\r\n",
				append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 32)...)), "0004"},
		{gowarc.Response, "https://portwatch.example/pilots/licence-revoked", "application/http;msgtype=response",
			httpMsg("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=windows-1252\r\nContent-Encoding: gzip\r\nContent-Length: %d\r\n\r\n", page2), "0005"},
	}
	var out bytes.Buffer
	m := gowarc.NewMarshaler()
	for _, r := range recs {
		b := gowarc.NewRecordBuilder(r.typ, gowarc.WithAddMissingDigest(true))
		b.AddWarcHeader(gowarc.WarcRecordID, "<urn:uuid:00000000-0000-4000-8000-00000000"+r.suffix+">")
		b.AddWarcHeader(gowarc.WarcDate, "2024-10-07T10:00:00Z")
		b.AddWarcHeader(gowarc.ContentType, r.ctype)
		if r.uri != "" {
			b.AddWarcHeader(gowarc.WarcTargetURI, r.uri)
		}
		if _, err := b.Write(r.block); err != nil {
			tb.Fatal(err)
		}
		wr, _, err := b.Build()
		if err != nil {
			tb.Fatal(err)
		}
		offsets = append(offsets, out.Len())
		zw := gzip.NewWriter(&out)
		if _, _, err := m.Marshal(zw, wr, 0); err != nil {
			tb.Fatal(err)
		}
		if err := zw.Close(); err != nil {
			tb.Fatal(err)
		}
		_ = wr.Close()
	}
	return out.Bytes(), offsets
}

// mustGunzip decompresses all gzip members of data.
func mustGunzip(tb testing.TB, data []byte) []byte {
	tb.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		tb.Fatal(err)
	}
	var out bytes.Buffer
	if _, err := out.ReadFrom(zr); err != nil {
		tb.Fatal(err)
	}
	return out.Bytes()
}
