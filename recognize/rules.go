package recognize

import "strings"

// The CoNLL-2003 data has no amounts or dates, so MONEY, PERCENT and
// DATE come from rules over the tokens:
//
//	MONEY    a currency sign or code and a number, optionally a scale
//	         ($10 million, US$2.5 billion, €300,000, EUR 5 bn), or a
//	         number, optional scale and currency word (5 million euros)
//	PERCENT  a number and %, percent or per cent (15%, 90 percent)
//	DATE     month-day-year forms (Jan. 27, 2015; 27 January 2015; March
//	         2013; May 5), a month or weekday after a preposition or
//	         last/next/this/early/late (last May, on Tuesday), a year after
//	         a preposition (in 2014, since 1999), decades (1990s), numeric
//	         dates (2021-07-15, 7/15/2021), yesterday/today/tomorrow, and
//	         last/next/this week/month/year, N days/weeks/months/years ago.

var currencySigns = toSet("$", "US$", "U.S.$", "C$", "CA$", "A$", "AU$", "NZ$", "HK$", "S$", "R$", "MX$", "€", "£", "¥", "₹", "₽", "₩", "₺", "₪", "₦", "฿", "₫", "₱", "Rs", "Rs.")

var currencyCodes = toSet("USD", "EUR", "GBP", "JPY", "CHF", "CNY", "RMB", "RUB", "INR", "CAD", "AUD", "HKD", "BRL", "MXN", "ZAR", "SEK", "NOK", "DKK", "KRW", "TRY", "SGD", "NZD", "VES", "VEF", "NGN", "PLN")

var currencyWords = toSet("dollar", "dollars", "euro", "euros", "pound", "pounds", "sterling", "yen", "yuan", "renminbi", "rupee", "rupees",
	"rouble", "roubles", "ruble", "rubles", "franc", "francs", "peso", "pesos", "real", "reais", "bolivar", "bolivars", "bolívares",
	"cent", "cents", "pence", "won", "lira", "shekel", "shekels", "naira", "rand", "dinar", "dinars", "dirham", "dirhams", "riyal", "riyals")

var scaleWords = toSet("hundred", "thousand", "million", "billion", "trillion", "mln", "bln", "bn", "mn", "m", "b", "k", "tn")

var numberWords = toSet("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
	"fifteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "a", "several", "few", "half")

var months = map[string]bool{ // true: needs context when alone
	"January": false, "February": false, "March": true, "April": true, "May": true, "June": true, "July": false,
	"August": true, "September": false, "October": false, "November": false, "December": false,
	"Jan.": false, "Feb.": false, "Mar.": false, "Apr.": false, "Jun.": false, "Jul.": false, "Aug.": false,
	"Sept.": false, "Sep.": false, "Oct.": false, "Nov.": false, "Dec.": false,
}

var weekdays = toSet("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

// dateContext words make a following month, weekday or year a date;
// dateModifiers are kept in the span.
var dateContext = toSet("in", "In", "since", "Since", "until", "Until", "till", "by", "By", "from", "From", "through", "to",
	"during", "During", "before", "Before", "after", "After", "of", "on", "On", "between", "Between", "around", "and", "or", "late", "early", "mid", "mid-")

var dateModifiers = toSet("last", "next", "this", "Last", "Next", "This", "early", "late", "Early", "Late", "mid", "Mid", "mid-")

var relativeDays = toSet("yesterday", "today", "tomorrow", "Yesterday", "Today", "Tomorrow")

var periods = toSet("week", "month", "year", "weekend", "quarter", "decade", "century", "summer", "winter", "spring", "autumn", "fall")

var periodsPlural = toSet("days", "weeks", "months", "years", "decades", "day", "week", "month", "year", "decade")

func toSet(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// isNumber: digits with , . separators, optionally a scale suffix (5m, 2bn).
func isNumber(w string) bool {
	if w == "" || w[0] < '0' || w[0] > '9' {
		return false
	}
	i := 0
	for i < len(w) && (w[i] >= '0' && w[i] <= '9' || w[i] == ',' || w[i] == '.') {
		i++
	}
	if i == len(w) {
		return w[len(w)-1] != ',' && w[len(w)-1] != '.'
	}
	return scaleWords[strings.ToLower(w[i:])]
}

func isDigits(w string, n int) bool {
	if len(w) != n {
		return false
	}
	for i := 0; i < len(w); i++ {
		if w[i] < '0' || w[i] > '9' {
			return false
		}
	}
	return true
}

func isYear(w string) bool {
	return isDigits(w, 4) && (w[:2] == "19" || w[:2] == "20")
}

func isDay(w string) bool {
	w = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(w, "th"), "st"), "nd"), "rd")
	if !(isDigits(w, 1) || isDigits(w, 2)) {
		return false
	}
	d := int(w[0] - '0')
	if len(w) == 2 {
		d = d*10 + int(w[1]-'0')
	}
	return d >= 1 && d <= 31
}

// isDecade: 1990s, '90s
func isDecade(w string) bool {
	if len(w) == 5 && isYear(w[:4]) && w[3] == '0' && w[4] == 's' {
		return true
	}
	if rest, ok := strings.CutPrefix(w, "'"); ok {
		w = rest
	} else if rest, ok := strings.CutPrefix(w, "’"); ok {
		w = rest
	} else {
		return false
	}
	return len(w) == 3 && isDigits(w[:2], 2) && w[1] == '0' && w[2] == 's'
}

// isNumericDate: 2021-07-15, 15/07/2021, 7/15/21
func isNumericDate(w string) bool {
	sep := byte(0)
	parts := 0
	n := 0
	for i := 0; i < len(w); i++ {
		c := w[i]
		switch {
		case c >= '0' && c <= '9':
			n++
		case (c == '-' || c == '/') && n > 0 && (sep == 0 || sep == c):
			sep = c
			parts++
			n = 0
		default:
			return false
		}
	}
	if n == 0 || parts != 2 {
		return false
	}
	if sep == '-' {
		return len(w) == 10 && isYear(w[:4])
	}
	return true
}

// ruleMention is a rule match over tokens [start, end).
type ruleMention struct {
	start, end int
	label      string
}

// ruleMentions finds MONEY, PERCENT and DATE in one sentence's tokens.
func ruleMentions(ws []string) []ruleMention {
	var out []ruleMention
	add := func(start, end int, label string) {
		if n := len(out); n > 0 {
			start = max(start, out[n-1].end)
		}
		out = append(out, ruleMention{start, end, label})
	}
	at := func(i int) string {
		if i < 0 || i >= len(ws) {
			return ""
		}
		return ws[i]
	}
	lastDateEnd := -10
	for i := 0; i < len(ws); {
		w := ws[i]
		// MONEY: sign or code, number, scale*
		if currencySigns[w] || currencyCodes[w] {
			if j := i + 1; isNumber(at(j)) {
				j++
				for scaleWords[strings.ToLower(at(j))] {
					j++
				}
				add(i, j, "MONEY")
				i = j
				continue
			}
		}
		if isNumber(w) || (numberWords[strings.ToLower(w)] && w != "a") {
			j := i + 1
			for scaleWords[strings.ToLower(at(j))] && len(at(j)) > 1 {
				j++
			}
			switch {
			case currencyWords[strings.ToLower(at(j))] || currencyCodes[at(j)]:
				add(i, j+1, "MONEY")
				i = j + 1
				continue
			case at(j) == "%":
				add(i, j+1, "PERCENT")
				i = j + 1
				continue
			case strings.EqualFold(at(j), "percent") || strings.EqualFold(at(j), "pct"):
				add(i, j+1, "PERCENT")
				i = j + 1
				continue
			case strings.EqualFold(at(j), "per") && strings.EqualFold(at(j+1), "cent"):
				add(i, j+2, "PERCENT")
				i = j + 2
				continue
			case periodsPlural[at(j)] && at(j+1) == "ago":
				add(i, j+2, "DATE")
				lastDateEnd = j + 2
				i = j + 2
				continue
			}
		}
		// DATE
		start := i
		if dateModifiers[at(i-1)] {
			start = i - 1
		}
		ctx := dateContext[at(i-1)] || dateModifiers[at(i-1)]
		if (at(i-1) == "and" || at(i-1) == "or") && lastDateEnd != i-1 {
			ctx = false // "between 2014 and 2018", but not "Smith and 2018"
		}
		if needs, ok := months[w]; ok {
			j := i + 1
			switch {
			case isDay(at(j)) && at(j+1) == "," && isYear(at(j+2)):
				j += 3
			case isDay(at(j)) && !isYear(at(j)):
				j++
			case isYear(at(j)):
				j++
			case at(j) == "," && isYear(at(j+1)):
				j += 2
			}
			dayFirst := isDay(at(i-1)) && !dateModifiers[at(i-1)]
			if dayFirst {
				start = i - 1
			}
			if j > i+1 || dayFirst || !needs || ctx {
				if dayFirst && isYear(at(j)) && j == i+1 {
					j++
				}
				add(start, j, "DATE")
				lastDateEnd = j
				i = j
				continue
			}
		}
		if weekdays[w] {
			add(start, i+1, "DATE")
			lastDateEnd = i + 1
			i++
			continue
		}
		if isYear(w) && (ctx || lastDateEnd == i-1 && (at(i-1) == "," || at(i-1) == "-")) && at(i+1) != "%" && !currencySigns[at(i-1)] {
			add(start, i+1, "DATE")
			lastDateEnd = i + 1
			i++
			continue
		}
		if isDecade(w) {
			if at(i-1) == "the" || at(i-1) == "The" {
				start = i - 1
			}
			add(start, i+1, "DATE")
			i++
			continue
		}
		if isNumericDate(w) || relativeDays[w] {
			add(i, i+1, "DATE")
			lastDateEnd = i + 1
			i++
			continue
		}
		if dateModifiers[w] && periods[at(i+1)] && !strings.HasPrefix(w, "mid") {
			add(i, i+2, "DATE")
			lastDateEnd = i + 2
			i += 2
			continue
		}
		i++
	}
	return out
}
