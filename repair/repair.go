// Package repair fixes the damage that web text picks up on its way to
// dossier: mojibake, HTML entities, control characters, invalid UTF-8,
// mixed line endings and non-NFC Unicode.
//
// The guiding rule is that correct text is never "repaired". Every fix
// is local and applied only where the damaged form is clearly less
// plausible than the repaired one, so a document that mixes correct é
// with broken Ã© is fixed only where it is broken.
//
// One pass runs these steps in order:
//
//  1. Invalid UTF-8 (input only). Each invalid byte becomes U+FFFD,
//     except when the input holds no valid multi-byte UTF-8 sequence at
//     all and decodes cleanly as Windows-1252: then it is a legacy 8-bit
//     file and is decoded as such (Report.Legacy).
//  2. C0 controls, DEL, U+200B and U+FEFF are removed (form feed and
//     vertical tab become LF), so they cannot hide an entity or
//     mojibake from the next steps.
//  3. HTML entities: &name; for a known HTML5 name, &#N; and &#xH;, and
//     the doubly escaped form &amp;name;. The ';' is required, so
//     AT&T, R&D and ?a=1&b=2 stay as they are.
//  4. Mojibake: UTF-8 that was decoded as Windows-1252 or Latin-1, once
//     or twice over. See mojibake.go for the plausibility test.
//  5. Leftover C1 controls are read as Windows-1252 (as ftfy does, since
//     they come from cp1252 text decoded as Latin-1) or removed if that
//     byte is undefined; soft hyphens are removed and ZWJ is kept only
//     between two non-ASCII characters (emoji and Indic sequences).
//     CRLF, CR, U+2028 and U+2029 become LF.
//  6. Unicode NFC. It runs last because removing a character between a
//     base and a combining mark can leave text that is no longer NFC.
//
// One step can expose work for an earlier one (removing a soft hyphen
// can complete "&amp;", NFC can compose a new mojibake pair), so the
// pass is repeated until the text stops changing, at most four times.
// The result is idempotent: repairing it again changes nothing.
//
// Clean text (valid NFC UTF-8 with no '&', no control or invisible
// characters and no mojibake lead pair) is detected by a single scan
// and returned as is.
package repair

import (
	"fmt"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// maxPasses bounds the fixed-point loop; see the package comment.
const maxPasses = 4

// Report says what a repair changed.
type Report struct {
	Mojibake     int    // mojibake sequences fixed (each run of mis-decoded chars fixed counts 1)
	Entities     int    // HTML entities decoded
	Controls     int    // control characters removed or replaced
	Invalid      int    // invalid UTF-8 bytes replaced with U+FFFD
	FirstInvalid int64  // byte offset in the INPUT of the first invalid byte, -1 if none
	LineEndings  int    // CRLF / CR line endings turned into LF
	Normalized   bool   // Unicode NFC changed the text
	Legacy       string // "windows-1252" when the whole input was decoded as that legacy encoding
}

// Changed reports whether the repair changed anything.
func (r Report) Changed() bool {
	return r.Mojibake > 0 || r.Entities > 0 || r.Controls > 0 || r.Invalid > 0 ||
		r.LineEndings > 0 || r.Normalized || r.Legacy != ""
}

// Changes describes the changes as short phrases, suitable for
// dossier.Document.Repairs. It returns nil when nothing changed.
func (r Report) Changes() []string {
	var out []string
	if r.Legacy != "" {
		out = append(out, fmt.Sprintf("encoding: decoded as %s (not UTF-8 from offset %d)", r.Legacy, r.FirstInvalid))
	}
	if r.Invalid > 0 {
		out = append(out, fmt.Sprintf("invalid UTF-8: %d %s replaced at offset %d", r.Invalid, plural(r.Invalid, "byte", "bytes"), r.FirstInvalid))
	}
	if r.Mojibake > 0 {
		out = append(out, fmt.Sprintf("mojibake: %d fixed", r.Mojibake))
	}
	if r.Entities > 0 {
		out = append(out, fmt.Sprintf("entities: %d decoded", r.Entities))
	}
	if r.Controls > 0 {
		out = append(out, fmt.Sprintf("controls: %d removed or replaced", r.Controls))
	}
	if r.LineEndings > 0 {
		out = append(out, fmt.Sprintf("line endings: %d converted to LF", r.LineEndings))
	}
	if r.Normalized {
		out = append(out, "unicode: normalized to NFC")
	}
	return out
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Bytes repairs b, which need not be valid UTF-8.
func Bytes(b []byte) (string, Report) {
	return String(string(b))
}

// String repairs s, which need not be valid UTF-8.
func String(s string) (string, Report) {
	rep := Report{FirstInvalid: -1}
	if !utf8.ValidString(s) {
		s = decodeInvalid(s, &rep)
	}
	for range maxPasses {
		out, changed := pass(s, &rep)
		s = out
		if !changed {
			break
		}
	}
	return s, rep
}

// pass runs every step once over valid UTF-8 and reports whether the
// text changed.
func pass(s string, rep *Report) (string, bool) {
	if isClean(s) {
		return s, false
	}
	changed := false
	var c bool
	s, c = stripControls(s, rep, false)
	changed = changed || c
	s, c = decodeEntities(s, rep)
	changed = changed || c
	s, c = fixMojibake(s, rep)
	changed = changed || c
	s, c = stripControls(s, rep, true)
	changed = changed || c
	if !norm.NFC.IsNormalString(s) {
		s = norm.NFC.String(s)
		rep.Normalized = true
		changed = true
	}
	return s, changed
}

// decodeInvalid turns s, which is not valid UTF-8, into valid UTF-8 and
// records what it did in rep. If s holds no valid multi-byte sequence
// and no byte that Windows-1252 leaves undefined, s is a legacy 8-bit
// text and is decoded as Windows-1252; otherwise each invalid byte
// becomes U+FFFD.
func decodeInvalid(s string, rep *Report) string {
	first, invalid, multi := -1, 0, 0
	undefined := false
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			continue
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		if size == 1 {
			if first < 0 {
				first = i
			}
			invalid++
			if is1252Undefined(c) {
				undefined = true
			}
			i++
			continue
		}
		multi++
		i += size
	}
	rep.FirstInvalid = int64(first)
	buf := make([]rune, 0, len(s))
	if multi == 0 && !undefined {
		rep.Legacy = "windows-1252"
		for i := 0; i < len(s); i++ {
			buf = append(buf, decode1252(s[i]))
		}
		return string(buf)
	}
	rep.Invalid = invalid
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		buf = append(buf, r) // r is utf8.RuneError for an invalid byte
		i += size
	}
	return string(buf)
}

// isClean reports whether no step would change s: one scan over the
// bytes, plus an NFC check when s is not ASCII.
func isClean(s string) bool {
	ascii := true
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if asciiDirty[c] {
				return false
			}
			i++
			continue
		}
		ascii = false
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r <= 0x9F: // C1 controls (and utf8.RuneError is > 0x9F)
			return false
		case r == utf8.RuneError && size == 1:
			return false
		case r == 0xAD, r == 0x200B, r == 0x200D, r == 0x2028, r == 0x2029, r == 0xFEFF:
			return false
		case r >= minLead && r <= maxLead:
			if leadPairAt(s, i+size, r) {
				return false
			}
		}
		i += size
	}
	return ascii || norm.NFC.IsNormalString(s)
}

// asciiDirty marks the ASCII bytes that some step changes: controls
// other than tab and LF (CR included), DEL, and '&'.
var asciiDirty = func() (t [utf8.RuneSelf]bool) {
	for c := range 0x20 {
		t[c] = c != '\t' && c != '\n'
	}
	t[0x7F] = true
	t['&'] = true
	return t
}()
