package names

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Transliteration tables. They follow the conventions sanctions lists use
// most (BGN/PCGN-like for Cyrillic, ELOT-like for Greek, a simplified
// ALA-LC for Arabic and Hebrew, Hepburn for kana, Revised Romanization for
// Hangul); the scorer's spelling canonicalization (see canon) absorbs the
// common variants (Aleksandr/Alexander, -iy/-y, Yu/Iu, W/V, …).

var cyrillicTable = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "e",
	'ж': "zh", 'з': "z", 'и': "i", 'й': "y", 'к': "k", 'л': "l", 'м': "m",
	'н': "n", 'о': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t", 'у': "u",
	'ф': "f", 'х': "kh", 'ц': "ts", 'ч': "ch", 'ш': "sh", 'щ': "shch",
	'ъ': "", 'ы': "y", 'ь': "", 'э': "e", 'ю': "yu", 'я': "ya",
	// Ukrainian, Belarusian
	'і': "i", 'ї': "yi", 'є': "ye", 'ґ': "g", 'ў': "u",
	// Serbian, Macedonian
	'ђ': "dj", 'ј': "j", 'љ': "lj", 'њ': "nj", 'ћ': "c", 'џ': "dz",
	'ѓ': "gj", 'ќ': "kj", 'ѕ': "dz",
	// Kazakh, Kyrgyz, Mongolian, Tatar, Bashkir, Tajik, Azerbaijani
	'ә': "a", 'ғ': "g", 'қ': "k", 'ң': "n", 'ө': "o", 'ұ': "u", 'ү': "u",
	'һ': "h", 'ҳ': "h", 'ҷ': "j", 'ӣ': "i", 'ӯ': "u", 'җ': "j", 'ҹ': "j",
	'ҝ': "g", 'ҙ': "z", 'ҫ': "s", 'ӑ': "a", 'ӗ': "e", 'ҡ': "k", 'ӱ': "u",
	'ӧ': "o", 'ӓ': "a", 'ӹ': "y", 'ԝ': "w", 'ԛ': "q", 'ӏ': "",
}

// ukrainianTable overrides the Russian readings in words that show a
// Ukrainian-only letter (і, ї, є, ґ).
var ukrainianTable = map[rune]string{
	'г': "h", 'и': "y", 'й': "y", 'х': "kh",
}

var armenianTable = map[rune]string{
	'ա': "a", 'բ': "b", 'գ': "g", 'դ': "d", 'ե': "e", 'զ': "z", 'է': "e",
	'ը': "y", 'թ': "t", 'ժ': "zh", 'ի': "i", 'լ': "l", 'խ': "kh", 'ծ': "ts",
	'կ': "k", 'հ': "h", 'ձ': "dz", 'ղ': "gh", 'ճ': "ch", 'մ': "m", 'յ': "y",
	'ն': "n", 'շ': "sh", 'ո': "o", 'չ': "ch", 'պ': "p", 'ջ': "j", 'ռ': "r",
	'ս': "s", 'վ': "v", 'տ': "t", 'ր': "r", 'ց': "ts", 'ւ': "v", 'փ': "p",
	'ք': "k", 'օ': "o", 'ֆ': "f", 'և': "ev",
}

var georgianTable = map[rune]string{
	'ა': "a", 'ბ': "b", 'გ': "g", 'დ': "d", 'ე': "e", 'ვ': "v", 'ზ': "z",
	'თ': "t", 'ი': "i", 'კ': "k", 'ლ': "l", 'მ': "m", 'ნ': "n", 'ო': "o",
	'პ': "p", 'ჟ': "zh", 'რ': "r", 'ს': "s", 'ტ': "t", 'უ': "u", 'ფ': "p",
	'ქ': "k", 'ღ': "gh", 'ყ': "q", 'შ': "sh", 'ჩ': "ch", 'ც': "ts", 'ძ': "dz",
	'წ': "ts", 'ჭ': "ch", 'ხ': "kh", 'ჯ': "j", 'ჰ': "h",
}

var greekTable = map[rune]string{
	'α': "a", 'β': "v", 'γ': "g", 'δ': "d", 'ε': "e", 'ζ': "z", 'η': "i",
	'θ': "th", 'ι': "i", 'κ': "k", 'λ': "l", 'μ': "m", 'ν': "n", 'ξ': "x",
	'ο': "o", 'π': "p", 'ρ': "r", 'σ': "s", 'ς': "s", 'τ': "t", 'υ': "y",
	'φ': "f", 'χ': "ch", 'ψ': "ps", 'ω': "o", 'ϐ': "v", 'ϑ': "th", 'ϕ': "f",
	'ϖ': "p", 'ϰ': "k", 'ϱ': "r", 'ϲ': "s", 'ϳ': "j",
}

// translitGreek handles the digraphs (ου, αυ, ευ, μπ, ντ, γγ, γκ).
func translitGreek(run []rune, sn *scanner) {
	letters := make([]rune, 0, len(run))
	for _, r := range run {
		if classify(r) == scriptMark {
			continue
		}
		letters = append(letters, unicode.ToLower(r))
	}
	var b strings.Builder
	var nat strings.Builder
	flush := func() {
		if b.Len() > 0 {
			sn.emitText(b.String(), nat.String(), scriptGreek)
		}
		b.Reset()
		nat.Reset()
	}
	for i := 0; i < len(letters); i++ {
		r := letters[i]
		var next rune
		if i+1 < len(letters) {
			next = letters[i+1]
		}
		start := b.Len() == 0
		two := ""
		switch {
		case r == 'ο' && next == 'υ':
			two = "ou"
		case r == 'α' && next == 'υ':
			two = "av"
		case r == 'ε' && next == 'υ':
			two = "ev"
		case r == 'η' && next == 'υ':
			two = "iv"
		case r == 'μ' && next == 'π':
			two = "mp"
			if start {
				two = "b"
			}
		case r == 'ν' && next == 'τ':
			two = "nt"
			if start {
				two = "d"
			}
		case r == 'γ' && next == 'γ':
			two = "ng"
		case r == 'γ' && next == 'κ':
			two = "nk"
			if start {
				two = "g"
			}
		case r == 'γ' && next == 'χ':
			two = "nch"
		case r == 'γ' && next == 'ξ':
			two = "nx"
		}
		if two != "" {
			b.WriteString(two)
			nat.WriteRune(r)
			nat.WriteRune(next)
			i++
			continue
		}
		out, ok := greekTable[r]
		if !ok {
			flush()
			sn.emitRaw(r)
			continue
		}
		b.WriteString(out)
		nat.WriteRune(r)
	}
	flush()
}

// Arabic script (Arabic, Persian, Urdu, Pashto). Only consonants and long
// vowels are written, so the output is a skeleton with the long vowels
// guessed from alif, waw and ya; known names are looked up whole
// (arabicWords) to give their conventional spelling.
var arabicTable = map[rune]string{
	'ا': "a", 'أ': "a", 'إ': "i", 'آ': "a", 'ٱ': "a", 'ء': "", 'ؤ': "u",
	'ئ': "i", 'ب': "b", 'ت': "t", 'ث': "th", 'ج': "j", 'ح': "h", 'خ': "kh",
	'د': "d", 'ذ': "dh", 'ر': "r", 'ز': "z", 'س': "s", 'ش': "sh", 'ص': "s",
	'ض': "d", 'ط': "t", 'ظ': "z", 'ع': "", 'غ': "gh", 'ف': "f", 'ق': "q",
	'ك': "k", 'ل': "l", 'م': "m", 'ن': "n", 'ه': "h", 'و': "w", 'ي': "y",
	'ى': "a", 'ة': "a",
	// Persian, Urdu, Pashto
	'پ': "p", 'چ': "ch", 'ژ': "zh", 'گ': "g", 'ک': "k", 'ی': "y", 'ۀ': "e",
	'ٹ': "t", 'ڈ': "d", 'ڑ': "r", 'ں': "n", 'ھ': "h", 'ہ': "h", 'ے': "e",
	'ۓ': "e", 'ڤ': "v", 'ڭ': "ng", 'ۆ': "o", 'ێ': "e", 'ڕ': "r", 'ڵ': "l",
	'ټ': "t", 'ډ': "d", 'ړ': "r", 'ږ': "zh", 'ښ': "sh", 'ګ': "g", 'ڼ': "n",
	'ې': "e", 'ۍ': "ay", 'ځ': "dz", 'څ': "ts", 'ٶ': "u", 'ٸ': "y", 'ە': "e",
}

// arabicWords gives the conventional Latin spelling of common names written
// in Arabic script (keys without harakat, alif forms folded to ا).
var arabicWords = map[string]string{
	"محمد": "muhammad", "احمد": "ahmad", "محمود": "mahmud", "علي": "ali",
	"علی": "ali", "حسن": "hasan", "حسين": "husayn", "حسین": "husayn",
	"عبد": "abd", "الله": "allah", "عبدالله": "abdullah", "عمر": "umar",
	"عثمان": "uthman", "يوسف": "yusuf", "یوسف": "yusuf", "ابراهيم": "ibrahim",
	"ابراهیم": "ibrahim", "خالد": "khalid", "سلمان": "salman", "سعود": "saud",
	"فيصل": "faysal", "مصطفى": "mustafa", "مصطفی": "mustafa", "اسامة": "usama",
	"اسامه": "usama", "معمر": "muammar", "قذافي": "qadhafi", "قذافی": "qadhafi",
	"صدام": "saddam", "بشار": "bashar", "اسد": "asad", "حافظ": "hafiz",
	"سعيد": "said", "سعید": "said", "صالح": "salih", "ناصر": "nasir",
	"جمال": "jamal", "كمال": "kamal", "کمال": "kamal", "فاطمة": "fatima",
	"فاطمه": "fatima", "عائشة": "aisha", "مريم": "maryam", "مریم": "maryam",
	"زينب": "zaynab", "خديجة": "khadija", "نور": "nur", "حمد": "hamad",
	"راشد": "rashid", "سلطان": "sultan", "طارق": "tariq", "زياد": "ziyad",
	"وليد": "walid", "هشام": "hisham", "ماهر": "mahir", "رامي": "rami",
	"باسل": "basil", "انور": "anwar", "عادل": "adil", "فؤاد": "fuad",
	"منصور": "mansur", "قاسم": "qasim", "جعفر": "jafar", "موسى": "musa",
	"موسی": "musa", "عيسى": "isa", "عیسی": "isa", "يحيى": "yahya",
	"داود": "dawud", "سليمان": "sulayman", "هارون": "harun", "بكر": "bakr",
	"ابو": "abu", "بن": "bin", "ابن": "ibn", "بنت": "bint", "آل": "al",
	"ال": "al", "فتاح": "fattah", "سيسي": "sisi", "ايمن": "ayman",
	"ظواهري": "zawahiri", "نصر": "nasr", "باراك": "barak", "اوباما": "obama",
	"مسعود": "masud", "روحاني": "rouhani", "روحانی": "rouhani",
	"خامنه": "khamenei", "خامنهای": "khamenei", "خمینی": "khomeini",
	"رضا": "reza", "مهدی": "mahdi", "مهدي": "mahdi", "جواد": "javad",
	"عباس": "abbas", "حمزة": "hamza", "حمزه": "hamza", "زرداري": "zardari",
	"زرداری": "zardari", "آصف": "asif", "عارف": "arif", "نواز": "nawaz",
	"شريف": "sharif", "شریف": "sharif", "عمران": "imran", "خان": "khan",
	"رحمن": "rahman", "رحيم": "rahim", "رحیم": "rahim", "عزيز": "aziz",
	"عزیز": "aziz", "كريم": "karim", "کریم": "karim", "مجيد": "majid",
	"مجید": "majid", "حميد": "hamid", "حمید": "hamid", "رشيد": "rashid",
	"اسماعيل": "ismail", "اسماعیل": "ismail", "اسحاق": "ishaq", "يعقوب": "yaqub",
	"یعقوب": "yaqub", "بلال": "bilal", "سامي": "sami", "هاني": "hani",
	"نبيل": "nabil", "فهد": "fahd", "تركي": "turki", "نايف": "nayef",
	"لادن": "ladin", "مبارك": "mubarak", "حسني": "husni", "قابوس": "qabus",
	"صباح": "sabah", "ثاني": "thani", "نهيان": "nahyan", "مكتوم": "maktoum",
	"زايد": "zayed", "هادي": "hadi", "عبده": "abduh", "منصوري": "mansouri",
	"نصرالله": "nasrallah", "حزب": "hizb", "قاعدة": "qaida", "داعش": "daesh",
}

// arabicFold folds the alif and ya variants that spelling uses freely.
func arabicFold(r rune) rune {
	switch r {
	case 'أ', 'إ', 'آ', 'ٱ':
		return 'ا'
	}
	return r
}

func translitArabic(run []rune, sn *scanner) {
	// NFKD split some letters (آ → ا + madda); recompose, then drop harakat.
	run = []rune(norm.NFC.String(string(run)))
	letters := make([]rune, 0, len(run))
	for _, r := range run {
		if classify(r) == scriptMark {
			continue
		}
		letters = append(letters, r)
	}
	translitAbjadWord(letters, sn)
}

func translitAbjadWord(letters []rune, sn *scanner) {
	if len(letters) == 0 {
		return
	}
	folded := make([]rune, len(letters))
	for i, r := range letters {
		folded[i] = arabicFold(r)
	}
	key := string(folded)
	if w, ok := arabicWords[key]; ok {
		sn.emitText(w, key, scriptArabic)
		return
	}
	// The article al- is written joined: emit it as its own word.
	if len(folded) > 3 && folded[0] == 'ا' && folded[1] == 'ل' {
		sn.emitText("al", "ال", scriptArabic)
		translitAbjadWord(letters[2:], sn)
		return
	}
	// عبد is written joined to the divine name that follows: عبدالرحمن.
	if len(folded) > 4 && string(folded[:3]) == "عبد" {
		sn.emitText("abd", "عبد", scriptArabic)
		translitAbjadWord(letters[3:], sn)
		return
	}
	var b strings.Builder
	var nat strings.Builder
	flush := func() {
		if b.Len() > 0 {
			sn.emitText(b.String(), nat.String(), scriptArabic)
		}
		b.Reset()
		nat.Reset()
	}
	for i, r := range folded {
		out, ok := arabicTable[r]
		if !ok {
			flush()
			sn.emitRaw(r)
			continue
		}
		start := b.Len() == 0
		switch r {
		case 'ع':
			if start {
				out = "a"
			}
		case 'و':
			// waw is a consonant at the start and after a vowel letter,
			// else mostly the long vowel u/o.
			if !start && !(i > 0 && (folded[i-1] == 'ا' || folded[i-1] == 'ع')) {
				out = "u"
			}
		case 'ي', 'ی':
			if !start && !(i > 0 && (folded[i-1] == 'ا' || folded[i-1] == 'ع')) {
				out = "i"
			}
		case 'ا':
			if i > 0 && !start && (folded[i-1] == 'ا') {
				out = ""
			}
		}
		b.WriteString(out)
		nat.WriteRune(r)
	}
	flush()
}

var hebrewTable = map[rune]string{
	'א': "a", 'ב': "b", 'ג': "g", 'ד': "d", 'ה': "h", 'ו': "v", 'ז': "z",
	'ח': "kh", 'ט': "t", 'י': "y", 'כ': "k", 'ך': "k", 'ל': "l", 'מ': "m",
	'ם': "m", 'נ': "n", 'ן': "n", 'ס': "s", 'ע': "", 'פ': "p", 'ף': "f",
	'צ': "ts", 'ץ': "ts", 'ק': "k", 'ר': "r", 'ש': "sh", 'ת': "t",
	'װ': "v", 'ױ': "oy", 'ײ': "ey",
}

var hebrewWords = map[string]string{
	"בנימין": "binyamin", "נתניהו": "netanyahu", "משה": "moshe", "דוד": "david",
	"יוסף": "yosef", "אברהם": "avraham", "יצחק": "yitzhak", "יעקב": "yaakov",
	"שרה": "sara", "רבקה": "rivka", "רחל": "rachel", "לאה": "lea",
	"שמואל": "shmuel", "אהרון": "aharon", "אהרן": "aharon", "כהן": "cohen",
	"לוי": "levi", "מזרחי": "mizrahi", "פרץ": "peretz", "שמעון": "shimon",
	"פרס": "peres", "יהודה": "yehuda", "מיכאל": "michael", "דניאל": "daniel",
	"אריאל": "ariel", "שרון": "sharon", "גנץ": "gantz", "לפיד": "lapid",
	"בנט": "bennett", "יאיר": "yair", "נפתלי": "naftali", "בני": "benny",
	"אליהו": "eliyahu", "חיים": "chaim", "מרדכי": "mordechai", "אסתר": "ester",
	"בן": "ben", "בת": "bat",
}

func translitHebrew(run []rune, sn *scanner) {
	letters := make([]rune, 0, len(run))
	for _, r := range run {
		if classify(r) == scriptMark {
			continue
		}
		letters = append(letters, r)
	}
	if len(letters) == 0 {
		return
	}
	key := string(letters)
	if w, ok := hebrewWords[key]; ok {
		sn.emitText(w, key, scriptHebrew)
		return
	}
	var b strings.Builder
	var nat strings.Builder
	flush := func() {
		if b.Len() > 0 {
			sn.emitText(b.String(), nat.String(), scriptHebrew)
		}
		b.Reset()
		nat.Reset()
	}
	for i, r := range letters {
		out, ok := hebrewTable[r]
		if !ok {
			flush()
			sn.emitRaw(r)
			continue
		}
		start := b.Len() == 0
		switch r {
		case 'ו':
			if !start {
				out = "o"
				if i+1 < len(letters) && letters[i+1] == 'ו' {
					out = "v"
				}
			}
		case 'י':
			if !start {
				out = "i"
			}
		case 'א':
			if !start {
				out = ""
			}
		case 'פ':
			if !start {
				out = "f"
			}
		case 'ה':
			if i == len(letters)-1 && !start {
				out = "a"
			}
		}
		b.WriteString(out)
		nat.WriteRune(r)
	}
	flush()
}

// Indic scripts. Bengali, Gurmukhi, Gujarati, Oriya, Tamil, Telugu, Kannada
// and Malayalam share the layout of Devanagari (the ISCII order), so they
// are mapped onto Devanagari code points and transliterated with its table;
// this is approximate outside Devanagari but enough to compare names.
func indicToDevanagari(r rune) rune {
	switch {
	case 0x0900 <= r && r <= 0x097F:
		return r
	case 0x0980 <= r && r <= 0x0D7F:
		return r - rune((r-0x0900)/0x80)*0x80
	}
	return 0
}

var devaConsonants = map[rune]string{
	'क': "k", 'ख': "kh", 'ग': "g", 'घ': "gh", 'ङ': "n", 'च': "ch", 'छ': "chh",
	'ज': "j", 'झ': "jh", 'ञ': "n", 'ट': "t", 'ठ': "th", 'ड': "d", 'ढ': "dh",
	'ण': "n", 'त': "t", 'थ': "th", 'द': "d", 'ध': "dh", 'न': "n", 'ऩ': "n",
	'प': "p", 'फ': "ph", 'ब': "b", 'भ': "bh", 'म': "m", 'य': "y", 'र': "r",
	'ऱ': "r", 'ल': "l", 'ळ': "l", 'ऴ': "zh", 'व': "v", 'श': "sh", 'ष': "sh",
	'स': "s", 'ह': "h",
}

// nukta turns a consonant into its borrowed-sound form.
var devaNukta = map[rune]string{
	'क': "q", 'ख': "kh", 'ग': "gh", 'ज': "z", 'ड': "r", 'ढ': "rh", 'फ': "f", 'य': "y",
}

var devaVowels = map[rune]string{
	'अ': "a", 'आ': "a", 'इ': "i", 'ई': "i", 'उ': "u", 'ऊ': "u", 'ऋ': "ri",
	'ॠ': "ri", 'ऌ': "li", 'ए': "e", 'ऐ': "ai", 'ओ': "o", 'औ': "au", 'ऍ': "e",
	'ऑ': "o", 'ऎ': "e", 'ऒ': "o",
}

var devaMatras = map[rune]string{
	'ा': "a", 'ि': "i", 'ी': "i", 'ु': "u", 'ू': "u", 'ृ': "ri", 'ॄ': "ri",
	'े': "e", 'ै': "ai", 'ो': "o", 'ौ': "au", 'ॅ': "e", 'ॉ': "o", 'ॆ': "e",
	'ॊ': "o",
}

const (
	devaVirama = '्'
	devaNuktaR = '़'
)

func translitIndic(run []rune, sn *scanner) {
	// NFKD split two-part vowel signs (Bengali ো → ে + া); recompose.
	run = []rune(norm.NFC.String(string(run)))
	var b strings.Builder
	var nat strings.Builder
	pendingA := false      // a consonant's inherent vowel not yet written
	lastConj := false      // the last consonant closed a conjunct (virama before it)
	prevWasVirama := false // previous rune was a virama
	flushA := func(final bool) {
		if pendingA {
			// Hindi drops the final inherent vowel except after a conjunct.
			if !final || lastConj {
				b.WriteByte('a')
			}
			pendingA = false
		}
	}
	flush := func() {
		flushA(true)
		if b.Len() > 0 {
			sn.emitText(b.String(), nat.String(), scriptIndic)
		}
		b.Reset()
		nat.Reset()
		lastConj, prevWasVirama = false, false
	}
	for _, r0 := range run {
		r := indicToDevanagari(r0)
		if r == 0 {
			if classify(r0) == scriptMark {
				continue
			}
			flush()
			sn.emitRaw(r0)
			continue
		}
		nat.WriteRune(r0)
		switch {
		case r == devaVirama:
			pendingA = false
			prevWasVirama = true
			continue
		case r == devaNuktaR:
			// modify the consonant just written
			s := b.String()
			for base, alt := range devaNukta {
				c := devaConsonants[base]
				if strings.HasSuffix(s, c) {
					b.Reset()
					b.WriteString(s[:len(s)-len(c)] + alt)
					break
				}
			}
			continue
		case r == 'ं' || r == 'ँ':
			flushA(false)
			b.WriteByte('n')
		case r == 'ः':
			flushA(false)
			b.WriteByte('h')
		default:
			if c, ok := devaConsonants[r]; ok {
				flushA(false)
				b.WriteString(c)
				pendingA = true
				lastConj = prevWasVirama
			} else if m, ok := devaMatras[r]; ok {
				pendingA = false
				b.WriteString(m)
			} else if v, ok := devaVowels[r]; ok {
				flushA(false)
				b.WriteString(v)
			} else if classify(r0) == scriptMark {
				// other signs (avagraha, stress marks): ignore
			} else if unicode.IsLetter(r0) {
				flush()
				sn.emitRaw(r0)
			}
		}
		prevWasVirama = false
	}
	flush()
}

// Kana (Hepburn). Katakana sits 0x60 above hiragana.
var kanaTable = map[rune]string{
	'あ': "a", 'い': "i", 'う': "u", 'え': "e", 'お': "o",
	'か': "ka", 'き': "ki", 'く': "ku", 'け': "ke", 'こ': "ko",
	'さ': "sa", 'し': "shi", 'す': "su", 'せ': "se", 'そ': "so",
	'た': "ta", 'ち': "chi", 'つ': "tsu", 'て': "te", 'と': "to",
	'な': "na", 'に': "ni", 'ぬ': "nu", 'ね': "ne", 'の': "no",
	'は': "ha", 'ひ': "hi", 'ふ': "fu", 'へ': "he", 'ほ': "ho",
	'ま': "ma", 'み': "mi", 'む': "mu", 'め': "me", 'も': "mo",
	'や': "ya", 'ゆ': "yu", 'よ': "yo",
	'ら': "ra", 'り': "ri", 'る': "ru", 'れ': "re", 'ろ': "ro",
	'わ': "wa", 'ゐ': "i", 'ゑ': "e", 'を': "o", 'ん': "n",
	'が': "ga", 'ぎ': "gi", 'ぐ': "gu", 'げ': "ge", 'ご': "go",
	'ざ': "za", 'じ': "ji", 'ず': "zu", 'ぜ': "ze", 'ぞ': "zo",
	'だ': "da", 'ぢ': "ji", 'づ': "zu", 'で': "de", 'ど': "do",
	'ば': "ba", 'び': "bi", 'ぶ': "bu", 'べ': "be", 'ぼ': "bo",
	'ぱ': "pa", 'ぴ': "pi", 'ぷ': "pu", 'ぺ': "pe", 'ぽ': "po",
	'ゔ': "vu", 'ゕ': "ka", 'ゖ': "ke",
	'ぁ': "a", 'ぃ': "i", 'ぅ': "u", 'ぇ': "e", 'ぉ': "o", 'ゎ': "wa",
	'ゃ': "ya", 'ゅ': "yu", 'ょ': "yo", 'っ': "",
}

func kanaToHiragana(r rune) rune {
	if 0x30A1 <= r && r <= 0x30F6 {
		return r - 0x60
	}
	switch r {
	case 'ヷ':
		return 'わ'
	case 'ヸ':
		return 'ゐ'
	case 'ヹ':
		return 'ゑ'
	case 'ヺ':
		return 'を'
	}
	return r
}

func translitKana(run []rune, sn *scanner) {
	// NFKD split voiced kana (が → か + dakuten); put them back together.
	run = []rune(norm.NFC.String(string(run)))
	var b strings.Builder
	var nat strings.Builder
	flush := func() {
		if b.Len() > 0 {
			sn.emitText(b.String(), nat.String(), scriptKana)
		}
		b.Reset()
		nat.Reset()
	}
	double := false // after a small tsu: double the next consonant
	for _, r0 := range run {
		if classify(r0) == scriptMark {
			continue
		}
		if r0 == 0x30FC { // prolonged sound mark: Hepburn's macron, dropped
			nat.WriteRune(r0)
			continue
		}
		r := kanaToHiragana(r0)
		out, ok := kanaTable[r]
		if !ok {
			flush()
			sn.emitRaw(r0)
			double = false
			continue
		}
		nat.WriteRune(r0)
		s := b.String()
		switch r {
		case 'っ':
			double = true
			continue
		case 'ゃ', 'ゅ', 'ょ':
			// yōon: ki + ya → kya; shi + ya → sha
			if strings.HasSuffix(s, "i") && len(s) >= 2 {
				s = s[:len(s)-1]
				if strings.HasSuffix(s, "sh") || strings.HasSuffix(s, "ch") || strings.HasSuffix(s, "j") {
					out = out[1:]
				}
				b.Reset()
				b.WriteString(s)
			}
		case 'ぁ', 'ぃ', 'ぅ', 'ぇ', 'ぉ':
			// small vowels modify the vowel before: fu + a → fa
			if len(s) >= 2 && strings.ContainsRune("aiueo", rune(s[len(s)-1])) {
				b.Reset()
				b.WriteString(s[:len(s)-1])
			}
		}
		if double && len(out) > 0 && !strings.ContainsRune("aiueon", rune(out[0])) {
			b.WriteByte(out[0])
		}
		double = false
		b.WriteString(out)
	}
	flush()
}

// Hangul: Revised Romanization computed from the syllable's jamo (no
// assimilation across syllables). The first syllable of a name gets the
// surname's conventional spelling when it is a common surname (김 → kim,
// 이 → lee, 박 → park), since lists spell surnames that way.
const (
	hangulBase = 0xAC00
	hangulLast = 0xD7A3
)

func isHangulSyllable(r rune) bool { return hangulBase <= r && r <= hangulLast }

var hangulInitials = []string{"g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h"}
var hangulMedials = []string{"a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi", "yu", "eu", "ui", "i"}
var hangulFinals = []string{"", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t"}

// hangulSurnames: conventional spellings of the commonest surnames.
var hangulSurnames = map[rune]string{
	'김': "kim", '이': "lee", '리': "ri", '박': "park", '최': "choi", '정': "jung",
	'강': "kang", '조': "cho", '윤': "yoon", '장': "jang", '임': "lim", '한': "han",
	'오': "oh", '서': "seo", '신': "shin", '권': "kwon", '황': "hwang", '안': "ahn",
	'송': "song", '류': "ryu", '유': "yoo", '홍': "hong", '전': "jeon", '고': "ko",
	'문': "moon", '손': "son", '양': "yang", '배': "bae", '백': "baek", '허': "heo",
	'남': "nam", '심': "shim", '노': "roh", '하': "ha", '곽': "kwak", '성': "sung",
	'차': "cha", '주': "joo", '우': "woo", '구': "koo", '민': "min", '나': "na",
	'진': "jin", '지': "ji", '엄': "um", '채': "chae", '원': "won", '천': "cheon",
	'방': "bang", '공': "kong", '현': "hyun", '함': "ham", '변': "byun", '염': "yeom",
	'여': "yeo", '추': "choo", '도': "do", '소': "so", '석': "seok", '선': "sun",
	'설': "seol", '마': "ma", '길': "gil", '연': "yeon", '위': "wi", '표': "pyo",
	'명': "myung", '기': "ki", '반': "ban", '왕': "wang", '금': "keum", '옥': "ok",
	'육': "yook", '인': "in", '맹': "maeng", '제': "je", '모': "mo", '탁': "tak",
	'국': "kook", '어': "eo", '은': "eun", '편': "pyun", '용': "yong", '예': "ye",
	'경': "kyung", '봉': "bong", '사': "sa", '부': "boo", '가': "ka", '복': "bok",
	'태': "tae", '목': "mok", '형': "hyung", '피': "pi", '두': "doo", '감': "kam",
	'음': "eum", '빈': "bin", '동': "dong", '온': "on", '호': "ho", '범': "beom",
	'좌': "jwa", '팽': "paeng", '승': "seung", '간': "kan", '상': "sang", '갈': "gal",
	'단': "dan", '견': "kyun", '당': "dang",
}

// Conjoining jamo (U+1100…) and compatibility jamo (U+3131…) that arrive
// on their own are romanized one by one.
var hangulCompatJamo = map[rune]string{
	'ㄱ': "g", 'ㄲ': "kk", 'ㄳ': "gs", 'ㄴ': "n", 'ㄵ': "nj", 'ㄶ': "nh", 'ㄷ': "d",
	'ㄸ': "tt", 'ㄹ': "r", 'ㄺ': "lg", 'ㄻ': "lm", 'ㄼ': "lb", 'ㄽ': "ls", 'ㄾ': "lt",
	'ㄿ': "lp", 'ㅀ': "lh", 'ㅁ': "m", 'ㅂ': "b", 'ㅃ': "pp", 'ㅄ': "bs", 'ㅅ': "s",
	'ㅆ': "ss", 'ㅇ': "ng", 'ㅈ': "j", 'ㅉ': "jj", 'ㅊ': "ch", 'ㅋ': "k", 'ㅌ': "t",
	'ㅍ': "p", 'ㅎ': "h", 'ㅏ': "a", 'ㅐ': "ae", 'ㅑ': "ya", 'ㅒ': "yae", 'ㅓ': "eo",
	'ㅔ': "e", 'ㅕ': "yeo", 'ㅖ': "ye", 'ㅗ': "o", 'ㅘ': "wa", 'ㅙ': "wae", 'ㅚ': "oe",
	'ㅛ': "yo", 'ㅜ': "u", 'ㅝ': "wo", 'ㅞ': "we", 'ㅟ': "wi", 'ㅠ': "yu", 'ㅡ': "eu",
	'ㅢ': "ui", 'ㅣ': "i",
}

func hangulJamo(r rune) (string, bool) {
	switch {
	case 0x1100 <= r && r <= 0x1112:
		return hangulInitials[r-0x1100], true
	case 0x1161 <= r && r <= 0x1175:
		return hangulMedials[r-0x1161], true
	case 0x11A8 <= r && r <= 0x11C2:
		return hangulFinals[r-0x11A7], true
	}
	s, ok := hangulCompatJamo[r]
	return s, ok
}

func translitHangul(run []rune, sn *scanner) {
	first := !sn.sawHangul && !sn.sawLetters
	sn.sawHangul = true
	syllables := 0
	for _, r := range run {
		if isHangulSyllable(r) {
			syllables++
		}
	}
	var jamo strings.Builder
	var jamoNat strings.Builder
	flushJamo := func() {
		if jamo.Len() > 0 {
			sn.emitText(jamo.String(), jamoNat.String(), scriptHangul)
		}
		jamo.Reset()
		jamoNat.Reset()
	}
	for i, r := range run {
		if isHangulSyllable(r) {
			flushJamo()
			if i == 0 && first && syllables >= 2 && syllables <= 4 {
				if s, ok := hangulSurnames[r]; ok {
					sn.emitText(s, string(r), scriptHangul)
					continue
				}
			}
			n := int(r - hangulBase)
			ini, med, fin := n/(21*28), (n/28)%21, n%28
			s := hangulInitials[ini] + hangulMedials[med] + hangulFinals[fin]
			sn.emitText(s, string(r), scriptHangul)
			continue
		}
		if classify(r) == scriptMark {
			continue
		}
		if s, ok := hangulJamo(r); ok {
			if s == "" {
				// A filler jamo: keep a trace so the word is not lost.
				jamoNat.WriteRune(r)
				continue
			}
			jamo.WriteString(s)
			jamoNat.WriteRune(r)
			continue
		}
		flushJamo()
		sn.emitRaw(r)
	}
	flushJamo()
}
