package attribute

import (
	"dossier/internal/featurehash"
	"strings"
)

// cueClass is what the cue lexicon says about a word.
type cueClass uint8

const (
	noCue     cueClass = iota
	speechCue          // verbs of saying and reporting: said, told, denied, wrote
	mindCue            // verbs of belief, stance and intention: believes, fears, wants
	accordCue          // "according" before "to"
	nounCue            // nouns that carry speech: statement, interview, remarks
	sourceCue          // nouns that name sources: spokesman, officials, aides
	numCueClasses
)

// Verbs are listed by base form; regular inflections are derived by
// inflect. An entry with spaces gives every form itself (base, third
// person, past, past participle if different, -ing): irregular verbs and
// those that double their last consonant.
var (
	speechVerbs = []string{
		"say says said saying", "tell tells told telling",
		"write writes wrote written writing", "speak speaks spoke spoken speaking",
		"add", "state", "claim", "allege", "accuse", "deny", "report", "charge",
		"announce", "declare", "explain", "note", "argue", "insist", "assert",
		"confirm", "admit admits admitted admitting", "acknowledge", "warn",
		"tweet", "post", "reply", "respond", "ask", "suggest", "testify",
		"disclose", "reveal", "concede", "contend", "maintain", "predict",
		"promise", "vow", "pledge", "urge", "describe", "recall", "estimate",
		"indicate", "emphasize", "stress", "complain", "criticize", "blame",
		"praise", "cite", "quote", "mention", "remark", "comment", "shout",
		"exclaim", "whisper", "repeat", "threaten", "boast", "brag brags bragged bragging",
		"conclude", "decline", "refuse", "demand", "propose", "recommend",
		"advise", "inform", "notify", "observe", "point", "mock", "dismiss",
		"reject", "defend", "endorse", "attack", "condemn", "denounce",
		"question", "challenge", "dispute", "counter", "rebut", "retort",
		"quip quips quipped quipping", "joke", "scoff", "insinuate", "imply",
		"hint", "swear swears swore sworn swearing", "acknowledge", "concur",
		"agree", "disagree", "apologize", "thank", "congratulate", "welcome",
		"call", "label", "brand", "tout", "hail", "slam slams slammed slamming",
		"blast", "lash", "rip rips ripped ripping", "accuse", "contradict",
		"conclude", "find finds found finding", "show shows showed shown showing",
		"predict", "forecast", "project", "calculate", "count", "survey",
		"poll", "caution", "advocate", "lament", "bemoan", "proclaim",
		"pronounce", "instruct", "order", "direct", "request", "beg begs begged begging",
		"plead", "pray", "preach", "lecture", "brief", "tell", "relate",
		"narrate", "recount", "document", "publish", "broadcast", "air",
		"announce", "signal", "tweet", "text", "email", "e-mail", "message",
		"answer", "continue", "elaborate", "clarify", "specify", "detail",
		"outline", "summarize", "characterize", "portray", "depict", "frame",
		"cry cries cried crying", "yell", "scream", "mutter", "murmur",
	}
	mindVerbs = []string{
		"think thinks thought thinking", "believe", "know knows knew known knowing",
		"feel feels felt feeling", "hope", "want", "expect", "fear", "worry",
		"doubt", "suspect", "assume", "consider", "understand understands understood understanding",
		"realize", "wonder", "seem", "appear", "plan plans planned planning",
		"intend", "wish", "decide", "prefer prefers preferred preferring",
		"support", "oppose", "favor", "like", "love", "hate", "dislike",
		"see sees saw seen seeing", "view", "regard", "judge", "reckon",
		"figure", "guess", "imagine", "suppose", "trust", "accept", "recognize",
		"acknowledge", "agree", "disagree", "learn learns learned learnt learning",
		"discover", "notice", "remember", "forget forgets forgot forgotten forgetting",
		"insist", "aim", "seek seeks sought seeking", "try tries tried trying",
		"hesitate", "refuse", "vote", "back", "embrace", "reject", "question",
		"admire", "respect", "resent", "regret regrets regretted regretting",
	}
	accordWords = []string{"according"}
	speechNouns = []string{
		"statement", "statements", "interview", "interviews", "remarks",
		"remark", "comment", "comments", "tweet", "tweets", "speech",
		"speeches", "testimony", "claim", "claims", "allegation",
		"allegations", "accusation", "accusations", "report", "reports",
		"memo", "letter", "release", "announcement", "assertion",
		"assertions", "argument", "view", "views", "opinion", "belief",
		"beliefs", "message", "post", "op-ed", "essay", "poll", "polls",
		"survey", "study", "analysis", "estimate", "estimates", "warning",
		"denial", "complaint", "lawsuit", "filing", "indictment",
		"affidavit", "transcript", "briefing", "press", "conference",
		"rally", "debate", "podcast", "broadcast", "editorial", "column",
		"words", "quote", "quotes", "promise", "pledge", "vow",
	}
	sourceNouns = []string{
		"spokesman", "spokeswoman", "spokesperson", "spokesmen",
		"spokeswomen", "spokespeople", "official", "officials", "source",
		"sources", "aide", "aides", "adviser", "advisers", "advisor",
		"advisors", "analyst", "analysts", "expert", "experts", "lawyer",
		"lawyers", "attorney", "attorneys", "prosecutor", "prosecutors",
		"investigator", "investigators", "witness", "witnesses",
		"spokesmen", "representative", "representatives", "critics",
		"critic", "supporters", "supporter", "observers", "insiders",
		"insider", "person", "people", "campaign", "officer", "officers",
		"agency", "ministry", "department", "government", "police",
		"minister", "president", "senator", "governor", "chairman",
		"secretary", "director", "leader", "leaders",
	}
)

// inflect returns a verb's forms: those listed in an entry with spaces,
// or the base with regular third-person, past and -ing endings.
func inflect(entry string) []string {
	if strings.Contains(entry, " ") {
		return strings.Fields(entry)
	}
	b := entry
	n := len(b)
	last := b[n-1]
	consY := last == 'y' && n > 1 && !strings.ContainsRune("aeiou", rune(b[n-2]))
	var s, ed, ing string
	switch {
	case consY:
		s, ed, ing = b[:n-1]+"ies", b[:n-1]+"ied", b+"ing"
	case strings.HasSuffix(b, "ie"):
		s, ed, ing = b+"s", b+"d", b[:n-2]+"ying"
	case strings.HasSuffix(b, "ee"):
		s, ed, ing = b+"s", b+"d", b+"ing"
	case last == 'e':
		s, ed, ing = b+"s", b+"d", b[:n-1]+"ing"
	case strings.HasSuffix(b, "s") || strings.HasSuffix(b, "x") || strings.HasSuffix(b, "z") ||
		strings.HasSuffix(b, "ch") || strings.HasSuffix(b, "sh"):
		s, ed, ing = b+"es", b+"ed", b+"ing"
	default:
		s, ed, ing = b+"s", b+"ed", b+"ing"
	}
	return []string{b, s, ed, ing}
}

// lexicon maps the lowercase form of a word, by hashLower, to its cue
// class. Speech outranks mind, which outranks the nouns, when a form is
// listed twice ("claims" is a speech verb before it is a noun).
var lexicon = func() map[uint64]cueClass {
	m := make(map[uint64]cueClass, 1024)
	put := func(w string, c cueClass) {
		h := featurehash.String(w)
		if old, ok := m[h]; !ok || c < old {
			m[h] = c
		}
	}
	for _, e := range speechVerbs {
		for _, w := range inflect(e) {
			put(w, speechCue)
		}
	}
	for _, e := range mindVerbs {
		for _, w := range inflect(e) {
			put(w, mindCue)
		}
	}
	for _, w := range accordWords {
		put(w, accordCue)
	}
	for _, w := range speechNouns {
		put(w, nounCue)
	}
	for _, w := range sourceNouns {
		put(w, sourceCue)
	}
	return m
}()

// lexiconFingerprint identifies the lexicon and the feature templates, so
// that a model trained with other ones is refused by Load.
var lexiconFingerprint = func() uint64 {
	h := featurehash.String(featureVersion) + numTemplates<<32 + numLabels
	for _, list := range [][]string{speechVerbs, mindVerbs, accordWords, speechNouns, sourceNouns} {
		for _, w := range list {
			h = featurehash.Mix(h ^ featurehash.String(w))
		}
		h = featurehash.Mix(h + 1)
	}
	return h
}()
