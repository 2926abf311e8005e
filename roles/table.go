package roles

import "strings"

// Topic keys, from the OpenSanctions (FollowTheMoney) topic list. The
// package defines none of its own.
const (
	PEP         = "role.pep"        // politically exposed person
	Head        = "gov.head"        // head of state or government
	Executive   = "gov.executive"   // ministers, governors, mayors
	Legislative = "gov.legislative" // members and heads of legislatures
	Judicial    = "gov.judicial"    // judges, prosecutors
	Security    = "gov.security"    // military, intelligence, security services
	Financial   = "gov.financial"   // central banking and financial regulation
	SOE         = "gov.soe"         // state-owned enterprises
	Admin       = "gov.admin"       // civil service
	Diplomat    = "role.diplo"
	Military    = "mil"
	Party       = "pol.party"
	Journalist  = "role.journo"
	Lawyer      = "role.lawyer"
	Activist    = "role.act"
	Accountant  = "role.acct"
	CivilServ   = "role.civil"
	Associate   = "role.rca" // relative or close associate of a PEP
)

// post is one row of the post table: the words of a post, the title it
// normalizes to and the topics it carries.
type post struct {
	words  []string // folded words: "vice", "president"
	title  string
	topics []string // topics when the post is not qualified by what it is of
	// lead posts take their topics from what they head ("head of the
	// National Assembly" is legislative, "chief executive of the state
	// oil company" a state enterprise) when that is known.
	lead bool
	// orgDrop posts lose their default topics when they are of an
	// organization that is not a public body: "president of Acme Corp."
	// is no head of state.
	orgDrop bool
	// relation posts tie a person to another ("Saab's wife", "El
	// Aissami's front man"); they earn role.rca when that other person
	// is a PEP.
	relation bool
}

// postRows is the post table, as data: "words|title|flags|topics", flags
// L (lead), O (orgDrop) and R (relation). Words are folded: lower case, no periods, no
// accents. Plurals are found by their singular.
var postRows = []string{
	// heads of state and government
	"president|president|LO|role.pep gov.head",
	"pres|president|LO|role.pep gov.head",
	"vice president|vice president|LO|role.pep gov.head",
	"vice-president|vice president|LO|role.pep gov.head",
	"prime minister|prime minister|LO|role.pep gov.head",
	"premier|prime minister|LO|role.pep gov.head",
	"head of state|head of state||role.pep gov.head",
	"head of government|head of government||role.pep gov.head",
	"king|king||role.pep gov.head",
	"queen|queen||role.pep gov.head",
	"monarch|monarch||role.pep gov.head",
	"emir|emir||role.pep gov.head",
	// executive
	"minister|minister||role.pep gov.executive",
	"ex-minister|minister||role.pep gov.executive",
	"deputy minister|deputy minister||role.pep gov.executive",
	"vice minister|deputy minister||role.pep gov.executive",
	"cabinet minister|minister||role.pep gov.executive",
	"governor|governor|LO|role.pep gov.executive",
	"gov|governor|LO|role.pep gov.executive",
	"mayor|mayor||role.pep gov.executive",
	// central banking
	"central bank governor|central bank governor||role.pep gov.financial",
	"central banker|central banker||role.pep gov.financial",
	// legislative
	"senator|senator||role.pep gov.legislative",
	"sen|senator||role.pep gov.legislative",
	"congressman|congressman||role.pep gov.legislative",
	"congresswoman|congresswoman||role.pep gov.legislative",
	"lawmaker|lawmaker||role.pep gov.legislative",
	"legislator|legislator||role.pep gov.legislative",
	"deputy|deputy||role.pep gov.legislative",
	"assemblyman|assemblyman||role.pep gov.legislative",
	"assemblywoman|assemblywoman||role.pep gov.legislative",
	"member of parliament|member of parliament||role.pep gov.legislative",
	"mp|member of parliament||role.pep gov.legislative",
	"rep|representative||role.pep gov.legislative",
	"speaker|speaker|L|",
	// judicial
	"judge|judge||role.pep gov.judicial",
	"district judge|judge||role.pep gov.judicial",
	"justice|justice||role.pep gov.judicial",
	"chief justice|chief justice||role.pep gov.judicial",
	"magistrate|magistrate||role.pep gov.judicial",
	"prosecutor|prosecutor||role.pep gov.judicial",
	"attorney general|attorney general||role.pep gov.judicial",
	"solicitor general|solicitor general||role.pep gov.judicial",
	"us attorney|prosecutor||role.pep gov.judicial",
	"assistant us attorney|prosecutor||role.pep gov.judicial",
	"district attorney|prosecutor||role.pep gov.judicial",
	// security: senior officers are PEPs, junior ones only military
	"general|general||role.pep gov.security mil",
	"gen|general||role.pep gov.security mil",
	"brigadier general|general||role.pep gov.security mil",
	"major general|general||role.pep gov.security mil",
	"lieutenant general|general||role.pep gov.security mil",
	"brig gen|general||role.pep gov.security mil",
	"maj gen|general||role.pep gov.security mil",
	"lt gen|general||role.pep gov.security mil",
	"admiral|admiral||role.pep gov.security mil",
	"adm|admiral||role.pep gov.security mil",
	"rear admiral|admiral||role.pep gov.security mil",
	"vice admiral|admiral||role.pep gov.security mil",
	"colonel|colonel||role.pep gov.security mil",
	"col|colonel||role.pep gov.security mil",
	"lieutenant colonel|colonel||role.pep gov.security mil",
	"lt col|colonel||role.pep gov.security mil",
	"brigadier|brigadier||role.pep gov.security mil",
	"military intelligence chief|military intelligence chief||role.pep gov.security mil",
	"intelligence chief|intelligence chief||role.pep gov.security",
	"spy chief|intelligence chief||role.pep gov.security",
	"defense chief|defense chief||role.pep gov.security mil",
	"army chief|army chief||role.pep gov.security mil",
	"captain|captain||mil",
	"capt|captain||mil",
	"lieutenant|lieutenant||mil",
	"lt|lieutenant||mil",
	"major|major||mil",
	"maj|major||mil",
	"sergeant|sergeant||mil",
	"sgt|sergeant||mil",
	"corporal|corporal||mil",
	"soldier|soldier||mil",
	"army officer|officer||mil",
	"navy officer|officer||mil",
	"naval officer|officer||mil",
	"military officer|officer||mil",
	"air force officer|officer||mil",
	"officer|officer||",
	// diplomats
	"ambassador|ambassador||role.pep role.diplo",
	"amb|ambassador||role.pep role.diplo",
	"envoy|envoy||role.pep role.diplo",
	"high commissioner|high commissioner||role.pep role.diplo",
	"consul general|consul general||role.diplo",
	"consul|consul||role.diplo",
	"diplomat|diplomat||role.diplo",
	"attache|attache||role.diplo",
	// officials and politicians
	"senior official|senior official||role.pep gov.admin",
	"official|official||",
	"civil servant|civil servant||role.civil",
	"politician|politician||role.pep",
	"opposition leader|opposition leader||",
	// heads of things: topics from what they head
	"head|head|L|",
	"chief|chief|L|",
	"leader|leader|L|",
	"director|director|L|",
	"director general|director general|L|",
	"managing director|managing director|L|",
	"chairman|chairman|L|",
	"chairwoman|chairwoman|L|",
	"chair|chair|L|",
	"commander|commander|L|",
	"chief executive|chief executive|L|",
	"chief executive officer|chief executive|L|",
	"ceo|chief executive|L|",
	"executive|executive|L|",
	"chief financial officer|chief financial officer|L|",
	"cfo|chief financial officer|L|",
	"chief operating officer|chief operating officer|L|",
	"board member|board member|L|",
	"member|member|L|",
	"founder|founder|L|",
	"owner|owner|L|",
	"manager|manager|L|",
	"secretary|secretary|L|",
	"general secretary|general secretary|L|",
	"secretary general|general secretary|L|",
	"secretary-general|general secretary|L|",
	// private occupations
	"reporter|reporter||role.journo",
	"journalist|journalist||role.journo",
	"correspondent|correspondent||role.journo",
	"editor|editor||role.journo",
	"columnist|columnist||role.journo",
	"lawyer|lawyer||role.lawyer",
	"attorney|lawyer||role.lawyer",
	"counsel|lawyer||role.lawyer",
	"activist|activist||role.act",
	"accountant|accountant||role.acct",
	"bodyguard|bodyguard||",
	"security chief|security chief||",
	"analyst|analyst||",
	"economist|economist||",
	"chief economist|chief economist||",
	"consultant|consultant||",
	"specialist|specialist||",
	"businessman|businessman||",
	"businesswoman|businesswoman||",
	"trader|trader||",
	"partner|partner||",
	"business partner|business partner|R|",
	"front man|front man|R|",
	"frontman|front man|R|",
	"associate|associate|R|",
	"close associate|associate|R|",
	"aide|aide|R|",
	"wife|wife|R|",
	"husband|husband|R|",
	"son|son|R|",
	"daughter|daughter|R|",
	"brother|brother|R|",
	"sister|sister|R|",
	"father|father|R|",
	"mother|mother|R|",
	"nephew|nephew|R|",
	"niece|niece|R|",
	"cousin|cousin|R|",
	"stepson|stepson|R|",
	"stepdaughter|stepdaughter|R|",
	"son-in-law|son-in-law|R|",
	"daughter-in-law|daughter-in-law|R|",
	"brother-in-law|brother-in-law|R|",
	"sister-in-law|sister-in-law|R|",
	"agent|agent||",
	"special agent|agent||",
	"spokesman|spokesman||",
	"spokeswoman|spokeswoman||",
	"spokesperson|spokesperson||",
	"defector|defector||",
	"adviser|adviser||",
	"advisor|adviser||",
	"professor|professor||",
	"commissioner|commissioner||",
	"shortstop|shortstop||",
	"first baseman|first baseman||",
	"right-hander|pitcher||",
	"left-hander|pitcher||",
	"pitcher|pitcher||",
	"coach|coach||",
	"player|player||",
}

// postIndex maps a post's first word to its rows, longest first.
var postIndex = func() map[string][]*post {
	idx := map[string][]*post{}
	for _, row := range postRows {
		f := strings.Split(row, "|")
		p := &post{words: strings.Fields(f[0]), title: f[1], topics: strings.Fields(f[3])}
		p.lead = strings.Contains(f[2], "L")
		p.orgDrop = strings.Contains(f[2], "O")
		p.relation = strings.Contains(f[2], "R")
		idx[p.words[0]] = append(idx[p.words[0]], p)
	}
	for _, ps := range idx {
		for i := 1; i < len(ps); i++ {
			for j := i; j > 0 && len(ps[j].words) > len(ps[j-1].words); j-- {
				ps[j], ps[j-1] = ps[j-1], ps[j]
			}
		}
	}
	return idx
}()

// class is the kind of body a post is of.
type class uint8

const (
	noClass class = iota
	country
	legislature
	court
	financial
	soe
	security
	executive
	party
	person
)

// classTopics are the topics of a lead post (head, chief, president…)
// of a body of each class.
var classTopics = map[class][]string{
	legislature: {PEP, Legislative},
	court:       {PEP, Judicial},
	financial:   {PEP, Financial},
	soe:         {PEP, SOE},
	security:    {PEP, Security},
	executive:   {PEP, Executive},
	party:       {PEP, Party},
}

// classRows name bodies by the words in their names or descriptions,
// most specific first: "class|phrase".
var classRows = []string{
	"soe|state oil company", "soe|state-owned", "soe|state owned",
	"soe|state company", "soe|state companies", "soe|state enterprise",
	"soe|state energy company", "soe|national oil company", "soe|state oil",
	"soe|petroleos de venezuela", "soe|pdvsa", "soe|state-run",
	"financial|central bank", "financial|banco central", "financial|reserve bank",
	"financial|federal reserve", "financial|monetary authority",
	"financial|financial services commission", "financial|securities and exchange commission",
	"financial|financial regulator", "financial|financial conduct authority",
	"court|supreme court", "court|prosecutor's office", "court|attorney general's office",
	"court|court", "court|tribunal", "court|judiciary",
	"legislature|national assembly", "legislature|constituent assembly",
	"legislature|assembly", "legislature|parliament", "legislature|congress",
	"legislature|senate", "legislature|legislature", "legislature|chamber of deputies",
	"legislature|house of representatives",
	"security|military intelligence", "security|intelligence", "security|armed forces",
	"security|army", "security|navy", "security|air force", "security|military",
	"security|national guard", "security|defense ministry", "security|ministry of defense",
	"executive|ministry", "executive|cabinet", "executive|government", "executive|state of",
	"executive|province of",
	"party|party",
}

var classNames = map[string]class{
	"soe": soe, "financial": financial, "court": court, "legislature": legislature,
	"security": security, "executive": executive, "party": party,
}

type classRow struct {
	phrase string // " phrase " with spaces around, to match whole words
	class  class
}

var classTable = func() []classRow {
	t := make([]classRow, len(classRows))
	for i, r := range classRows {
		c, p, _ := strings.Cut(r, "|")
		t[i] = classRow{" " + p + " ", classNames[c]}
	}
	return t
}()

// classify names the class of a body from folded text about it.
func classify(folded string) class {
	if folded == "" {
		return noClass
	}
	s := " " + folded + " "
	for _, r := range classTable {
		if strings.Contains(s, r.phrase) {
			return r.class
		}
	}
	switch folded {
	case "the country", "country", "the nation", "the republic":
		return country
	}
	return noClass
}
