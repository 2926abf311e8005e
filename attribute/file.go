package attribute

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"sync"

	"dossier/internal/modelfile"
	"dossier/internal/perceptron"
)

// The model file is a dossier/internal/modelfile container: a JSON meta
// (labels, feature bits, the lexicon's fingerprint, how it was trained)
// and two int16 weight tables, "emissions" (feature buckets × labels) and
// "transitions" (previous label, the last row the start, × label).
const (
	fileKind    = "dossier-attribution-model"
	fileVersion = 2
)

// ErrModel is the sentinel inside the errors of Load.
var ErrModel = errors.New("attribute: malformed model file")

type fileMeta struct {
	Labels      []string  `json:"labels"`
	Bits        uint      `json:"bits"`
	Fingerprint string    `json:"fingerprint"`
	Info        ModelInfo `json:"info"`
}

const (
	minBits = 10
	maxBits = 24
)

//go:embed model.bin
var embedded []byte

var defaultModel = sync.OnceValues(func() (*Model, error) {
	return Load(bytes.NewReader(embedded))
})

// Default returns the model embedded in the binary, loading it on first
// use. It panics if the embedded file is corrupt or was trained with
// another lexicon or feature set, which the tests rule out.
func Default() *Model {
	m, err := defaultModel()
	if err != nil {
		panic(err)
	}
	return m
}

func fingerprint() string { return strconv.FormatUint(lexiconFingerprint, 16) }

// Save writes the model file. The same model gives the same bytes.
func (m *Model) Save(w io.Writer) error {
	meta, err := json.Marshal(fileMeta{labelNames[:], m.bits, fingerprint(), m.info})
	if err != nil {
		return err
	}
	f := &modelfile.File{Kind: fileKind, Version: fileVersion, Meta: meta}
	perceptron.AddTable(f, "emissions", m.w)
	perceptron.AddTable(f, "transitions", m.trans)
	return f.Encode(w)
}

// Load reads a model file written by Save. A malformed file is an error
// wrapping ErrModel, never a panic.
func Load(r io.Reader) (*Model, error) {
	f, err := modelfile.Decode(r, fileKind)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrModel, err)
	}
	if f.Version != fileVersion {
		return nil, fmt.Errorf("%w: version %d, this build reads %d (retrain with 'dossier train attribution')", ErrModel, f.Version, fileVersion)
	}
	var h fileMeta
	if err := json.Unmarshal(f.Meta, &h); err != nil {
		return nil, fmt.Errorf("%w: meta: %v", ErrModel, err)
	}
	if len(h.Labels) != numLabels {
		return nil, fmt.Errorf("%w: labels", ErrModel)
	}
	for i, l := range h.Labels {
		if l != labelNames[i] {
			return nil, fmt.Errorf("%w: labels", ErrModel)
		}
	}
	if h.Bits < minBits || h.Bits > maxBits {
		return nil, fmt.Errorf("%w: bits %d", ErrModel, h.Bits)
	}
	if h.Fingerprint != fingerprint() {
		return nil, fmt.Errorf("%w: trained with another lexicon or feature set (retrain with 'dossier train attribution')", ErrModel)
	}
	m := &Model{info: h.Info, bits: h.Bits}
	if m.w, err = perceptron.ReadTable(f, "emissions", perceptron.Shape{Buckets: 1 << h.Bits, Classes: numLabels}); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrModel, err)
	}
	if m.trans, err = perceptron.ReadTable(f, "transitions", perceptron.Shape{Buckets: numLabels + 1, Classes: numLabels}); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrModel, err)
	}
	m.initTrans()
	return m, nil
}
