package repair

import (
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// FuzzRepair checks properties of every repair:
//
//   - the output is valid UTF-8 in NFC, with no C0 control other than
//     tab and LF, no CR, no C1 control and no U+200B, U+FEFF, U+00AD,
//     U+2028 or U+2029;
//   - repair is idempotent: repairing the output changes nothing;
//   - Report.Changed is true exactly when the text changed, and Bytes
//     agrees with String;
//   - plain text is returned unchanged: valid NFC UTF-8 without '&',
//     controls or invisible characters, and without any character that
//     Windows-1252 encodes as 0x80–0xBF (the bytes a mojibake sequence
//     continues with) or "Ã " / "Â ", cannot hold mojibake.
func FuzzRepair(f *testing.F) {
	for _, tt := range allCases() {
		f.Add(tt.in)
	}
	f.Add("Ã¢â‚¬â€œ \xc3\x83\xc2\xa9 &amp;amp;mdash; \r\n\u200d")
	f.Fuzz(func(t *testing.T, in string) {
		out, rep := String(in)
		if !utf8.ValidString(out) {
			t.Fatalf("String(%q) = %q: invalid UTF-8", in, out)
		}
		if !norm.NFC.IsNormalString(out) {
			t.Fatalf("String(%q) = %q: not NFC", in, out)
		}
		for i, r := range out {
			if r < 0x20 && r != '\t' && r != '\n' || r >= 0x7F && r <= 0x9F ||
				r == 0x200B || r == 0xFEFF || r == 0xAD || r == 0x2028 || r == 0x2029 {
				t.Fatalf("String(%q) = %q: %U at %d", in, out, r, i)
			}
		}
		if rep.Changed() != (out != in) {
			t.Fatalf("String(%q) = %q, but Changed() = %v (%v)", in, out, rep.Changed(), rep.Changes())
		}
		if b, brep := Bytes([]byte(in)); b != out || brep != rep {
			t.Fatalf("Bytes(%q) = %q %+v, String = %q %+v", in, b, brep, out, rep)
		}
		if again, rep2 := String(out); again != out || rep2.Changed() {
			t.Fatalf("not idempotent:\n  in %q\n out %q\nout2 %q (%v)", in, out, again, rep2.Changes())
		}
		if isPlain(in) && out != in {
			t.Fatalf("plain text changed: String(%q) = %q (%v)", in, out, rep.Changes())
		}
	})
}

// isPlain reports whether s is plain text as FuzzRepair defines it; it
// deliberately shares no code with the implementation's fast path.
func isPlain(s string) bool {
	if !utf8.ValidString(s) || !norm.NFC.IsNormalString(s) || strings.Contains(s, "&") ||
		strings.Contains(s, "Ã ") || strings.Contains(s, "Â ") {
		return false
	}
	for _, r := range s {
		switch {
		case r < 0x20 && r != '\t' && r != '\n', r == 0x7F:
			return false
		case r >= 0x80 && r <= 0xBF: // C1 controls, NBSP, Latin-1 symbols
			return false
		case strings.ContainsRune("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ", r):
			return false
		case r == 0x200B, r == 0x200D, r == 0xFEFF, r == 0x2028, r == 0x2029:
			return false
		}
	}
	return true
}
