package claims

import (
	"strings"

	"dossier"
)

// mode says where a trigger's subject is.
type mode uint8

const (
	// object: an active verb whose subject is its object ("OFAC
	// designated X", "prosecutors accuse him of …"); in the passive or a
	// reduced relative ("X was designated", "X, wanted on …") the
	// subject is before it.
	object mode = iota
	// subject: the clause's subject ("X pleaded guilty", "X denied").
	subject
	// noun: a nominal ("charges against X", "the indictment of X",
	// "his arrest", "X faces charges").
	noun
	// clause: a reporting cue ("told investigators that …", "according
	// to X, …"); the subject is in the reported clause.
	clause
)

// trigger is a row of the stance lexicon.
type trigger struct {
	words  []string
	stance string
	mode   mode
	// needsObject: the trigger counts only when an accusation word
	// follows it ("rejected the accusations", not "rejected the offer").
	needsObject bool
	// after: the reported clause follows the cue without "that"
	// ("according to ABC, …").
	prefix bool
}

func rows(stance string, m mode, phrases ...string) []trigger {
	out := make([]trigger, len(phrases))
	for i, p := range phrases {
		out[i] = trigger{words: strings.Fields(p), stance: stance, mode: m}
	}
	return out
}

// triggers is the stance lexicon, as data. Longer phrases are tried
// first, so "dropped the charges" wins over "charges".
var triggers = func() []trigger {
	var ts []trigger
	add := func(t ...trigger) { ts = append(ts, t...) }
	add(rows(dossier.StanceCleared, object, "acquitted", "acquits", "acquit", "cleared", "clears", "exonerated", "exonerates")...)
	add(rows(dossier.StanceCleared, noun, "acquittal", "dropped * charges", "dismissed * charges", "withdrew * charges", "dropped * case", "found not guilty", "not guilty verdict")...)
	add(rows(dossier.StanceConvicted, object, "convicted", "convicts", "sentenced", "sentences", "jailed", "imprisoned", "found guilty")...)
	add(rows(dossier.StanceConvicted, subject, "pleaded guilty", "pled guilty", "pleads guilty", "admitted * guilt")...)
	add(rows(dossier.StanceConvicted, noun, "conviction", "convictions", "guilty plea", "guilty verdict")...)
	add(rows(dossier.StanceSanctioned, object, "sanctioned", "sanctions", "designated", "designates", "designate", "blacklisted",
		"froze * assets", "freezes * assets", "freezing * assets", "froze", "imposed sanctions on", "added * to * list")...)
	add(rows(dossier.StanceSanctioned, noun, "designation", "sanctions against", "sanctions on", "asset freeze")...)
	add(rows(dossier.StanceCharged, object, "charged", "indicted", "indicts", "indict", "arrested", "arrests", "detained",
		"extradited", "prosecuted", "prosecuting", "wanted", "want", "sued", "sues")...)
	add(rows(dossier.StanceCharged, noun, "charges against", "indictment", "indictments", "arrest", "extradition", "warrant", "prosecution", "complaint against")...)
	add(rows(dossier.StanceDenied, subject, "denied", "denies", "deny", "denying", "pleaded not guilty", "pleads not guilty", "plead not guilty",
		"maintains * innocence", "maintained * innocence", "protested * innocence")...)
	for _, p := range []string{"rejected", "rejects", "reject", "rejecting", "dismissed", "dismisses", "dismissing", "disputed", "disputes", "refuted", "called * smear", "calls * smear"} {
		add(trigger{words: strings.Fields(p), stance: dossier.StanceDenied, mode: subject, needsObject: true})
	}
	add(rows(dossier.StanceAlleged, object, "accused", "accuses", "accuse", "accusing", "investigating", "investigated", "investigate", "suspected", "implicated", "implicates")...)
	// "X allegedly paid bribes": the clause's subject
	add(rows(dossier.StanceAlleged, subject, "allegedly", "reportedly")...)
	add(rows(dossier.StanceAlleged, noun, "cases against", "case against", "investigation into", "probe into", "allegations against", "accusations against")...)
	add(rows(dossier.StanceAlleged, clause, "told", "tells", "said", "says", "say", "reported", "reports", "claimed", "claims", "alleged", "alleges", "allege", "testified", "wrote", "writes", "charged that")...)
	add(trigger{words: []string{"according", "to"}, stance: dossier.StanceAlleged, mode: clause, prefix: true})
	add(rows(dossier.StanceCleared, clause, "found no evidence", "finds no evidence", "find no evidence", "no evidence that")...)
	add(rows(dossier.StanceReported, subject, "leads", "led", "leading", "heads", "headed", "heading", "runs", "ran", "laundered", "launders",
		"trafficked", "smuggled", "bribed", "embezzled", "defrauded", "paid bribes", "took bribes", "financed", "protected", "protecting", "helped", "helping")...)
	// longest first
	for i := 1; i < len(ts); i++ {
		for j := i; j > 0 && len(ts[j].words) > len(ts[j-1].words); j-- {
			ts[j], ts[j-1] = ts[j-1], ts[j]
		}
	}
	return ts
}()

// accusationWords are the objects that make "rejected", "dismissed" a
// denial.
var accusationWords = set("accusation", "accusations", "allegation", "allegations", "charge", "charges", "claim", "claims",
	"report", "reports", "story", "it", "them", "involvement", "wrongdoing", "bribery", "smear", "article")

// negations cancel a trigger just after them.
var negations = set("not", "n't", "never", "no", "without", "nor", "if", "unless", "whether")

// auxiliaries before a participle make it passive.
var passiveAux = set("was", "were", "is", "are", "be", "been", "being", "got", "get", "gets", "became", "remains", "remain")

// boundaries end a clause when looking for its subject.
var boundaries = set(";", ":", "that", "because", "but", "while", "although", "though", "whereas", "if", "when", "after", "before", "since", "—", "–", "--")

var determiners = set("the", "a", "an", "this", "that", "these", "those", "his", "her", "its", "their", "our", "any", "some", "two", "three", "four", "several")

var personPronouns = set("he", "him", "his", "she", "her", "hers", "himself", "herself")

func set(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}
