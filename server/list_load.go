package server

import (
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
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
// sdn.csv, add.csv, alt.csv, sdn_comments.csv). A new version becomes
// current and the index is rebuilt in the background.
//
// A version with fewer than half the entities of the dataset's current
// version is refused with 409 unless allow_shrink is true (a query
// parameter, or a form field of a multipart body).
func (s *Server) handleListLoad(w http.ResponseWriter, r *http.Request) error {
	form := url.Values{}
	files, err := listFiles(r, form)
	if err != nil {
		return err
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
	l, err := lists.Decode(r.Context(), files...)
	if err != nil {
		var ie *dossier.InputError
		if errors.As(err, &ie) {
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

// listFiles reads the uploaded files of a list; the values of small
// non-file parts of a multipart body go into form.
func listFiles(r *http.Request, form url.Values) ([]lists.File, error) {
	mt, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" {
		data, err := io.ReadAll(r.Body)
		if err != nil {
			return nil, err
		}
		if len(data) == 0 {
			return nil, Errorf(CodeInvalid, "request body is empty: want a list file")
		}
		name := path.Base(strings.TrimSpace(r.URL.Query().Get("name")))
		if name == "." || name == "/" {
			name = "upload"
		}
		return []lists.File{{Name: name, Data: data}}, nil
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
			var tooLarge *http.MaxBytesError
			if errors.As(err, &tooLarge) {
				return nil, err
			}
			return nil, Errorf(CodeInvalid, "malformed multipart body: %v", err)
		}
		if p.FileName() == "" {
			b, err := io.ReadAll(io.LimitReader(p, maxFormValue+1))
			p.Close()
			if err != nil {
				return nil, Errorf(CodeInvalid, "malformed multipart body: %v", err)
			}
			if len(b) > maxFormValue {
				return nil, Errorf(CodeInvalid, "form field %q longer than %d bytes", p.FormName(), maxFormValue)
			}
			form.Add(p.FormName(), strings.TrimSpace(string(b)))
			continue
		}
		if len(files) == maxListFiles {
			return nil, Errorf(CodeInvalid, "more than %d files in one list", maxListFiles)
		}
		data, err := io.ReadAll(p)
		p.Close()
		if err != nil {
			var tooLarge *http.MaxBytesError
			if errors.As(err, &tooLarge) {
				return nil, err
			}
			return nil, Errorf(CodeInvalid, "malformed multipart body: %v", err)
		}
		files = append(files, lists.File{Name: path.Base(p.FileName()), Data: data})
	}
	if len(files) == 0 {
		return nil, Errorf(CodeInvalid, "no file parts in the multipart body")
	}
	return files, nil
}
