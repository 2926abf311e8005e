package server

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
)

// Shared helpers of the end-to-end tests that drive Debian's Chromium
// with chromedp over a loopback test server.
//
// These tests run in CI (.ci/run installs chromium when missing): when
// the browser is absent they fail, unless DOSSIER_SKIP_BROWSER=1 says to
// skip them (and -short skips them too). Screenshots go to the folder
// $DOSSIER_ARTIFACTS names, else to a temporary folder the test logs.
// The accessibility check needs axe-core (see axeScript).

// mustBrowser starts a headless Chromium for the test, with the flags
// the CI machine needs and a fresh profile, and returns a tab's context;
// the browser stops when the test ends.
func mustBrowser(t *testing.T) context.Context {
	t.Helper()
	if testing.Short() {
		t.Skip("-short: skipping the headless-browser test")
	}
	if os.Getenv("DOSSIER_SKIP_BROWSER") == "1" {
		t.Skip("DOSSIER_SKIP_BROWSER=1: skipping the headless-browser test")
	}
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Fatalf("no browser at %s: install the chromium package (or set DOSSIER_SKIP_BROWSER=1 to skip): %v", chromiumPath, err)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 1000),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(actx)
	ctx, cancelTime := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(func() {
		cancelTime()
		cancelTab()
		cancelAlloc()
	})
	if err := chromedp.Do(ctx); err != nil { // start the browser now
		t.Fatalf("start %s: %v", chromiumPath, err)
	}
	return ctx
}

// browserDo runs actions in the tab and stops the test on failure.
func browserDo(t *testing.T, ctx context.Context, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("browser: %s: %v", what, err)
	}
}

// browserText is the text of the first element the CSS selector finds.
func browserText(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("browser: text of %s: %v", sel, err)
	}
	return s
}

// browserHTML is the page's DOM as HTML.
func browserHTML(t *testing.T, ctx context.Context) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.OuterHTML(chromedp.CSS("html")))
	if err != nil {
		t.Fatalf("browser: page HTML: %v", err)
	}
	return s
}

// artifactDir is where a test's screenshots go: $DOSSIER_ARTIFACTS/TEST,
// else a temporary folder, logged.
func artifactDir(t *testing.T) string {
	t.Helper()
	name := regexp.MustCompile(`[^A-Za-z0-9_.-]+`).ReplaceAllString(t.Name(), "_")
	dir := filepath.Join(t.TempDir(), "artifacts")
	if root := os.Getenv("DOSSIER_ARTIFACTS"); root != "" {
		dir = filepath.Join(root, name)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// screenshot saves a full-page PNG of the tab as NAME.png in the
// test's artifact folder.
func screenshot(t *testing.T, ctx context.Context, dir, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("browser: screenshot %s: %v", name, err)
	}
	p := filepath.Join(dir, name+".png")
	if err := os.WriteFile(p, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", p)
}

// browserDownload clicks the element sel finds and returns the file the
// browser downloads.
func browserDownload(t *testing.T, ctx context.Context, sel string) []byte {
	t.Helper()
	dir := t.TempDir()
	dctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	progress := chromedp.Events(dctx, browser.DownloadProgress)
	browserDo(t, ctx, "click "+sel, chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
			Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dir, EventsEnabled: new(true)})
		return err
	}), chromedp.Click(chromedp.CSS(sel)))
	for ev, err := range progress {
		if err != nil {
			t.Fatalf("browser: download from %s: %v", sel, err)
		}
		switch ev.State {
		case browser.DownloadProgressStateCompleted:
			data, err := os.ReadFile(filepath.Join(dir, ev.GUID))
			if err != nil {
				t.Fatalf("browser: downloaded file: %v", err)
			}
			return data
		case browser.DownloadProgressStateCanceled:
			t.Fatalf("browser: download from %s canceled", sel)
		}
	}
	t.Fatalf("browser: no download from %s", sel)
	return nil
}

// inertJS lists the live hostile markup in the page's DOM: script
// elements, event-handler attributes, and javascript: URLs in links,
// sources and forms.
const inertJS = `(() => {
  const bad = [];
  for (const e of document.querySelectorAll("script")) bad.push(e.outerHTML.slice(0, 160));
  for (const e of document.querySelectorAll("*")) {
    for (const a of e.attributes) {
      if (/^on/i.test(a.name) || (/^(href|src|action|formaction|xlink:href|data)$/i.test(a.name) && /^\s*(javascript|data|vbscript):/i.test(a.value))) {
        bad.push(e.outerHTML.slice(0, 160));
      }
    }
  }
  return bad;
})()`

// wantInert checks in the browser that hostile text (script tags,
// event handlers, javascript: URLs) on the page became no live element
// or attribute.
func wantInert(t *testing.T, ctx context.Context, what string) {
	t.Helper()
	bad, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](inertJS))
	if err != nil {
		t.Fatalf("browser: %s: check markup: %v", what, err)
	}
	for _, b := range bad {
		t.Errorf("%s: live hostile markup %s", what, b)
	}
}

// axeScript is axe-core's browser bundle, installed by .ci/run with npm
// into .ci/node_modules (DOSSIER_AXE names another copy). In CI (CI set)
// a missing copy fails the test; elsewhere it skips, saying how to
// install it.
func axeScript(t *testing.T) string {
	t.Helper()
	p := os.Getenv("DOSSIER_AXE")
	if p == "" {
		p = filepath.Join("..", ".ci", "node_modules", "axe-core", "axe.min.js")
	}
	b, err := os.ReadFile(p)
	if err != nil {
		msg := fmt.Sprintf("axe-core not found (npm install --prefix .ci --no-save axe-core, or set DOSSIER_AXE): %v", err)
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return string(b)
}

// axeViolation is one rule axe-core found broken, as it reports it.
type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target []any  `json:"target"`
		HTML   string `json:"html"`
	} `json:"nodes"`
}

// wantAccessible runs axe-core (the WCAG 2.0 and 2.1 A and AA rules, and
// best practices) on the tab's page and fails the test on any serious or
// critical violation; lesser ones are logged. The script goes in through
// DevTools, which the page's CSP does not govern; a run in which no rule
// passed fails too (axe checked nothing).
func wantAccessible(t *testing.T, ctx context.Context, axe, page string) {
	t.Helper()
	run := axe + `;
		axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}, resultTypes: ["violations"]})
			.then(r => JSON.stringify({violations: r.violations, passes: r.passes.length}))`
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](run, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%s: axe-core: %v", page, err)
	}
	var rep struct {
		Violations []axeViolation `json:"violations"`
		Passes     int            `json:"passes"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%s: axe-core's report: %v", page, err)
	}
	if rep.Passes == 0 {
		t.Fatalf("%s: axe-core checked nothing (no rule passed)", page)
	}
	for _, v := range rep.Violations {
		var where []string
		for _, n := range v.Nodes {
			where = append(where, fmt.Sprint(n.Target)+" "+truncate(n.HTML, 120))
		}
		msg := fmt.Sprintf("%s: axe %s (%s): %s\n\t%s", page, v.ID, v.Impact, v.Help, strings.Join(where, "\n\t"))
		if v.Impact == "serious" || v.Impact == "critical" {
			t.Error(msg)
		} else {
			t.Log(msg)
		}
	}
}

// checkAccessible runs wantAccessible on the tab's page as a subtest,
// which skips (outside CI) when axe-core is not installed, so that the
// rest of the browser test still runs.
func checkAccessible(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	t.Run("axe "+page, func(t *testing.T) { wantAccessible(t, ctx, axeScript(t), page) })
}
