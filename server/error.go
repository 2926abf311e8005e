package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"dossier"
)

// Error codes of the API. Every error response carries one.
const (
	CodeInvalid          = "invalid"            // 400: malformed or wrong request
	CodeUnauthorized     = "unauthorized"       // 401: no valid token
	CodeForbidden        = "forbidden"          // 403: the token lacks the scope
	CodeNotFound         = "not_found"          // 404
	CodeMethodNotAllowed = "method_not_allowed" // 405
	CodeConflict         = "conflict"           // 409
	CodeTooLarge         = "too_large"          // 413: body over the route's limit, or a document over MaxExtractBytes
	CodeTooExpensive     = "too_expensive"      // 422: a document's extraction ran over ExtractTimeout
	CodeUnprocessable    = "unprocessable"      // 422: a yente route's parameter or body fails validation, where yente answers 422
	CodeURITooLong       = "uri_too_long"       // 414: the request target is longer than MaxURLLength
	CodeUnavailable      = "unavailable"        // 503: the index is not built yet
	CodeInternal         = "internal"           // 500: logged in full, shown generically
	codeCanceled         = "canceled"           // 499: the client went away
)

// Error is an application error: a code that decides the HTTP status
// and a message safe to show the client. Err, when set, is the cause,
// which is logged and never sent.
type Error struct {
	Code    string
	Message string
	Err     error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return e.Code + ": " + e.Message + ": " + e.Err.Error()
	}
	return e.Code + ": " + e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// StatusOf maps an error code to its HTTP status: the one place where
// that happens.
func StatusOf(code string) int {
	switch code {
	case CodeInvalid:
		return http.StatusBadRequest
	case CodeUnauthorized:
		return http.StatusUnauthorized
	case CodeForbidden:
		return http.StatusForbidden
	case CodeNotFound:
		return http.StatusNotFound
	case CodeMethodNotAllowed:
		return http.StatusMethodNotAllowed
	case CodeConflict:
		return http.StatusConflict
	case CodeTooLarge:
		return http.StatusRequestEntityTooLarge
	case CodeTooExpensive, CodeUnprocessable:
		return http.StatusUnprocessableEntity
	case CodeURITooLong:
		return http.StatusRequestURITooLong
	case CodeUnavailable:
		return http.StatusServiceUnavailable
	case codeCanceled:
		return 499
	}
	return http.StatusInternalServerError
}

// asError turns any error into an *Error: application errors pass
// through; the domain's sentinels and the standard library's body-size
// error get their codes; anything else is internal.
func asError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		return &Error{Code: CodeTooLarge, Message: fmt.Sprintf("request body larger than %d bytes", tooLarge.Limit)}
	case errors.Is(err, dossier.ErrNotFound):
		return &Error{Code: CodeNotFound, Message: err.Error()}
	case errors.Is(err, dossier.ErrInvalid), errors.Is(err, dossier.ErrAmbiguous):
		return &Error{Code: CodeInvalid, Message: err.Error()}
	case errors.Is(err, context.Canceled):
		return &Error{Code: codeCanceled, Message: "request canceled", Err: err}
	case errors.Is(err, context.DeadlineExceeded):
		return &Error{Code: CodeUnavailable, Message: "request timed out", Err: err}
	}
	return &Error{Code: CodeInternal, Message: "internal error", Err: err}
}

// errorBody is the JSON of an error response. Detail repeats the
// message where yente clients read it.
type errorBody struct {
	Error struct {
		Code      string `json:"code"`
		Message   string `json:"message"`
		RequestID string `json:"request_id,omitempty"`
	} `json:"error"`
	Detail string `json:"detail"`
}

// writeError renders err as a JSON error response, or as an HTML page
// under the web UI's /ui/ prefix. Server errors are
// logged with their cause; the client sees only the generic message.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	e := asError(err)
	status := StatusOf(e.Code)
	msg := e.Message
	id := requestID(r.Context())
	switch {
	case e.Code == CodeUnavailable && e.Err == nil:
		// Not ready yet (the index is being built): expected, and the
		// request log has the answer.
		s.logger().LogAttrs(r.Context(), slog.LevelDebug, "not ready", slog.String("request_id", id),
			slog.String("path", r.URL.Path), slog.String("error", err.Error()))
	case status >= 500:
		s.logger().LogAttrs(r.Context(), slog.LevelError, "request failed", slog.String("request_id", id),
			slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.String("error", err.Error()))
		if e.Code == CodeInternal {
			msg = "internal error"
		}
	case e.Err != nil:
		s.logger().LogAttrs(r.Context(), slog.LevelInfo, "request refused", slog.String("request_id", id),
			slog.String("code", e.Code), slog.String("error", err.Error()))
	}
	switch status {
	case http.StatusUnauthorized:
		w.Header().Set("WWW-Authenticate", `Bearer realm="dossier"`)
	case http.StatusServiceUnavailable:
		w.Header().Set("Retry-After", "5")
	}
	if isUIPath(r.URL.Path) {
		s.writeErrorPage(w, r, status, e.Code, msg)
		return
	}
	var body errorBody
	body.Error.Code, body.Error.Message, body.Error.RequestID = e.Code, msg, id
	body.Detail = msg
	writeJSON(w, status, body)
}
