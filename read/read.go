package read

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"dossier"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Default limits set by NewReader.
const (
	DefaultMaxDocument = 16 << 20 // 16 MiB
	DefaultMaxFile     = 64 << 20 // 64 MiB
)

// sniffLen is how much of an input Detect looks at.
const sniffLen = 8 << 10

// Sentinel errors; every error the package returns is a
// *dossier.InputError whose Err matches one of these with errors.Is.
var (
	ErrEmpty     = errors.New("empty file")
	ErrBinary    = errors.New("binary file: not text, HTML, a feed, JSON lines or WARC")
	ErrTooLarge  = errors.New("too large")
	ErrNoText    = errors.New("no text")
	ErrMalformed = errors.New("malformed input")
	// ErrTruncated is input that ends inside a record: a WARC record,
	// a gzip member, a JSON line or a feed's XML. It also matches
	// ErrMalformed.
	ErrTruncated = fmt.Errorf("truncated input: %w", ErrMalformed)
	ErrInternal  = errors.New("internal error")
)

// Item is one document found in an input, before text repair.
type Item struct {
	// Text is the article's plain text. For HTML it is the main text
	// extracted with readability, paragraphs separated by blank lines.
	// Plain-text files are passed through byte for byte (invalid UTF-8
	// included: the repair stage replaces and reports it).
	Text string
	// Title and Byline are the headline and author(s), if known.
	Title, Byline string
	// URL is the canonical URL if the page declares one (<link
	// rel=canonical>, og:url), else the record's URL.
	URL string
	// Source is the site name, feed title or JSON Lines "source".
	Source string
	// Published is zero if unknown.
	Published time.Time
	// Format is "text", "html", "rss", "atom", "jsonl" or "warc".
	Format string
	// Record locates the item inside its input: "" for single-document
	// files, "line 12" (jsonl), "item 3" (feeds), "record 5 at offset
	// 1234" (warc).
	Record string
}

// Options bound what a Reader accepts.
type Options struct {
	// MaxDocument is the largest single document in bytes: a text or
	// HTML file, a JSON line, a feed item's content or a WARC payload.
	// A larger one is an error, never a truncated document.
	MaxDocument int64
	// MaxFile is the largest plain-text, HTML or feed file read whole.
	// WARC and JSON Lines files are streamed and bounded only per
	// record or line.
	MaxFile int64
}

// Reader reads input files into Items. Its Options may be changed
// before first use; zero values mean the defaults.
type Reader struct {
	Options

	// Progress, if set, is called with the count of bytes each time File
	// reads from a file, so a caller can show progress inside a large
	// input.
	Progress func(n int64)
}

// NewReader returns a Reader with the default limits.
func NewReader() *Reader {
	return &Reader{Options: Options{MaxDocument: DefaultMaxDocument, MaxFile: DefaultMaxFile}}
}

func (r *Reader) maxDocument() int64 {
	if r.MaxDocument <= 0 {
		return DefaultMaxDocument
	}
	return r.MaxDocument
}

func (r *Reader) maxFile() int64 {
	if r.MaxFile <= 0 {
		return DefaultMaxFile
	}
	return r.MaxFile
}

// File reads one file and calls fn once per item, in order. The path
// "-" reads standard input.
//
// Errors are *dossier.InputError values naming the file and a line or
// byte offset. A record-level error (one bad JSON line, WARC record or
// feed item) does not stop the rest of the file: those are collected and
// returned together with errors.Join at the end. If fn returns an error,
// File stops and returns it. Cancelling ctx stops File between items.
func (r *Reader) File(ctx context.Context, path string, fn func(Item) error) error {
	if path == "-" {
		return r.Stream(ctx, "-", os.Stdin, fn)
	}
	f, err := os.Open(path)
	if err != nil {
		return inputError(path, pathErr(err))
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return inputError(path, pathErr(err))
	}
	if info.IsDir() {
		return inputError(path, errors.New("is a directory"))
	}
	size := int64(-1)
	if info.Mode().IsRegular() {
		size = info.Size()
	}
	var rd io.Reader = f
	if r.Progress != nil {
		rd = &progressReader{f, r.Progress}
	}
	return r.read(ctx, path, rd, size, fn)
}

// progressReader reports every read's byte count.
type progressReader struct {
	r  io.Reader
	fn func(int64)
}

func (p *progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	if n > 0 {
		p.fn(int64(n))
	}
	return n, err
}

// Stream reads one input from rd, as File does for a file. The name is
// used in errors ("-" for standard input) and its extension as a format
// hint. Whole-file formats are read through an io.LimitReader, so an
// over-long stream fails after MaxDocument or MaxFile bytes.
func (r *Reader) Stream(ctx context.Context, name string, rd io.Reader, fn func(Item) error) error {
	return r.read(ctx, name, rd, -1, fn)
}

// run is the state of reading one input.
type run struct {
	ctx  context.Context
	r    *Reader
	name string
	fn   func(Item) error
	errs []error
	// base is the offset in the input of the first byte the format
	// reader sees (after a UTF-8 byte order mark); noOffsets is set
	// when the reader sees decoded UTF-16, whose offsets are not the
	// input's.
	base      int64
	noOffsets bool
}

// atOffset names an offset in a message that goes in an InputError
// with a line, which prints no offset: " at offset N", "" if unknown.
func atOffset(off int64) string {
	if off < 0 {
		return ""
	}
	return fmt.Sprintf(" at offset %d", off)
}

// offset returns the input offset of a format reader's offset, -1 if
// unknown.
func (s *run) offset(off int64) int64 {
	if s.noOffsets {
		return -1
	}
	return off
}

// emit hands one item to the callback, honouring cancellation.
func (s *run) emit(it Item) error {
	if err := s.ctx.Err(); err != nil {
		return err
	}
	return s.fn(it)
}

// fail records a record-level error and lets reading go on.
func (s *run) fail(e *dossier.InputError) {
	if e.File == "" {
		e.File = s.name
	}
	s.errs = append(s.errs, e)
}

func (s *run) result() error {
	return errors.Join(s.errs...)
}

// read detects the format of rd and dispatches to its reader. size is
// the input's size in bytes, or -1 if unknown.
func (r *Reader) read(ctx context.Context, name string, rd io.Reader, size int64, fn func(Item) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s := &run{ctx: ctx, r: r, name: name, fn: fn}
	br := bufio.NewReaderSize(rd, 64<<10)
	head, err := peek(br)
	if err != nil {
		return inputError(name, err)
	}
	switch {
	case bytes.HasPrefix(head, bomUTF8):
		_, _ = br.Discard(len(bomUTF8))
		s.base = int64(len(bomUTF8))
		if size > 0 {
			size -= int64(len(bomUTF8))
		}
		if head, err = peek(br); err != nil {
			return inputError(name, err)
		}
	case bytes.HasPrefix(head, bomUTF16LE) || bytes.HasPrefix(head, bomUTF16BE):
		// Decode UTF-16 to UTF-8 up front; every format reader then
		// sees UTF-8. The size limit is checked on the encoded size.
		if size >= 0 && size > r.maxFile() {
			return r.tooLarge(name, size, r.maxFile(), "a file")
		}
		dec := unicode.BOMOverride(encoding.Nop.NewDecoder())
		br = bufio.NewReaderSize(transform.NewReader(br, dec), 64<<10)
		size = -1
		s.noOffsets = true
		if head, err = peek(br); err != nil {
			return inputError(name, err)
		}
	}

	format := Detect(name, head)
	if format == Empty {
		if len(head) < sniffLen {
			return inputError(name, ErrEmpty)
		}
		// Over 8 KiB of white space: let the extension decide, the
		// readers report an empty file if nothing else follows.
		format = detectExt(name)
	}
	switch format {
	case Binary:
		return &dossier.InputError{File: name, Offset: binaryOffset(head), Err: ErrBinary}
	case JSONL:
		return s.jsonl(br)
	case WARC:
		return s.warc(br)
	case RSS, Atom:
		data, err := r.whole(name, br, size, r.maxFile(), "a file")
		if err != nil {
			return err
		}
		return s.feed(data)
	case HTML:
		data, err := r.whole(name, br, size, r.maxDocument(), "one document")
		if err != nil {
			return err
		}
		p, err := r.page(data, "", "")
		if err != nil {
			return inputError(name, err)
		}
		if err := s.emit(p.item(string(HTML), "")); err != nil {
			return err
		}
		return nil
	default:
		data, err := r.whole(name, br, size, r.maxDocument(), "one document")
		if err != nil {
			return err
		}
		text := string(data)
		title, byline := textHeadline(text)
		return s.emit(Item{Text: text, Title: title, Byline: byline, Format: string(Text)})
	}
}

// textHeadline finds the headline and byline of a plain-text article
// laid out as news wires and saved pages usually are: a short first
// line with no closing punctuation, followed by a blank line; then,
// optionally, a short "By NAME" line. The text itself keeps both.
func textHeadline(text string) (title, byline string) {
	lines := strings.SplitN(strings.TrimLeft(text, " \t\r\n\ufeff"), "\n", 5)
	if len(lines) < 3 {
		return "", ""
	}
	first := strings.TrimSpace(lines[0])
	if first == "" || len(first) > 200 || strings.TrimSpace(lines[1]) != "" ||
		strings.ContainsAny(first[len(first)-1:], ".,;:!?") {
		return "", ""
	}
	title = first
	if b := strings.TrimSpace(lines[2]); len(b) <= 80 && len(b) > 3 && (strings.HasPrefix(b, "By ") || strings.HasPrefix(b, "BY ")) {
		byline = strings.TrimSpace(b[3:])
	}
	return title, byline
}

// whole reads a whole-file input, refusing it without reading when its
// size is known to be over limit, and after limit+1 bytes otherwise.
func (r *Reader) whole(name string, br *bufio.Reader, size, limit int64, what string) ([]byte, error) {
	if size > limit {
		return nil, r.tooLarge(name, size, limit, what)
	}
	var buf bytes.Buffer
	if size > 0 {
		buf.Grow(int(size) + bytes.MinRead)
	}
	if _, err := buf.ReadFrom(io.LimitReader(br, limit+1)); err != nil {
		return nil, inputError(name, err)
	}
	data := buf.Bytes()
	if int64(len(data)) > limit {
		return nil, r.tooLarge(name, -1, limit, what)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, inputError(name, ErrEmpty)
	}
	return data, nil
}

func (r *Reader) tooLarge(name string, size, limit int64, what string) error {
	if size < 0 {
		return inputError(name, reasonf(ErrTooLarge, nil,
			"input is over the %s limit for %s", formatSize(limit), what))
	}
	return inputError(name, reasonf(ErrTooLarge, nil,
		"file is %d bytes, over the %s limit for %s", size, formatSize(limit), what))
}

// peek returns up to sniffLen bytes from the start of br without
// consuming them.
func peek(br *bufio.Reader) ([]byte, error) {
	head, err := br.Peek(sniffLen)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, err
	}
	return head, nil
}

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
)

// reason is an error with its own message that matches a package
// sentinel (and its cause, if any) with errors.Is.
type reason struct {
	kind  error
	cause error
	msg   string
}

func (e *reason) Error() string { return e.msg }

func (e *reason) Unwrap() []error {
	if e.cause == nil {
		return []error{e.kind}
	}
	return []error{e.kind, e.cause}
}

func reasonf(kind, cause error, format string, args ...any) error {
	return &reason{kind: kind, cause: cause, msg: fmt.Sprintf(format, args...)}
}

// inputError returns an InputError for file with no known position.
func inputError(file string, err error) *dossier.InputError {
	return &dossier.InputError{File: file, Offset: -1, Err: err}
}

// pathErr drops the path from an *fs.PathError: InputError names the
// file already.
func pathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// formatSize renders a byte count the way the limits are usually set.
func formatSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// panicHook, when set (by tests), is told of every recovered panic.
var panicHook func(v any, stack []byte)

// recovered turns a recovered panic value into an ErrInternal error.
func recovered(v any, what string) error {
	if panicHook != nil {
		panicHook(v, debug.Stack())
	}
	return reasonf(ErrInternal, nil, "internal error %s: %v", what, v)
}

// oneLine shortens a third-party error message for display.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}
