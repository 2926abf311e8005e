package server

import (
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path"
	"strconv"
	"strings"

	"dossier"
	"dossier/lists"
)

// listLoadResponse reports a list load.
type listLoadResponse struct {
	Version *dossier.ListVersion `json:"version"`
	// Previous is the dataset's current version before the load (when
	// Created is false: the current version), absent for a new dataset.
	Previous *dossier.ListVersion `json:"previous,omitempty"`
	Created  bool                 `json:"created"` // false: that exact version was stored before
	Index    string               `json:"index"`   // "rebuilding" when the index is being rebuilt
}

// maxListFiles bounds the parts of a multipart list upload, and
// maxFormValue the size of each of its non-file fields.
const (
	maxListFiles = 16
	maxFormValue = 1 << 10
)

// handleListLoad is POST /lists: load one list, as "dossier lists load"
// does for one path. The body is the list file itself (any format the
// loaders detect; ?name= gives its file name), or multipart/form-data
// with one file part per file of a list that comes in several (OFAC's
// sdn.csv, add.csv, alt.csv, sdn_comments.csv). The dataset to store
// the list as, where the list cannot tell (see lists.Options), is
// dataset (a query parameter, or a form field of a multipart body). The
// body is limited to MaxListBody (413 beyond it), which is also the
// loaders' file size limit; it is spooled to temporary files and
// streamed from there, so memory does not grow with it. A new version
// becomes current and the index is rebuilt in the background.
//
// A version with fewer than half the entities of the dataset's current
// version is refused with 409 unless allow_shrink is true (a query
// parameter, or a form field of a multipart body).
func (s *Server) handleListLoad(w http.ResponseWriter, r *http.Request) error {
	dir, err := os.MkdirTemp("", "dossier-list-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	form := url.Values{}
	files, err := listFiles(r, form, dir)
	if err != nil {
		return err
	}
	dataset := r.URL.Query().Get("dataset")
	if v := form.Get("dataset"); v != "" {
		dataset = v
	}
	var opts dossier.ListLoadOptions
	for _, src := range []url.Values{r.URL.Query(), form} {
		if v := src.Get("allow_shrink"); v != "" {
			b, err := strconv.ParseBool(v)
			if err != nil {
				return Errorf(CodeInvalid, "allow_shrink: %q is not true or false", v)
			}
			opts.AllowShrink = opts.AllowShrink || b
		}
	}
	l, err := lists.DecodeOptions(r.Context(), lists.Options{Dataset: strings.TrimSpace(dataset), MaxSize: s.MaxListBody}, files...)
	if err != nil {
		var ie *dossier.InputError
		if errors.As(err, &ie) {
			if errors.Is(err, lists.ErrTooLarge) {
				return &Error{Code: CodeTooLarge, Message: "list: " + ie.Error()}
			}
			return &Error{Code: CodeInvalid, Message: "list: " + ie.Error()}
		}
		return err
	}
	v := l.Version
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = f.Name
	}
	v.Source = "api upload: " + strings.Join(names, ", ")
	res, err := s.Lists.LoadListVersion(r.Context(), &v, l.Entities, opts)
	if err != nil {
		var shrink *dossier.ShrinkError
		if errors.As(err, &shrink) {
			return Errorf(CodeConflict, "list %s: new version %s has %d entities, current version %s has %d: "+
				"more than half would be lost; send allow_shrink=true to load it anyway",
				shrink.Dataset, shortVersion(shrink.New.Version), shrink.New.Entities,
				shortVersion(shrink.Old.Version), shrink.Old.Entities)
		}
		return err
	}
	resp := listLoadResponse{Version: &v, Previous: res.Previous, Created: res.Created, Index: "unchanged"}
	status := http.StatusOK
	if res.Created {
		status = http.StatusCreated
		resp.Index = "rebuilding"
		s.index.Rebuild()
	}
	writeJSON(w, status, resp)
	return nil
}

func shortVersion(v string) string { return v[:min(12, len(v))] }

// spool copies an uploaded file into dir and returns it as a list file
// named name that is read from there.
func spool(dir, name string, body io.Reader) (lists.File, error) {
	f, err := os.CreateTemp(dir, "part-")
	if err != nil {
		return lists.File{}, err
	}
	n, err := io.Copy(f, body)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return lists.File{}, err
	}
	path := f.Name()
	return lists.File{Name: name, Size: n, Open: func() (io.ReadCloser, error) { return os.Open(path) }}, nil
}

// uploadName is the base of an uploaded file's name, "upload" if none.
func uploadName(s string) string {
	name := path.Base(strings.TrimSpace(s))
	if name == "." || name == "/" || name == "" {
		return "upload"
	}
	return name
}

// bodyError passes the body-size error on (a 413) and makes any other
// error reading the body a malformed request.
func bodyError(err error) error {
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return err
	}
	return Errorf(CodeInvalid, "malformed request body: %v", err)
}

// listFiles spools the uploaded files of a list into dir; the values of
// small non-file parts of a multipart body go into form.
func listFiles(r *http.Request, form url.Values, dir string) ([]lists.File, error) {
	mt, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" {
		f, err := spool(dir, uploadName(r.URL.Query().Get("name")), r.Body)
		if err != nil {
			return nil, bodyError(err)
		}
		if f.Size == 0 {
			return nil, Errorf(CodeInvalid, "request body is empty: want a list file")
		}
		return []lists.File{f}, nil
	}
	if params["boundary"] == "" {
		return nil, Errorf(CodeInvalid, "multipart body without a boundary")
	}
	mr := multipart.NewReader(r.Body, params["boundary"])
	var files []lists.File
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, bodyError(err)
		}
		if p.FileName() == "" {
			b, err := io.ReadAll(io.LimitReader(p, maxFormValue+1))
			p.Close()
			if err != nil {
				return nil, bodyError(err)
			}
			if len(b) > maxFormValue {
				return nil, Errorf(CodeInvalid, "form field %q longer than %d bytes", p.FormName(), maxFormValue)
			}
			form.Add(p.FormName(), strings.TrimSpace(string(b)))
			continue
		}
		if len(files) == maxListFiles {
			p.Close()
			return nil, Errorf(CodeInvalid, "more than %d files in one list", maxListFiles)
		}
		f, err := spool(dir, uploadName(p.FileName()), p)
		p.Close()
		if err != nil {
			return nil, bodyError(err)
		}
		files = append(files, f)
	}
	if len(files) == 0 {
		return nil, Errorf(CodeInvalid, "no file parts in the multipart body")
	}
	return files, nil
}
