package repair

// win1252High maps the bytes 0x80–0x9F of "sloppy" Windows-1252, the
// codec ftfy uses: the five bytes Windows-1252 leaves undefined (0x81,
// 0x8D, 0x8F, 0x90, 0x9D) map to the C1 control with the same number,
// as in Latin-1. Bytes 0xA0–0xFF map to U+00A0–U+00FF.
var win1252High = [32]rune{
	0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
	0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
}

// decode1252 decodes one byte as sloppy Windows-1252.
func decode1252(b byte) rune {
	if b >= 0x80 && b <= 0x9F {
		return win1252High[b-0x80]
	}
	return rune(b)
}

// is1252Undefined reports whether Windows-1252 leaves b undefined.
func is1252Undefined(b byte) bool {
	return b == 0x81 || b == 0x8D || b == 0x8F || b == 0x90 || b == 0x9D
}

// encode1252 returns the byte that r came from if text was decoded as
// sloppy Windows-1252 or as Latin-1: U+0000–U+00FF map to themselves
// (so C1 controls from a Latin-1 decoding give back their byte) and
// the 27 Windows-1252 punctuation characters map to 0x80–0x9F.
func encode1252(r rune) (byte, bool) {
	if r < 0x100 {
		return byte(r), r >= 0
	}
	switch r {
	case 0x20AC:
		return 0x80, true
	case 0x201A:
		return 0x82, true
	case 0x0192:
		return 0x83, true
	case 0x201E:
		return 0x84, true
	case 0x2026:
		return 0x85, true
	case 0x2020:
		return 0x86, true
	case 0x2021:
		return 0x87, true
	case 0x02C6:
		return 0x88, true
	case 0x2030:
		return 0x89, true
	case 0x0160:
		return 0x8A, true
	case 0x2039:
		return 0x8B, true
	case 0x0152:
		return 0x8C, true
	case 0x017D:
		return 0x8E, true
	case 0x2018:
		return 0x91, true
	case 0x2019:
		return 0x92, true
	case 0x201C:
		return 0x93, true
	case 0x201D:
		return 0x94, true
	case 0x2022:
		return 0x95, true
	case 0x2013:
		return 0x96, true
	case 0x2014:
		return 0x97, true
	case 0x02DC:
		return 0x98, true
	case 0x2122:
		return 0x99, true
	case 0x0161:
		return 0x9A, true
	case 0x203A:
		return 0x9B, true
	case 0x0153:
		return 0x9C, true
	case 0x017E:
		return 0x9E, true
	case 0x0178:
		return 0x9F, true
	}
	return 0, false
}

// isCont reports whether r stands for a UTF-8 continuation byte
// (0x80–0xBF) when encoded as sloppy Windows-1252.
func isCont(r rune) bool {
	b, ok := encode1252(r)
	return ok && b >= 0x80 && b <= 0xBF
}
