package names

import "strings"

// Word lists. All entries are in normalized form (see Normalize). They are
// general: titles, particles, legal forms, generic organization words,
// number words and spelling-variant groups of very common names — nothing
// keyed to a particular listed person or company.

func set(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// personTitles are honorifics, ranks and religious or nobiliary titles
// dropped from person names (and from names of unknown schema).
var personTitles = set(`
mr mrs ms miss mx mme mlle monsieur madame messrs herr frau sir dame lord lady
dr doctor prof professor rev reverend revd fr father sister brother pastor
sheikh shaikh shaykh sheik cheikh sheikha shaikha haji hajji hadji alhaji alhaj
hajj mullah mulla maulvi maulana mawlawi mawlana molvi moulvi qari imam ayatollah
hojatoleslam hojjatoleslam ustad ustadh ustaz mufti allama
president pres vice gen general col colonel ltc lt lieutenant maj major capt
captain cpt cmdr commander adm admiral brig brigadier sgt sergeant marshal cpl
corporal pvt private senator sen rep hon honorable honourable excellency
amb ambassador minister king queen prince princess emir sheikhdom
eng engr engineer dipl ing mag rabbi bishop cardinal archbishop patriarch
metropolitan comrade judge justice chancellor premier governor mayor
jr sr junior senior esq phd
`)

// vesselPrefixes are ship-type prefixes dropped from vessel names.
var vesselPrefixes = set(`mv mt ms mts ss fv sv my rv hms uss tb ssv`)

// particles are the small words inside person names: articles, nobiliary
// and patronymic markers. They weigh little.
var particles = set(`
de del della dela dei di da das do dos du des van vande vander von der den ter ten
te zu vom la le lo las los al el ul ud ad as ar an at az bin ibn ben bint binti bte
abu abou abo umm um ould wuld ag y af av ap bar
`)

// patronymicMarkers introduce a father's (or grandfather's) name.
var patronymicMarkers = set(`bin ibn ben bint binti bte ould wuld ag bar`)

// patronymicSuffixes mark words that are patronymics wherever they
// stand: Slavic female patronymics and Turkic ones.
var patronymicSuffixes = []string{"ovna", "evna", "ivna", "ichna", "ogly", "oglu", "ogli", "kyzy", "qizi", "uly"}

// slavicMaleSuffixes end Slavic male patronymics, and as many family
// names (see markPatronymics).
var slavicMaleSuffixes = []string{"vich", "vych", "vitch", "ich", "ych"}

// orgStopwords are function words inside organization names.
var orgStopwords = set(`
the of and for in on at a an to by with de la le les des du del der die das und
et y e da do dos di van von zu och og og i no
`)

// orgArticles are the stopwords that may open an organization name and
// stay stopwords there.
var orgArticles = set(`the a an la le les el die das der`)

// genericOrgWords describe what an organization is or does rather than
// which one it is; they weigh less than distinctive words.
var genericOrgWords = set(`
bank banks banking banca banco banque international general industries industry
industrial group holding holdings systems system solutions services service capital
partners fund funds trust investment investments invest management enterprises
enterprise technologies technology tech global national united energy oil gas
petroleum motor motors electronics electric construction engineering equipment
health healthcare financial finance securities insurance shipping marine maritime
logistics aviation airlines airline air chemical chemicals steel metals metal
mining resources development consulting consultants media communications telecom
telecommunications software real estate properties property ventures association
foundation organization organisation institute institution center centre society
council committee union party ministry department agency authority government
university academy college school science sciences research world products
manufacturing factory plant works import export imports exports commercial
commerce business corporate associates brothers sons pharmaceutical
pharmaceuticals pharma medical foods food agricultural agro supply supplies
transport transportation freight cargo express power water project projects
network office bureau laboratory laboratories studio store stores market markets
retail advisors advisory asset assets economic public private trading trade
company firm office agency centre forces force army brigade movement front
organizatsiya obshchestvennaya tsentr zavod kompaniya gruppa fond proizvodstvennoe
nauchno kombinat upravlenie sluzhba
`)

// locationWords are country, region and demonym words. Inside organization
// names they mark a branch or subsidiary and weigh less than the name.
var locationWords = set(`
afghanistan albania algeria america american argentina armenia australia austria
azerbaijan bahrain bangladesh belarus belgium bolivia bosnia brazil britain british
bulgaria cambodia cameroon canada chile china chinese colombia congo croatia cuba
cyprus czech denmark ecuador egypt emirates england estonia ethiopia europe european
finland france french georgia germany german ghana greece hong kong hungary india
indian indonesia iran iranian iraq iraqi ireland israel italy italia japan jordan
kazakhstan kenya korea korean kuwait kyrgyzstan latvia lebanon libya lithuania
luxembourg malaysia mexico moldova mongolia montenegro morocco myanmar nederland
netherlands nigeria norway oman pakistan palestine panama peru philippines poland
portugal qatar romania russia russian saudi arabia arabian serbia singapore slovakia
slovenia somalia spain sudan sweden switzerland schweiz suisse syria syrian taiwan
tajikistan tanzania thailand tunisia turkey turkmenistan uganda ukraine uk usa
uzbekistan venezuela vietnam yemen zimbabwe asia asian africa african pacific
atlantic middle east west north south eastern western northern southern central
london paris moscow dubai beijing shanghai istanbul tehran damascus baghdad kabul
caribbean latin nordic scandinavia overseas offshore
`)

// legalForms maps a legal-form phrase (normalized words) to its class.
// Forms of one class are interchangeable (OOO ~ LLC ~ GmbH); forms of
// different classes are a mild mismatch, never a veto.
var legalForms = func() map[string]string {
	classes := map[string]string{
		"llc": `llc|limited liability company|limited liability co|ooo|tov|too|gmbh|
gesellschaft mit beschrankter haftung|sarl|srl|societatea cu raspundere limitata|
sociedad de responsabilidad limitada|societa a responsabilita limitata|sp z o o|spzoo|
sp zoo|sp z oo|sro|spol s r o|ltda|obshchestvo s ogranichennoy otvetstvennostyu|
obshchestvo s ogranichennoi otvetstvennostiu|obshchestvo s ogranichennoy otvetstvennost|
tovarystvo z obmezhenoyu vidpovidalnistyu|kft|doo|eood|ood|bvba|sprl|aps|pllc|lc|
bv|besloten vennootschap|sl|slu|eurl|sas|sasu|mchj|xk|ug`,
		"jsc": `jsc|ojsc|cjsc|pjsc|oao|zao|pao|ao|joint stock company|open joint stock company|
closed joint stock company|public joint stock company|joint stock co|
aktsionernoe obshchestvo|aktsionernoye obshchestvo|akcionernoe obshchestvo|
otkrytoe aktsionernoe obshchestvo|zakrytoe aktsionernoe obshchestvo|
publichnoe aktsionernoe obshchestvo|pat|prat|ag|aktiengesellschaft|sa|societe anonyme|
sociedad anonima|spa|societa per azioni|nv|naamloze vennootschap|asa|ab|aktiebolag|
oy|oyj|kk|kabushiki kaisha|se|plc|public limited company|sa de cv|sab de cv|saic|saa|
sae|psc|pt|tbk|bhd|berhad|sdn bhd|sendirian berhad|ad|dd|zrt|nyrt|rt|as|a s|sca|sapi de cv`,
		"ltd": `ltd|limited|pte ltd|pty ltd|pvt ltd|private limited|pte|pty|pvt|co ltd|
company limited`,
		"inc": `inc|incorporated|corp|corporation`,
		"co":  `co|company|cia|compania|compagnie|cie|companhia|kompaniya`,
		"lp": `lp|limited partnership|llp|limited liability partnership|kg|kommanditgesellschaft|
gmbh co kg|ohg|partnership|scs|lllp|gp|general partnership|snc|sc|sci`,
	}
	m := map[string]string{}
	for class, forms := range classes {
		for _, f := range strings.Split(forms, "|") {
			f = strings.Join(strings.Fields(f), " ")
			if f != "" {
				if _, dup := m[f]; !dup {
					m[f] = class
				}
			}
		}
	}
	return m
}()

// maxLegalWords is the longest legal-form phrase, in words.
var maxLegalWords = func() int {
	n := 0
	for f := range legalForms {
		if k := len(strings.Fields(f)); k > n {
			n = k
		}
	}
	return n
}()

// orgAbbreviations expand abbreviations common in organization names.
var orgAbbreviations = map[string]string{
	"intl": "international", "int": "international", "natl": "national",
	"mfg": "manufacturing", "bros": "brothers", "dept": "department",
	"univ": "university", "assn": "association", "assoc": "association",
	"svcs": "services", "svc": "service", "hldgs": "holdings", "hldg": "holding",
	"grp": "group", "inds": "industries", "invt": "investment",
	"mgmt": "management", "mgt": "management", "govt": "government",
}

var numberWords = map[string]int{
	"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
	"seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
	"thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
	"seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
	"forty": 40, "fourty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
	"eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000,
}

var romanNumerals = func() map[string]int {
	m := map[string]int{}
	ones := []string{"", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"}
	tens := []string{"", "x", "xx", "xxx", "xl"}
	for t := 0; t < len(tens); t++ {
		for o := 0; o < len(ones); o++ {
			if s := tens[t] + ones[o]; s != "" {
				m[s] = t*10 + o
			}
		}
	}
	return m
}()

// variantGroups are spellings of one name that transliteration produces
// and edit distance alone does not bridge. Members of a group compare as
// near-exact (see simVariant).
var variantGroups = [][]string{
	strings.Fields(`muhammad mohammed mohammad mohamed mohamad muhammed muhamad mohammud mohamud
muhamed mohd muhd md mhd mehmet mehmed mahomed mouhamed mouhammad mohamet muhamadu mamadou`),
	strings.Fields(`ahmad ahmed ahmet achmed akhmed akhmad ahmat`),
	strings.Fields(`mahmud mahmoud mahmood mehmood mahmut`),
	strings.Fields(`husayn hussein hussain husain hossein hosein huseyn huseyin houssein hussen`),
	strings.Fields(`hasan hassan hassane hasen`),
	strings.Fields(`usama osama ousama oussama usamah osamah`),
	strings.Fields(`abdul abd abdel abdal abdol abdoul abdu abdel abdulla`),
	strings.Fields(`abdullah abdallah abdulla abdalla abdollah abdoullah`),
	strings.Fields(`umar omar omer`),
	strings.Fields(`uthman othman osman usman outhman`),
	strings.Fields(`yusuf yousef youssef yousuf yusef yosef yussuf yousif yusif`),
	strings.Fields(`ibrahim ebrahim ibragim brahim`),
	strings.Fields(`khalid khaled chalid`),
	strings.Fields(`said saeed saiid saied`),
	strings.Fields(`salih saleh salehe`),
	strings.Fields(`husni hosni housni`),
	strings.Fields(`qadhafi gaddafi kadhafi gadhafi qaddafi kaddafi gadafi qadafi khadafi khaddafi kadafi`),
	strings.Fields(`yahya yehia yahia yahiya`),
	strings.Fields(`mustafa mostafa moustafa mustapha mostapha`),
	strings.Fields(`jafar jaafar jafaar djafar`),
	strings.Fields(`bin ibn ben bn`),
	strings.Fields(`al el ul`),
	strings.Fields(`abu abou abo`),
	strings.Fields(`aleksandr alexander alexandr aleksander oleksandr alexandre oleksander`),
	strings.Fields(`sergey sergei serguei sergej sergii serhiy serhii sergiy`),
	strings.Fields(`yevgeny yevgeniy evgeny evgenii evgeniy yevhen yevhenii`),
	strings.Fields(`dmitry dmitri dmitriy dmytro dmitrii`),
	strings.Fields(`vladimir volodymyr wladimir vladymyr`),
	strings.Fields(`mikhail mykhailo michail mikhael`),
	strings.Fields(`andrei andrey andriy andrii`),
	strings.Fields(`yury yuri yuriy iurii jurij yurii yurij`),
	strings.Fields(`nikolai nikolay mykola nicolai`),
	strings.Fields(`aleksei alexei alexey aleksey oleksiy oleksii`),
	strings.Fields(`pyotr petr petro`),
	strings.Fields(`grigory grigori hryhoriy grigoriy`),
}

// commonTokens are given names and surnames frequent enough on sanctions
// and PEP lists that a match on them alone says little. They are the
// default rarity model when no Weights are built from a list.
var commonTokens = set(`
muhammad mohammed mohammad mohamed ahmad ahmed ali hasan hassan husayn hussein
hussain abdul abd abdullah abdallah ibrahim mahmud mahmoud mustafa umar omar
khalid yusuf said salih saleh abdel abdal khan shah ahmadi hamid rahman karim
aziz rashid nasser nasir salem salim jamal kamal faisal tariq samir adel adil
kim lee li ri park pak choi choe wang zhang liu chen yang huang zhao wu zhou xu
sun ma zhu hu guo he lin gao luo zheng nguyen tran le pham singh kumar
john james robert michael william david richard joseph thomas charles mary maria
jose juan carlos luis antonio jean pierre hans peter paul alexander aleksandr
sergey sergei vladimir ivan andrei andrey dmitry igor oleg nikolai victor viktor
smith johnson williams brown jones garcia rodriguez martinez hernandez lopez
gonzalez perez sanchez ivanov petrov smirnov popov kuznetsov jong il chol song
yong sung hyok myong
`)
