package segment_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"dossier/segment"
)

type sentenceTest struct {
	Name   string
	Input  string
	Output []string // sentence texts
}

var sentenceTests = []sentenceTest{
	// Plain punctuation.
	{"TwoSentences", "The Treasury imposed sanctions on Monday. The measures target three generals.",
		[]string{"The Treasury imposed sanctions on Monday.", "The measures target three generals."}},
	{"NoFinalPunctuation", "Sanctions list updated", []string{"Sanctions list updated"}},
	{"Empty", "", nil},
	{"OnlySpace", "  \n\t \n ", nil},
	{"NumberStartsSentence", "The raid killed 12 people. 40 more were arrested.",
		[]string{"The raid killed 12 people.", "40 more were arrested."}},
	{"QuestionThenStatement", "Who ordered the payments? Prosecutors believe it was the general.",
		[]string{"Who ordered the payments?", "Prosecutors believe it was the general."}},
	{"InterrobangRun", "Sanctions again?! The opposition could hardly believe it.",
		[]string{"Sanctions again?!", "The opposition could hardly believe it."}},
	{"QuestionThenLowercase", "Why would a general need three passports? the prosecutor asked.",
		[]string{"Why would a general need three passports? the prosecutor asked."}},
	{"CurlyApostrophe", "El Aissami’s assets were frozen. Officials said nothing.",
		[]string{"El Aissami’s assets were frozen.", "Officials said nothing."}},

	// Titles never end a sentence.
	{"TitleGen", "Gen. Néstor Reverol was indicted in 2016. He denies the charges.",
		[]string{"Gen. Néstor Reverol was indicted in 2016.", "He denies the charges."}},
	{"TitleMrMrs", "Mr. Maduro called the sanctions illegal. Mrs. Flores did not comment.",
		[]string{"Mr. Maduro called the sanctions illegal.", "Mrs. Flores did not comment."}},
	{"TitleSenRep", "Sen. Marco Rubio urged tougher measures. Rep. María Salazar agreed.",
		[]string{"Sen. Marco Rubio urged tougher measures.", "Rep. María Salazar agreed."}},
	{"StackedTitles", "Lt. Col. Hugo Carvajal, known as El Pollo, was arrested in Madrid.",
		[]string{"Lt. Col. Hugo Carvajal, known as El Pollo, was arrested in Madrid."}},
	{"TitleDrProf", "Dr. Ana Ruiz and Prof. Tomás Ortega testified before the committee.",
		[]string{"Dr. Ana Ruiz and Prof. Tomás Ortega testified before the committee."}},
	{"TitleBeforeStarterWord", "The decree was signed by Gov. The Hague's envoy later that day.",
		[]string{"The decree was signed by Gov. The Hague's envoy later that day."}},
	{"TitleAllCaps", "GEN. PADRINO DENIES CHARGES", []string{"GEN. PADRINO DENIES CHARGES"}},
	{"TitleAcrossLineBreak", "The order was signed by Gen.\nPadrino on Monday.",
		[]string{"The order was signed by Gen.\nPadrino on Monday."}},
	{"TitleAtParagraphEnd", "The statement was signed by Gen.\n\nCarvajal's lawyers disputed it.",
		[]string{"The statement was signed by Gen.", "Carvajal's lawyers disputed it."}},

	// Company and name suffixes: a break only before a sentence starter.
	{"LtdBeforeThe", "The tanker was chartered by Blue Ocean Shipping Ltd. The vessel later vanished.",
		[]string{"The tanker was chartered by Blue Ocean Shipping Ltd.", "The vessel later vanished."}},
	{"IncMidSentence", "Acme Holdings Inc. said it would appeal the ruling.",
		[]string{"Acme Holdings Inc. said it would appeal the ruling."}},
	{"IncPossessive", "Acme Inc.'s chief executive resigned.", []string{"Acme Inc.'s chief executive resigned."}},
	{"CoMidSentence", "Funds moved through Hernández & Co. in Panama before reaching Caracas.",
		[]string{"Funds moved through Hernández & Co. in Panama before reaching Caracas."}},
	{"JrMid", "Martín Sánchez Jr. was also named in the indictment.",
		[]string{"Martín Sánchez Jr. was also named in the indictment."}},
	{"JrEnd", "The indictment names Martín Sánchez Jr. He is believed to be in Colombia.",
		[]string{"The indictment names Martín Sánchez Jr.", "He is believed to be in Colombia."}},
	{"CorpInsideBrackets", "The shipments went through a front company (Delta Trading Co.) Prosecutors say the cartel controlled it.",
		[]string{"The shipments went through a front company (Delta Trading Co.)", "Prosecutors say the cartel controlled it."}},
	{"LtdBeforeQuotedStarter", `The tanker belonged to Oriente Shipping Ltd. "The vessel was never ours," a spokesman said.`,
		[]string{"The tanker belonged to Oriente Shipping Ltd.", `"The vessel was never ours," a spokesman said.`}},
	{"EtAl", "The study by Moreno et al. found that most transfers went through Panama.",
		[]string{"The study by Moreno et al. found that most transfers went through Panama."}},

	// Initialisms and initials.
	{"USMid", "The U.S. government froze the assets.", []string{"The U.S. government froze the assets."}},
	{"USBeforeStarter", "The ministers flew to the U.S. They met Treasury officials on Friday.",
		[]string{"The ministers flew to the U.S.", "They met Treasury officials on Friday."}},
	{"USBeforeName", "Officials in the U.S. Treasury Department declined to comment.",
		[]string{"Officials in the U.S. Treasury Department declined to comment."}},
	{"UKBeforeIt", "The yacht was seized in the U.K. It had been registered in Malta.",
		[]string{"The yacht was seized in the U.K.", "It had been registered in Malta."}},
	{"UNMid", "The U.N. Security Council met in closed session.", []string{"The U.N. Security Council met in closed session."}},
	{"EUThenName", "E.U. foreign ministers agreed on new measures. Hungary abstained.",
		[]string{"E.U. foreign ministers agreed on new measures.", "Hungary abstained."}},
	{"DCBeforeIn", "The hearing took place in Washington, D.C. In attendance were two generals.",
		[]string{"The hearing took place in Washington, D.C.", "In attendance were two generals."}},
	{"DottedInitialism", "The A.B.C. cartel was dismantled in 2019.", []string{"The A.B.C. cartel was dismantled in 2019."}},
	{"PhD", "She earned a Ph.D. in economics before joining the central bank.",
		[]string{"She earned a Ph.D. in economics before joining the central bank."}},
	{"Initial", "John F. Kennedy Airport was closed for hours.", []string{"John F. Kennedy Airport was closed for hours."}},
	{"ThreeInitials", "A novel by J. R. R. Tolkien was found in the general's library.",
		[]string{"A novel by J. R. R. Tolkien was found in the general's library."}},
	{"AmPmMid", "The raid began at 5 a.m. local time and ended at 11 p.m. on Sunday.",
		[]string{"The raid began at 5 a.m. local time and ended at 11 p.m. on Sunday."}},
	{"PmEnd", "Polls closed at 6 p.m. The count began immediately.",
		[]string{"Polls closed at 6 p.m.", "The count began immediately."}},

	// Other abbreviations.
	{"EG", "Several banks, e.g. Banco Delta, processed the transfers.",
		[]string{"Several banks, e.g. Banco Delta, processed the transfers."}},
	{"IEBeforeThe", "The shell firms, i.e. The Orinoco Group and its affiliates, were listed.",
		[]string{"The shell firms, i.e. The Orinoco Group and its affiliates, were listed."}},
	{"Versus", "The case, United States vs. Carvajal, opens in New York.",
		[]string{"The case, United States vs. Carvajal, opens in New York."}},
	{"LegalV", "The case Venezuela v. Crystallex was decided in Delaware.",
		[]string{"The case Venezuela v. Crystallex was decided in Delaware."}},
	{"NoBeforeDigit", "He was listed as No. 3 on the DEA's most-wanted list.",
		[]string{"He was listed as No. 3 on the DEA's most-wanted list."}},
	{"NoAsWord", "Asked whether he would resign, he said no. The interview ended.",
		[]string{"Asked whether he would resign, he said no.", "The interview ended."}},
	{"Nos", "See Executive Orders Nos. 13692 and 13850 for details.",
		[]string{"See Executive Orders Nos. 13692 and 13850 for details."}},
	{"SaintMid", "The bank's branch on St. Michael's Square was raided.",
		[]string{"The bank's branch on St. Michael's Square was raided."}},
	{"StreetEnd", "The office is on Bolívar St. The landlord was not charged.",
		[]string{"The office is on Bolívar St.", "The landlord was not charged."}},
	{"Months", "The order took effect on Jan. 15 and expires on Dec. 31, 2025.",
		[]string{"The order took effect on Jan. 15 and expires on Dec. 31, 2025."}},
	{"Sept", "On Sept. 30 the ministry published a new list.", []string{"On Sept. 30 the ministry published a new list."}},
	{"Mar", "The vote is set for Mar. 3 in Caracas.", []string{"The vote is set for Mar. 3 in Caracas."}},
	{"EtcEnd", "The cartel smuggled fuel, gold, cattle, etc. Its profits were laundered in Panama.",
		[]string{"The cartel smuggled fuel, gold, cattle, etc.", "Its profits were laundered in Panama."}},
	{"EtcMid", "Fuel, gold, etc. were seized at the border.", []string{"Fuel, gold, etc. were seized at the border."}},
	{"StateAbbrevComma", "The company, based in San Diego, Calif., denied the allegations.",
		[]string{"The company, based in San Diego, Calif., denied the allegations."}},
	{"Approx", "The shipment weighed approx. 2 tonnes.", []string{"The shipment weighed approx. 2 tonnes."}},
	{"UnknownAbbrevLowercase", "He met the gov. and the mayor.", []string{"He met the gov. and the mayor."}},

	// Numbers.
	{"Decimals", "Exports fell 10.5 percent to $3.2 billion in 2023.",
		[]string{"Exports fell 10.5 percent to $3.2 billion in 2023."}},
	{"Money", "The fine of $1.5 million was paid. Another $2.3 million is pending.",
		[]string{"The fine of $1.5 million was paid.", "Another $2.3 million is pending."}},
	{"Percent", "Inflation reached 3.5%. Prices rose again in March.",
		[]string{"Inflation reached 3.5%.", "Prices rose again in March."}},
	{"Version", "The regulator released v2.0 of the screening list on Tuesday.",
		[]string{"The regulator released v2.0 of the screening list on Tuesday."}},
	{"TimeAndDate", "At 3:30 on 2021-07-15 the convoy crossed. Nobody stopped it.",
		[]string{"At 3:30 on 2021-07-15 the convoy crossed.", "Nobody stopped it."}},

	// Ellipses.
	{"EllipsisLowercase", "He paused... and then denied everything.", []string{"He paused... and then denied everything."}},
	{"EllipsisCapital", "The general hesitated… Then he signed the confession.",
		[]string{"The general hesitated…", "Then he signed the confession."}},
	{"SpacedEllipsis", "The minister said . . . nothing at all.", []string{"The minister said . . . nothing at all."}},

	// Quotes and brackets.
	{"ClosingQuoteJoinsSentence", `He said "no." Then he left the room.`,
		[]string{`He said "no."`, "Then he left the room."}},
	{"CurlyQuotes", "“We will not negotiate with criminals.” The minister left the podium.",
		[]string{"“We will not negotiate with criminals.”", "The minister left the podium."}},
	{"QuoteComma", `"I did nothing wrong," Cabello said.`, []string{`"I did nothing wrong," Cabello said.`}},
	{"QuoteSpansSentences", `"I did nothing wrong. This is a lie," he said.`,
		[]string{`"I did nothing wrong.`, `This is a lie," he said.`}},
	{"QuestionAttribution", `"Where did the money go?" asked the prosecutor.`,
		[]string{`"Where did the money go?" asked the prosecutor.`}},
	{"ExclamationNameVerb", `"Enough!" Maduro shouted.`, []string{`"Enough!" Maduro shouted.`}},
	{"QuestionTitleNameVerb", `"Where is the money?" Sen. Rubio asked. Nobody answered.`,
		[]string{`"Where is the money?" Sen. Rubio asked.`, "Nobody answered."}},
	{"SplitQuote", "“Enough,” said Gen. Padrino, “is enough.”", []string{"“Enough,” said Gen. Padrino, “is enough.”"}},
	{"SingleQuotes", "He called it ‘a farce.’ The court disagreed.",
		[]string{"He called it ‘a farce.’", "The court disagreed."}},
	{"OpeningQuoteAfterPeriod", `The court ruled. "We will appeal," the lawyer said.`,
		[]string{"The court ruled.", `"We will appeal," the lawyer said.`}},
	{"Parenthetical", "(See the full list below.) Next, the ministry published names.",
		[]string{"(See the full list below.)", "Next, the ministry published names."}},
	{"ParenthesisLowercase", "The colonel (he was promoted in 2015.) remained in office.",
		[]string{"The colonel (he was promoted in 2015.) remained in office."}},
	{"OpeningParenthesis", "The bank denied wrongdoing. (Reporting by Ana Gómez.)",
		[]string{"The bank denied wrongdoing.", "(Reporting by Ana Gómez.)"}},

	// URLs.
	{"URLAtEnd", "The list is published at https://ofac.treasury.gov. It is updated daily.",
		[]string{"The list is published at https://ofac.treasury.gov.", "It is updated daily."}},
	{"EmailAtEnd", "Tips can be sent to tips@example.org. The agency pays rewards.",
		[]string{"Tips can be sent to tips@example.org.", "The agency pays rewards."}},

	// Lines and paragraphs.
	{"ParagraphBreak", "Sanctions imposed on Venezuelan generals\n\nWASHINGTON — The U.S. Treasury acted on Monday.",
		[]string{"Sanctions imposed on Venezuelan generals", "WASHINGTON — The U.S. Treasury acted on Monday."}},
	{"CRLFParagraphs", "First paragraph ends here.\r\n\r\nSecond paragraph starts here",
		[]string{"First paragraph ends here.", "Second paragraph starts here"}},
	{"HeadlineLine", "Cartel leader extradited to the United States\nBOGOTA (Reuters) - Colombia extradited a cartel leader on Friday.",
		[]string{"Cartel leader extradited to the United States", "BOGOTA (Reuters) - Colombia extradited a cartel leader on Friday."}},
	{"AllCapsHeadline", "BREAKING: U.S. SANCTIONS PDVSA\nThe Treasury acted on Monday.",
		[]string{"BREAKING: U.S. SANCTIONS PDVSA", "The Treasury acted on Monday."}},
	{"WrappedLowercase", "The Treasury Department said the\nmeasures target officials who profited.",
		[]string{"The Treasury Department said the\nmeasures target officials who profited."}},
	{"WrappedAfterConnector", "Sanctions were imposed by the\nUnited States on Tuesday.",
		[]string{"Sanctions were imposed by the\nUnited States on Tuesday."}},
	{"WrappedAfterComma", "The funds went to Panama,\nBelize and the Bahamas.",
		[]string{"The funds went to Panama,\nBelize and the Bahamas."}},
	{"BulletList", "The sanctioned officials are:\n• Diosdado Cabello\n• Tareck El Aissami\n• Vladimir Padrino López",
		[]string{"The sanctioned officials are:", "• Diosdado Cabello", "• Tareck El Aissami", "• Vladimir Padrino López"}},
	{"NumberedList", "1. Freeze all assets\n2. Ban travel to the U.S.\n3. Block transactions",
		[]string{"1. Freeze all assets", "2. Ban travel to the U.S.", "3. Block transactions"}},
	{"HardWrappedParagraph", "Venezuelan prosecutors said on Tuesday that the\n" +
		"network moved gold through Aruba and Curacao before\n" +
		"selling it in Turkey. The general denied it.\n" +
		"Gold smuggling\n" +
		"Officials in Caracas said the mines were under\n" +
		"military control.",
		[]string{"Venezuelan prosecutors said on Tuesday that the\nnetwork moved gold through Aruba and Curacao before\nselling it in Turkey.",
			"The general denied it.", "Gold smuggling", "Officials in Caracas said the mines were under\nmilitary control."}},
	{"Dateline", "CARACAS — Venezuela's top court ruled on Tuesday.", []string{"CARACAS — Venezuela's top court ruled on Tuesday."}},
	{"HeadlineEndsWithInitialism", "Maduro Blasts U.S.\nCARACAS (Reuters) — Venezuela rejected the measures.",
		[]string{"Maduro Blasts U.S.", "CARACAS (Reuters) — Venezuela rejected the measures."}},
	{"HeadlineBylineDateline", "Venezuela frees opposition leader\nBy Ana Gómez\nCARACAS, March 3 (Reuters) - Authorities freed him on Friday.",
		[]string{"Venezuela frees opposition leader", "By Ana Gómez", "CARACAS, March 3 (Reuters) - Authorities freed him on Friday."}},
	{"LetteredList", "The agreement covers:\n(a) gold\n(b) oil",
		[]string{"The agreement covers:", "(a) gold", "(b) oil"}},
	{"TitleAtLineEnd", "The sanctions were announced by\nSen. Rubio.", []string{"The sanctions were announced by\nSen. Rubio."}},
	{"CivilianTitleAfterInc", "The money was wired from Acme Inc. Mr. Ortiz denied knowing about it.",
		[]string{"The money was wired from Acme Inc.", "Mr. Ortiz denied knowing about it."}},
	{"RankAfterUS", "The raid was led by U.S. Gen. Laura Hinds and lasted an hour.",
		[]string{"The raid was led by U.S. Gen. Laura Hinds and lasted an hour."}},
	{"PopulationBeforeDigit", "Venezuela (pop. 28 million) exports little else.", []string{"Venezuela (pop. 28 million) exports little else."}},
	{"StateAfterHyphen", "The bill was written by Sen. Rick Vance, R-Fla. The vote is on Friday.",
		[]string{"The bill was written by Sen. Rick Vance, R-Fla.", "The vote is on Friday."}},
}

func TestSentences(t *testing.T) {
	for _, tt := range sentenceTests {
		t.Run(tt.Name, func(t *testing.T) {
			var got []string
			for _, s := range segment.Sentences(tt.Input) {
				got = append(got, s.Text(tt.Input))
			}
			if !reflect.DeepEqual(got, tt.Output) {
				t.Errorf("Sentences(%q)\n got: %q\nwant: %q", tt.Input, got, tt.Output)
			}
		})
	}
}

type tokenTest struct {
	Name   string
	Input  string
	Output []string // token texts
}

var tokenTests = []tokenTest{
	{"Money", "$10 million", []string{"$", "10", "million"}},
	{"PercentWord", "90 percent", []string{"90", "percent"}},
	{"PercentSign", "90% and -5.2%", []string{"90", "%", "and", "-5.2", "%"}},
	{"Currencies", "€5bn, £3 and US$2", []string{"€", "5bn", ",", "£", "3", "and", "US$", "2"}},
	{"Possessive", "Cabello's and El Aissami’s", []string{"Cabello", "'s", "and", "El", "Aissami", "’s"}},
	{"PluralPossessive", "Venezuelans’ assets", []string{"Venezuelans", "’", "assets"}},
	{"Contractions", "don't can't won’t isn't", []string{"do", "n't", "ca", "n't", "wo", "n’t", "is", "n't"}},
	{"AllCapsClitics", "CABELLO'S DIDN'T", []string{"CABELLO", "'S", "DID", "N'T"}},
	{"OtherClitics", "we'll they're I've she'd", []string{"we", "'ll", "they", "'re", "I", "'ve", "she", "'d"}},
	{"Apostrophes", "O'Brien, Côte d'Ivoire", []string{"O'Brien", ",", "Côte", "d'Ivoire"}},
	{"Initialisms", "U.S. U.K. a.m. Ph.D. A.B.C.", []string{"U.S.", "U.K.", "a.m.", "Ph.D.", "A.B.C."}},
	{"Titles", "Mr. Maduro met Gen. Padrino on St. Mark's Day", []string{"Mr.", "Maduro", "met", "Gen.", "Padrino", "on", "St.", "Mark", "'s", "Day"}},
	{"NumberAbbrev", "No. 2, but no. Art. 5", []string{"No.", "2", ",", "but", "no", ".", "Art.", "5"}},
	{"PeriodSplit", "The end.", []string{"The", "end", "."}},
	{"Initials", "J. R. R. Tolkien", []string{"J.", "R.", "R.", "Tolkien"}},
	{"Numbers", "10.5 1,000,000 2021-07-15 3:30 07/15/2021", []string{"10.5", "1,000,000", "2021-07-15", "3:30", "07/15/2021"}},
	{"NumberEndsSentence", "rose 10.5.", []string{"rose", "10.5", "."}},
	{"Decades", "'90s 1990s", []string{"'90s", "1990s"}},
	{"Hyphens", "e-mail anti-corruption Jean-Pierre U.S.-led anti-U.S.", []string{"e-mail", "anti-corruption", "Jean-Pierre", "U.S.-led", "anti-U.S."}},
	{"DanglingHyphen", "pre- and post-war", []string{"pre-", "and", "post-war"}},
	{"ASCIIQuotes", `"Yes," she said.`, []string{`"`, "Yes", ",", `"`, "she", "said", "."}},
	{"CurlyQuotes", "“No” ‘maybe’ «jamás»", []string{"“", "No", "”", "‘", "maybe", "’", "«", "jamás", "»"}},
	{"QuoteAfterColon", "said:“We", []string{"said", ":", "“", "We"}},
	{"QuoteAfterPeriod", "end.”", []string{"end", ".", "”"}},
	{"Brackets", "(Reuters) [sic] {x}", []string{"(", "Reuters", ")", "[", "sic", "]", "{", "x", "}"}},
	{"Ellipses", "Wait... what… ...and", []string{"Wait", "...", "what", "…", "...", "and"}},
	{"Dashes", "cartel--and the army—both 2019–2020", []string{"cartel", "--", "and", "the", "army", "—", "both", "2019", "–", "2020"}},
	{"URL", "See https://ofac.treasury.gov/sdn-list.", []string{"See", "https://ofac.treasury.gov/sdn-list", "."}},
	{"URLInParens", "(www.treasury.gov/a_(b)).", []string{"(", "www.treasury.gov/a_(b)", ")", "."}},
	{"URLQuery", "https://example.com/search?q=pdvsa&page=2,", []string{"https://example.com/search?q=pdvsa&page=2", ","}},
	{"Email", "Write to press@treasury.gov.", []string{"Write", "to", "press@treasury.gov", "."}},
	{"HandleHashtag", "@USTreasury #Venezuela!", []string{"@USTreasury", "#Venezuela", "!"}},
	{"Ampersand", "AT&T and S&P & more", []string{"AT&T", "and", "S&P", "&", "more"}},
	{"Interrobang", "Really?!", []string{"Really", "?", "!"}},
	{"AbbrevThenComma", "Acme Inc., Delta Corp.)", []string{"Acme", "Inc.", ",", "Delta", "Corp.", ")"}},
	{"DigitCommaInfix", "10:30, 5,000,and", []string{"10:30", ",", "5,000", ",", "and"}},
	{"InvalidUTF8", "\xffabc a\xfeb", []string{"\xff", "abc", "a\xfeb"}},
	{"NoBreakSpace", "10\u00a0million\u2003dollars", []string{"10", "million", "dollars"}},
	{"BOM", "\ufeffThe", []string{"\ufeff", "The"}},
}

func TestTokens(t *testing.T) {
	for _, tt := range tokenTests {
		t.Run(tt.Name, func(t *testing.T) {
			var got []string
			for _, tok := range segment.Tokens(tt.Input) {
				got = append(got, tok.Text(tt.Input))
			}
			if !reflect.DeepEqual(got, tt.Output) {
				t.Errorf("Tokens(%q)\n got: %q\nwant: %q", tt.Input, got, tt.Output)
			}
		})
	}
}

func TestKinds(t *testing.T) {
	text := `Gen. Cabello's $10.5 million (90%) “fine” https://x.org #tag — 1,000 &`
	want := "Word Word Word Symbol Number Word Punct Number Symbol Punct Quote Word Quote URL Other Punct Number Symbol"
	var got []string
	for _, tok := range segment.Tokens(text) {
		got = append(got, tok.Kind.String())
	}
	if g := strings.Join(got, " "); g != want {
		t.Errorf("kinds\n got: %s\nwant: %s", g, want)
	}
}

func TestSentenceTokens(t *testing.T) {
	text := "Gen. Padrino met Mr. Maduro. They agreed.\n\nNothing changed"
	var all []segment.Token
	for _, s := range segment.Sentences(text) {
		all = append(all, s.Tokens...)
		if s.Start != s.Tokens[0].Start || s.End != s.Tokens[len(s.Tokens)-1].End {
			t.Errorf("sentence %q spans [%d,%d), tokens [%d,%d)", s.Text(text), s.Start, s.End,
				s.Tokens[0].Start, s.Tokens[len(s.Tokens)-1].End)
		}
	}
	if !reflect.DeepEqual(all, segment.Tokens(text)) {
		t.Errorf("sentence tokens differ from Tokens")
	}
}

func TestTextClamps(t *testing.T) {
	tok := segment.Token{Start: 3, End: 50}
	if got := tok.Text("short"); got != "rt" {
		t.Errorf("Text = %q, want %q", got, "rt")
	}
	s := segment.Sentence{Start: -4, End: 2}
	if got := s.Text("short"); got != "sh" {
		t.Errorf("Text = %q, want %q", got, "sh")
	}
}

func ExampleSentences() {
	text := `Gen. Néstor Reverol was indicted in the U.S. He denies the charges. "It is a lie," he said.`
	for _, s := range segment.Sentences(text) {
		fmt.Println(s.Text(text))
	}
	// Output:
	// Gen. Néstor Reverol was indicted in the U.S.
	// He denies the charges.
	// "It is a lie," he said.
}

func ExampleTokens() {
	text := "Cabello's $10.5 million didn't move."
	for _, tok := range segment.Tokens(text) {
		fmt.Printf("%s/%s ", tok.Text(text), tok.Kind)
	}
	fmt.Println()
	// Output:
	// Cabello/Word 's/Word $/Symbol 10.5/Number million/Word did/Word n't/Word move/Word ./Punct
}
