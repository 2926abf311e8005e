package read

import (
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
	"strings"

	"dossier"

	"github.com/nlnwa/gowarc/v3"
)

// maxWARCErrors is how many failed records in a row end the reading of
// a WARC file.
const maxWARCErrors = 20

// warc reads a WARC file (plain or gzip per record): each response (or
// resource) record whose Content-Type is HTML becomes an item read by
// the HTML reader; other records are skipped. A corrupt record is
// reported with its byte offset and reading goes on from the next
// record found; a truncated file ends the reading.
func (s *run) warc(rd io.Reader) error {
	wr, err := gowarc.NewWarcFileReaderFromStream(rd, 0)
	if err != nil {
		return inputError(s.name, err)
	}
	defer wr.Close()
	n, failures := 0, 0
	end := int64(0) // where the last record ended
	for {
		if err := s.ctx.Err(); err != nil {
			return err
		}
		rec, err := nextRecord(wr)
		if err == io.EOF && rec.Size <= 0 {
			break // a clean end: nothing left to read
		}
		if errors.Is(err, gowarc.ErrNoRecord) {
			s.fail(&dossier.InputError{File: s.name, Offset: end,
				Err: reasonf(ErrMalformed, err, "no WARC record in the rest of the input")})
			break
		}
		if rec.Offset > end && failures == 0 {
			// gowarc skips bytes that do not start a record: whatever
			// was there is lost, so say so.
			s.fail(&dossier.InputError{File: s.name, Offset: end,
				Err: reasonf(ErrMalformed, nil, "skipped %d bytes that are not a WARC record", rec.Offset-end)})
		}
		n++
		record := fmt.Sprintf("record %d", n)
		if err != nil {
			_ = rec.Close()
			s.fail(&dossier.InputError{File: s.name, Offset: rec.Offset, Record: record, Err: warcError(err)})
			failures++
			// Stop at the end of the input, when nothing was consumed
			// (no way forward) or after too many failures in a row.
			if truncated(err) || rec.Offset+rec.Size <= end {
				break
			}
			if failures >= maxWARCErrors {
				s.fail(&dossier.InputError{File: s.name, Offset: rec.Offset + rec.Size,
					Err: reasonf(ErrMalformed, nil, "stopped after %d bad records in a row", failures)})
				break
			}
			end = rec.Offset + rec.Size
			continue
		}
		failures = 0
		end = rec.Offset + rec.Size
		it, ok, err := s.r.warcItem(rec)
		_ = rec.Close()
		switch {
		case err != nil:
			s.fail(&dossier.InputError{File: s.name, Offset: rec.Offset, Record: record, Err: err})
		case ok:
			it.Record = fmt.Sprintf("%s at offset %d", record, rec.Offset)
			if err := s.emit(it); err != nil {
				return err
			}
		}
	}
	return s.result()
}

// nextRecord runs gowarc, turning a panic into an error.
func nextRecord(wr *gowarc.WarcFileReader) (rec gowarc.Record, err error) {
	defer func() {
		if v := recover(); v != nil {
			err = recovered(v, "parsing WARC")
			if rec.Offset < 0 {
				rec.Offset = 0
			}
		}
	}()
	return wr.Next()
}

// truncated reports whether a WARC error means the input ended early.
func truncated(err error) bool {
	return errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) || errors.Is(err, ErrInternal)
}

// warcError describes a WARC record error.
func warcError(err error) error {
	if errors.Is(err, ErrInternal) {
		return err
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return reasonf(ErrMalformed, err, "truncated WARC record: %s", oneLine(err.Error()))
	}
	return reasonf(ErrMalformed, err, "malformed WARC record: %s", oneLine(err.Error()))
}

// warcItem reads the HTML document in a record; ok is false for a
// record that holds none (requests, metadata, images, redirects…).
func (r *Reader) warcItem(rec gowarc.Record) (it Item, ok bool, err error) {
	defer func() {
		if v := recover(); v != nil {
			it, ok, err = Item{}, false, recovered(v, "reading WARC record")
		}
	}()
	wrec := rec.WarcRecord
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
		header = *hb.HttpHeader()
		ctype = header.Get("Content-Type")
		if !isHTMLType(ctype) {
			return Item{}, false, nil
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
	limit := r.maxDocument()
	data, err := readLimited(payload, limit)
	if err != nil {
		return Item{}, false, err
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
			if out, err := io.ReadAll(httputil.NewChunkedReader(bytes.NewReader(data))); err == nil {
				data = out
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
