package monitor_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"dossier"
	"dossier/monitor"
)

// flaky is a loopback webhook receiver that answers the first fail
// requests with status, then 200.
type flaky struct {
	mu       sync.Mutex
	fail     int
	status   int
	requests []*http.Request
	bodies   [][]byte
}

func (f *flaky) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.requests = append(f.requests, r)
	f.bodies = append(f.bodies, body)
	if len(f.requests) <= f.fail {
		w.WriteHeader(f.status)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func newAlert(tb testing.TB, s dossier.AlertService, watch int64) *dossier.Alert {
	tb.Helper()
	a := &dossier.Alert{WatchID: watch, WatchName: "Diosdado Cabello", Kind: dossier.AlertListHit, ListEntityID: "ofac-24424",
		Caption: "CABELLO RONDON, Diosdado", Score: 0.93, Fingerprint: "f"}
	if _, err := s.CreateAlert(context.Background(), a); err != nil {
		tb.Fatal(err)
	}
	return a
}

// recordSleeps replaces real waiting, keeping the delays asked for.
func recordSleeps(w *monitor.Webhook) *[]time.Duration {
	var slept []time.Duration
	w.Sleep = func(ctx context.Context, d time.Duration) error {
		slept = append(slept, d)
		return ctx.Err()
	}
	return &slept
}

func TestWebhookRetriesThenDelivers(t *testing.T) {
	ctx := context.Background()
	alerts := newEnv(t).alerts
	rx := &flaky{fail: 2, status: http.StatusServiceUnavailable}
	srv := httptest.NewServer(rx)
	defer srv.Close()
	w := monitor.NewWebhook(srv.URL, alerts)
	w.Secret = "s3cret"
	w.BaseDelay, w.MaxDelay = 100*time.Millisecond, time.Second
	slept := recordSleeps(w)
	a := newAlert(t, alerts, 1)
	if err := w.Deliver(ctx, a); err != nil {
		t.Fatal(err)
	}
	if len(rx.requests) != 3 {
		t.Fatalf("%d requests, want 3", len(rx.requests))
	}
	for i, r := range rx.requests {
		if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/json" ||
			r.Header.Get("X-Dossier-Alert") != "1" || r.Header.Get("X-Dossier-Attempt") != string(rune('1'+i)) ||
			r.Header.Get("X-Dossier-Signature") != "sha256="+monitor.Sign("s3cret", rx.bodies[i]) {
			t.Errorf("request %d: %s %v", i, r.Method, r.Header)
		}
	}
	var body struct {
		Type  string        `json:"type"`
		Alert dossier.Alert `json:"alert"`
	}
	if err := json.Unmarshal(rx.bodies[2], &body); err != nil || body.Type != "alert" || body.Alert.ListEntityID != "ofac-24424" {
		t.Errorf("body %s: %v", rx.bodies[2], err)
	}
	// Backoff: two waits, each within [d/2, d) of 100 ms then 200 ms.
	if len(*slept) != 2 || (*slept)[0] < 50*time.Millisecond || (*slept)[0] >= 100*time.Millisecond ||
		(*slept)[1] < 100*time.Millisecond || (*slept)[1] >= 200*time.Millisecond {
		t.Errorf("waits %v", *slept)
	}
	ds, err := alerts.FindDeliveries(ctx, a.ID)
	if err != nil || len(ds) != 3 {
		t.Fatalf("deliveries %v %v", ds, err)
	}
	for i, want := range []string{dossier.DeliveryRetry, dossier.DeliveryRetry, dossier.DeliveryOK} {
		if ds[i].Status != want || ds[i].Attempt != i+1 || ds[i].URL != srv.URL {
			t.Errorf("delivery %d: %+v, want %s", i, ds[i], want)
		}
	}
	if ds[0].HTTPStatus != 503 || ds[0].Error == "" || ds[2].HTTPStatus != 204 {
		t.Errorf("statuses: %+v %+v", ds[0], ds[2])
	}
	if got, _ := alerts.FindAlertByID(ctx, a.ID); got.Delivery != dossier.DeliveryOK {
		t.Errorf("alert delivery %q", got.Delivery)
	}
}

func TestWebhookGivesUp(t *testing.T) {
	for _, tt := range []struct {
		Name     string
		Status   int
		Attempts int
	}{
		{"server errors until the attempts run out", http.StatusInternalServerError, 4},
		{"rate limited until the attempts run out", http.StatusTooManyRequests, 4},
		{"a client error is not retried", http.StatusBadRequest, 1},
		{"gone is not retried", http.StatusGone, 1},
	} {
		t.Run(tt.Name, func(t *testing.T) {
			ctx := context.Background()
			alerts := newEnv(t).alerts
			rx := &flaky{fail: 100, status: tt.Status}
			srv := httptest.NewServer(rx)
			defer srv.Close()
			w := monitor.NewWebhook(srv.URL, alerts)
			w.MaxAttempts = 4
			recordSleeps(w)
			a := newAlert(t, alerts, 1)
			if err := w.Deliver(ctx, a); err == nil {
				t.Fatal("delivered")
			}
			ds, _ := alerts.FindDeliveries(ctx, a.ID)
			if len(rx.requests) != tt.Attempts || len(ds) != tt.Attempts || ds[len(ds)-1].Status != dossier.DeliveryFailed {
				t.Errorf("%d requests, deliveries %+v", len(rx.requests), ds)
			}
			if got, _ := alerts.FindAlertByID(ctx, a.ID); got.Delivery != dossier.DeliveryFailed {
				t.Errorf("alert delivery %q", got.Delivery)
			}
		})
	}
}

func TestWebhookUnreachable(t *testing.T) {
	ctx := context.Background()
	alerts := newEnv(t).alerts
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close() // nothing listens there now
	w := monitor.NewWebhook(url, alerts)
	w.MaxAttempts = 3
	recordSleeps(w)
	a := newAlert(t, alerts, 1)
	if err := w.Deliver(ctx, a); err == nil {
		t.Fatal("delivered to a closed port")
	}
	ds, _ := alerts.FindDeliveries(ctx, a.ID)
	if len(ds) != 3 || ds[2].Status != dossier.DeliveryFailed || ds[0].HTTPStatus != 0 || ds[0].Error == "" {
		t.Errorf("deliveries %+v", ds)
	}
}

func TestDeliverPendingInOrder(t *testing.T) {
	ctx := context.Background()
	alerts := newEnv(t).alerts
	rx := &flaky{}
	srv := httptest.NewServer(rx)
	defer srv.Close()
	w := monitor.NewWebhook(srv.URL, alerts)
	for i := int64(1); i <= 150; i++ {
		newAlert(t, alerts, i)
	}
	ok, failed, err := w.DeliverPending(ctx)
	if err != nil || ok != 150 || failed != 0 {
		t.Fatalf("%d delivered, %d failed, %v", ok, failed, err)
	}
	for i, r := range rx.requests {
		if want := i + 1; r.Header.Get("X-Dossier-Alert") != itoa(want) {
			t.Fatalf("request %d carried alert %s, want %d (oldest first)", i, r.Header.Get("X-Dossier-Alert"), want)
		}
	}
	if ok, _, _ := w.DeliverPending(ctx); ok != 0 {
		t.Errorf("delivered %d again", ok)
	}
}

func itoa(i int) string {
	b, _ := json.Marshal(i)
	return string(b)
}

func TestBackoff(t *testing.T) {
	base, max := time.Second, 30*time.Second
	for n := 1; n <= 12; n++ {
		full := base << (n - 1)
		if full > max {
			full = max
		}
		lo := monitor.Backoff(n, base, max, 0)
		hi := monitor.Backoff(n, base, max, 0.999999)
		if lo != full/2 || hi < full/2 || hi >= full {
			t.Errorf("attempt %d: [%v, %v], want [%v, %v)", n, lo, hi, full/2, full)
		}
	}
	if d := monitor.Backoff(200, base, max, 0.5); d > max {
		t.Errorf("attempt 200 waits %v, more than the cap", d)
	}
}

func TestMonitorDeliversInTheBackground(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	ix := MustLoadList(t, e.db, "v1", readFixture(t))
	rx := &flaky{fail: 1, status: http.StatusBadGateway}
	srv := httptest.NewServer(rx)
	defer srv.Close()
	e.m.Webhook = monitor.NewWebhook(srv.URL, e.alerts)
	e.m.Webhook.BaseDelay = time.Millisecond
	for _, name := range []string{"Diosdado Cabello", "Nicolás Maduro"} {
		if err := e.m.CreateWatch(ctx, &dossier.Watch{Name: name, Schema: "Person", Country: "VE"}); err != nil {
			t.Fatal(err)
		}
	}
	st, err := e.m.ScreenWatches(ctx, ix)
	if err != nil || st.New != 2 {
		t.Fatalf("%+v %v", st, err)
	}
	if err := e.m.Wait(); err != nil {
		t.Fatal(err)
	}
	// The first attempt failed and was retried; both alerts arrived.
	if len(rx.requests) != 3 {
		t.Errorf("%d requests, want 3", len(rx.requests))
	}
	done := dossier.DeliveryOK
	if _, n, _ := e.alerts.FindAlerts(ctx, dossier.AlertFilter{Delivery: &done}); n != 2 {
		t.Errorf("%d alerts delivered, want 2", n)
	}
}

// A webhook that answers with a redirect must not make dossier re-post
// the signed alert elsewhere: the redirect is a failed delivery, and the
// server it points to never sees the body.
func TestWebhookDoesNotFollowRedirects(t *testing.T) {
	for _, status := range []int{http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
		http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			ctx := context.Background()
			alerts := newEnv(t).alerts
			other := &flaky{}
			elsewhere := httptest.NewServer(other) // another port
			defer elsewhere.Close()
			redirector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				io.Copy(io.Discard, r.Body)
				http.Redirect(w, r, elsewhere.URL+"/steal", status)
			}))
			defer redirector.Close()
			w := monitor.NewWebhook(redirector.URL, alerts)
			w.Secret = "s3cret"
			w.MaxAttempts = 3
			recordSleeps(w)
			a := newAlert(t, alerts, 1)
			err := w.Deliver(ctx, a)
			if err == nil || !strings.Contains(err.Error(), "redirect") {
				t.Fatalf("Deliver = %v, want a failure naming the redirect", err)
			}
			other.mu.Lock()
			n := len(other.requests)
			other.mu.Unlock()
			if n != 0 {
				t.Fatalf("the redirect target received %d requests", n)
			}
			ds, _ := alerts.FindDeliveries(ctx, a.ID)
			if len(ds) != 1 || ds[0].Status != dossier.DeliveryFailed || ds[0].HTTPStatus != status ||
				!strings.Contains(ds[0].Error, "not followed") || !strings.Contains(ds[0].Error, elsewhere.URL) {
				t.Errorf("deliveries %+v", ds)
			}
		})
	}
}

func TestWebhookPostsCheckpoints(t *testing.T) {
	ctx := context.Background()
	rx := &flaky{}
	srv := httptest.NewServer(rx)
	defer srv.Close()
	w := monitor.NewWebhook(srv.URL, nil)
	w.Secret = "s3cret"
	c := dossier.Checkpoint{Count: 3, Head: strings.Repeat("ab", 32), Time: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC),
		KeyID: "0123456789abcdef", Signature: "c2ln"}
	if err := w.PostCheckpoint(ctx, c); err != nil {
		t.Fatal(err)
	}
	var body struct {
		Type       string             `json:"type"`
		Checkpoint dossier.Checkpoint `json:"checkpoint"`
	}
	if len(rx.requests) != 1 || json.Unmarshal(rx.bodies[0], &body) != nil || body.Type != "checkpoint" || body.Checkpoint != c ||
		rx.requests[0].Header.Get("X-Dossier-Checkpoint") != "3" ||
		rx.requests[0].Header.Get("X-Dossier-Signature") != "sha256="+monitor.Sign("s3cret", rx.bodies[0]) {
		t.Fatalf("received %d requests: %s", len(rx.requests), rx.bodies)
	}
	// A redirect is not followed for checkpoints either.
	other := &flaky{}
	elsewhere := httptest.NewServer(other)
	defer elsewhere.Close()
	redirector := httptest.NewServer(http.RedirectHandler(elsewhere.URL, http.StatusTemporaryRedirect))
	defer redirector.Close()
	w.URL = redirector.URL
	if err := w.PostCheckpoint(ctx, c); err == nil || !strings.Contains(err.Error(), "redirects are not followed") {
		t.Errorf("post to a redirect: %v", err)
	}
	if len(other.requests) != 0 {
		t.Errorf("the redirect target received %d requests", len(other.requests))
	}
}
