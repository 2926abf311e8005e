package read

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"dossier"
)

// jsonRecord is one JSON Lines object. Keys match case-insensitively.
type jsonRecord struct {
	Text      string          `json:"text"`
	HTML      string          `json:"html"`
	URL       string          `json:"url"`
	Title     string          `json:"title"`
	Source    string          `json:"source"`
	Published json.RawMessage `json:"published"`
	Byline    json.RawMessage `json:"byline"`
	Author    json.RawMessage `json:"author"`
}

// jsonl reads JSON Lines: one object per line with "text" or "html" and
// optional "url", "title", "published", "source", "byline" or "author".
// Blank lines are skipped; every other line gives one item or one error,
// which names the line and the byte offset where it starts.
//
// The last line may lack its newline if it is a whole JSON object; one
// that does not parse is taken as cut short and is an ErrTruncated
// error (a line with its newline that does not parse is ErrMalformed).
func (s *run) jsonl(br *bufio.Reader) error {
	limit := s.r.maxDocument()
	lineNo, seen := 0, 0
	next := s.base // offset of the next line
	for {
		if err := s.ctx.Err(); err != nil {
			return err
		}
		start := next
		line, n, tooLong, err := readLine(br, limit)
		next += n
		if err != nil && !errors.Is(err, io.EOF) {
			s.fail(&dossier.InputError{File: s.name, Line: lineNo + 1, Offset: s.offset(next), Err: err})
			break
		}
		if errors.Is(err, io.EOF) && len(line) == 0 && !tooLong {
			break
		}
		lineNo++
		fail := func(err error) {
			s.fail(&dossier.InputError{File: s.name, Line: lineNo, Offset: s.offset(start), Err: err})
		}
		switch {
		case tooLong:
			seen++
			fail(reasonf(ErrTooLarge, nil, "line longer than %s", formatSize(limit)))
		case isBlank(line):
		default:
			seen++
			it, err2 := s.r.jsonItem(line)
			if err2 != nil {
				if errors.Is(err, io.EOF) && errors.Is(err2, ErrMalformed) {
					err2 = reasonf(ErrTruncated, err2, "truncated JSON line%s: the input ends after %d bytes of it, with no newline, and %s%s",
						atOffset(s.offset(start)), n, err2, kept(lineNo-1, "line"))
				}
				fail(err2)
				break
			}
			it.Record = "line " + strconv.Itoa(lineNo)
			if err := s.emit(it); err != nil {
				return err
			}
		}
		if errors.Is(err, io.EOF) {
			break
		}
	}
	if seen == 0 && len(s.errs) == 0 {
		return inputError(s.name, ErrEmpty)
	}
	return s.result()
}

// readLine reads one line, without its "\n" or "\r\n"; n is the count
// of bytes read, newline included. A line longer than limit is skipped
// up to its newline without being kept in memory: tooLong is then set
// and line is nil, unless the line was blank, which is returned as an
// empty line. err is io.EOF after the last line, and set with it when
// that line has no newline.
func readLine(br *bufio.Reader, limit int64) (line []byte, n int64, tooLong bool, err error) {
	blank := true // while tooLong: all skipped bytes were blank
	for {
		frag, e := br.ReadSlice('\n')
		n += int64(len(frag))
		if tooLong {
			blank = blank && isBlank(bytes.TrimSuffix(frag, []byte("\n")))
		} else {
			need := int64(len(line) + len(frag))
			switch {
			case need > limit+2:
				tooLong = true
				blank = isBlank(line) && isBlank(bytes.TrimSuffix(frag, []byte("\n")))
				line = nil
			case need > int64(cap(line)):
				// Double, up to the limit: a long line costs at most
				// twice the limit in allocations.
				grown := make([]byte, len(line), min(max(2*int64(cap(line)), need, 4096), limit+2))
				copy(grown, line)
				line = append(grown, frag...)
			default:
				line = append(line, frag...)
			}
		}
		if errors.Is(e, bufio.ErrBufferFull) {
			continue
		}
		if tooLong {
			if blank {
				return []byte{}, n, false, e
			}
			return nil, n, true, e
		}
		line = bytes.TrimSuffix(line, []byte("\n"))
		line = bytes.TrimSuffix(line, []byte("\r"))
		if int64(len(line)) > limit {
			if isBlank(line) {
				return []byte{}, n, false, e
			}
			return nil, n, true, e
		}
		return line, n, false, e
	}
}

// isBlank reports whether a line holds only JSON white space.
func isBlank(line []byte) bool {
	for _, c := range line {
		if c != ' ' && c != '\t' && c != '\r' {
			return false
		}
	}
	return true
}

// jsonItem turns one JSON line into an item.
func (r *Reader) jsonItem(line []byte) (Item, error) {
	trimmed := bytes.TrimLeft(line, " \t\r")
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return Item{}, reasonf(ErrMalformed, nil, "malformed JSON: not an object")
	}
	var rec jsonRecord
	if err := json.Unmarshal(line, &rec); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return Item{}, reasonf(ErrMalformed, err, "malformed JSON at byte %d: %s", se.Offset, err)
		}
		return Item{}, reasonf(ErrMalformed, err, "malformed JSON: %s", err)
	}
	published, err := jsonTime(rec.Published)
	if err != nil {
		return Item{}, err
	}
	it := Item{
		Title:     clean(rec.Title),
		Byline:    cleanByline(first(jsonNames(rec.Byline), jsonNames(rec.Author))),
		URL:       strings.TrimSpace(rec.URL),
		Source:    clean(rec.Source),
		Published: published,
		Format:    string(JSONL),
	}
	switch {
	case strings.TrimSpace(rec.Text) != "":
		it.Text = rec.Text
	case strings.TrimSpace(rec.HTML) != "":
		p, err := r.page([]byte(rec.HTML), "", it.URL)
		if err != nil {
			return Item{}, err
		}
		it.Text = p.text
		it.URL = p.url
		it.Title = first(it.Title, p.title)
		it.Byline = first(it.Byline, p.byline)
		it.Source = first(it.Source, p.site)
		if it.Published.IsZero() {
			it.Published = p.published
		}
	case rec.Text != "" || rec.HTML != "":
		return Item{}, reasonf(ErrNoText, nil, "no text")
	default:
		return Item{}, reasonf(ErrNoText, nil, `no "text" or "html" field`)
	}
	return it, nil
}

// jsonTime reads a "published" value: a date string, or a Unix time in
// seconds (or milliseconds, if too large for seconds).
func jsonTime(raw json.RawMessage) (time.Time, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return time.Time{}, nil
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return time.Time{}, reasonf(ErrMalformed, err, "published: %s", err)
	}
	switch x := v.(type) {
	case string:
		if strings.TrimSpace(x) == "" {
			return time.Time{}, nil
		}
		if t, ok := parseDate(x); ok {
			return t, nil
		}
		return time.Time{}, reasonf(ErrMalformed, nil, "published: cannot parse date %q", truncate(x, 64))
	case float64:
		if x > 1e11 {
			x /= 1000
		}
		if x >= -5e9 && x <= 3e10 && !math.IsNaN(x) {
			sec, frac := math.Modf(x)
			return time.Unix(int64(sec), int64(frac*1e9)).UTC(), nil
		}
		return time.Time{}, reasonf(ErrMalformed, nil, "published: Unix time %v out of range", x)
	}
	return time.Time{}, reasonf(ErrMalformed, nil, "published: want a date string or a Unix time")
}

// jsonNames reads an author value: a string, an object with "name", or
// an array of either.
func jsonNames(raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return ""
	}
	return ldName(v)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return fmt.Sprintf("%s…", s[:n])
}
