package server

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// chromiumPath is the browser the real-browser test drives.
const chromiumPath = "/usr/bin/chromium"

// TestUIInBrowser renders the screening page in a headless Chromium, on
// a loopback test server, and checks the DOM the browser built: the
// list hit and a claim are there. It fails when Chromium is absent
// (apt-get install chromium), as the other browser tests do, unless
// DOSSIER_SKIP_BROWSER=1; it skips in -short mode.
func TestUIInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping the headless-browser test")
	}
	if os.Getenv("DOSSIER_SKIP_BROWSER") == "1" {
		t.Skip("DOSSIER_SKIP_BROWSER=1: skipping the headless-browser test")
	}
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Fatalf("no browser at %s: install the chromium package (or set DOSSIER_SKIP_BROWSER=1 to skip): %v", chromiumPath, err)
	}
	env := newEnv(t, envOptions{lists: []string{fixtureList}, extractor: true, noAuth: true})
	_, x := postArticle(t, env)

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, chromiumPath, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
		"--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir="+t.TempDir(), "--dump-dom", env.ts.URL+"/ui/screen?name=Diosdado+Cabello")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, stderr.String())
	}
	dom := stdout.String()
	for _, want := range []string{`<a href="/ui/entities/ofac-24424">Diosdado CABELLO RONDON</a>`, "fixture_sdn",
		`class="claim stance-`, "Venezuelan party chief Diosdado Cabello charged in U.S. drug case"} {
		if !strings.Contains(dom, want) {
			t.Errorf("the browser's DOM lacks %q", want)
		}
	}
	found := false
	for _, c := range x.Claims {
		if strings.Contains(dom, `id="n1-claim-`+c.ID+`"`) && strings.Contains(dom, c.Topic) {
			found = true
		}
	}
	if !found {
		t.Errorf("the browser's DOM shows none of the article's claims %+v", x.Claims)
	}
	if t.Failed() {
		t.Logf("DOM:\n%s", dom)
	}
}
