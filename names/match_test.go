package names

import (
	"strings"
	"testing"

	"dossier"
)

func TestCompareNames(t *testing.T) {
	tests := []struct {
		Name   string
		Schema string
		A, B   string
		Match  bool
	}{
		// Name order, compound surnames, comma form.
		{"comma form", "Person", "Diosdado Cabello", "CABELLO RONDON, Diosdado", true},
		{"paternal surname only", "Person", "Diosdado Cabello", "Diosdado Cabello Rondón", true},
		{"comma form with accents", "Person", "Nicolás Maduro", "MADURO MOROS, Nicolas", true},
		{"reordered", "Person", "Putin Vladimir", "Vladimir Putin", true},
		{"joined words", "Person", "VladimirPutin", "Vladimir Putin", true},
		{"hyphenated given name", "Person", "Jean-Claude Juncker", "Jean Claude Juncker", true},
		// Transliteration.
		{"Cyrillic", "Person", "Владимир Путин", "Vladimir Putin", true},
		{"Ukrainian Cyrillic", "Person", "Володимир Зеленський", "Volodymyr Zelenskyy", true},
		{"Cyrillic kh", "Person", "Михаил Ходорковский", "Mikhail Khodorkovsky", true},
		{"German transliteration", "Person", "Wladimir Putin", "Vladimir Putin", true},
		{"Arabic script", "Person", "معمر القذافي", "Muammar Gaddafi", true},
		{"Qadhafi spellings", "Person", "Muammar Qadhafi", "Moammar Kadhafi", true},
		{"Arabic patronymic chain", "Person", "Mohammed bin Salman", "Muhammad ibn Salman Al Saud", true},
		{"Persian spelling", "Person", "Hassan Rouhani", "Hasan Rohani", true},
		{"Greek", "Person", "Κυριάκος Μητσοτάκης", "Kyriakos Mitsotakis", true},
		{"Hebrew", "Person", "בנימין נתניהו", "Benjamin Netanyahu", true},
		{"Hangul", "Person", "Kim Jong Un", "김정은", true},
		{"Chinese", "Person", "Xi Jinping", "习近平", true},
		{"traditional Chinese", "Person", "習近平", "习近平", true},
		{"kana", "Person", "Hiroshi Tanaka", "たなか ひろし", true},
		{"Devanagari", "Person", "Narendra Modi", "नरेन्द्र मोदी", true},
		{"Armenian", "Person", "Barack Obama", "Բարակ Օբամա", true},
		{"Georgian", "Person", "Mikheil Saakashvili", "მიხეილ სააკაშვილი", true},
		{"Arabic ta marbuta", "Person", "Ismail Haniyeh", "إسماعيل هنية", true},
		{"Arabic consonants only", "Person", "Khalid Mishal", "خالد مشعل", true},
		{"Persian", "Person", "Qasem Soleimani", "قاسم سلیمانی", true},
		{"Persian ZWNJ", "Person", "Ali Khamenei", "علی خامنه‌ای", true},
		{"Hangul eo/u", "Person", "Yoon Suk Yeol", "윤석열", true},
		{"Hangul jeong/jung", "Person", "Jung Hong-won", "정홍원", true},
		// A syllable read in Latin letters is a morpheme: no misspellings.
		{"Han syllables are not misspelt words", "Person", "成 朱", "CHEN Zhu", false},
		{"Hangul syllables are not misspelt words", "", "지아 이", "JEMAA ISLAMIYAH", false},
		// Slavic surnames.
		{"-vych surname against the list form", "Person", "Viktor Yanukovych", "YANUKOVYCH, Viktor Fedorovych", true},
		{"-vych surname first", "Person", "Yanukovych Viktor", "YANUKOVYCH, Viktor Fedorovych", true},
		{"-vich surnames differ", "Person", "Petr Miklashevich", "Petr Rusakevich", false},
		{"patronymic left out", "Person", "Sergey Lavrov", "Sergey Viktorovich Lavrov", true},
		{"patronymics differ", "Person", "Sergey Viktorovich Lavrov", "Sergey Ivanovich Lavrov", false},
		// Optional middle names, titles apart.
		{"middle names left out", "Person", "Ali Al-Tikriti", "AL-TIKRITI, Ali Barzan Ibrahim Hasan", true},
		{"different given name, same family", "Person", "Ali Al-Tikriti", "AL-TIKRITI, Barzan Ibrahim Hasan", false},
		{"title on the list side", "Person", "Tariq Ahmad", "AHMAD, Tariq Anwar al-Sayyid", true},
		{"surname that is a title", "Person", "Mike Bishop", "Mike Smith", false},
		{"Chinese joined given name", "Person", "Hu Jintao", "胡锦涛", true},
		{"katakana", "Person", "Shinzo Abe", "アベ シンゾウ", true},
		{"Cyrillic dzh", "Person", "Recep Tayyip Erdogan", "Реджеп Тайип Эрдоган", true},
		// Nicknames, initials, titles.
		{"nickname", "Person", "Bill Clinton", "William Clinton", true},
		{"nickname Bob", "Person", "Bob Mugabe", "Robert Mugabe", true},
		{"middle initial", "Person", "John F. Kennedy", "John Fitzgerald Kennedy", true},
		{"title dropped", "Person", "Dr. Ayman al-Zawahiri", "Ayman al-Zawahiri", true},
		{"sheikh dropped", "Person", "Sheikh Hasina Wazed", "Hasina Wazed", true},
		{"typo in surname", "Person", "Alexander Lukashenko", "Aleksandr Lukashenka", true},
		{"digits for letters", "Person", "Ig0r Sech1n", "Igor Sechin", true},
		// Organizations.
		{"legal form swap", "Company", "Rosneft Oil Company", "OAO Rosneft", true},
		{"legal form expanded", "Company", "Deutsche Bank AG", "Deutsche Bank Aktiengesellschaft", true},
		{"Cyrillic legal form", "Company", "ООО Ромашка", "Romashka LLC", true},
		{"public joint stock", "Company", "Public Joint Stock Company Gazprom", "PAO Gazprom", true},
		{"dotted legal form", "Company", "Huawei Technologies Co., Ltd.", "HUAWEI TECHNOLOGIES CO LTD", true},
		{"hyphen vs space", "Company", "Rolls-Royce plc", "Rolls Royce PLC", true},
		{"ampersand", "Company", "Procter & Gamble Co.", "Procter and Gamble Company", true},
		{"vessel prefix", "Vessel", "MV Ever Given", "EVER GIVEN", true},
		{"guards plural", "Organization", "Islamic Revolutionary Guard Corps", "Islamic Revolutionary Guards Corps", true},

		// Must not match.
		{"Bush and Habbash", "Person", "George Bush", "George Habbash", false},
		{"John and Jane", "Person", "John Smith", "Jane Smith", false},
		{"Putin and Potanin", "Person", "Vladimir Putin", "Vladimir Potanin", false},
		{"Kim Jong Un and Kim Jong Il", "Person", "Kim Jong Un", "Kim Jong Il", false},
		{"brothers", "Person", "Bashar al-Assad", "Maher al-Assad", false},
		{"patronymic reversed", "Person", "Muhammad bin Salman", "Salman bin Muhammad", false},
		{"different patronymic", "Person", "Sergey Viktorovich Ivanov", "Sergey Borisovich Ivanov", false},
		{"different surname", "Person", "Ivan Petrov", "Ivan Petrenko", false},
		{"different given name", "Person", "Omar Suleiman", "Omar Sharif", false},
		{"different initial", "Person", "A. Lukashenko", "Viktor Lukashenko", false},
		{"numbers differ", "Company", "Company 1 Ltd", "Company 2 Ltd", false},
		{"number words differ", "Company", "Three Star Trading LLC", "Four Star Trading LLC", false},
		{"different banks", "Company", "Sberbank", "Sovcombank", false},
		{"prefix of a longer name", "Company", "Gazprom", "Gazprombank", false},
		{"location conflict", "Company", "Bank of China", "Bank of Chile", false},
		{"acronyms differ", "Company", "A.B.C. Trading", "N.A.B.C. Trading", false},
		{"only the legal form in common", "Company", "Alfa LLC", "Omega LLC", false},
		{"siblings", "Person", "Kim Jong Un", "Kim Yo Jong", false},
		{"given name plus a syllable", "Person", "Li Keqiang", "Li Qiang", false},
		{"different father", "Person", "Mohammed bin Rashid", "Mohammed bin Zayed", false},
		{"Hassan is not Hussein", "Person", "Ahmed Hassan", "Ahmed Hussein", false},
		{"similar banks", "Company", "Bank Melli Iran", "Bank Mellat", false},
		{"one word differs", "Company", "National Iranian Oil Company", "National Iranian Tanker Company", false},
		{"airlines", "Company", "Mahan Air", "Iran Air", false},
		{"generic words differ", "Company", "Global Trading Company", "General Trading Company", false},
	}
	m := NewMatcher()
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			r := m.CompareNames(tt.A, tt.B, tt.Schema)
			if r.Score < 0 || r.Score > 1 {
				t.Fatalf("score %v out of [0,1]", r.Score)
			}
			if got := r.Score >= m.Threshold; got != tt.Match {
				t.Errorf("CompareNames(%q, %q) = %.3f, match %v, want %v; %s", tt.A, tt.B, r.Score, got, tt.Match, r.Explanations["name_parts"].Detail)
			}
			// The comparison is symmetric.
			if r2 := m.CompareNames(tt.B, tt.A, tt.Schema); abs(r2.Score-r.Score) > 1e-9 {
				t.Errorf("asymmetric: %.4f vs %.4f", r.Score, r2.Score)
			}
		})
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

func TestInitialPartialCredit(t *testing.T) {
	m := NewMatcher()
	full := m.CompareNames("John Smith", "John Smith", "Person").Score
	initial := m.CompareNames("J. Smith", "John Smith", "Person").Score
	other := m.CompareNames("K. Smith", "John Smith", "Person").Score
	if !(full == 1 && initial < full && initial >= 0.7 && other < m.Threshold) {
		t.Errorf("John Smith %.3f, J. Smith %.3f, K. Smith %.3f: want 1 > J ≥ 0.7 and K below threshold", full, initial, other)
	}
}

func TestExplanation(t *testing.T) {
	r := NewMatcher().CompareNames("Diosdado Cabello", "CABELLO RONDON, Diosdado", "Person")
	d := r.Explanations["name_parts"]
	for _, want := range []string{"diosdado=diosdado (exact", "cabello=cabello (exact, family)", "+rondon (only in second, family)"} {
		if !strings.Contains(d.Detail, want) {
			t.Errorf("detail %q lacks %q", d.Detail, want)
		}
	}
	if d.Score != r.Score {
		t.Errorf("name_parts score %v, result %v", d.Score, r.Score)
	}
}

func TestCompareSubjects(t *testing.T) {
	m := NewMatcher()
	base := Subject{Schema: "Person", Names: []string{"Vladimir Putin"}, BirthDates: []string{"1952-10-07"}, Countries: []string{"ru"}, Gender: "male"}
	tests := []struct {
		Name      string
		Candidate Subject
		Min, Max  float64
		Explains  string
	}{
		{"same everything", Subject{Schema: "Person", Names: []string{"PUTIN, Vladimir Vladimirovich"}, BirthDates: []string{"1952-10-07"}, Countries: []string{"RU"}, Gender: "male"}, 0.95, 1, "birth_date"},
		{"same year", Subject{Schema: "Person", Names: []string{"Vladimir Putin"}, BirthDates: []string{"1952"}}, 1, 1, "birth_date"},
		{"one year apart", Subject{Schema: "Person", Names: []string{"Vladimir Putin"}, BirthDates: []string{"1953-01-01"}}, 1, 1, "birth_date"},
		{"birth year mismatch", Subject{Schema: "Person", Names: []string{"Vladimir Putin"}, BirthDates: []string{"1975"}}, 0.7, 0.76, "birth_date"},
		{"country mismatch", Subject{Schema: "Person", Names: []string{"Vladimir Putin"}, Countries: []string{"fr"}}, 0.85, 0.91, "country"},
		{"gender mismatch", Subject{Schema: "Person", Names: []string{"Vladimir Putin"}, Gender: "female"}, 0.65, 0.71, "gender"},
		{"weak alias only", Subject{Schema: "Person", Names: []string{"Someone Else"}, WeakNames: []string{"Vladimir Putin"}}, 0.89, 0.91, "name"},
		{"company is not a person", Subject{Schema: "Company", Names: []string{"Vladimir Putin"}}, 0, 0, "schema"},
		{"legal entity may be a person", Subject{Schema: "LegalEntity", Names: []string{"Vladimir Putin"}}, 1, 1, "name"},
	}
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			r := m.Compare(base, tt.Candidate)
			if r.Score < tt.Min-1e-9 || r.Score > tt.Max+1e-9 {
				t.Errorf("score %.3f, want in [%.2f, %.2f]; %v", r.Score, tt.Min, tt.Max, r.Explanations)
			}
			if _, ok := r.Explanations[tt.Explains]; !ok {
				t.Errorf("no %q explanation: %v", tt.Explains, r.Explanations)
			}
		})
	}
}

func TestSubjectFromEntity(t *testing.T) {
	e := dossier.NewEntity("Person", "x")
	e.Add("name", "Diosdado Cabello")
	e.Add("alias", "Diosdado Cabello Rondón")
	e.Add("weakAlias", "El Capo")
	e.Add("firstName", "Diosdado")
	e.Add("lastName", "Cabello Rondón")
	e.Add("birthDate", "1963-04-15")
	e.Add("nationality", "ve")
	e.Add("country", "VE")
	e.Add("gender", "Male")
	s := SubjectFromEntity(e)
	if len(s.Names) != 3 || s.Names[2] != "Cabello Rondón, Diosdado" {
		t.Errorf("names %q", s.Names)
	}
	if len(s.WeakNames) != 1 || len(s.BirthDates) != 1 || len(s.Countries) != 1 || s.Gender != "male" {
		t.Errorf("subject %+v", s)
	}
	q := Subject{Schema: "Person", Names: []string{"CABELLO, Diosdado"}, BirthDates: []string{"1963"}}
	if r := NewMatcher().Compare(q, s); r.Score < DefaultThreshold {
		t.Errorf("score %.3f: %v", r.Score, r.Explanations)
	}
}

func TestWeights(t *testing.T) {
	var list []string
	for i := 0; i < 300; i++ {
		list = append(list, "Muhammad Example"+string(rune('a'+i%26))+string(rune('a'+i/26)))
	}
	list = append(list, "Ali Rareword")
	w := NewWeights(list)
	if r := w.Rarity("muhammad"); r > 0.45 {
		t.Errorf("rarity(muhammad) = %.2f, want ≤ 0.45", r)
	}
	if r := w.Rarity("rareword"); r != 1 {
		t.Errorf("rarity(rareword) = %.2f, want 1", r)
	}
	if r := (*Weights)(nil).Rarity("john"); r != 0.6 {
		t.Errorf("default rarity(john) = %.2f, want 0.6", r)
	}
	// A shared common word says less than a shared rare one.
	m := &Matcher{Weights: w, Threshold: DefaultThreshold}
	common := m.CompareNames("Muhammad Rareword", "Muhammad Otherword", "Person").Score
	rare := m.CompareNames("Zebulon Rareword", "Zebulon Otherword", "Person").Score
	if !(common < rare) {
		t.Errorf("common first name %.3f should score below rare first name %.3f", common, rare)
	}
}

func TestKeys(t *testing.T) {
	tests := []struct {
		A, B   string
		Schema string
	}{
		{"SergeiLavrov", "Sergei Lavrov", "Person"},
		{"Mohammed Atta", "Muhammad Atta", "Person"},
		{"Bill Clinton", "William Jefferson Clinton", "Person"},
		{"Gaddafi", "Qadhafi", "Person"},
		{"OOO Romashka", "Romashka LLC", "Company"},
	}
	for _, tt := range tests {
		ka, kb := Keys(Parse(tt.A, tt.Schema)), Keys(Parse(tt.B, tt.Schema))
		shared := false
		for _, k := range ka {
			for _, l := range kb {
				if k == l {
					shared = true
				}
			}
		}
		if !shared {
			t.Errorf("Keys(%q) = %q and Keys(%q) = %q share nothing", tt.A, ka, tt.B, kb)
		}
	}
	for _, k := range Keys(Parse("OOO Romashka", "Company")) {
		if strings.Contains(k, "ooo") {
			t.Errorf("legal form in keys: %q", k)
		}
	}
}

func TestCompareCountriesByCode(t *testing.T) {
	m := NewMatcher()
	cand := Subject{Schema: "Person", Names: []string{"MADURO MOROS, Nicolas"}, Countries: []string{"Venezuela"}}
	base := m.Compare(Subject{Names: []string{"Nicolas Maduro"}}, cand).Score
	for _, c := range []string{"VE", "ve", "Venezuela", "VENEZUELA", "Venezuelan"} {
		got := m.Compare(Subject{Names: []string{"Nicolas Maduro"}, Countries: []string{c}}, cand)
		if got.Score <= base {
			t.Errorf("country %q: score %.3f, not above %.3f without a country (%v)", c, got.Score, base, got.Explanations["country"])
		}
	}
	got := m.Compare(Subject{Names: []string{"Nicolas Maduro"}, Countries: []string{"CO"}}, cand)
	if got.Score >= base {
		t.Errorf("another country: score %.3f, want below %.3f", got.Score, base)
	}
}
