package server

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/url"
)

// CSRF protection of the web UI's forms that change state (POST).
//
// Each form carries a hidden field csrf_token: the HMAC-SHA256, under a
// key drawn at random when the process starts, of the browser's session
// (the UI cookie's token; nothing with --no-auth). A POST is refused
// unless the field matches, compared in constant time. A page on
// another site cannot read the token, so it cannot forge the form. The
// check also refuses a request whose browser says it came from another
// site (Sec-Fetch-Site: cross-site) or whose Origin is not this host, and
// the session cookie is SameSite=Strict besides.

// uiCSRFField is the name of the forms' hidden CSRF field.
const uiCSRFField = "csrf_token"

// uiCSRFKey is this process's CSRF key: a restart invalidates the forms
// open in browsers (they get a clear 403 and a fresh form on reload).
var uiCSRFKey = func() []byte {
	k := make([]byte, 32)
	rand.Read(k) // never fails (crypto/rand panics rather than return an error)
	return k
}()

// csrfToken is the CSRF token of the request's session.
func csrfToken(r *http.Request) string {
	session, _ := uiToken(r)
	m := hmac.New(sha256.New, uiCSRFKey)
	m.Write([]byte("dossier ui csrf v1\x00"))
	m.Write([]byte(session))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// checkCSRF refuses a state-changing UI request that did not come from
// one of this server's own forms. Call it after the form is parsed.
func checkCSRF(r *http.Request) error {
	if r.Header.Get("Sec-Fetch-Site") == "cross-site" {
		return Errorf(CodeForbidden, "this form was sent from another site; open the page on this server and send it again")
	}
	if o := r.Header.Get("Origin"); o != "" && o != "null" {
		u, err := url.Parse(o)
		if err != nil || u.Host != r.Host {
			return Errorf(CodeForbidden, "this form was sent from another origin (%s); open the page on this server and send it again", truncate(o, 64))
		}
	}
	got := r.PostFormValue(uiCSRFField)
	if got == "" || !hmac.Equal([]byte(got), []byte(csrfToken(r))) {
		return Errorf(CodeForbidden, "the form's security token is missing or out of date (the server may have restarted); reload the page and send it again")
	}
	return nil
}
