// Package download fetches files over HTTP into a local directory with
// conditional requests (ETag / If-None-Match and Last-Modified /
// If-Modified-Since), so that a list that has not changed is not
// downloaded again.
//
// A file is written to a temporary name and renamed into place only
// when the whole body has arrived, so an interrupted or truncated
// download never replaces a good copy.
package download

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"time"
)

// Client downloads files into Dir.
type Client struct {
	HTTP      *http.Client
	Dir       string
	UserAgent string
	MaxBytes  int64 // largest file accepted; default 1 GiB
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

// meta is kept beside each file for the next conditional request.
type meta struct {
	URL          string `json:"url"`
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"last_modified,omitempty"`
	Fetched      string `json:"fetched"`
}

// Fetch downloads url to Dir/name unless the server says the copy there
// is current.
func (c *Client) Fetch(ctx context.Context, url, name string) (*Result, error) {
	if name == "" || name != filepath.Base(name) || name[0] == '.' {
		return nil, fmt.Errorf("download %s: bad file name %q", url, name)
	}
	if err := os.MkdirAll(c.Dir, 0o755); err != nil {
		return nil, err
	}
	path := filepath.Join(c.Dir, name)
	metaPath := filepath.Join(c.Dir, "."+name+".meta.json")
	var old meta
	if b, err := os.ReadFile(metaPath); err == nil {
		json.Unmarshal(b, &old)
	}
	if old.URL != url {
		old = meta{}
	}
	if _, err := os.Stat(path); err != nil {
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
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return nil, fmt.Errorf("download %s: %w", url, err)
	}
	defer resp.Body.Close()
	res := &Result{URL: url, Path: path, Modified: resp.Header.Get("Last-Modified")}
	switch {
	case resp.StatusCode == http.StatusNotModified:
		if res.Modified == "" {
			res.Modified = old.LastModified
		}
		return res, nil
	case resp.StatusCode != http.StatusOK:
		return nil, fmt.Errorf("download %s: %s", url, resp.Status)
	}

	tmp, err := os.CreateTemp(c.Dir, "."+name+".*.part")
	if err != nil {
		return nil, err
	}
	defer os.Remove(tmp.Name())
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
	if err := os.Rename(tmp.Name(), path); err != nil {
		return nil, err
	}
	m := meta{URL: url, ETag: resp.Header.Get("ETag"), LastModified: res.Modified,
		Fetched: time.Now().UTC().Format(time.RFC3339)}
	b, _ := json.Marshal(m)
	if err := writeFileAtomic(metaPath, b); err != nil {
		return nil, err
	}
	res.Changed, res.Bytes = true, n
	return res, nil
}

func writeFileAtomic(path string, b []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
