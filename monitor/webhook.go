package monitor

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"

	"dossier"
)

// Webhook posts alerts as JSON to a URL, retrying failed attempts with
// exponential backoff and jitter, and records every attempt.
//
// The body is {"type": "alert", "alert": {…}} (the dossier.Alert JSON).
// Headers: X-Dossier-Alert (the alert ID, the same on every attempt, so
// the receiver can drop duplicates), X-Dossier-Attempt, and, when Secret
// is set, X-Dossier-Signature: sha256=HEX, the HMAC-SHA256 of the body.
// A 2xx answer delivers the alert; network errors, timeouts, 408, 429 and
// 5xx are retried; any other answer fails it at once. Redirects are never
// followed, whatever Client says: a 3xx fails the delivery (naming the
// Location it pointed to), so a signed alert is never re-posted to a URL
// other than the one configured.
type Webhook struct {
	URL    string
	Secret string
	Alerts dossier.AlertService // records deliveries
	Client *http.Client
	// MaxAttempts bounds the attempts per alert (default 5).
	MaxAttempts int
	// BaseDelay is the wait before the second attempt, doubled for each
	// one after (default 1 s), capped at MaxDelay (default 1 min).
	BaseDelay, MaxDelay time.Duration

	// Sleep waits between attempts; tests may replace it.
	Sleep func(ctx context.Context, d time.Duration) error
}

// NewWebhook returns a Webhook with default limits: a 10 s timeout per
// attempt, 5 attempts, 1 s doubling to at most 1 min.
func NewWebhook(url string, alerts dossier.AlertService) *Webhook {
	return &Webhook{URL: url, Alerts: alerts, Client: &http.Client{Timeout: 10 * time.Second},
		MaxAttempts: 5, BaseDelay: time.Second, MaxDelay: time.Minute, Sleep: sleepCtx}
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Backoff is the wait after failed attempt n (1-based): base·2^(n-1),
// capped at max, with "equal jitter": half of it fixed and half drawn
// uniformly from r in [0, 1), so that many senders retrying at once
// spread out while each still backs off.
func Backoff(n int, base, max time.Duration, r float64) time.Duration {
	d := base
	for i := 1; i < n && d < max; i++ {
		d *= 2
	}
	if d > max || d <= 0 {
		d = max
	}
	return d/2 + time.Duration(r*float64(d/2))
}

// errPermanent marks an answer not worth retrying.
type errPermanent struct{ error }

// Deliver sends one alert, retrying as configured, and records each
// attempt with the AlertService. It returns nil once the alert is
// delivered, else the last attempt's error.
func (w *Webhook) Deliver(ctx context.Context, a *dossier.Alert) error {
	body, err := json.Marshal(struct {
		Type  string         `json:"type"`
		Alert *dossier.Alert `json:"alert"`
	}{"alert", a})
	if err != nil {
		return err
	}
	attempts := max(w.MaxAttempts, 1)
	sleep := w.Sleep
	if sleep == nil {
		sleep = sleepCtx
	}
	var last error
	for n := 1; n <= attempts; n++ {
		if n > 1 {
			if err := sleep(ctx, Backoff(n-1, w.BaseDelay, w.maxDelay(), rand.Float64())); err != nil {
				return err
			}
		}
		status, err := w.post(ctx, body, "X-Dossier-Alert", strconv.FormatInt(a.ID, 10), "X-Dossier-Attempt", strconv.Itoa(n))
		d := &dossier.Delivery{AlertID: a.ID, URL: w.URL, Attempt: n, HTTPStatus: status, Status: dossier.DeliveryOK}
		var perm errPermanent
		switch {
		case err == nil:
		case ctx.Err() != nil:
			return ctx.Err() // shutting down: the alert stays pending
		case errors.As(err, &perm) || n == attempts:
			d.Status, d.Error = dossier.DeliveryFailed, err.Error()
		default:
			d.Status, d.Error = dossier.DeliveryRetry, err.Error()
		}
		if rerr := w.Alerts.CreateDelivery(ctx, d); rerr != nil {
			return fmt.Errorf("webhook: record delivery of alert %d: %w", a.ID, rerr)
		}
		switch d.Status {
		case dossier.DeliveryOK:
			a.Delivery = dossier.DeliveryOK
			return nil
		case dossier.DeliveryFailed:
			a.Delivery = dossier.DeliveryFailed
			return fmt.Errorf("webhook: alert %d: %w", a.ID, err)
		}
		last = err
	}
	return last
}

func (w *Webhook) maxDelay() time.Duration {
	if w.MaxDelay <= 0 {
		return time.Minute
	}
	return w.MaxDelay
}

// PostCheckpoint posts a checkpoint of the decision log once, as
// {"type": "checkpoint", "checkpoint": {…}} (the dossier.Checkpoint
// JSON) with the header X-Dossier-Checkpoint (its count) and the same
// signature header as alerts. A receiver that keeps them is a witness of
// the log's length outside this machine: a database and checkpoint file
// both rolled back still disagree with it. Nothing is recorded; the
// error says why an attempt failed.
func (w *Webhook) PostCheckpoint(ctx context.Context, c dossier.Checkpoint) error {
	body, err := json.Marshal(struct {
		Type       string             `json:"type"`
		Checkpoint dossier.Checkpoint `json:"checkpoint"`
	}{"checkpoint", c})
	if err != nil {
		return err
	}
	if _, err := w.post(ctx, body, "X-Dossier-Checkpoint", strconv.FormatInt(c.Count, 10)); err != nil {
		return fmt.Errorf("webhook: checkpoint %d: %w", c.Count, err)
	}
	return nil
}

// post makes one attempt with the given header name-value pairs and
// returns the HTTP status (0 when there was no answer).
func (w *Webhook) post(ctx context.Context, body []byte, headers ...string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.URL, bytes.NewReader(body))
	if err != nil {
		return 0, errPermanent{err}
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "dossier/"+dossier.Version)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	if w.Secret != "" {
		req.Header.Set("X-Dossier-Signature", "sha256="+Sign(w.Secret, body))
	}
	resp, err := w.client().Do(req)
	if err != nil {
		return 0, err
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	switch c := resp.StatusCode; {
	case c >= 200 && c < 300:
		return c, nil
	case c >= 300 && c < 400:
		return c, errPermanent{fmt.Errorf("webhook answered %s with Location %q: redirects are not followed (configure the final URL)",
			resp.Status, resp.Header.Get("Location"))}
	case c == http.StatusRequestTimeout || c == http.StatusTooManyRequests || c >= 500:
		return c, fmt.Errorf("webhook answered %s", resp.Status)
	default:
		return c, errPermanent{fmt.Errorf("webhook answered %s", resp.Status)}
	}
}

// client returns a copy of w.Client (or a default one) that never
// follows a redirect: the 3xx answer itself comes back to post.
func (w *Webhook) client() *http.Client {
	c := http.Client{Timeout: 10 * time.Second}
	if w.Client != nil {
		c = *w.Client
	}
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &c
}

// Sign is the webhook signature of a body: hex HMAC-SHA256 with secret.
func Sign(secret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}

// DeliverPending delivers, oldest first, every alert not yet delivered
// nor failed (those raised since the last call, and those a shutdown
// interrupted). It returns how many were delivered and how many failed.
func (w *Webhook) DeliverPending(ctx context.Context) (delivered, failed int, err error) {
	pending := ""
	for {
		// FindAlerts is newest first: the oldest 100 are the last ones.
		_, n, err := w.Alerts.FindAlerts(ctx, dossier.AlertFilter{Delivery: &pending, Limit: 1})
		if err != nil {
			return delivered, failed, fmt.Errorf("webhook: %w", err)
		}
		as, _, err := w.Alerts.FindAlerts(ctx, dossier.AlertFilter{Delivery: &pending, Offset: max(n-100, 0), Limit: 100})
		if err != nil {
			return delivered, failed, fmt.Errorf("webhook: %w", err)
		}
		if len(as) == 0 {
			return delivered, failed, nil
		}
		for i := len(as) - 1; i >= 0; i-- {
			if err := w.Deliver(ctx, as[i]); err != nil {
				if ctx.Err() != nil {
					return delivered, failed, ctx.Err()
				}
				if as[i].Delivery != dossier.DeliveryFailed {
					return delivered, failed, err
				}
				failed++
				continue
			}
			delivered++
		}
	}
}
