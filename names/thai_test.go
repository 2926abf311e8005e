package names

import "testing"

func TestThaiRTGS(t *testing.T) {
	tests := []struct {
		Name, Input, Output string
	}{
		{"inherent o between consonants", "คน", "khon"},
		{"inherent a in an open syllable", "ถนน", "thanon"},
		{"closed pairs", "สมชาย", "somchai"},
		{"final values k t p n", "ขอบคุณ", "khopkhun"},
		{"final ด and ร", "สวัสดี", "sawatdi"},
		{"leading vowel with ia", "เชียงใหม่", "chiangmai"},
		{"leading vowel with uea", "เมือง", "mueang"},
		{"leading vowel with oe", "เลิศ", "loet"},
		{"leading vowel and ย", "เลย", "loei"},
		{"leading vowel, cluster", "แปลก", "plaek"},
		{"ไ and silent ย", "ไทย", "thai"},
		{"ห นำ", "หาดใหญ่", "hatyai"},
		{"ห นำ with อ", "หมอ", "mo"},
		{"silent อ before ย", "อยู่", "yu"},
		{"อ before ย read", "อยุธยา", "ayutya"},
		{"อักษรนำ", "เจริญ", "charoen"},
		{"cluster with a written vowel", "กรุงเทพ", "krungthep"},
		{"cluster with an unwritten o", "กรม", "krom"},
		{"ทร read s", "ทรง", "song"},
		{"ศร with a silent ร", "ศรี", "si"},
		{"ว as the vowel ua", "ชวน", "chuan"},
		{"ัว", "ตัว", "tua"},
		{"final ว", "เขียว", "khiao"},
		{"ร หัน closed", "ธรรม", "tham"},
		{"ร หัน read an", "บรรจง", "banchong"},
		{"sara am", "กำนัน", "kamnan"},
		{"thanthakhat", "อภิสิทธิ์", "aphisit"},
		{"thanthakhat on a cluster", "จันทร์", "chan"},
		{"thanthakhat after a final", "ลักษณ์", "lak"},
		{"thanthakhat ends a syllable", "วงศ์สวัสดิ์", "wongsawat"},
		{"thanthakhat on a vowel", "สิริกิติ์", "sirikit"},
		{"silent final ร after a short vowel", "บุตร", "but"},
		{"silent final stop", "ยุทธ", "yut"},
		{"final ร after a long vowel", "ธนาธร", "thanathon"},
		{"silent final i", "ชาติ", "chat"},
		{"ฤ closed", "ฤทธิ์", "rit"},
		{"ฤ open", "ฤดี", "ruedi"},
		{"consonant and ฤ", "กฤษณ์", "krit"},
		{"no linking vowel (RTGS Chinnawat)", "ชินวัตร", "chinwat"},
		{"repetition mark", "ดีๆ", "di di"},
		{"tone marks dropped", "ยิ่งลักษณ์", "yinglak"},
		{"Thai digits", "๑๒๓", "123"},
		{"with Latin", "นาย Somchai", "nai somchai"},
		{"stray vowel", "ะ", "a"},
		{"leading vowel alone", "เ", "e"},
	}
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			got := Normalize(tt.Input)
			if got != tt.Output {
				t.Errorf("Normalize(%q) = %q, want %q", tt.Input, got, tt.Output)
			}
			if again := Normalize(got); again != got {
				t.Errorf("not idempotent: %q → %q", got, again)
			}
		})
	}
}

// thaiNamesDev are Thai public figures with the romanization of their
// name best known in English, the names the reader's rules were written
// and adjusted on. thaiNamesTest were set aside before and only scored.
var thaiNamesDev = [][2]string{
	{"ทักษิณ ชินวัตร", "Thaksin Shinawatra"},
	{"ยิ่งลักษณ์ ชินวัตร", "Yingluck Shinawatra"},
	{"อภิสิทธิ์ เวชชาชีวะ", "Abhisit Vejjajiva"},
	{"ประยุทธ์ จันทร์โอชา", "Prayut Chan-o-cha"},
	{"สมชาย วงศ์สวัสดิ์", "Somchai Wongsawat"},
	{"สมัคร สุนทรเวช", "Samak Sundaravej"},
	{"ชวน หลีกภัย", "Chuan Leekpai"},
	{"บรรหาร ศิลปอาชา", "Banharn Silpa-archa"},
	{"ชวลิต ยงใจยุทธ", "Chavalit Yongchaiyudh"},
	{"อานันท์ ปันยารชุน", "Anand Panyarachun"},
	{"ชาติชาย ชุณหะวัณ", "Chatichai Choonhavan"},
	{"เปรม ติณสูลานนท์", "Prem Tinsulanonda"},
	{"สุรยุทธ์ จุลานนท์", "Surayud Chulanont"},
	{"ถนอม กิตติขจร", "Thanom Kittikachorn"},
	{"สฤษดิ์ ธนะรัชต์", "Sarit Thanarat"},
	{"ปรีดี พนมยงค์", "Pridi Banomyong"},
	{"แปลก พิบูลสงคราม", "Plaek Phibunsongkhram"},
	{"เศรษฐา ทวีสิน", "Srettha Thavisin"},
	{"แพทองธาร ชินวัตร", "Paetongtarn Shinawatra"},
	{"อนุทิน ชาญวีรกูล", "Anutin Charnvirakul"},
	{"ประวิตร วงษ์สุวรรณ", "Prawit Wongsuwan"},
	{"พิธา ลิ้มเจริญรัตน์", "Pita Limjaroenrat"},
	{"ธนาธร จึงรุ่งเรืองกิจ", "Thanathorn Juangroongruangkit"},
	{"ชัชชาติ สิทธิพันธุ์", "Chadchart Sittipunt"},
	{"สนธิ ลิ้มทองกุล", "Sondhi Limthongkul"},
	{"สุเทพ เทือกสุบรรณ", "Suthep Thaugsuban"},
	{"เนวิน ชิดชอบ", "Newin Chidchob"},
	{"เฉลิม อยู่บำรุง", "Chalerm Yubamrung"},
	{"จตุพร พรหมพันธุ์", "Jatuporn Prompan"},
	{"จำลอง ศรีเมือง", "Chamlong Srimuang"},
	{"คึกฤทธิ์ ปราโมช", "Kukrit Pramoj"},
	{"เสนีย์ ปราโมช", "Seni Pramoj"},
	{"ลลิษา มโนบาล", "Lalisa Manobal"},
	{"รัชนก อินทนนท์", "Ratchanok Intanon"},
	{"ภราดร ศรีชาพันธุ์", "Paradorn Srichaphan"},
	{"อภิชาติพงศ์ วีระเศรษฐกุล", "Apichatpong Weerasethakul"},
	{"เกียรติศักดิ์ เสนาเมือง", "Kiatisuk Senamuang"},
	{"บัวขาว บัญชาเมฆ", "Buakaw Banchamek"},
	{"ภูมิพล อดุลยเดช", "Bhumibol Adulyadej"},
	{"สิริกิติ์ กิติยากร", "Sirikit Kitiyakara"},
	{"ศุภชัย พานิชภักดิ์", "Supachai Panitchpakdi"},
	{"สุรเกียรติ์ เสถียรไทย", "Surakiart Sathirathai"},
	{"ธานินทร์ กรัยวิเชียร", "Thanin Kraivichien"},
	{"วิษณุ เครืองาม", "Wissanu Krea-ngam"},
	{"ดอน ปรมัตถ์วินัย", "Don Pramudwinai"},
	{"ชูวิทย์ กมลวิศิษฎ์", "Chuvit Kamolvisit"},
	{"อภิรักษ์ โกษะโยธิน", "Apirak Kosayodhin"},
	{"กรณ์ จาติกวณิช", "Korn Chatikavanij"},
}

var thaiNamesTest = [][2]string{
	{"สมศักดิ์ เทพสุทิน", "Somsak Thepsuthin"},
	{"ภูมิธรรม เวชยชัย", "Phumtham Wechayachai"},
	{"จุรินทร์ ลักษณวิศิษฏ์", "Jurin Laksanawisit"},
	{"สมคิด จาตุศรีพิทักษ์", "Somkid Jatusripitak"},
	{"ธีรยุทธ บุญมี", "Thirayuth Boonmee"},
	{"กิตติรัตน์ ณ ระนอง", "Kittiratt Na Ranong"},
	{"วราวุธ ศิลปอาชา", "Varawut Silpa-archa"},
	{"ศักดิ์สยาม ชิดชอบ", "Saksayam Chidchob"},
	{"อนุพงษ์ เผ่าจินดา", "Anupong Paochinda"},
	{"สนธิ บุญยรัตกลิน", "Sonthi Boonyaratglin"},
	{"ณัฐวุฒิ ใสยเกื้อ", "Nattawut Saikua"},
	{"ไพบูลย์ นิติตะวัน", "Paiboon Nititawan"},
	{"สุดารัตน์ เกยุราพันธุ์", "Sudarat Keyuraphan"},
	{"พงศ์เทพ เทพกาญจนา", "Pongthep Thepkanjana"},
	{"ชลน่าน ศรีแก้ว", "Cholnan Srikaew"},
	{"ปิยบุตร แสงกนกกุล", "Piyabutr Saengkanokkul"},
	{"พรรณิการ์ วานิช", "Pannika Wanich"},
	{"รังสิมันต์ โรม", "Rangsiman Rome"},
	{"พริษฐ์ วัชรสินธุ", "Parit Wacharasindhu"},
	{"สมรักษ์ คำสิงห์", "Somluck Kamsing"},
	{"ชนาธิป สรงกระสินธ์", "Chanathip Songkrasin"},
	{"ธีรศิลป์ แดงดา", "Teerasil Dangda"},
	{"ณเดชน์ คูกิมิยะ", "Nadech Kugimiya"},
	{"ป๋วย อึ๊งภากรณ์", "Puey Ungphakorn"},
	{"สุลักษณ์ ศิวรักษ์", "Sulak Sivaraksa"},
	{"สืบ นาคะเสถียร", "Seub Nakhasathien"},
	{"จุฬาลงกรณ์", "Chulalongkorn"},
	{"ปวีณา หงสกุล", "Pavena Hongsakul"},
}

// TestThaiNames scores Thai names against their usual romanization. Many
// of those are not RTGS but spellings families chose, letter by letter
// from the Sanskrit (Shinawatra for ชินวัตร, RTGS Chinnawat; Vejjajiva for
// เวชชาชีวะ, RTGS Wetchachiwa), which no RTGS reading reaches; the test
// guards the share that does.
func TestThaiNames(t *testing.T) {
	m := NewMatcher()
	for _, set := range []struct {
		name  string
		pairs [][2]string
		min   int
	}{
		{"development", thaiNamesDev, 29},
		{"test", thaiNamesTest, 12},
	} {
		n := 0
		for _, p := range set.pairs {
			r := m.CompareNames(p[0], p[1], "Person")
			if r.Score >= m.Threshold {
				n++
			}
			t.Logf("%s %.2f %-28s %-30s %s", set.name, r.Score, Normalize(p[0]), p[1], r.Explanations["name_parts"].Detail)
		}
		t.Logf("%s: %d of %d Thai names reach the threshold %.2f", set.name, n, len(set.pairs), m.Threshold)
		if n < set.min {
			t.Errorf("%s: %d of %d Thai names reach the threshold, want at least %d", set.name, n, len(set.pairs), set.min)
		}
	}
}
