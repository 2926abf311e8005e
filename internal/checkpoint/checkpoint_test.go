package checkpoint

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"dossier"
)

func mustKeys(tb testing.TB) *Keys {
	tb.Helper()
	k, err := OpenKeys(filepath.Join(tb.TempDir(), "keys"))
	if err != nil {
		tb.Fatal(err)
	}
	return k
}

var head = strings.Repeat("ab", 32)

func TestAppendReadVerify(t *testing.T) {
	k := mustKeys(t)
	path := filepath.Join(t.TempDir(), "log.checkpoints")
	t0 := time.Date(2026, 3, 1, 12, 0, 0, 5, time.FixedZone("x", 3600))
	var want []dossier.Checkpoint
	for i := int64(1); i <= 3; i++ {
		c := k.Sign(i, head, t0.Add(time.Duration(i)*time.Second))
		if err := Append(path, c); err != nil {
			t.Fatal(err)
		}
		want = append(want, c)
	}
	got, err := ReadFile(path)
	if err != nil || len(got) != 3 {
		t.Fatalf("read: %v, %v", got, err)
	}
	for i := range got {
		if got[i] != want[i] || !got[i].Time.Equal(t0.Add(time.Duration(i+1)*time.Second)) {
			t.Errorf("checkpoint %d: %+v, want %+v", i, got[i], want[i])
		}
		if err := Verify(k.Public(), got[i]); err != nil {
			t.Errorf("verify %d: %v", i, err)
		}
	}
	// Any change to what is signed breaks the signature.
	for _, c := range []dossier.Checkpoint{
		{Count: 4, Head: got[0].Head, Time: got[0].Time, KeyID: got[0].KeyID, Signature: got[0].Signature},
		{Count: 1, Head: strings.Repeat("cd", 32), Time: got[0].Time, KeyID: got[0].KeyID, Signature: got[0].Signature},
		{Count: 1, Head: got[0].Head, Time: got[0].Time.Add(time.Nanosecond), KeyID: got[0].KeyID, Signature: got[0].Signature},
	} {
		if err := Verify(k.Public(), c); err == nil {
			t.Errorf("%+v verified", c)
		}
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("checkpoint file mode: %v, %v", fi, err)
	}
}

func TestOpenKeysOnceAcrossCallers(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "keys")
	if _, err := LoadKeys(dir); !errors.Is(err, ErrNoKeys) {
		t.Fatalf("load before creation: %v", err)
	}
	var wg sync.WaitGroup
	keys := make([]*Keys, 8)
	errs := make([]error, 8)
	for i := range keys {
		wg.Go(func() { keys[i], errs[i] = OpenKeys(dir) })
	}
	wg.Wait()
	for i := range keys {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		if !bytes.Equal(keys[i].mac, keys[0].mac) || !keys[i].Public().Equal(keys[0].Public()) {
			t.Errorf("caller %d got different keys", i)
		}
	}
	pub, err := LoadPublicKey(dir)
	if err != nil || !pub.Equal(keys[0].Public()) {
		t.Errorf("public key file: %v", err)
	}
	if m := keys[0].MAC("prev", []byte("x")); !keys[0].CheckMAC(m, "prev", []byte("x")) || keys[0].CheckMAC(m, "prev", []byte("y")) {
		t.Error("MAC check")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 3 {
		t.Errorf("key directory holds %d files, want 3 (no temporary files left)", len(entries))
	}
}

func TestLoadKeysErrors(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, MACKeyFile)
	for _, tt := range []struct {
		Name    string
		Content string
		Mode    os.FileMode
		Want    string
	}{
		{"readable by others", strings.Repeat("a", 64) + "\n", 0o644, "has mode 0644: others may read it"},
		{"short", "abcd\n", 0o600, MACKeyFile + ": want 64 hex digits on one line"},
		{"not hex", strings.Repeat("z", 64) + "\n", 0o600, "want 64 hex digits"},
	} {
		t.Run(tt.Name, func(t *testing.T) {
			os.Remove(path)
			if err := os.WriteFile(path, []byte(tt.Content), tt.Mode); err != nil {
				t.Fatal(err)
			}
			os.Chmod(path, tt.Mode)
			if _, err := LoadKeys(dir); err == nil || !strings.Contains(err.Error(), tt.Want) {
				t.Errorf("err = %v, want %q", err, tt.Want)
			}
		})
	}
}

func TestReadErrors(t *testing.T) {
	k := mustKeys(t)
	good := string(Format(k.Sign(1, head, time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC))))
	sig := strings.Repeat("A", 86) + "=="
	for _, tt := range []struct {
		Name, Input, Want string
		Line              int
	}{
		{"no newline at the end", good + strings.TrimSuffix(good, "\n"), "last line has no newline", 2},
		{"empty line", good + "\n", "malformed checkpoint: EOF", 2},
		{"unknown field", `{"count":1,"extra":1}` + "\n", `unknown field "extra"`, 1},
		{"two objects", `{"count":1}{"count":2}` + "\n", "text after the object", 1},
		{"count zero", `{"count":0,"head":"` + head + `","time":"2026-03-01T12:00:00Z","key_id":"0123456789abcdef","signature":"` + sig + `"}` + "\n", "count 0", 1},
		{"head uppercase", `{"count":1,"head":"` + strings.ToUpper(head) + `","time":"2026-03-01T12:00:00Z","key_id":"0123456789abcdef","signature":"` + sig + `"}` + "\n", "head: want 64", 1},
		{"time with an offset", `{"count":1,"head":"` + head + `","time":"2026-03-01T12:00:00+01:00","key_id":"0123456789abcdef","signature":"` + sig + `"}` + "\n", "want RFC 3339 UTC", 1},
		{"short key id", `{"count":1,"head":"` + head + `","time":"2026-03-01T12:00:00Z","key_id":"0123","signature":"` + sig + `"}` + "\n", "key_id", 1},
		{"no signature", `{"count":1,"head":"` + head + `","time":"2026-03-01T12:00:00Z","key_id":"0123456789abcdef"}` + "\n", "signature: want the base64 of 64 bytes", 1},
		{"long line", strings.Repeat(" ", maxLine+10) + "\n", "line longer than 4096 bytes", 1},
	} {
		t.Run(tt.Name, func(t *testing.T) {
			_, err := Read(strings.NewReader(tt.Input), "x.checkpoints")
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Source != "x.checkpoints" || pe.Line != tt.Line || !errors.Is(err, ErrSyntax) ||
				!strings.Contains(err.Error(), tt.Want) {
				t.Errorf("err = %v, want line %d: %q", err, tt.Line, tt.Want)
			}
		})
	}
	if _, err := ReadFile(filepath.Join(t.TempDir(), "none")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
	if cs, err := Read(strings.NewReader(""), "empty"); err != nil || len(cs) != 0 {
		t.Errorf("empty file: %v, %v", cs, err)
	}
}

// FuzzRead: whatever Read accepts, Format writes back so that Read gives
// the same checkpoints, and every accepted line is in canonical form.
func FuzzRead(f *testing.F) {
	k, err := OpenKeys(filepath.Join(f.TempDir(), "keys"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(Format(k.Sign(1, head, time.Date(2026, 3, 1, 12, 0, 0, 123, time.UTC)))))
	f.Add(string(Format(k.Sign(7, head, time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)))) + "{}\n")
	f.Add(`{"count":1,"head":"` + head + `","time":"2026-03-01T12:00:00Z","key_id":"0123456789abcdef","signature":""}` + "\n")
	f.Fuzz(func(t *testing.T, s string) {
		cs, err := Read(strings.NewReader(s), "fuzz")
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Line < 1 {
				t.Fatalf("error without a line: %v", err)
			}
			return
		}
		var buf bytes.Buffer
		for _, c := range cs {
			buf.Write(Format(c))
		}
		again, err := Read(&buf, "again")
		if err != nil || len(again) != len(cs) {
			t.Fatalf("re-read: %v", err)
		}
		for i := range cs {
			if again[i] != cs[i] {
				t.Fatalf("checkpoint %d: %+v, then %+v", i, cs[i], again[i])
			}
		}
		if len(cs) > 0 && Verify(k.Public(), cs[0]) == nil && cs[0].Count != 1 && cs[0].Count != 7 {
			t.Fatalf("a checkpoint this key never signed verifies: %+v", cs[0])
		}
	})
}

func TestSaveLatestKeepsTheHighest(t *testing.T) {
	k := mustKeys(t)
	if _, err := LoadLatest(k.Dir); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("no latest yet: %v", err)
	}
	t0 := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	for _, n := range []int64{2, 5, 3} {
		if err := SaveLatest(k.Dir, k.Sign(n, head, t0)); err != nil {
			t.Fatal(err)
		}
	}
	c, err := LoadLatest(k.Dir)
	if err != nil || c.Count != 5 || Verify(k.Public(), c) != nil {
		t.Errorf("latest: %+v, %v", c, err)
	}
	if fi, err := os.Stat(filepath.Join(k.Dir, LatestFile)); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("mode: %v, %v", fi, err)
	}
	os.WriteFile(filepath.Join(k.Dir, LatestFile), append(Format(c), Format(c)...), 0o600)
	if _, err := LoadLatest(k.Dir); err == nil || !strings.Contains(err.Error(), "want exactly one checkpoint, found 2") {
		t.Errorf("two lines: %v", err)
	}
}
