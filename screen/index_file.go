package screen

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"sync"

	"dossier/internal/atomicfile"
	"dossier/internal/modelfile"
	"dossier/names"
)

// An index file keeps a built Index, so that a process that screens a few
// names (the command line) reads it in milliseconds instead of parsing
// every list entity's names again. It is a modelfile container of kind
// "screen-index" (checksummed, every length checked) whose meta holds the
// key the caller built it for, a description of its inputs (the current
// list versions); its sections are
//
//	matcher   threshold, MaxCandidates, the rarity weights (names.Weights)
//	entries   the distinct dataset lists, then per entity its id, caption,
//	          dataset list and number of keys
//	keys      per blocking key, in increasing order, its text and its
//	          posting list, entity numbers delta-coded in increasing order
//	store     the names.Store of the parsed names
//
// ReadIndex trusts nothing it reads: a file that is truncated, corrupt,
// of another format version or built for another key is an error, and
// the caller builds the index again.

const (
	indexFileKind = "screen-index"
	// indexLayout changes with the layout of the sections above.
	indexLayout = 1
	// IndexFileVersion is the version an index file is written with: this
	// package's layout and the names codec's.
	IndexFileVersion = indexLayout<<8 | names.StoreCodecVersion
)

// ErrStaleIndex is returned by ReadIndex for a well-formed index file
// built for another key: the lists changed since it was written.
var ErrStaleIndex = errors.New("screen: index file is out of date")

type indexMeta struct {
	Key      string `json:"key"`
	Entities int    `json:"entities"`
}

// Encode writes ix as an index file for key.
func (ix *Index) Encode(w io.Writer, key string) error {
	meta, _ := json.Marshal(indexMeta{Key: key, Entities: ix.Len()})
	f := &modelfile.File{Kind: indexFileKind, Version: IndexFileVersion, Meta: meta}

	var e modelfile.Encoder
	e.Float64(ix.Matcher.Threshold)
	e.Uvarint(uint64(max(ix.MaxCandidates, 0)))
	if ix.Matcher.Weights == nil {
		return errors.New("screen: encode index: matcher has no weights")
	}
	if err := ix.Matcher.Weights.EncodeBinary(&e); err != nil {
		return err
	}
	f.Add("matcher", e.Bytes(), false)

	e = modelfile.Encoder{}
	e.Uvarint(uint64(len(ix.datasets)))
	for _, ds := range ix.datasets {
		e.Uvarint(uint64(len(ds)))
		for _, d := range ds {
			e.String(d)
		}
	}
	e.Uvarint(uint64(ix.entries.n))
	for i := 0; i < ix.entries.n; i++ {
		en := ix.entries.at(uint32(i))
		e.String(en.id)
		e.String(en.caption)
		e.Uvarint(uint64(en.datasets))
		e.Uvarint(uint64(en.nkeys))
	}
	f.Add("entries", e.Bytes(), false)

	e = modelfile.Encoder{}
	keys := ix.keyTable // sorted
	if ix.keys != nil {
		keys = make([]string, 0, len(ix.keys))
		for k := range ix.keys {
			keys = append(keys, k)
		}
		slices.Sort(keys)
	}
	e.Uvarint(uint64(len(keys)))
	for _, k := range keys {
		id, _ := ix.keyID(k)
		e.String(k)
		post := ix.postings[ix.offs[id]:ix.offs[id+1]]
		e.Uvarint(uint64(len(post)))
		prev := uint32(0)
		for j, p := range post {
			if j == 0 {
				e.Uvarint(uint64(p))
			} else {
				e.Uvarint(uint64(p - prev))
			}
			prev = p
		}
	}
	f.Add("keys", e.Bytes(), false)

	e = modelfile.Encoder{}
	if err := ix.store.EncodeBinary(&e); err != nil {
		return err
	}
	f.Add("store", e.Bytes(), false)
	return f.Encode(w)
}

// ReadIndex reads an index file written by Encode for key. A file of
// another key is ErrStaleIndex; a malformed one, of another version
// included, a *modelfile.FormatError.
func ReadIndex(r io.Reader, key string) (*Index, error) {
	f, err := modelfile.Decode(r, indexFileKind)
	if err != nil {
		return nil, err
	}
	return decodeIndex(f, key)
}

// decodeIndex reads the sections of a checksummed index file.
func decodeIndex(f *modelfile.File, key string) (*Index, error) {
	if f.Version != IndexFileVersion {
		return nil, &modelfile.FormatError{What: "version",
			Err: fmt.Errorf("%w: %d (this build reads %d)", modelfile.ErrVersion, f.Version, IndexFileVersion)}
	}
	var meta indexMeta
	if err := json.Unmarshal(f.Meta, &meta); err != nil {
		return nil, &modelfile.FormatError{What: "meta", Err: fmt.Errorf("%w: %v", modelfile.ErrCorrupt, err)}
	}
	if meta.Key != key {
		return nil, ErrStaleIndex
	}
	sec := func(name string) (*modelfile.Decoder, error) {
		data, err := f.Section(name)
		if err != nil {
			return nil, err
		}
		d := modelfile.NewDecoder(name, data)
		d.ShareStrings() // the section's data is ours and never changes
		return d, nil
	}

	d, err := sec("matcher")
	if err != nil {
		return nil, err
	}
	m := names.NewMatcher()
	m.Threshold = d.Float64()
	if m.Threshold <= 0 || m.Threshold > 1 {
		d.Fail("threshold")
	}
	maxCand := int(d.Uvarint(math.MaxInt32))
	w, err := names.DecodeWeights(d)
	if err != nil {
		return nil, err
	}
	m.Weights = w
	if err := d.Finish(); err != nil {
		return nil, err
	}
	ix := &Index{Matcher: m, MaxCandidates: maxCand}

	// The names store, most of the file, is read on another core while
	// the entries and keys are read here.
	var store *names.Store
	var storeErr error
	var storeRead sync.WaitGroup
	storeRead.Go(func() {
		d, err := sec("store")
		if err != nil {
			storeErr = err
			return
		}
		if store, storeErr = names.DecodeStore(d, m); storeErr == nil {
			storeErr = d.Finish()
		}
	})
	defer storeRead.Wait() // on every return: it must not outlive the call

	if d, err = sec("entries"); err != nil {
		return nil, err
	}
	nd := count(d)
	ix.datasets = make([][]string, 0, nd)
	for i := 0; i < nd && d.Err() == nil; i++ {
		var ds []string
		if k := count(d); k > 0 {
			ds = make([]string, k)
			for j := range ds {
				ds[j] = d.String(math.MaxInt32)
			}
		}
		ix.datasets = append(ix.datasets, ds)
	}
	ne := count(d)
	nkeys := 0
	for i := 0; i < ne && d.Err() == nil; i++ {
		en := entry{id: d.String(math.MaxInt32), caption: d.String(math.MaxInt32)}
		en.datasets = uint32(d.Uvarint(uint64(max(len(ix.datasets), 1) - 1)))
		en.nkeys = uint32(d.Uvarint(math.MaxUint32))
		nkeys += int(en.nkeys)
		ix.entries.add(en)
	}
	if len(ix.datasets) == 0 && ne > 0 {
		d.Fail("dataset lists")
	}
	if err := d.Finish(); err != nil {
		return nil, err
	}

	if d, err = sec("keys"); err != nil {
		return nil, err
	}
	nk := count(d)
	ix.keyTable = make([]string, 0, nk)
	ix.offs = make([]uint32, 1, nk+1)
	ix.postings = make([]uint32, 0, min(nkeys, d.Remaining()))
	for i := 0; i < nk && d.Err() == nil; i++ {
		k := d.String(math.MaxInt32)
		if i > 0 && k <= ix.keyTable[i-1] {
			d.Fail("keys: not in increasing order")
		}
		ix.keyTable = append(ix.keyTable, k)
		np := count(d)
		prev := uint64(0)
		for j := 0; j < np && d.Err() == nil; j++ {
			p := d.Uvarint(math.MaxUint32)
			if j > 0 {
				p += prev
				if p == prev {
					d.Fail("posting order")
				}
			}
			if p >= uint64(ne) {
				d.Fail("posting")
			}
			ix.postings = append(ix.postings, uint32(p))
			prev = p
		}
		ix.offs = append(ix.offs, uint32(len(ix.postings)))
	}
	if d.Err() == nil && len(ix.postings) != nkeys {
		d.Fail("keys: postings not those of the entries")
	}
	if err := d.Finish(); err != nil {
		return nil, err
	}

	storeRead.Wait()
	if storeErr != nil {
		return nil, storeErr
	}
	ix.store = store
	if ix.store.Len() != ne {
		return nil, &modelfile.FormatError{Section: "store", What: "subjects",
			Err: fmt.Errorf("%w: %d subjects for %d entities", modelfile.ErrCorrupt, ix.store.Len(), ne)}
	}
	return ix, nil
}

// count reads a number of elements that take at least a byte each.
func count(d *modelfile.Decoder) int { return int(d.Uvarint(uint64(d.Remaining()))) }

// SaveIndexFile writes ix to path for key, atomically: a reader sees the
// old file or the new one, never part of one.
func (ix *Index) SaveIndexFile(path, key string) error {
	var buf bytes.Buffer
	if err := ix.Encode(&buf, key); err != nil {
		return err
	}
	return atomicfile.WriteBytes(path, buf.Bytes())
}

// LoadIndexFile reads the index file at path written for key (see
// ReadIndex); a missing file is an error satisfying errors.Is(err,
// fs.ErrNotExist). On Unix the file is memory-mapped, not copied, and
// the mapping stays for the life of the process: it suits a process
// that loads an index once, as the command line does, not one that
// loads a new index every time its lists change.
func LoadIndexFile(path, key string) (*Index, error) {
	data, err := mapFile(path)
	if err != nil {
		return nil, err
	}
	// The index shares data (its strings are slices of it): no copy.
	// The checksum is computed on another core while the index is read.
	f, verify, err := modelfile.DecodeBytesDeferred(data, indexFileKind)
	if err != nil {
		return nil, err
	}
	ix, err := decodeIndex(f, key)
	if verr := verify(); verr != nil {
		return nil, verr // a corrupt file, whatever reading it gave
	}
	return ix, err
}
