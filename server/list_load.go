package server

import (
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"path"
	"strings"

	"dossier"
	"dossier/lists"
)

// listLoadResponse reports a list load.
type listLoadResponse struct {
	Version *dossier.ListVersion `json:"version"`
	Created bool                 `json:"created"` // false: that exact version was stored before
	Index   string               `json:"index"`   // "rebuilding" when the index is being rebuilt
}

// maxListFiles bounds the parts of a multipart list upload.
const maxListFiles = 16

// handleListLoad is POST /lists: load one list, as "dossier lists load"
// does for one path. The body is the list file itself (any format the
// loaders detect; ?name= gives its file name), or multipart/form-data
// with one file part per file of a list that comes in several (OFAC's
// sdn.csv, add.csv, alt.csv, sdn_comments.csv). A new version becomes
// current and the index is rebuilt in the background.
func (s *Server) handleListLoad(w http.ResponseWriter, r *http.Request) error {
	files, err := listFiles(r)
	if err != nil {
		return err
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
	created, err := s.Lists.CreateListVersion(r.Context(), &v, l.Entities)
	if err != nil {
		return err
	}
	resp := listLoadResponse{Version: &v, Created: created, Index: "unchanged"}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
		resp.Index = "rebuilding"
		s.index.Rebuild()
	}
	writeJSON(w, status, resp)
	return nil
}

// listFiles reads the uploaded files of a list.
func listFiles(r *http.Request) ([]lists.File, error) {
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
			p.Close()
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
