package read

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/http/httputil"
	"strconv"
	"strings"

	"dossier"

	"github.com/nlnwa/gowarc/v3"
)

// maxWARCErrors is how many failed records in a row end the reading of
// a WARC file.
const maxWARCErrors = 20

// maxWARCHeader is the largest WARC record header (the version line and
// the named fields up to the blank line) the reader accepts.
const maxWARCHeader = 64 << 10

// warc reads a WARC file (plain or gzip per record): each response (or
// resource) record whose Content-Type is HTML becomes an item read by
// the HTML reader; other records are skipped.
//
// A record is used only if it is whole. A plain record must be its
// header, a blank line, exactly Content-Length bytes of block and the
// end-of-record marker CRLF CRLF; a gzip record must be a whole gzip
// member (its checksum and size are checked) holding a header and a
// block of Content-Length bytes. A record cut short by the end of the
// input is an ErrTruncated error at the record's offset and ends the
// reading; bytes at the end of the input that are not a whole record
// (a cut inside the first bytes of a record, trailing junk) are one too.
// A corrupt record elsewhere is reported with its byte offset and
// reading goes on from the next record found. Records before a broken
// one are kept: each was read whole.
func (s *run) warc(rd io.Reader) error {
	cr := &countingReader{r: rd}
	br := bufio.NewReaderSize(cr, maxWARCHeader)
	pos := func() int64 { return cr.n - int64(br.Buffered()) }
	u := gowarc.NewUnmarshaler()
	n, failures := 0, 0
	for {
		if err := s.ctx.Err(); err != nil {
			return err
		}
		start := pos()
		skipped, found, err := skipToRecord(br)
		if err != nil {
			s.fail(&dossier.InputError{File: s.name, Offset: start + skipped,
				Err: reasonf(ErrMalformed, err, "reading WARC: %s", oneLine(err.Error()))})
			break
		}
		if !found {
			if skipped > 0 {
				s.fail(&dossier.InputError{File: s.name, Offset: start,
					Err: reasonf(ErrTruncated, nil, "truncated WARC file: the input ends with %d bytes that are not a whole WARC record%s", skipped, kept(n, "record"))})
			}
			break
		}
		if skipped > 0 && failures == 0 {
			// Bytes that do not start a record are skipped: whatever
			// was there is lost, so say so.
			s.fail(&dossier.InputError{File: s.name, Offset: start,
				Err: reasonf(ErrMalformed, nil, "skipped %d bytes that are not a WARC record", skipped)})
		}
		off := start + skipped
		n++
		record := fmt.Sprintf("record %d", n)
		wrec, err := readRecord(u, br, pos, off)
		if err == nil {
			it, ok, ierr := s.r.warcItem(wrec)
			_ = wrec.Close()
			failures = 0
			switch {
			case ierr != nil:
				s.fail(&dossier.InputError{File: s.name, Offset: off, Record: record, Err: ierr})
			case ok:
				it.Record = fmt.Sprintf("%s at offset %d", record, off)
				if err := s.emit(it); err != nil {
					return err
				}
			}
			continue
		}
		if errors.Is(err, ErrTruncated) {
			err = reasonf(ErrTruncated, err, "%s%s", err, kept(n-1, "record"))
		}
		s.fail(&dossier.InputError{File: s.name, Offset: off, Record: record, Err: err})
		failures++
		if pos() == off {
			_, _ = br.Discard(1) // always move on
		}
		// Stop at the end of the input, after a panic (the reader's
		// state is unknown) or after too many failures in a row.
		if _, perr := br.Peek(1); perr != nil || errors.Is(err, ErrInternal) {
			break
		}
		if failures >= maxWARCErrors {
			s.fail(&dossier.InputError{File: s.name, Offset: pos(),
				Err: reasonf(ErrMalformed, nil, "stopped after %d bad records in a row", failures)})
			break
		}
	}
	return s.result()
}

// kept tells how many whole records before a cut were read.
func kept(n int, what string) string {
	switch n {
	case 0:
		return ""
	case 1:
		return fmt.Sprintf("; the %s before it is whole and was read", what)
	}
	return fmt.Sprintf("; the %d %ss before it are whole and were read", n, what)
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

var (
	warcMagic = []byte("WARC/")
	gzipMagic = []byte{0x1f, 0x8b}
	crlfcrlf  = []byte("\r\n\r\n")
)

// skipToRecord discards bytes up to the start of the next record (a
// "WARC/" line or a gzip member). found is false at the end of the
// input; skipped then counts the bytes left over that cannot be a whole
// record. err is a read error other than io.EOF.
func skipToRecord(br *bufio.Reader) (skipped int64, found bool, err error) {
	for {
		b, err := br.Peek(len(warcMagic))
		if bytes.HasPrefix(b, warcMagic) || bytes.HasPrefix(b, gzipMagic) && len(b) == len(warcMagic) {
			return skipped, true, nil
		}
		if err != nil {
			if !errors.Is(err, io.EOF) {
				return skipped, false, err
			}
			d, _ := br.Discard(len(b))
			return skipped + int64(d), false, nil
		}
		i := bytes.IndexAny(b[1:], "W\x1f") + 1
		if i == 0 {
			i = len(b)
		}
		d, _ := br.Discard(i)
		skipped += int64(d)
	}
}

// readRecord reads the record starting at offset off (the current
// position of br) and checks that it is whole. pos returns the current
// position. On error nothing of the record is returned.
func readRecord(u gowarc.Unmarshaler, br *bufio.Reader, pos func() int64, off int64) (gowarc.WarcRecord, error) {
	head, _ := br.Peek(len(gzipMagic))
	plain := !bytes.Equal(head, gzipMagic)
	headerLen := int64(-1)
	if plain {
		// The header must be whole before gowarc reads it: at the end
		// of the input gowarc takes a cut header as the whole of it.
		buf, err := br.Peek(maxWARCHeader)
		i := bytes.Index(buf, []byte("\n\r\n"))
		j := bytes.Index(buf, []byte("\n\n"))
		switch {
		case i >= 0 && (j < 0 || i < j):
			headerLen = int64(i + 3)
		case j >= 0:
			headerLen = int64(j + 2)
		case errors.Is(err, io.EOF):
			_, _ = br.Discard(len(buf))
			return nil, reasonf(ErrTruncated, nil,
				"truncated WARC record: the input ends %d bytes into the record header, before its blank line", len(buf))
		case err != nil && !errors.Is(err, bufio.ErrBufferFull):
			return nil, reasonf(ErrMalformed, err, "reading WARC: %s", oneLine(err.Error()))
		default:
			return nil, reasonf(ErrMalformed, nil, "malformed WARC record: no blank line ends the record header in its first %s", formatSize(maxWARCHeader))
		}
	}
	wrec, validation, err := unmarshal(u, br)
	if err != nil {
		return nil, warcError(err)
	}
	atEOF := false
	if _, err := br.Peek(1); errors.Is(err, io.EOF) {
		atEOF = true
	}
	fail := func(format string, args ...any) (gowarc.WarcRecord, error) {
		_ = wrec.Close()
		if atEOF {
			return nil, reasonf(ErrTruncated, nil, "truncated WARC record: "+format, args...)
		}
		return nil, reasonf(ErrMalformed, nil, "malformed WARC record: "+format, args...)
	}
	length, err := wrec.WarcHeader().GetInt64(gowarc.ContentLength)
	if err != nil || length < 0 {
		return fail("no valid Content-Length in the record header")
	}
	for _, v := range validation {
		var le *gowarc.ContentLengthError
		if errors.As(v, &le) {
			return fail("Content-Length is %d but the block has %d bytes", le.Expected, le.Actual)
		}
	}
	if plain {
		got, want := pos()-off, headerLen+length+int64(len(crlfcrlf))
		switch {
		case got < headerLen+length:
			return fail("Content-Length is %d but the block has %d bytes", length, max(got-headerLen, 0))
		case got != want:
			return fail("the block is not followed by the end-of-record marker CRLF CRLF")
		}
	}
	return wrec, nil
}

// unmarshal runs gowarc, turning a panic into an error.
func unmarshal(u gowarc.Unmarshaler, br *bufio.Reader) (rec gowarc.WarcRecord, validation []error, err error) {
	defer func() {
		if v := recover(); v != nil {
			rec, validation, err = nil, nil, recovered(v, "parsing WARC")
		}
	}()
	rec, _, validation, err = u.Unmarshal(br)
	if err != nil && rec != nil {
		_ = rec.Close()
		rec = nil
	}
	if err == nil && rec == nil {
		err = io.ErrUnexpectedEOF
	}
	return rec, validation, err
}

// warcError describes a WARC record error.
func warcError(err error) error {
	if errors.Is(err, ErrInternal) {
		return err
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return reasonf(ErrTruncated, err, "truncated WARC record: %s", oneLine(err.Error()))
	}
	return reasonf(ErrMalformed, err, "malformed WARC record: %s", oneLine(err.Error()))
}

// warcItem reads the HTML document in a record; ok is false for a
// record that holds none (requests, metadata, images, redirects…).
func (r *Reader) warcItem(wrec gowarc.WarcRecord) (it Item, ok bool, err error) {
	defer func() {
		if v := recover(); v != nil {
			it, ok, err = Item{}, false, recovered(v, "reading WARC record")
		}
	}()
	if wrec == nil {
		return Item{}, false, nil
	}
	var (
		ctype   string
		payload io.Reader
		header  http.Header
	)
	switch wrec.Type() {
	case gowarc.Response:
		hb, isHTTP := wrec.Block().(gowarc.HttpResponseBlock)
		if !isHTTP || hb.HttpHeader() == nil {
			return Item{}, false, nil
		}
		if code := hb.HttpStatusCode(); code < 200 || code > 299 {
			return Item{}, false, nil
		}
		header = hb.HttpHeader().Clone()
		ctype = header.Get("Content-Type")
		if !isHTMLType(ctype) {
			return Item{}, false, nil
		}
		// net/http moves Transfer-Encoding out of the parsed header:
		// take it from the raw one.
		header.Del("Transfer-Encoding")
		for _, te := range rawHeaderValues(hb.ProtocolHeaderBytes(), "Transfer-Encoding") {
			header.Add("Transfer-Encoding", te)
		}
		if payload, err = hb.PayloadBytes(); err != nil {
			return Item{}, false, reasonf(ErrMalformed, err, "reading payload: %s", oneLine(err.Error()))
		}
	case gowarc.Resource:
		ctype = wrec.WarcHeader().Get(gowarc.ContentType)
		if !isHTMLType(ctype) {
			return Item{}, false, nil
		}
		if payload, err = wrec.Block().RawBytes(); err != nil {
			return Item{}, false, reasonf(ErrMalformed, err, "reading payload: %s", oneLine(err.Error()))
		}
	default:
		return Item{}, false, nil
	}
	if v := wrec.WarcHeader().Get(gowarc.WarcTruncated); v != "" {
		// The crawler stored only part of the response.
		return Item{}, false, reasonf(ErrTruncated, nil, "truncated response: the record says WARC-Truncated: %s", truncate(v, 32))
	}
	limit := r.maxDocument()
	data, err := readLimited(payload, limit)
	if err != nil {
		return Item{}, false, err
	}
	if cl := header.Get("Content-Length"); cl != "" && header.Get("Transfer-Encoding") == "" {
		if want, err := strconv.ParseInt(strings.TrimSpace(cl), 10, 64); err == nil && int64(len(data)) < want {
			return Item{}, false, reasonf(ErrTruncated, nil,
				"truncated response: its Content-Length is %d but the archived payload has %d bytes", want, len(data))
		}
	}
	if data, err = decodeHTTP(data, header, limit); err != nil {
		return Item{}, false, err
	}
	target := strings.Trim(strings.TrimSpace(wrec.WarcHeader().Get(gowarc.WarcTargetURI)), "<>")
	p, err := r.page(data, ctype, target)
	if err != nil {
		return Item{}, false, err
	}
	return p.item(string(WARC), ""), true, nil
}

// rawHeaderValues returns the values of the named field in a raw HTTP
// message header (start line, fields, blank line).
func rawHeaderValues(raw []byte, name string) []string {
	var vals []string
	lines := strings.Split(string(raw), "\n")
	for _, line := range lines[min(1, len(lines)):] {
		k, v, ok := strings.Cut(line, ":")
		if ok && strings.EqualFold(strings.TrimSpace(k), name) {
			vals = append(vals, strings.TrimSpace(v))
		}
	}
	return vals
}

// isHTMLType reports whether a Content-Type value is HTML or XHTML.
func isHTMLType(ctype string) bool {
	mt, _, err := mime.ParseMediaType(ctype)
	if err != nil {
		mt, _, _ = strings.Cut(strings.ToLower(strings.TrimSpace(ctype)), ";")
	}
	return mt == "text/html" || mt == "application/xhtml+xml"
}

// readLimited reads all of rd, or fails once it passes limit bytes.
func readLimited(rd io.Reader, limit int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(rd, limit+1))
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, reasonf(ErrTruncated, err, "truncated payload: %s", oneLine(err.Error()))
	}
	if err != nil {
		return nil, reasonf(ErrMalformed, err, "reading payload: %s", oneLine(err.Error()))
	}
	if int64(len(data)) > limit {
		return nil, reasonf(ErrTooLarge, nil, "document is over the %s limit for one document", formatSize(limit))
	}
	return data, nil
}

// decodeHTTP undoes the transfer and content encodings an archived HTTP
// payload may still carry. A body labelled chunked that is not (some
// crawlers store it de-chunked) is kept as it is.
func decodeHTTP(data []byte, header http.Header, limit int64) ([]byte, error) {
	if header == nil {
		return data, nil
	}
	for _, te := range header.Values("Transfer-Encoding") {
		if strings.Contains(strings.ToLower(te), "chunked") {
			out, err := io.ReadAll(httputil.NewChunkedReader(bytes.NewReader(data)))
			switch {
			case err == nil:
				data = out
			case errors.Is(err, io.ErrUnexpectedEOF):
				return nil, reasonf(ErrTruncated, err, "truncated response: the chunked body ends inside a chunk")
			}
		}
	}
	for _, ce := range header.Values("Content-Encoding") {
		var zr io.Reader
		var err error
		switch strings.ToLower(strings.TrimSpace(ce)) {
		case "", "identity":
			continue
		case "gzip", "x-gzip":
			zr, err = gzip.NewReader(bytes.NewReader(data))
		case "deflate":
			// "deflate" is zlib-wrapped by the standard, raw by some servers.
			if zr, err = zlib.NewReader(bytes.NewReader(data)); err != nil {
				zr, err = flate.NewReader(bytes.NewReader(data)), nil
			}
		default:
			return nil, reasonf(ErrMalformed, nil, "unsupported Content-Encoding %q", truncate(ce, 32))
		}
		if err != nil {
			return nil, reasonf(ErrMalformed, err, "decoding %s content: %s", ce, err)
		}
		if data, err = readLimited(zr, limit); err != nil {
			return nil, err
		}
	}
	return data, nil
}
