// Package fts answers, from memory, the full-text searches that dossier
// runs in SQLite's FTS5: the documents matching any of a few terms,
// ranked by FTS5's bm25 with column weights, exactly as
//
//	SELECT d.id FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid
//	WHERE documents_fts MATCH '"w1" OR "w2" …'
//	ORDER BY bm25(documents_fts, 2.0, 1.0), d.id LIMIT n
//
// answers it, provided the index holds, for every row of the FTS5
// table, the tokens its tokenizer made of each column (sqlite's
// DocumentService.DocumentTerms reads them from SQLite itself).
//
// bm25 is computed as FTS5's fts5_aux.c does, operation for operation,
// so that equal inputs give equal floating-point scores and ties fall
// to the document ID as in SQLite: for each phrase i of the query, in
// query order,
//
//	IDF(i)  = log((N − n(i) + 0.5) / (n(i) + 0.5)), at least 1e−6
//	f(i, D) = Σ over columns c of weight(c) × occurrences of i in column c of D
//	score   = −Σ IDF(i) × f(i, D) × (k1 + 1) / (f(i, D) + k1 × (1 − b + b × |D| / avgdl))
//
// with k1 = 1.2, b = 0.75, N the rows of the table, n(i) the rows
// containing phrase i, |D| the tokens of D in all columns and avgdl the
// tokens of all rows over N. The logarithm is the one SQLite calls
// (modernc.org/libc's), not math.Log, which may differ in the last bit.
//
// Search answers only queries whose words are single tokens known in
// advance: words of ASCII letters and digits, lower case, which
// unicode61 leaves as they are (Searchable); for any other word it says
// so, and the caller asks SQLite.
package fts

import (
	"cmp"
	"slices"
	"strings"

	"modernc.org/libc"
)

// Index is an inverted index of documents' tokens by column. It is not
// safe for concurrent use: callers lock around Put and Remove.
type Index struct {
	docs   map[string]*doc
	terms  map[string]*term
	nCols  int
	nToken int64 // tokens of all documents, all columns
}

type doc struct {
	id    string
	size  int64   // tokens in all columns
	terms []*term // distinct terms, for Remove
}

// term is a token and the documents containing it; the index keeps one
// copy of its text, whatever the documents it came from.
type term struct {
	text     string
	postings []posting
}

// posting is a document containing a term, and how often in each
// column (up to 4 columns).
type posting struct {
	d     *doc
	count [maxCols]int32
}

const maxCols = 4

// New returns an empty index of documents with cols columns (at most 4).
func New(cols int) *Index {
	if cols < 1 || cols > maxCols {
		panic("fts: columns out of range")
	}
	return &Index{docs: map[string]*doc{}, terms: map[string]*term{}, nCols: cols}
}

// Len returns the number of documents indexed.
func (ix *Index) Len() int { return len(ix.docs) }

// Put indexes document id with the tokens of each column: cols[c] maps a
// token to its occurrences in column c. It replaces what was indexed
// for id.
func (ix *Index) Put(id string, cols ...map[string]int) {
	ix.Remove(id)
	d := &doc{id: id}
	var ps []posting
	seen := map[string]int{} // term → its posting in ps
	for c, m := range cols {
		if c >= ix.nCols {
			break
		}
		for t, n := range m {
			if n <= 0 {
				continue
			}
			k, ok := seen[t]
			if !ok {
				k = len(ps)
				seen[t] = k
				ps = append(ps, posting{d: d})
				te := ix.terms[t]
				if te == nil {
					te = &term{text: strings.Clone(t)}
					ix.terms[te.text] = te
				}
				d.terms = append(d.terms, te)
			}
			ps[k].count[c] += int32(n)
			d.size += int64(n)
		}
	}
	for k, te := range d.terms {
		te.postings = append(te.postings, ps[k])
	}
	ix.docs[id] = d
	ix.nToken += d.size
}

// Remove drops document id, if indexed.
func (ix *Index) Remove(id string) {
	d := ix.docs[id]
	if d == nil {
		return
	}
	delete(ix.docs, id)
	ix.nToken -= d.size
	for _, te := range d.terms {
		kept := te.postings[:0]
		for _, p := range te.postings {
			if p.d != d {
				kept = append(kept, p)
			}
		}
		clear(te.postings[len(kept):])
		te.postings = kept
		if len(kept) == 0 {
			delete(ix.terms, te.text)
		}
	}
}

// Searchable reports whether w is a word Search answers as FTS5 would:
// one or more ASCII lower-case letters or digits, which FTS5's unicode61
// tokenizer makes one token of, itself.
func Searchable(w string) bool {
	if w == "" {
		return false
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

// Search returns the IDs of the documents containing any of words (each
// one Searchable, one phrase of the query in this order), best first by
// bm25 with the column weights (1 for columns without one), ties by ID;
// at most limit of them. ok is false, and nothing is searched, when a
// word is not Searchable.
func (ix *Index) Search(words []string, weights []float64, limit int) (ids []string, ok bool) {
	for _, w := range words {
		if !Searchable(w) {
			return nil, false
		}
	}
	nRow := int64(len(ix.docs))
	if nRow == 0 || len(words) == 0 || limit <= 0 {
		return nil, true
	}
	var w [maxCols]float64
	for c := range w {
		w[c] = 1
		if c < len(weights) {
			w[c] = weights[c]
		}
	}
	// As fts5Bm25GetData: the average size, then each phrase's IDF.
	avgdl := float64(ix.nToken) / float64(nRow)
	idf := make([]float64, len(words))
	for i, t := range words {
		nHit := int64(len(ix.postings(t)))
		v := libc.Xlog(nil, (float64(nRow-nHit)+0.5)/(float64(nHit)+0.5))
		if v <= 0 {
			v = 1e-06
		}
		idf[i] = v
	}
	// The phrase frequencies of each matching document.
	// freqs holds the frequencies of hit k at k*len(words).
	type hit struct {
		d     *doc
		score float64
	}
	byDoc := map[*doc]int{}
	var hits []hit
	var freqs []float64
	nw := len(words)
	for i, t := range words {
		for _, p := range ix.postings(t) {
			k, seen := byDoc[p.d]
			if !seen {
				k = len(hits)
				byDoc[p.d] = k
				hits = append(hits, hit{d: p.d})
				freqs = append(freqs, make([]float64, nw)...)
			}
			// xInst reports each instance; adding the weight once per
			// instance, as fts5Bm25Function does, sums small integers
			// times the weights, which is exact in either order for the
			// weights used (integers and halves).
			for c := 0; c < ix.nCols; c++ {
				for range p.count[c] {
					freqs[k*nw+i] += w[c]
				}
			}
		}
	}
	// Variables, not constants: k1+1 must be rounded as float64
	// arithmetic rounds it, as in SQLite, not folded exactly.
	k1, b := 1.2, 0.75
	for k := range hits {
		h := &hits[k]
		D := float64(h.d.size)
		freq := freqs[k*nw : (k+1)*nw]
		score := 0.0
		for i := range words {
			score = score + idf[i]*(freq[i]*(k1+1)/(freq[i]+k1*(1-b+b*D/avgdl)))
		}
		h.score = -1 * score
	}
	slices.SortFunc(hits, func(a, b hit) int {
		if c := cmp.Compare(a.score, b.score); c != 0 {
			return c
		}
		return cmp.Compare(a.d.id, b.d.id)
	})
	if len(hits) > limit {
		hits = hits[:limit]
	}
	ids = make([]string, len(hits))
	for k := range hits {
		ids[k] = hits[k].d.id
	}
	return ids, true
}

// postings returns the documents containing token t.
func (ix *Index) postings(t string) []posting {
	if te := ix.terms[t]; te != nil {
		return te.postings
	}
	return nil
}
