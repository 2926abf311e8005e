package claims

import (
	"strings"

	"dossier/segment"
)

// Topic is one risk topic of the taxonomy: an OpenSanctions topic key
// where one exists, else a key of dossier's own for a FATF predicate
// offence that OpenSanctions lacks. Triggers are the phrases that raise
// it in a sentence, as patterns (see match).
type Topic struct {
	Key      string
	Label    string
	Own      bool   // a dossier key, not an OpenSanctions one
	FATF     string // the FATF designated category of offence it covers, if any
	triggers []string
}

// Topics is the taxonomy, most specific first: when a sentence raises
// several, a claim's Topic is the first of them in this order.
var Topics = []Topic{
	{Key: "crime.traffick.drug", Label: "Drug trafficking", FATF: "illicit trafficking in narcotic drugs and psychotropic substances",
		triggers: []string{"drug~", "narco~", "cocaine", "heroin", "fentanyl", "methamphetamine", "marijuana", "cannabis", "narcotic~", "cartel~", "trafficking network", "traffic cocaine"}},
	{Key: "crime.traffick.human", Label: "Human trafficking", FATF: "trafficking in human beings and migrant smuggling",
		triggers: []string{"human trafficking", "trafficking in persons", "people smuggling", "migrant smuggling", "sex trafficking", "forced labo~"}},
	{Key: "crime.traffick.arms", Label: "Arms trafficking", Own: true, FATF: "illicit arms trafficking",
		triggers: []string{"arms trafficking", "gunrunning", "gun-running", "weapons trafficking", "arms smuggling", "obtain weapons", "illegal weapons"}},
	{Key: "crime.terror", Label: "Terrorism", FATF: "terrorism, including terrorist financing",
		triggers: []string{"terroris~", "narco-terroris~", "narcoterroris~", "guerrilla~", "farc", "hezbollah", "al-qaeda", "isis"}},
	{Key: "crime.war", Label: "War crimes", FATF: "",
		triggers: []string{"war crime~", "crimes against humanity", "genocide"}},
	{Key: "crime.fin.launder", Label: "Money laundering", Own: true, FATF: "money laundering",
		triggers: []string{"money laundering", "money-laundering", "launder~"}},
	{Key: "crime.corrupt", Label: "Corruption and bribery", Own: true, FATF: "corruption and bribery",
		triggers: []string{"brib~", "corrupt~", "kickback~", "embezzl~", "graft", "misappropriat~", "foreign corrupt practices act", "fcpa", "abuse of office", "influence peddling"}},
	{Key: "crime.tax", Label: "Tax crimes", Own: true, FATF: "tax crimes (related to direct and indirect taxes)",
		triggers: []string{"tax evasion", "tax fraud", "evading taxes", "evaded taxes", "tax crime~"}},
	{Key: "crime.fin.market", Label: "Insider trading and market manipulation", Own: true, FATF: "insider trading and market manipulation",
		triggers: []string{"insider trading", "market manipulation", "manipulat~ the market", "pump-and-dump"}},
	{Key: "crime.fraud", Label: "Fraud", FATF: "fraud",
		triggers: []string{"fraud~", "ponzi", "swindl~", "defraud~", "wire fraud", "securities fraud", "scam~", "forg~ documents", "forgery"}},
	{Key: "crime.smuggle", Label: "Smuggling", Own: true, FATF: "smuggling (including in relation to customs and excise duties and taxes)",
		triggers: []string{"smuggl~", "contraband"}},
	{Key: "crime.extort", Label: "Extortion", Own: true, FATF: "extortion",
		triggers: []string{"extort~", "racketeer~", "blackmail~"}},
	{Key: "crime.cyber", Label: "Cybercrime", FATF: "",
		triggers: []string{"hack~", "ransomware", "cybercrime", "cyberattack~", "cyber-attack~"}},
	{Key: "crime.violent", Label: "Murder, kidnapping and violent crime", Own: true, FATF: "murder, grievous bodily injury; kidnapping, illegal restraint and hostage-taking",
		triggers: []string{"murder~", "kidnap~", "homicide", "assassinat~", "hostage~", "torture~"}},
	{Key: "crime.sex", Label: "Sexual exploitation and abuse", Own: true, FATF: "sexual exploitation, including sexual exploitation of children",
		triggers: []string{"sexual abuse", "sexual assault", "sexual exploitation", "child abuse", "child pornography", "child sexual", "rape", "raped", "sex trafficking", "sex crimes", "sextortion"}},
	{Key: "crime.env", Label: "Environmental crime", FATF: "environmental crime",
		triggers: []string{"illegal logging", "illegal mining", "wildlife trafficking", "poaching"}},
	{Key: "crime.theft", Label: "Theft", FATF: "robbery or theft",
		triggers: []string{"theft", "stole", "stolen", "robbery", "looting", "looted"}},
	{Key: "sanction.evade", Label: "Sanctions evasion", Own: true, FATF: "",
		triggers: []string{"sanctions evasion", "evade sanctions", "evading sanctions", "sanctions breach~", "breach~ sanctions", "sanctions violation~", "violat~ sanctions"}},
	{Key: "crime.boss", Label: "Criminal leadership", FATF: "participation in an organised criminal group and racketeering",
		triggers: []string{"kingpin", "crime boss", "ringleader", "mob boss", "organized crime", "organised crime", "criminal organization", "criminal network", "leader of the cartel", "head of the cartel"}},
	{Key: "sanction", Label: "Sanctioned", FATF: "",
		triggers: []string{"sanction~", "blacklist~", "sdn list", "asset freeze", "froze", "frozen"}},
	{Key: "crime", Label: "Crime (unspecified)", FATF: "",
		triggers: []string{"crime~", "criminal~", "illegal~", "illicit"}},
}

// TopicByKey returns the topic with that key.
func TopicByKey(key string) (Topic, bool) {
	for _, t := range Topics {
		if t.Key == key {
			return t, true
		}
	}
	return Topic{}, false
}

// rank orders topic keys as Topics does; unknown keys go last.
func rank(key string) int {
	for i, t := range Topics {
		if t.Key == key {
			return i
		}
	}
	return len(Topics)
}

// compiled patterns, built once.
type pattern struct {
	words []string // folded words; a trailing ~ matches any word with that prefix
	key   string   // topic key or stance
}

var topicPatterns = func() []pattern {
	var ps []pattern
	for _, t := range Topics {
		for _, tr := range t.triggers {
			ps = append(ps, pattern{words: strings.Fields(tr), key: t.Key})
		}
	}
	return ps
}()

// wordMatch reports whether folded word w matches pattern word p.
func wordMatch(p, w string) bool {
	if strings.HasSuffix(p, "~") {
		return strings.HasPrefix(w, p[:len(p)-1])
	}
	return p == w
}

// topicIndex maps an exact first word to the patterns it starts;
// topicPrefixed lists the patterns whose first word is a prefix ("drug~").
var topicIndex, topicPrefixed = func() (map[string][]int, []int) {
	m := map[string][]int{}
	var pre []int
	for i, p := range topicPatterns {
		if strings.HasSuffix(p.words[0], "~") {
			pre = append(pre, i)
		} else {
			m[p.words[0]] = append(m[p.words[0]], i)
		}
	}
	return m, pre
}()

// SentenceTopics returns the risk topics a sentence of text names, most
// specific first, without asking whether anyone is accused of them: the
// adverse stage uses it to say what an article without claims is about.
func SentenceTopics(text string, s segment.Sentence) []string {
	w := sentenceTokens(text, s)
	return topicsIn(findTopics(w), 0, len(w))
}
