package names

import (
	"fmt"
	"strings"
	"testing"
)

func TestJapaneseTables(t *testing.T) {
	if _, err := parseJapaneseTables(japaneseData); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		Name, Input, Error string
	}{
		{"entry before a section", "佐藤 sato", "line 1: entry before any section"},
		{"unknown section", "[family]\n佐藤 sato\n[nick]", `line 3: unknown section "[nick]"`},
		{"reading not lower case", "[family]\n佐藤 Sato", `line 2 (family): reading "Sato" is not lower-case a-z`},
		{"name not kanji", "[given]\nさとう sato", `line 2 (given): "さとう" is not all kanji`},
		{"missing reading", "[family]\n\n佐藤", "line 3 (family): want kanji and reading, got 1 fields"},
		{"two readings", "[family]\n佐藤 sato\n佐藤 satou", "line 3 (family): 佐藤 read both sato and satou"},
		{"kanji without tail", "[kanji]\n一 kazu", "line 2 (kanji): want one kanji, its head reading and its tail reading"},
		{"kanji reading", "[kanji]\n一 kazu ICHI", `line 2 (kanji): reading "ICHI" is not lower-case a-z or -`},
		{"variant of two kanji", "[variants]\n澤澤 沢", "line 2 (variants): want a kanji and the form it stands for"},
		{"empty", "# nothing\n", "no family or no given names"},
	}
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			_, err := parseJapaneseTables(tt.Input)
			if err == nil || !strings.HasPrefix(err.Error(), "names: japanese.txt") || !strings.Contains(err.Error(), tt.Error) {
				t.Errorf("parseJapaneseTables(%q) = %v, want an error with %q", tt.Input, err, tt.Error)
			}
		})
	}
}

func TestJapaneseReading(t *testing.T) {
	tests := []struct {
		Name, Input, Output string
		OK                  bool
	}{
		{"family and given run together", "小泉純一郎", "koizumi, junichiro", true},
		{"with a space", "井上 邦雄", "inoue, kunio", true},
		{"with an ideographic space", "山中　伸弥", "yamanaka, shinya", true},
		{"given name read kanji by kanji", "竹内照明", "takeuchi, teruaki", true},
		{"three-kanji family name with 々", "佐々木希", "sasaki, nozomi", true},
		{"family name alone", "田中", "tanaka", true},
		{"old form of a kanji", "髙橋一郎", "takahashi, ichiro", true},
		{"given name in hiragana", "田中 みゆき", "tanaka, miyuki", true},
		{"given name in katakana, joined", "鈴木イチロー", "suzuki, ichiro", true},
		{"given name in kana first", "みゆき 田中", "miyuki tanaka", true},
		{"given name not read", "田中角栄", "", false},
		{"no family name", "晋三", "", false},
		{"Chinese, simplified", "习近平", "", false},
		{"Chinese, traditional", "習近平", "", false},
		{"kana only", "たなか ひろし", "", false},
		{"Latin", "Tanaka Taro", "", false},
		{"kanji and Latin", "田中 Taro", "", false},
		{"too many words", "田中 一 二 三 四", "", false},
		{"empty", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			got, ok := JapaneseReading(tt.Input)
			if got != tt.Output || ok != tt.OK {
				t.Errorf("JapaneseReading(%q) = %q, %v, want %q, %v", tt.Input, got, ok, tt.Output, tt.OK)
			}
		})
	}
}

// japaneseNames are Japanese people in kanji with their name as lists
// and the press romanize it: members of sanctioned crime groups as OFAC's
// SDN list writes them, and public figures. The tables were written from
// the frequency of names, not from this list; names outside them (安倍,
// 田中角栄's 角栄) are expected to fail.
var japaneseNames = [][2]string{
	{"篠田建市", "SHINODA, Kenichi"}, {"高山清司", "TAKAYAMA, Kiyoshi"}, {"後藤忠政", "GOTO, Tadamasa"},
	{"入江禎", "IRIE, Tadashi"}, {"井上邦雄", "INOUE, Kunio"}, {"寺岡修", "TERAOKA, Osamu"},
	{"池田孝志", "IKEDA, Takashi"}, {"竹内照明", "TAKEUCHI, Teruaki"}, {"西口茂男", "NISHIGUCHI, Shigeo"},
	{"清田次郎", "KIYOTA, Jiro"}, {"福田晴瞭", "FUKUDA, Hareaki"},
	{"安倍晋三", "Shinzo Abe"}, {"小泉純一郎", "Junichiro Koizumi"}, {"岸田文雄", "Fumio Kishida"},
	{"菅義偉", "Yoshihide Suga"}, {"石破茂", "Shigeru Ishiba"}, {"野田佳彦", "Yoshihiko Noda"},
	{"菅直人", "Naoto Kan"}, {"鳩山由紀夫", "Yukio Hatoyama"}, {"麻生太郎", "Taro Aso"},
	{"福田康夫", "Yasuo Fukuda"}, {"森喜朗", "Yoshiro Mori"}, {"小渕恵三", "Keizo Obuchi"},
	{"橋本龍太郎", "Ryutaro Hashimoto"}, {"村山富市", "Tomiichi Murayama"}, {"田中角栄", "Kakuei Tanaka"},
	{"佐藤栄作", "Eisaku Sato"}, {"高市早苗", "Sanae Takaichi"}, {"小池百合子", "Yuriko Koike"},
	{"河野太郎", "Taro Kono"}, {"上川陽子", "Yoko Kamikawa"}, {"大谷翔平", "Shohei Ohtani"},
	{"村上春樹", "Haruki Murakami"}, {"宮崎駿", "Hayao Miyazaki"}, {"黒澤明", "Akira Kurosawa"},
	{"北野武", "Takeshi Kitano"}, {"孫正義", "Masayoshi Son"}, {"柳井正", "Tadashi Yanai"},
	{"豊田章男", "Akio Toyoda"}, {"松本智津夫", "Chizuo Matsumoto"}, {"重信房子", "Fusako Shigenobu"},
	{"岡本公三", "Kozo Okamoto"}, {"山上徹也", "Tetsuya Yamagami"}, {"羽生結弦", "Yuzuru Hanyu"},
	{"大坂なおみ", "Naomi Osaka"}, {"浅田真央", "Mao Asada"}, {"錦織圭", "Kei Nishikori"},
	{"本田圭佑", "Keisuke Honda"}, {"香川真司", "Shinji Kagawa"}, {"山中伸弥", "Shinya Yamanaka"},
	{"吉野彰", "Akira Yoshino"}, {"湯川秀樹", "Hideki Yukawa"}, {"川端康成", "Yasunari Kawabata"},
	{"大江健三郎", "Kenzaburo Oe"}, {"三島由紀夫", "Yukio Mishima"}, {"夏目漱石", "Soseki Natsume"},
	{"黒田東彦", "Haruhiko Kuroda"}, {"植田和男", "Kazuo Ueda"},
}

// TestJapaneseNames compares subjects named in kanji with their
// romanized names: the Japanese reading Prepare adds lets them match.
func TestJapaneseNames(t *testing.T) {
	m := NewMatcher()
	n, read := 0, 0
	for _, p := range japaneseNames {
		r, ok := JapaneseReading(p[0])
		if ok {
			read++
		}
		s := m.Compare(Subject{Schema: "Person", Names: []string{p[0]}}, Subject{Schema: "Person", Names: []string{p[1]}}).Score
		if s >= m.Threshold {
			n++
		}
		without := m.CompareNames(p[0], p[1], "Person").Score
		t.Logf("%.2f (%.2f without the reading) %s %q %s", s, without, p[0], r, p[1])
		if s < without {
			t.Errorf("%s ~ %s: %.2f with the Japanese reading, %.2f without", p[0], p[1], s, without)
		}
	}
	t.Logf("%d of %d names read, %d reach the threshold %.2f", read, len(japaneseNames), n, m.Threshold)
	if n < 24 {
		t.Errorf("%d of %d Japanese names reach the threshold, want at least 24", n, len(japaneseNames))
	}
}

// TestJapaneseKeepsHan checks that the reading changes nothing where it
// should not: Chinese names get none and score as before, and two names
// in kanji still compare by their kanji, not by readings two different
// names can share (一郎 and 一朗 both read ichiro).
func TestJapaneseKeepsHan(t *testing.T) {
	m := NewMatcher()
	tests := []struct{ a, b string }{
		{"习近平", "Xi Jinping"},
		{"習近平", "Xi Jinping"},
		{"李克强", "Li Keqiang"},
		{"温家宝", "Wen Jiabao"},
		{"王毅", "Wang Yi"},
		{"高橋一郎", "高橋一朗"},
		{"高石早苗", "高市早苗"},
		{"林明", "林明"},
		{"小泉純一郎", "小泉純一郎"},
	}
	for _, tt := range tests {
		got := m.Compare(Subject{Schema: "Person", Names: []string{tt.a}}, Subject{Schema: "Person", Names: []string{tt.b}}).Score
		want := m.CompareNames(tt.a, tt.b, "Person").Score
		if got != want {
			t.Errorf("%s ~ %s: %.3f with readings, %.3f without", tt.a, tt.b, got, want)
		}
	}
	for _, s := range []string{"习近平", "李克强", "温家宝", "王毅"} {
		if r, ok := JapaneseReading(s); ok {
			t.Errorf("JapaneseReading(%q) = %q, want none", s, r)
		}
	}
}

// TestJapaneseStore checks that a store scores the readings as
// ComparePrepared does.
func TestJapaneseStore(t *testing.T) {
	subjects := []Subject{
		{Schema: "Person", Names: []string{"小泉純一郎"}},
		{Schema: "Person", Names: []string{"井上邦雄", "INOUE, Kunio"}},
		{Schema: "Person", Names: []string{"高橋一郎"}, WeakNames: []string{"髙橋一朗"}},
		{Schema: "Person", Names: []string{"习近平"}},
		{Names: []string{"田中 みゆき"}},
		{Schema: "Company", Names: []string{"田中"}},
		{Schema: "Person", Names: []string{"ทักษิณ ชินวัตร"}},
	}
	queries := []Subject{
		{Schema: "Person", Names: []string{"Junichiro Koizumi"}},
		{Names: []string{"Inoue Kunio"}},
		{Schema: "Person", Names: []string{"高橋一郎"}},
		{Schema: "Person", Names: []string{"Ichiro Takahashi"}},
		{Schema: "Person", Names: []string{"Xi Jinping"}},
		{Names: []string{"Miyuki Tanaka"}},
		{Schema: "Person", Names: []string{"こいずみ じゅんいちろう"}},
		{Schema: "Person", Names: []string{"Thaksin Chinnawat"}},
	}
	checkStore(t, subjects, queries)
}

func BenchmarkJapaneseReading(b *testing.B) {
	in := []string{"小泉純一郎", "Vladimir Putin", "习近平", "井上 邦雄"}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		JapaneseReading(in[i%len(in)])
	}
}

// FuzzJapaneseReading checks that a reading, when there is one, is
// lower-case Latin words (the first may end in a comma) with no kanji
// left to read, and the same when asked again.
func FuzzJapaneseReading(f *testing.F) {
	for _, s := range []string{"小泉純一郎", "井上 邦雄", "田中 みゆき", "佐々木希", "习近平", "髙橋一郎", "田中角栄", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, ok := JapaneseReading(s)
		if !ok {
			if r != "" {
				t.Fatalf("JapaneseReading(%q) = %q, false", s, r)
			}
			return
		}
		if r == "" || r != strings.TrimSpace(r) {
			t.Fatalf("JapaneseReading(%q) = %q", s, r)
		}
		for i, w := range strings.Split(r, " ") {
			if i == 0 {
				w = strings.TrimSuffix(w, ",")
			}
			if w == "" {
				t.Fatalf("JapaneseReading(%q) = %q: empty word %d", s, r, i)
			}
			for _, c := range w {
				if c < 'a' || c > 'z' {
					t.Fatalf("JapaneseReading(%q) = %q: %q in a word", s, r, c)
				}
			}
		}
		if r2, ok2 := JapaneseReading(s); r2 != r || !ok2 {
			t.Fatalf("JapaneseReading(%q) = %q, then %q", s, r, r2)
		}
	})
}

// FuzzJapaneseTables checks that the table reader returns tables or an
// error, never panics.
func FuzzJapaneseTables(f *testing.F) {
	f.Add(japaneseData[:2000])
	f.Add("[family]\n佐藤 sato\n[given]\n一郎 ichiro\n[kanji]\n一 kazu ichi\n[variants]\n澤 沢")
	f.Fuzz(func(t *testing.T, s string) {
		tb, err := parseJapaneseTables(s)
		if (tb == nil) == (err == nil) {
			t.Fatalf("parseJapaneseTables(%q) = %v, %v", s, tb, err)
		}
	})
}

func ExampleJapaneseReading() {
	for _, name := range []string{"小泉純一郎", "井上 邦雄", "习近平"} {
		r, ok := JapaneseReading(name)
		fmt.Printf("%s %q %v\n", name, r, ok)
	}
	m := NewMatcher()
	r := m.Compare(Subject{Schema: "Person", Names: []string{"井上邦雄"}},
		Subject{Schema: "Person", Names: []string{"INOUE, Kunio"}})
	fmt.Printf("%.2f %s\n", r.Score, r.Explanations["name_parts"].Detail)
	// Output:
	// 小泉純一郎 "koizumi, junichiro" true
	// 井上 邦雄 "inoue, kunio" true
	// 习近平 "" false
	// 1.00 inoue=inoue (exact, family); kunio=kunio (exact, given)
}
