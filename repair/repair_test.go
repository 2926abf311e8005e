package repair

import (
	"reflect"
	"testing"
	"unicode/utf8"
)

// correct holds correct text, mostly accented sentences written for
// these tests; repair must return each one byte-identical.
var correct = []struct{ name, text string }{
	// Spanish
	{"es/inflation", "El ministro de Economía anunció ayer que la inflación bajó al 3,2 % en el último trimestre."},
	{"es/questions", "¿Qué pasará con los acuerdos firmados en Bogotá? ¡Nadie lo sabe todavía!"},
	{"es/nandu", "El ñandú y el pingüino aparecieron en la portada del diario «El Observador»."},
	{"es/upper", "SEGÚN EL INFORME, LA ACCIÓN CAYÓ UN 7 % TRAS LA DECISIÓN DEL TRIBUNAL DE ESPAÑA."},
	{"es/quoted", "El juez dictó sentencia: «Está probado que el acusado ocultó los fondos», y añadió “LLEGÓ” al final."},
	{"es/euros", "La compañía pesquera perdió 12 millones de euros (12 M€) en La Coruña y Perú."},
	// French
	{"fr/nbsp", "Le président a déclaré\u00a0: «\u00a0Nous ne céderons pas\u00a0», avant de quitter la séance."},
	{"fr/arrive", "«\u00a0Je suis arrivé\u00a0», a-t-il dit, «\u00a0et j'ai vu la mer à l'aube\u00a0»."},
	{"fr/upper", "ÇA SUFFIT\u00a0! L'ÉTÉ DERNIER, LA FAÇADE DE L'HÔTEL À NAÏVE A ÉTÉ RÉNOVÉE, À L'ÂGE D'OR."},
	{"fr/oeuvre", "Œuvre naïve, café crème et garçon pressé : il a payé 1\u00a0500\u00a0€ à Besançon."},
	{"fr/ellipsis", "Il murmura “c'est déjà fini…” puis “café…”, et enfin ‘très cher’."},
	{"fr/ca", "«ÇA», «À», «Â» et «É» sont des majuscules accentuées."},
	// German
	{"de/sanctions", "Die Bundesregierung hat am Donnerstag neue Sanktionen gegen drei Unternehmen beschlossen."},
	{"de/mueller", "Der Geschäftsführer der Müller GmbH äußerte sich nicht zu den Vorwürfen."},
	{"de/zurich", "In Zürich stieg die Temperatur auf 31 °C; die Straßenbahn fiel aus."},
	{"de/upper", "ÜBERRASCHUNG IN KÖLN: DER STÜRMER ERZIELTE ZWEI TORE FÜR DÜSSELDORF."},
	{"de/quotes", "„Wir prüfen das“, sagte die Sprecherin der Behörde – mehr nicht."},
	{"de/bjork", "Björk und Jürgen aßen 2½ Brötchen für je 1,50 € in Saarbrücken."},
	// Portuguese
	{"pt/reuniao", "A reunião em São Paulo terminou sem acordo sobre a produção de açúcar."},
	{"pt/upper", "SÃO PAULO — A AÇÃO DA PETROBRAS SUBIU 4 % NA BOLSA DE SÃO TOMÉ."},
	{"pt/panico", "O ministro disse que não há razão para pânico: «a situação está sob controle»."},
	{"pt/irma", "A IRMÃ DO DEPUTADO NEGOU QUALQUER LIGAÇÃO COM A EMPRESA ALEMÃ."},
	{"pt/acao", "Ação, reação e emoção: o filme português estreia em março."},
	{"pt/mae", "“MÃE” é a palavra mais bonita, diz a canção da IRMÃ”."},
	// Other languages
	{"is/eth", "Þórður og Ýr fóru til Ísafjarðar í gær; Ðakovo er í Króatíu."},
	{"da/aero", "Økonomien på Ærø og i Århus voksede med 2 % sidste år."},
	{"sv/malmo", "Björk sa att hon är på väg till Malmö och Göteborg."},
	{"tr/istanbul", "İstanbul'da Şişli belediyesi ağır bir karar aldı; Gülşen öğretmen çok üzgün."},
	{"pl/lodz", "Żółta łódź płynęła przez jezioro w Łodzi, a więźniowie śpiewali."},
	{"cs/brno", "Řidič autobusu v Brně přiznal, že přejel křižovatku na červenou."},
	{"vi/hanoi", "Việt Nam và Hà Nội đang chuẩn bị cho hội nghị thượng đỉnh."},
	{"ro/sedinta", "Această ședință a fost amânată până în toamnă, în ROMÂNIA."},
	{"it/perche", "PERCHÉ LA CITTÀ È COSÌ CARA? Perché sì, disse il sindaco."},
	{"ca/collectio", "La col·lecció d'art és a Barcelona des de l'any passat."},
	{"ru/moscow", "Москва объявила о новых санкциях против трёх банков."},
	{"el/athens", "Η Αθήνα ανακοίνωσε νέα μέτρα για την οικονομία."},
	{"es/nandu-upper", "Ñandú, ÑANDÚ y el año 2024."},
	{"symbols", "£100, €5, ©2024, 20 °C, ½, 3×4, ±2, 5 µm, § 3, ™ and ®."},
	{"quotes", "smart quotes “ ” ‘ ’ – — and «Bonjour» ¿Qué? ¡Hola!"},
	{"emoji", "Flags 🇫🇷 and 👩\u200d💻 and ❤️ stay."},
}

var cases = []struct{ name, in, want string }{
	// Mojibake once over.
	{"moji/eacute", "Le cafÃ© est fermÃ©.", "Le café est fermé."},
	{"moji/emdash", "Prices rose â€” again.", "Prices rose — again."},
	{"moji/quotes", "He said â€œquoteâ€\u009d today.", "He said “quote” today."},
	{"moji/apostrophe", "The ministerâ€™s office", "The minister’s office"},
	{"moji/ntilde", "EspaÃ±a y MÃ¼ller", "España y Müller"},
	{"moji/ccedil", "garÃ§on, faÃ§ade", "garçon, façade"},
	{"moji/atilde", "SÃ£o Paulo e a produÃ§Ã£o", "São Paulo e a produção"},
	{"moji/upper", "JOSÃ‰ MARÃA", "JOSÉ MARÃA"},
	{"moji/euro", "costs â‚¬5 and Â£3", "costs €5 and £3"},
	{"moji/trademark", "Brandâ„¢ and Â©2024", "Brand™ and ©2024"},
	{"moji/ellipsis", "wait for itâ€¦", "wait for it…"},
	{"moji/polish", "siÄ™ Å‚Ã³dÅº", "się łódź"},
	{"moji/turkish", "Ä°stanbul ve ÅŸehir", "İstanbul ve şehir"},
	{"moji/romanian", "È™i È›arÄƒ", "și țară"},
	{"moji/vietnamese", "Viá»‡t Nam", "Việt Nam"},
	{"moji/cyrillic", "ÐœÐ¾Ñ\u0081ÐºÐ²Ð° Ð¸ Ð¼Ð¸Ñ€", "Москва и мир"},
	{"moji/cjk", "ä¸\u00adæ–‡", "中文"},
	{"moji/emoji", "ðŸ˜€ ok", "😀 ok"},
	{"moji/nbsp", "10Â\u00a0km", "10\u00a0km"},
	{"moji/bom", "ï»¿Title", "Title"},
	{"moji/decomposed", "cafeÌ\u0081", "café"},
	// The five bytes Windows-1252 leaves undefined.
	{"undef/81", "Ã\u0081frica", "África"},
	{"undef/8d", "Ã\u008dndia", "Índia"},
	{"undef/8f", "Ã\u008f", "Ï"},
	{"undef/90", "Ã\u0090", "Ð"},
	{"undef/9d", "â€\u009d", "”"},
	{"undef/polish", "Å\u0081ódź", "Łódź"},
	// Latin-1 decoding leaves C1 controls.
	{"latin1/apostrophe", "it\u00e2\u0080\u0099s", "it’s"},
	// Twice over.
	{"double/endash", "1990Ã¢â‚¬â€œ2000", "1990–2000"},
	{"double/eacute", "cafÃƒÂ©", "café"},
	{"double/apostrophe", "donÃ¢â‚¬â„¢t", "don’t"},
	{"double/latin1", "aÃ¢Â€Â”b", "a—b"},
	// Mixed correct and broken text.
	{"mixed/cafe", "El café de Bogotá y el cafÃ© de SÃ£o Paulo.", "El café de Bogotá y el café de São Paulo."},
	{"mixed/upper", "SÃO PAULO: a aÃ§Ã£o subiu", "SÃO PAULO: a ação subiu"},
	{"mixed/quotes", "“Olá” e â€œOlÃ¡â€\u009d", "“Olá” e “Olá”"},
	// A non-breaking space that became a plain space.
	{"nbsp/voila", "voilÃ  tout", "voilà tout"},
	{"nbsp/period", "et voilÃ .", "et voilà."},
	{"nbsp/collapsed", "dÃ©jÃ  vu", "déjà vu"},
	{"nbsp/a-la", "Ã  la carte", "à la carte"},
	{"nbsp/a-upper", "A IRMÃ DELE", "A IRMÃ DELE"},
	{"nbsp/a-circ", "100Â km", "100 km"},
	{"nbsp/circ-runs", "Â Â Â text", "   text"},
	{"nbsp/title", "HÃ Ná»™i", "Hà Nội"},
	{"nbsp/letter", "the letter Ã is rare", "the letter Ã is rare"},
	{"nbsp/letter-circ", "the letter Â is rare", "the letter Â is rare"},
	// The closing quote's undefined last byte became '?' or U+FFFD.
	{"damaged/question", "â€œHelloâ€?", "“Hello”"},
	{"damaged/dropped quote byte", "the â€œCartel de los Solesâ€ in Spanish", "the “Cartel de los Soles” in Spanish"},
	{"damaged/dropped quote byte at end", "he said â€œnoâ€", "he said “no”"},
	{"damaged/dropped quote byte before comma", "â€œWe deny it,â€ he said", "“We deny it,” he said"},
	{"damaged/fffd", "â€œHelloâ€\ufffd said", "“Hello” said"},
	// Correct text that looks like mojibake: left alone.
	{"keep/caps-dash", "ALEMÃ—BRASIL", "ALEMÃ—BRASIL"},
	{"keep/caps-lower", "a marca MAÇÃ® e a IRMÃ’", "a marca MAÇÃ® e a IRMÃ’"},
	{"keep/quoted-letter", "as letras «Â», “Ã” e ‘Ê’", "as letras «Â», “Ã” e ‘Ê’"},
	{"keep/nested-quotes", "‘he said “café…”’ and “arrivé\u00a0»”", "‘he said “café…”’ and “arrivé\u00a0»”"},
	// Entities.
	{"ent/named", "Fish &amp; Chips &mdash; &eacute;t&eacute;", "Fish & Chips — été"},
	{"ent/numeric", "1990&#8211;2000 &#x2014; &#X201C;x&#x201d;", "1990–2000 — “x”"},
	{"ent/double", "a &amp;mdash; b &amp;#8217; c &amp;amp;amp;", "a — b ’ c &"},
	{"ent/nbsp", "10&nbsp;km", "10\u00a0km"},
	{"ent/keep", "AT&T, R&D, Q&A, a & b, ?a=1&b=2&c, &notanentity; &copy", "AT&T, R&D, Q&A, a & b, ?a=1&b=2&c, &notanentity; &copy"},
	{"ent/cp1252", "&#147;x&#148;", "“x”"},
	{"ent/zero", "a&#0;b", "a\ufffdb"},
	{"ent/mojibake", "caf&Atilde;&copy;", "café"},
	{"ent/lt", "&lt;b&gt; is bold", "<b> is bold"},
	// Control and invisible characters.
	{"ctl/c0", "a\x00b\x07c\x1bd", "abcd"},
	{"ctl/tab", "a\tb\nc", "a\tb\nc"},
	{"ctl/formfeed", "page\fnext", "page\nnext"},
	{"ctl/c1", "\u0093quoted\u0094 x\u0081y", "“quoted” xy"},
	{"ctl/zwsp", "zero\u200bwidth\ufeff", "zerowidth"},
	{"ctl/shy", "Donau\u00addampf", "Donaudampf"},
	{"ctl/zwj-emoji", "coder 👩\u200d💻", "coder 👩\u200d💻"},
	{"ctl/zwj-ascii", "a\u200db", "ab"},
	{"ctl/del", "a\x7fb", "ab"},
	// Line endings.
	{"eol/crlf", "one\r\ntwo\r\n", "one\ntwo\n"},
	{"eol/cr", "one\rtwo\r\rthree", "one\ntwo\n\nthree"},
	{"eol/unicode", "one\u2028two\u2029three", "one\ntwo\nthree"},
	// NFC.
	{"nfc/decomposed", "Cafe\u0301 Zu\u0308rich", "Café Zürich"},
	// Invalid UTF-8.
	{"invalid/byte", "café \xff!", "café \ufffd!"},
	{"invalid/truncated", "naïve \xe2\x80", "naïve \ufffd\ufffd"},
	{"invalid/undefined", "caf\xe9 \x81", "caf\ufffd \ufffd"},
	{"legacy/cp1252", "caf\xe9 cr\xe8me \x93bon\x94", "café crème “bon”"},
	{"legacy/latin1", "Se\xf1or M\xfcller", "Señor Müller"},
	// Nothing to do.
	{"empty", "", ""},
	{"ascii", "Plain ASCII text, 100% fine & dandy.", "Plain ASCII text, 100% fine & dandy."},
}

func allCases() []struct{ name, in, want string } {
	all := append([]struct{ name, in, want string }(nil), cases...)
	for _, c := range correct {
		all = append(all, struct{ name, in, want string }{"correct/" + c.name, c.text, c.text})
	}
	return all
}

func TestString(t *testing.T) {
	for _, tt := range allCases() {
		t.Run(tt.name, func(t *testing.T) {
			got, rep := String(tt.in)
			if got != tt.want {
				t.Fatalf("String(%q)\n got %q\nwant %q (%v)", tt.in, got, tt.want, rep.Changes())
			}
			if rep.Changed() != (got != tt.in) {
				t.Errorf("Changed() = %v, but output differs = %v", rep.Changed(), got != tt.in)
			}
			if b, _ := Bytes([]byte(tt.in)); b != got {
				t.Errorf("Bytes = %q, String = %q", b, got)
			}
			if again, rep := String(got); again != got || rep.Changed() {
				t.Errorf("not idempotent: String(%q) = %q (%v)", got, again, rep.Changes())
			}
		})
	}
}

func TestCaseCounts(t *testing.T) {
	if n := len(allCases()); n < 60 {
		t.Errorf("%d cases, want at least 60", n)
	}
	if len(correct) < 25 {
		t.Errorf("%d correct sentences, want at least 25", len(correct))
	}
}

// sloppy1252 decodes b as sloppy Windows-1252: it makes mojibake.
func sloppy1252(s string) string {
	rs := make([]rune, 0, len(s))
	for i := 0; i < len(s); i++ {
		rs = append(rs, decode1252(s[i]))
	}
	return string(rs)
}

// TestRoundTrip turns every correct sentence into mojibake, once and
// twice over, and expects repair to restore it exactly.
func TestRoundTrip(t *testing.T) {
	for _, c := range correct {
		if c.name == "pt/mae" {
			continue // "IRMÃ”" is kept as correct text; see judge
		}
		once := sloppy1252(c.text)
		if got, _ := String(once); got != c.text {
			t.Errorf("%s once:\n  in %q\n got %q\nwant %q", c.name, once, got, c.text)
		}
		twice := sloppy1252(once)
		if got, _ := String(twice); got != c.text {
			t.Errorf("%s twice:\n  in %q\n got %q\nwant %q", c.name, twice, got, c.text)
		}
	}
}

func TestReport(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want Report
		desc []string
	}{
		{"clean", "Plain text.", Report{FirstInvalid: -1}, nil},
		{"mojibake", "â€” and cafÃ© and Ã¢â‚¬â€œ", Report{Mojibake: 3, FirstInvalid: -1}, []string{"mojibake: 3 fixed"}},
		{"entities", "&amp;mdash; &lt;", Report{Entities: 2, FirstInvalid: -1}, []string{"entities: 2 decoded"}},
		{"invalid", "café \xff\xfe ok", Report{Invalid: 2, FirstInvalid: 6},
			[]string{"invalid UTF-8: 2 bytes replaced at offset 6"}},
		{"legacy", "Caf\xe9 \x96 ok", Report{FirstInvalid: 3, Legacy: "windows-1252"},
			[]string{"encoding: decoded as windows-1252 (not UTF-8 from offset 3)"}},
		{"controls", "a\x00b\u00adc\r\nd\re", Report{Controls: 2, LineEndings: 2, FirstInvalid: -1},
			[]string{"controls: 2 removed or replaced", "line endings: 2 converted to LF"}},
		{"nfc", "e\u0301", Report{Normalized: true, FirstInvalid: -1}, []string{"unicode: normalized to NFC"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, got := Bytes([]byte(tt.in))
			if got != tt.want {
				t.Errorf("report = %+v, want %+v", got, tt.want)
			}
			if d := got.Changes(); !reflect.DeepEqual(d, tt.desc) {
				t.Errorf("Changes() = %q, want %q", d, tt.desc)
			}
		})
	}
}

// TestNeverPanics feeds every single byte and pair of bytes.
func TestNeverPanics(t *testing.T) {
	var b [3]byte
	for i := range 256 {
		for j := range 256 {
			b[0], b[1], b[2] = 'x', byte(i), byte(j)
			out, _ := Bytes(b[:])
			if !utf8.ValidString(out) {
				t.Fatalf("Bytes(%q) = %q: invalid UTF-8", b, out)
			}
		}
	}
}
