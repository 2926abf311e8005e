package recognize

import (
	"bufio"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"dossier/segment"
)

// ClusterConfig configures InduceClusters.
type ClusterConfig struct {
	MinCount int // cluster words seen at least this often (default 3)
	MaxWords int // and at most this many, the most frequent (default 100000)
	Depth    int // maximum path length (default 16)
	Contexts int // neighbours used as context features, the most frequent words (default 1000)
	Iters    int // 2-means iterations per split (default 6)
}

func (c *ClusterConfig) defaults() {
	if c.MinCount <= 0 {
		c.MinCount = 3
	}
	if c.MaxWords <= 0 {
		c.MaxWords = 100000
	}
	if c.Depth <= 0 || c.Depth > 24 {
		c.Depth = 16
	}
	if c.Contexts <= 0 {
		c.Contexts = 1000
	}
	if c.Iters <= 0 {
		c.Iters = 6
	}
}

// corpus is text as word ids, -1 between sentences or documents.
type corpus struct {
	ids   []int32
	vocab map[string]int32
	words []string
}

func (c *corpus) add(w string) {
	id, ok := c.vocab[w]
	if !ok {
		id = int32(len(c.words))
		c.vocab[w] = id
		c.words = append(c.words, w)
	}
	c.ids = append(c.ids, id)
}

func (c *corpus) boundary() {
	if n := len(c.ids); n > 0 && c.ids[n-1] != -1 {
		c.ids = append(c.ids, -1)
	}
}

func (c *corpus) addText(text string) {
	for _, s := range segment.Sentences(text) {
		for _, t := range s.Tokens {
			c.add(normalizeToken(t.Text(text)))
		}
		c.boundary()
	}
}

// readFile adds one file: .conllu (GUM: the form column), .csv (the
// "article" column), CoNLL (first line -DOCSTART-: the first column) or
// plain text.
func (c *corpus) readFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	switch {
	case strings.HasSuffix(path, ".csv"):
		r := csv.NewReader(f)
		r.FieldsPerRecord = -1
		head, err := r.Read()
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		col := slices.Index(head, "article")
		if col < 0 {
			return fmt.Errorf("%s: no article column", path)
		}
		for {
			rec, err := r.Read()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return fmt.Errorf("%s: %w", path, err)
			}
			if col < len(rec) {
				c.addText(rec[col])
			}
		}
	case strings.HasSuffix(path, ".conllu"):
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 64*1024), 1<<20)
		for sc.Scan() {
			l := sc.Text()
			if l == "" {
				c.boundary()
				continue
			}
			if l[0] == '#' {
				continue
			}
			cols := strings.SplitN(l, "\t", 3)
			if len(cols) >= 2 && !strings.ContainsAny(cols[0], "-.") {
				c.add(cols[1])
			}
		}
		c.boundary()
		return sc.Err()
	}
	br := bufio.NewReader(f)
	first, _ := br.Peek(10)
	if strings.HasPrefix(string(first), "-DOCSTART-") {
		sc := bufio.NewScanner(br)
		for sc.Scan() {
			fields := strings.Fields(sc.Text())
			if len(fields) == 0 || fields[0] == "-DOCSTART-" {
				c.boundary()
				continue
			}
			c.add(fields[0])
		}
		c.boundary()
		return sc.Err()
	}
	b, err := io.ReadAll(br)
	if err != nil {
		return err
	}
	c.addText(string(b))
	c.boundary()
	return nil
}

// InduceClusters reads text from files and directories (recursively:
// .txt, .conllu and .csv files) and clusters its words hierarchically.
// Each word seen at least MinCount times gets a path of 0s and 1s: the
// words are split in two again and again by spherical 2-means over
// positive-PMI vectors of their left and right neighbours, so words that
// share a long path prefix occur in similar contexts, as with Brown
// clusters. It is deterministic. It returns the paths and word counts.
func InduceClusters(ctx context.Context, inputs []string, cfg ClusterConfig, log io.Writer) (map[string]string, map[string]int, error) {
	cfg.defaults()
	start := time.Now()
	c := &corpus{vocab: map[string]int32{}}
	var files []string
	for _, in := range inputs {
		err := filepath.WalkDir(in, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if p != in && strings.HasPrefix(d.Name(), ".") {
					return filepath.SkipDir
				}
				return nil
			}
			if p == in || (!strings.HasPrefix(d.Name(), ".") && !strings.HasPrefix(d.Name(), "LICENSE") &&
				(strings.HasSuffix(p, ".txt") || strings.HasSuffix(p, ".conllu") || strings.HasSuffix(p, ".csv"))) {
				files = append(files, p)
			}
			return nil
		})
		if err != nil {
			return nil, nil, err
		}
	}
	sort.Strings(files)
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		if err := c.readFile(f); err != nil {
			return nil, nil, err
		}
	}
	count := make([]int, len(c.words))
	tokens := 0
	for _, id := range c.ids {
		if id >= 0 {
			count[id]++
			tokens++
		}
	}
	byFreq := make([]int32, len(c.words))
	for i := range byFreq {
		byFreq[i] = int32(i)
	}
	sort.Slice(byFreq, func(i, j int) bool {
		a, b := byFreq[i], byFreq[j]
		if count[a] != count[b] {
			return count[a] > count[b]
		}
		return c.words[a] < c.words[b]
	})
	// rows: clustered words; columns: left and right context words
	row := make([]int32, len(c.words))
	col := make([]int32, len(c.words))
	for i := range row {
		row[i], col[i] = -1, -1
	}
	var rows []int32
	for _, id := range byFreq {
		if count[id] < cfg.MinCount || len(rows) >= cfg.MaxWords {
			break
		}
		row[id] = int32(len(rows))
		rows = append(rows, id)
	}
	nctx := min(cfg.Contexts, len(byFreq))
	for i := 0; i < nctx; i++ {
		col[byFreq[i]] = int32(i)
	}
	side := int32(nctx + 2) // context word, other word, boundary
	ctxOf := func(k int) int32 {
		if k < 0 || k >= len(c.ids) || c.ids[k] < 0 {
			return int32(nctx + 1)
		}
		if x := col[c.ids[k]]; x >= 0 {
			return x
		}
		return int32(nctx)
	}
	pairs := make([]uint64, 0, 2*tokens)
	for k, id := range c.ids {
		if id < 0 || row[id] < 0 {
			continue
		}
		r := uint64(row[id]) << 32
		pairs = append(pairs, r|uint64(ctxOf(k-1)), r|uint64(side+ctxOf(k+1)))
	}
	slices.Sort(pairs)
	fmt.Fprintf(log, "clusters: %d files, %d tokens, %d word types, clustering %d; read in %s\n",
		len(files), tokens, len(c.words), len(rows), time.Since(start).Round(time.Millisecond))

	// sparse count matrix, then PPMI with context smoothing (alpha 0.75)
	dim := int(2 * side)
	type entry struct {
		d int32
		v float32
	}
	vec := make([][]entry, len(rows))
	colSum := make([]float64, dim)
	rowSum := make([]float64, len(rows))
	total := 0.0
	for i := 0; i < len(pairs); {
		j := i
		for j < len(pairs) && pairs[j] == pairs[i] {
			j++
		}
		r, d := int(pairs[i]>>32), int32(pairs[i]&0xffffffff)
		n := float64(j - i)
		vec[r] = append(vec[r], entry{d, float32(n)})
		colSum[d] += n
		rowSum[r] += n
		total += n
		i = j
	}
	pairs = nil
	ctxP := make([]float64, dim)
	sumA := 0.0
	for d, s := range colSum {
		ctxP[d] = math.Pow(s, 0.75)
		sumA += ctxP[d]
	}
	for r := range vec {
		norm := 0.0
		out := vec[r][:0]
		for _, e := range vec[r] {
			pmi := math.Log(float64(e.v) / rowSum[r] / (ctxP[e.d] / sumA))
			if pmi > 0 {
				out = append(out, entry{e.d, float32(pmi)})
				norm += pmi * pmi
			}
		}
		norm = math.Sqrt(norm)
		for k := range out {
			out[k].v /= float32(norm)
		}
		vec[r] = out
	}

	// recursive bisection
	paths := make([]byte, 0, 64)
	result := make(map[string]string, len(rows))
	counts := make(map[string]int, len(rows))
	cent := [2][]float32{make([]float32, dim), make([]float32, dim)}
	dot := func(v []entry, c []float32) float32 {
		s := float32(0)
		for _, e := range v {
			s += e.v * c[e.d]
		}
		return s
	}
	setCentroid := func(c []float32, members []int32) {
		clear(c)
		for _, m := range members {
			for _, e := range vec[m] {
				c[e.d] += e.v
			}
		}
		n := float32(0)
		for _, x := range c {
			n += x * x
		}
		if n > 0 {
			n = float32(1 / math.Sqrt(float64(n)))
			for i := range c {
				c[i] *= n
			}
		}
	}
	var split func(set []int32, depth int) error
	split = func(set []int32, depth int) error {
		if len(set) <= 1 || depth >= cfg.Depth {
			for _, r := range set {
				w := c.words[rows[r]]
				result[w] = string(paths)
				if result[w] == "" {
					result[w] = "0"
				}
				counts[w] = count[rows[r]]
			}
			return nil
		}
		if depth <= 4 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		// seeds: the most frequent word and the one least like it
		setCentroid(cent[0], set[:1])
		far, farSim := set[len(set)-1], float32(2)
		for _, r := range set[1:] {
			if s := dot(vec[r], cent[0]); s < farSim {
				far, farSim = r, s
			}
		}
		setCentroid(cent[1], []int32{far})
		var a, b []int32
		for it := 0; it < cfg.Iters; it++ {
			a, b = a[:0], b[:0]
			for _, r := range set {
				if dot(vec[r], cent[0]) >= dot(vec[r], cent[1]) {
					a = append(a, r)
				} else {
					b = append(b, r)
				}
			}
			if len(a) == 0 || len(b) == 0 {
				break
			}
			setCentroid(cent[0], a)
			setCentroid(cent[1], b)
		}
		if len(a) == 0 || len(b) == 0 { // indistinguishable: split by frequency
			h := len(set) / 2
			a, b = append(a[:0], set[:h]...), append(b[:0], set[h:]...)
		}
		a, b = slices.Clone(a), slices.Clone(b)
		paths = append(paths, '0')
		if err := split(a, depth+1); err != nil {
			return err
		}
		paths[len(paths)-1] = '1'
		if err := split(b, depth+1); err != nil {
			return err
		}
		paths = paths[:len(paths)-1]
		return nil
	}
	all := make([]int32, len(rows))
	for i := range all {
		all[i] = int32(i)
	}
	if err := split(all, 0); err != nil {
		return nil, nil, err
	}
	fmt.Fprintf(log, "clusters: %d words clustered in %s\n", len(result), time.Since(start).Round(time.Millisecond))
	return result, counts, nil
}
