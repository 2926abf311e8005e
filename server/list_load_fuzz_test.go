package server

import (
	"bytes"
	"errors"
	"net/http/httptest"
	"net/url"
	"testing"
)

// FuzzListFiles: any multipart body gives files and form fields within
// their limits, or an invalid-request error; never a panic or another
// kind of error.
func FuzzListFiles(f *testing.F) {
	f.Add([]byte("--b\r\nContent-Disposition: form-data; name=\"allow_shrink\"\r\n\r\ntrue\r\n--b\r\n" +
		"Content-Disposition: form-data; name=\"file\"; filename=\"x.ftm.jsonl\"\r\n\r\n{}\r\n--b--\r\n"))
	f.Add([]byte("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"../../a\"\r\n\r\nx\r\n--b--\r\n"))
	f.Add([]byte("--b--\r\n"))
	f.Fuzz(func(t *testing.T, body []byte) {
		r := httptest.NewRequest("POST", "/lists", bytes.NewReader(body))
		r.Header.Set("Content-Type", "multipart/form-data; boundary=b")
		form := url.Values{}
		files, err := listFiles(r, form, t.TempDir())
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Code != CodeInvalid {
				t.Fatalf("error %v is not an invalid-request error", err)
			}
			return
		}
		if len(files) == 0 || len(files) > maxListFiles {
			t.Fatalf("%d files", len(files))
		}
		for _, f := range files {
			if f.Name == "" || bytes.ContainsAny([]byte(f.Name), "/") && f.Name != "/" {
				t.Fatalf("file name %q", f.Name)
			}
		}
		for k, vs := range form {
			for _, v := range vs {
				if len(v) > maxFormValue {
					t.Fatalf("field %s: %d bytes", k, len(v))
				}
			}
		}
	})
}
