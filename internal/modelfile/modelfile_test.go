package modelfile

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
)

func sample() *File {
	f := &File{Kind: "test", Version: 3, Meta: []byte(`{"epoch":7}`)}
	var e Encoder
	e.Uvarint(300)
	e.Varint(-5)
	e.String("héllo")
	e.Float32(1.5)
	e.Float64(-2.25)
	e.Uint32(0xdeadbeef)
	f.Add("values", e.Bytes(), false)
	f.Add("big", bytes.Repeat([]byte("abcd"), 1000), true)
	return f
}

func encode(t testing.TB, f *File) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := f.Encode(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestRoundTrip(t *testing.T) {
	data := encode(t, sample())
	if !bytes.Equal(data, encode(t, sample())) {
		t.Fatal("encoding is not deterministic")
	}
	f, err := Decode(bytes.NewReader(data), "other", "test")
	if err != nil {
		t.Fatal(err)
	}
	if f.Kind != "test" || f.Version != 3 || string(f.Meta) != `{"epoch":7}` || len(f.Sections) != 2 {
		t.Fatalf("got %+v", f)
	}
	if !bytes.Equal(encode(t, f), data) {
		t.Fatal("decode-encode changes the bytes")
	}
	v, _ := f.Section("values")
	d := NewDecoder("values", v)
	if x := d.Uvarint(1000); x != 300 {
		t.Errorf("uvarint %d", x)
	}
	if x := d.Varint(-10, 10); x != -5 {
		t.Errorf("varint %d", x)
	}
	if s := d.String(10); s != "héllo" {
		t.Errorf("string %q", s)
	}
	if x := d.Float32(); x != 1.5 {
		t.Errorf("float32 %v", x)
	}
	if x := d.Float64(); x != -2.25 {
		t.Errorf("float64 %v", x)
	}
	if x := d.Uint32(); x != 0xdeadbeef {
		t.Errorf("uint32 %x", x)
	}
	if err := d.Finish(); err != nil {
		t.Fatal(err)
	}
	big, _ := f.Section("big")
	if len(big) != 4000 {
		t.Fatalf("big: %d bytes", len(big))
	}
	if _, err := f.Section("nope"); !errors.Is(err, ErrMissing) {
		t.Fatalf("missing section: %v", err)
	}
}

func TestDecodeErrors(t *testing.T) {
	good := encode(t, sample())
	flip := func(i int) []byte {
		b := bytes.Clone(good)
		b[i] ^= 0x40
		return b
	}
	tests := []struct {
		Name  string
		Input []byte
		Kinds []string
		Err   error
	}{
		{"empty", nil, nil, ErrMagic},
		{"not a model", []byte("hello world, this is text"), nil, ErrMagic},
		{"truncated header", good[:len(Magic)+3], nil, ErrTruncated},
		{"truncated section", good[:len(good)/2], nil, ErrTruncated},
		{"no checksum", good[:len(good)-4], nil, ErrTruncated},
		{"bad checksum", flip(len(good) - 1), nil, ErrChecksum},
		{"flipped meta byte", flip(len(Magic) + 10), nil, ErrChecksum},
		{"trailing data", append(bytes.Clone(good), 0), nil, ErrCorrupt},
		{"wrong kind", good, []string{"parse"}, ErrKind},
		{"future format", append([]byte(Magic), 2), nil, ErrVersion},
		{"huge meta", append([]byte(Magic), 1, 1, 'k', 0, 0xff, 0xff, 0xff, 0xff, 0x0f), nil, ErrCorrupt},
	}
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			_, err := Decode(bytes.NewReader(tt.Input), tt.Kinds...)
			if !errors.Is(err, tt.Err) {
				t.Fatalf("got %v, want %v", err, tt.Err)
			}
			if _, berr := DecodeBytes(tt.Input, tt.Kinds...); !errors.Is(berr, tt.Err) {
				t.Fatalf("DecodeBytes: got %v, want %v", berr, tt.Err)
			}
			if derr := decodeDeferred(tt.Input, tt.Kinds...); !errors.Is(derr, tt.Err) {
				t.Fatalf("DecodeBytesDeferred: got %v, want %v", derr, tt.Err)
			}
			var fe *FormatError
			if !errors.As(err, &fe) || !strings.HasPrefix(err.Error(), "modelfile: ") {
				t.Fatalf("not a *FormatError: %v", err)
			}
		})
	}
}

func TestDecoderErrors(t *testing.T) {
	tests := []struct {
		Name string
		Data []byte
		Read func(d *Decoder)
		Err  error
	}{
		{"empty uvarint", nil, func(d *Decoder) { d.Uvarint(10) }, ErrTruncated},
		{"over limit", []byte{20}, func(d *Decoder) { d.Uvarint(10) }, ErrCorrupt},
		{"varint range", []byte{40}, func(d *Decoder) { d.Varint(0, 10) }, ErrCorrupt},
		{"short string", []byte{5, 'a'}, func(d *Decoder) { d.String(10) }, ErrTruncated},
		{"nan", []byte{0, 0, 0xc0, 0x7f}, func(d *Decoder) { d.Float32() }, ErrCorrupt},
		{"left over", []byte{1, 2}, func(d *Decoder) { d.Uvarint(10) }, ErrCorrupt},
		{"overflow", bytes.Repeat([]byte{0xff}, 11), func(d *Decoder) { d.Uvarint(1 << 62) }, ErrCorrupt},
	}
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			d := NewDecoder("s", tt.Data)
			tt.Read(d)
			err := d.Finish()
			if !errors.Is(err, tt.Err) || !strings.Contains(err.Error(), `section "s"`) {
				t.Fatalf("got %v, want %v", err, tt.Err)
			}
		})
	}
}

// FuzzDecode checks that Decode never panics and that a file it accepts
// encodes back to the same bytes.
func FuzzDecode(f *testing.F) {
	good := encode(f, sample())
	f.Add(good)
	f.Add(good[:40])
	f.Add([]byte(Magic))
	f.Fuzz(func(t *testing.T, data []byte) {
		mf, err := Decode(bytes.NewReader(data))
		mb, berr := DecodeBytes(data)
		if (err == nil) != (berr == nil) || err == nil && !reflect.DeepEqual(mf, mb) {
			t.Fatalf("Decode %v, DecodeBytes %v", err, berr)
		}
		if derr := decodeDeferred(data); (err == nil) != (derr == nil) {
			t.Fatalf("Decode %v, DecodeBytesDeferred %v", err, derr)
		}
		if err != nil {
			if !IsFormat(err) {
				t.Fatalf("not a format error: %v", err)
			}
			return
		}
		for _, s := range mf.Sections {
			d := NewDecoder(s.Name, s.Data)
			for d.Remaining() > 0 && d.Err() == nil {
				d.Uvarint(1 << 40)
				d.String(100)
			}
		}
		// a compressed section may have been deflated differently, so
		// compare a second round
		var a, b bytes.Buffer
		if err := mf.Encode(&a); err != nil {
			t.Fatal(err)
		}
		mf2, err := Decode(bytes.NewReader(a.Bytes()))
		if err != nil {
			t.Fatalf("re-decode: %v", err)
		}
		mf2.Encode(&b)
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Fatal("encode-decode-encode differs")
		}
	})
}

func TestNonMinimalVarint(t *testing.T) {
	d := NewDecoder("s", []byte{0x80, 0x00})
	d.Uvarint(10)
	if err := d.Finish(); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("got %v", err)
	}
}

// TestDecodeBytesShares checks that DecodeBytes's stored sections, and
// the strings of a sharing Decoder, are the input's bytes, not copies.
func TestDecodeBytesShares(t *testing.T) {
	f := &File{Kind: "test"}
	var e Encoder
	e.String("shared")
	e.Raw([]byte{1, 2, 3})
	f.Add("s", e.Bytes(), false)
	data := encode(t, f)
	g, err := DecodeBytes(data, "test")
	if err != nil {
		t.Fatal(err)
	}
	sec, _ := g.Section("s")
	d := NewDecoder("s", sec)
	d.ShareStrings()
	str := d.String(10)
	raw := d.Raw(3)
	if err := d.Finish(); err != nil || str != "shared" || !bytes.Equal(raw, []byte{1, 2, 3}) {
		t.Fatalf("%q %v %v", str, raw, err)
	}
	at := bytes.Index(data, []byte("shared"))
	data[at] = 'S' // only to show the sharing: callers must not do this
	if str != "Shared" || sec[1] != 'S' {
		t.Errorf("not shared: %q", str)
	}
	if d.Raw(1) != nil || d.Err() == nil {
		t.Error("Raw past the end: no error")
	}
}

// decodeDeferred is DecodeBytesDeferred with its checksum waited for:
// the error DecodeBytes gives.
func decodeDeferred(data []byte, kinds ...string) error {
	_, verify, err := DecodeBytesDeferred(data, kinds...)
	if err != nil {
		return err
	}
	return verify()
}

// DecodeBytesDeferred reads what DecodeBytes reads, and a corrupt byte
// is found when verify is called, not before.
func TestDecodeBytesDeferred(t *testing.T) {
	good := encode(t, sample())
	want, err := DecodeBytes(good)
	if err != nil {
		t.Fatal(err)
	}
	f, verify, err := DecodeBytesDeferred(good)
	if err != nil || verify() != nil || !reflect.DeepEqual(f, want) {
		t.Fatalf("good file: %v %v", err, verify())
	}
	stored := &File{Kind: "test", Version: 1}
	stored.Add("raw", bytes.Repeat([]byte("abc"), 100), false)
	bad := encode(t, stored)
	bad[len(bad)-10] ^= 1 // inside the section's data
	f, verify, err = DecodeBytesDeferred(bad)
	if err != nil || f == nil {
		t.Fatalf("the structure of a file with a flipped data byte is fine: %v", err)
	}
	var fe *FormatError
	if err := verify(); !errors.Is(err, ErrChecksum) || !errors.As(err, &fe) || fe.Offset != int64(len(bad)-4) {
		t.Fatalf("verify: %v", err)
	}
}
