package segment_test

import (
	"strings"
	"sync"
	"testing"

	"dossier/segment"
)

// benchParagraphs are written for these benchmarks in the style of wire
// copy about sanctions and organized crime.
var benchParagraphs = []string{
	"Sanctions target Venezuelan generals over gold smuggling",
	"WASHINGTON (Reuters) — The U.S. Treasury Department on Tuesday imposed sanctions on three senior Venezuelan military officers, including Gen. Ramón Ortiz Belisario, accusing them of running a gold-smuggling network worth more than $240 million. The measures freeze any assets the men hold in the U.S. and bar Americans from dealing with them.",
	"“These officers enriched themselves while ordinary Venezuelans went hungry,” Deputy Secretary Ana Whitfield said in a statement. She said the network shipped gold from mines in Bolívar state through Aruba and Curaçao to refiners in the U.A.E. and Turkey.",
	"Mr. Ortiz, 58, did not respond to a request for comment. His lawyer, Dr. Julio Márquez, called the allegations “a political fabrication” and said his client would challenge them. The Venezuelan government’s communications ministry said on Twitter (@MinComunicacion) that the move was illegal.",
	"According to the Treasury, the officers used front companies such as Orinoco Minerals Ltd. and Delta Andes Trading Co. to move the metal. Payments of up to 3.5% of each shipment’s value were routed through banks in Panama, e.g. Banco Istmo, between Jan. 2019 and Sept. 2022. The firms’ filings are available at https://home.treasury.gov/news/press-releases.",
	"Sen. Marco Delgado, a Republican from Florida, welcomed the decision. “It’s about time,” he said. “Why did it take four years?” Others were more cautious... Analysts at the Center for Strategic Studies estimated that 70 percent of Venezuela's gold output leaves the country illegally.",
	"The sanctions come as Washington weighs whether to extend a license that lets Chevron Corp. pump oil in the country. The license, No. 41, expires on Nov. 26. A Chevron spokesman declined to comment. Oil exports rose 12.4% to about 750,000 barrels a day in 2023, according to data compiled by the U.N. agency and independent analysts.",
	"Separately, prosecutors in New York unsealed an indictment against Luis E. Carrasco Jr., a former National Guard colonel, on cocaine-trafficking charges. The indictment says he helped the Cartel of the Suns move at least 5 tonnes of cocaine between 2014 and 2018. If convicted, he faces 10 years to life in prison. He remains at large and is believed to be in Colombia.",
	"The State Department is offering a reward of up to $10 million for information leading to his arrest. Tips can be sent to tips@example.org, it said. In a separate case, a Miami jury on Friday convicted businessman Álex N. Pardo of laundering $1.2 billion stolen from PDVSA, the state oil company; he didn't testify.",
	"Key facts:\n• 3 officers sanctioned\n• 2 companies listed\n• $240 million in gold",
	"Venezuela has been under U.S. sanctions since 2017. The E.U. and the U.K. have imposed their own measures, including asset freezes and travel bans on 55 officials. Canada, Switzerland and Panama have followed suit. (Reporting by Ana Gómez in Caracas and Tom Reyes in Washington; editing by Paul O'Neil.)",
}

var benchOnce = sync.OnceValue(func() string {
	var b strings.Builder
	for b.Len() < 100_000 {
		for _, p := range benchParagraphs {
			b.WriteString(p)
			b.WriteString("\n\n")
		}
	}
	return b.String()
})

func benchText() string { return benchOnce() }

func BenchmarkSentences(b *testing.B) {
	text := benchText()
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		segment.Sentences(text)
	}
}

func BenchmarkTokens(b *testing.B) {
	text := benchText()
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		segment.Tokens(text)
	}
}
