package workertest

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"net/url"
	"os/exec"
	"sync"
	"testing"
	"time"

	"dossier/postgres/pgtest"
)

// tcpProxy forwards a loopback port to a server, and can be cut and
// restored: a database that goes away and comes back, as seen by the
// processes that connect through it.
type tcpProxy struct {
	t      *testing.T
	addr   string
	target string
	mu     sync.Mutex
	ln     net.Listener
	conns  []net.Conn
}

func startProxy(t *testing.T, target string) *tcpProxy {
	t.Helper()
	p := &tcpProxy{t: t, addr: fmt.Sprintf("127.0.0.1:%d", freePort(t)), target: target}
	p.up()
	t.Cleanup(p.down)
	return p
}

// up listens again on the proxy's port.
func (p *tcpProxy) up() {
	p.t.Helper()
	ln, err := net.Listen("tcp", p.addr)
	if err != nil {
		p.t.Fatal(err)
	}
	p.mu.Lock()
	p.ln = ln
	p.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s, err := net.Dial("tcp", p.target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, s)
			p.mu.Unlock()
			go func() { io.Copy(s, c); s.Close() }()
			go func() { io.Copy(c, s); c.Close() }()
		}
	}()
}

// down stops listening and cuts every connection: connecting is
// refused until up.
func (p *tcpProxy) down() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

// TestPostgresDownDuringJob cuts a worker off its PostgreSQL database in
// the middle of a batch job and of an ingest, for longer than the
// worker's deliveries of a message would last (--max-deliver 3,
// --ack-wait 1s), then lets it through again: the worker holds its
// messages while the database is away, so none goes to the dead letters;
// every row is answered once, every document stored once with its
// extraction, and the queue is left empty.
func TestPostgresDownDuringJob(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the PostgreSQL outage test takes half a minute")
	}
	needNATS(t, testNATS)
	direct := pgtest.MustDatabase(t)
	u, err := url.Parse(direct)
	if err != nil || u.Host == "" {
		t.Fatalf("DOSSIER_TEST_POSTGRES must be a postgres:// URL with a host for this test, not %q", pgtest.Server())
	}
	proxy := startProxy(t, u.Host)
	u.Host = proxy.addr
	cut := u.String()

	articles, names := realArticles(t, 100)
	batch := batchFile(t, 3000, names)
	bin := buildDossier(t)
	q := testStream(t, testNATS)
	wl := publish(t, bin, q, direct, articles, batch, 3000)
	var stderr bytes.Buffer
	cmd := exec.Command(bin, "worker", "--db", cut, "--nats", testNATS, "--stream", q.Config().Stream,
		"--ack-wait", "1s", "--max-deliver", "3")
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	for deadline := time.Now().Add(2 * time.Minute); ; time.Sleep(20 * time.Millisecond) {
		n, job := wl.progress(t)
		if job.Done >= 300 && n >= 10 {
			break
		}
		if time.Now().After(deadline) || cmd.ProcessState != nil {
			t.Fatalf("worker stuck at %d documents and %d rows\n%s", n, job.Done, &stderr)
		}
	}
	proxy.down()
	n, job := wl.progress(t)
	t.Logf("database cut off at %d documents and %d rows", n, job.Done)
	time.Sleep(10 * time.Second)
	if cmd.ProcessState != nil {
		t.Fatalf("worker exited while the database was away: %v\n%s", cmd.ProcessState, &stderr)
	}
	proxy.up()
	wl.waitDone(t, 5*time.Minute)
	stopWorker(t, cmd, &stderr)
}
