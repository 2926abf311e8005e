// Package download fetches files over HTTP into a local directory with
// conditional requests (ETag / If-None-Match and Last-Modified /
// If-Modified-Since), so that a list that has not changed is not
// downloaded again.
//
// A file is written to a temporary name and renamed into place only
// when the whole body has arrived, so an interrupted or truncated
// download never replaces a good copy.
//
// Nothing is written outside the client's directory: file names are
// checked with CheckName (one plain path element), and every file
// operation goes through an os.Root opened on the directory, so that a
// symbolic link inside it cannot lead out either.
//
// Redirects are followed only to HTTPS on the requested URL's own host
// and port (an http URL may be upgraded to https on the same host's
// default ports); Client.RedirectHosts names other hosts to allow. A
// refused redirect is a *RedirectError naming both URLs.
package download

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Client downloads files into Dir.
type Client struct {
	HTTP      *http.Client // its CheckRedirect is replaced by the client's redirect rule
	Dir       string
	UserAgent string
	MaxBytes  int64 // largest file accepted; default 1 GiB
	// RedirectHosts are the hosts, besides the requested URL's own, that
	// a redirect may lead to: "host" (any port) or "host:port"; "*"
	// allows any host. A redirect must be to HTTPS in any case.
	RedirectHosts []string
}

// NewClient returns a Client writing into dir, with a 10-minute timeout.
func NewClient(dir string) *Client {
	return &Client{
		HTTP:      &http.Client{Timeout: 10 * time.Minute},
		Dir:       dir,
		UserAgent: "dossier (sanctions list update)",
		MaxBytes:  1 << 30,
	}
}

// Result says what Fetch did.
type Result struct {
	URL      string
	Path     string // local file
	Changed  bool   // false when the server answered 304 Not Modified
	Bytes    int64  // bytes downloaded
	Modified string // Last-Modified, as the server sent it
}

// ErrName is the sentinel of a file or directory name that could lead
// outside a directory or is otherwise unusable.
var ErrName = errors.New("not a plain file name")

// maxName bounds a name's length in bytes (most file systems allow 255).
const maxName = 128

// CheckName reports whether name is safe as one element of a path
// under a directory: 1 to 128 bytes of ASCII letters, digits, '_', '-'
// and '.', not starting with '.' or '-'. So it never names a parent
// ("..") or a hidden file, holds no separator ('/', '\'), no NUL and no
// control character. The error names the name and what is wrong.
func CheckName(name string) error {
	bad := func(why string) error { return fmt.Errorf("%q: %w: %s", name, ErrName, why) }
	switch {
	case name == "":
		return bad("empty")
	case len(name) > maxName:
		return bad(fmt.Sprintf("longer than %d bytes", maxName))
	case name[0] == '.':
		return bad("starts with '.'")
	case name[0] == '-':
		return bad("starts with '-'")
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '_', c == '-', c == '.':
		case c == '/' || c == '\\':
			return bad("holds a path separator")
		case c == 0:
			return bad("holds a NUL byte")
		default:
			return bad(fmt.Sprintf("byte %d (%q) is not a letter, digit, '_', '-' or '.'", i, c))
		}
	}
	return nil
}

// RedirectError is a redirect that Fetch refused to follow.
type RedirectError struct {
	From, To string // the URL requested and the one it redirected to
	Reason   string
}

func (e *RedirectError) Error() string {
	return fmt.Sprintf("redirect from %s to %s refused: %s", e.From, e.To, e.Reason)
}

// maxRedirects is how many redirects one fetch follows.
const maxRedirects = 10

// checkRedirect is the http.Client.CheckRedirect of a fetch.
func (c *Client) checkRedirect(req *http.Request, via []*http.Request) error {
	from := via[len(via)-1].URL
	if len(via) >= maxRedirects {
		return &RedirectError{From: from.String(), To: req.URL.String(), Reason: fmt.Sprintf("more than %d redirects", maxRedirects)}
	}
	if reason := c.redirectRefused(via[0].URL, from, req.URL); reason != "" {
		return &RedirectError{From: from.String(), To: req.URL.String(), Reason: reason}
	}
	return nil
}

// redirectRefused says why a redirect from from to to is refused, or ""
// if it may be followed; orig is the URL first requested.
func (c *Client) redirectRefused(orig, from, to *url.URL) string {
	if to.Scheme != "https" {
		return "not HTTPS"
	}
	if to.User != nil {
		return "URL with user information"
	}
	host, port := hostPort(to)
	for _, u := range []*url.URL{orig, from} {
		h, p := hostPort(u)
		if strings.EqualFold(h, host) && (p == port || u.Scheme == "http" && p == "80" && port == "443") {
			return ""
		}
	}
	for _, allowed := range c.RedirectHosts {
		if allowed == "*" {
			return ""
		}
		ah, ap, err := net.SplitHostPort(allowed)
		if err != nil {
			ah, ap = allowed, ""
		}
		if strings.EqualFold(strings.Trim(ah, "[]"), host) && (ap == "" || ap == port) {
			return ""
		}
	}
	if oh, _ := hostPort(orig); strings.EqualFold(oh, host) {
		return "another port than the requested URL's"
	}
	return "another host than the requested URL's"
}

// hostPort returns a URL's host name and its port, the scheme's default
// when none is given.
func hostPort(u *url.URL) (string, string) {
	port := u.Port()
	if port == "" {
		switch u.Scheme {
		case "https":
			port = "443"
		case "http":
			port = "80"
		}
	}
	return u.Hostname(), port
}

// meta is kept beside each file for the next conditional request.
type meta struct {
	URL          string `json:"url"`
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"last_modified,omitempty"`
	Fetched      string `json:"fetched"`
}

// Fetch downloads url to Dir/name unless the server says the copy there
// is current. name must pass CheckName.
func (c *Client) Fetch(ctx context.Context, url, name string) (*Result, error) {
	if err := CheckName(name); err != nil {
		return nil, fmt.Errorf("download %s: file name %w", url, err)
	}
	if err := os.MkdirAll(c.Dir, 0o755); err != nil {
		return nil, fmt.Errorf("download %s: %w", url, err)
	}
	root, err := os.OpenRoot(c.Dir)
	if err != nil {
		return nil, fmt.Errorf("download %s: %w", url, err)
	}
	defer root.Close()
	metaName := "." + name + ".meta.json"
	var old meta
	if b, err := root.ReadFile(metaName); err == nil {
		json.Unmarshal(b, &old) // an unreadable record means an unconditional request
	}
	if old.URL != url {
		old = meta{}
	}
	if _, err := root.Stat(name); err != nil {
		old = meta{} // no local copy: fetch unconditionally
	}

	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, fmt.Errorf("download %s: %w", url, err)
	}
	req.Header.Set("User-Agent", c.UserAgent)
	if old.ETag != "" {
		req.Header.Set("If-None-Match", old.ETag)
	}
	if old.LastModified != "" {
		req.Header.Set("If-Modified-Since", old.LastModified)
	}
	hc := http.Client{}
	if c.HTTP != nil {
		hc = *c.HTTP
	}
	hc.CheckRedirect = c.checkRedirect
	resp, err := hc.Do(req)
	if err != nil {
		var re *RedirectError
		if errors.As(err, &re) {
			return nil, fmt.Errorf("download %s: %w", url, re)
		}
		return nil, fmt.Errorf("download %s: %w", url, err)
	}
	defer resp.Body.Close()
	res := &Result{URL: url, Path: filepath.Join(c.Dir, name), Modified: resp.Header.Get("Last-Modified")}
	switch {
	case resp.StatusCode == http.StatusNotModified:
		if res.Modified == "" {
			res.Modified = old.LastModified
		}
		return res, nil
	case resp.StatusCode != http.StatusOK:
		return nil, fmt.Errorf("download %s: %s", url, resp.Status)
	}

	tmpName, tmp, err := createTemp(root, name)
	if err != nil {
		return nil, fmt.Errorf("download %s: %w", url, err)
	}
	defer root.Remove(tmpName) // fails harmlessly once renamed
	limit := c.MaxBytes
	if limit <= 0 {
		limit = 1 << 30
	}
	n, err := io.Copy(tmp, io.LimitReader(resp.Body, limit+1))
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	switch {
	case err != nil:
		return nil, fmt.Errorf("download %s: after %d bytes: %w", url, n, err)
	case n > limit:
		return nil, fmt.Errorf("download %s: larger than %d bytes", url, limit)
	case resp.ContentLength >= 0 && n != resp.ContentLength:
		return nil, fmt.Errorf("download %s: %w: got %d of %d bytes", url, io.ErrUnexpectedEOF, n, resp.ContentLength)
	}
	if err := root.Rename(tmpName, name); err != nil {
		return nil, fmt.Errorf("download %s: %w", url, err)
	}
	m := meta{URL: url, ETag: resp.Header.Get("ETag"), LastModified: res.Modified,
		Fetched: time.Now().UTC().Format(time.RFC3339)}
	b, _ := json.Marshal(m)
	if err := writeFileAtomic(root, metaName, b); err != nil {
		return nil, fmt.Errorf("download %s: %w", url, err)
	}
	res.Changed, res.Bytes = true, n
	return res, nil
}

// createTemp creates a new hidden file for name's download in root.
func createTemp(root *os.Root, name string) (string, *os.File, error) {
	for range 10 {
		var r [6]byte
		rand.Read(r[:])
		tmp := "." + name + "." + hex.EncodeToString(r[:]) + ".part"
		f, err := root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err == nil {
			return tmp, f, nil
		}
		if !errors.Is(err, os.ErrExist) {
			return "", nil, err
		}
	}
	return "", nil, fmt.Errorf("create a temporary file for %s: too many name collisions", name)
}

func writeFileAtomic(root *os.Root, name string, b []byte) error {
	tmp, f, err := createTemp(root, name)
	if err != nil {
		return err
	}
	_, err = f.Write(b)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = root.Rename(tmp, name)
	}
	if err != nil {
		root.Remove(tmp)
	}
	return err
}
