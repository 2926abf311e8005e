package parse

import (
	"dossier/internal/perceptron"
)

// The tagger assigns UPOS tags left to right, greedily: each word's
// features include the tags already given to the two words before it and
// the words around it. Its table has one class per tag.

// template ids of the tagger's features
const (
	tBias = iota + 1
	tForm
	tLower
	tShape
	tFlags
	tPre
	tSuf
	tPrev1
	tPrev2
	tPrev12
	tPrev1Lower
	tNext1
	tNext2
	tPrevLower1
	tPrevLower2
	tNextSuf
	tPrevSuf
	tNextShape
	tPrevShape
	tCluster
	tClusterNext
	tClusterPrev
	tBigramPrev
	tBigramNext
	tFirstCap
	tTrigram
	tNextCluster6
	tPrevCluster6
	tAmb
	tAmbPrev
	tAmbNext
	tAmbPair
	tAmbNext2
	tSufPrev
	tAmbPrevWord
	tSrcLower
	tSrcAmbPrev
)

// sentinel hashes for positions outside the sentence
const (
	padStart = 0x5a17_0001
	padEnd   = 0x5a17_0002
)

// tagFeatures appends the buckets of word i's features, given the tags
// of the words before it.
func tagFeatures(info []wordInfo, i int, tags []int, src int, bits uint, out []uint32) []uint32 {
	n := len(info)
	x := &info[i]
	add := func(tmpl int, v uint64) {
		out = append(out, perceptron.Bucket(key1(uint64(tmpl), v), bits))
	}
	add2 := func(tmpl int, a, b uint64) {
		out = append(out, perceptron.Bucket(key2(uint64(tmpl), a, b), bits))
	}
	lowerAt := func(j int) uint64 {
		switch {
		case j < 0:
			return padStart
		case j >= n:
			return padEnd
		}
		return info[j].lower
	}
	tagAt := func(j int) uint64 {
		if j < 0 {
			return padStart
		}
		return uint64(tags[j]) + 1
	}
	add(tBias, 0)
	add(tForm, x.form)
	add(tLower, x.lower)
	add(tShape, x.shape)
	add(tFlags, uint64(x.flags))
	for k, h := range x.pre {
		if h != 0 {
			add2(tPre, uint64(k), h)
		}
	}
	for k, h := range x.suf {
		if h != 0 {
			add2(tSuf, uint64(k), h)
		}
	}
	p1, p2 := tagAt(i-1), tagAt(i-2)
	add(tPrev1, p1)
	add2(tPrev2, p2, 0)
	add2(tPrev12, p1, p2)
	add2(tPrev1Lower, p1, x.lower)
	add(tNext1, lowerAt(i+1))
	add(tNext2, lowerAt(i+2))
	add(tPrevLower1, lowerAt(i-1))
	add(tPrevLower2, lowerAt(i-2))
	add2(tBigramPrev, lowerAt(i-1), x.lower)
	add2(tBigramNext, x.lower, lowerAt(i+1))
	add2(tTrigram, lowerAt(i-1), lowerAt(i+1))
	if i+1 < n {
		nx := &info[i+1]
		add(tNextSuf, nx.suf[2])
		add(tNextShape, nx.shape)
		add(tClusterNext, clusterPrefix(nx.cluster, 24))
		add(tNextCluster6, clusterPrefix(nx.cluster, 6))
	} else {
		add(tNextSuf, padEnd)
	}
	if i > 0 {
		pv := &info[i-1]
		add(tPrevSuf, pv.suf[2])
		add(tPrevShape, pv.shape)
		add(tClusterPrev, clusterPrefix(pv.cluster, 24))
		add(tPrevCluster6, clusterPrefix(pv.cluster, 6))
	}
	for _, k := range [...]uint32{4, 8, 12, 24} {
		add2(tCluster, uint64(k), clusterPrefix(x.cluster, k))
	}
	add2(tFirstCap, uint64(x.flags&flagCap), boolBit(i == 0))
	ambAt := func(j int) uint64 {
		switch {
		case j < 0:
			return padStart
		case j >= n:
			return padEnd
		}
		return uint64(info[j].amb)
	}
	a := uint64(x.amb)
	add(tAmb, a)
	add2(tAmbPrev, a, p1)
	add(tAmbNext, ambAt(i+1))
	add2(tAmbPair, a, ambAt(i+1))
	add(tAmbNext2, ambAt(i+2))
	add2(tSufPrev, x.suf[2], p1)
	add2(tAmbPrevWord, ambAt(i-1), a)
	// the treebank's own conventions: word and tag context per source
	add2(tSrcLower, uint64(src), x.lower)
	out = append(out, perceptron.Bucket(key3(tSrcAmbPrev, uint64(src), a, p1), bits))
	return out
}

func boolBit(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

// second-pass template ids: the first pass's tags around the word
const (
	tFirst = iota + 200
	tFirstNext1
	tFirstNext2
	tFirstNext12
	tFirstPrevNext
	tFirstLowerNext
	tFirstSelfNext
	tFirstPrev
)

// secondFeatures appends to the first pass's features of word i those
// of the first pass's tags, which tell the second pass about the words
// to its right.
func secondFeatures(first []int, i int, prev uint64, lower uint64, bits uint, out []uint32) []uint32 {
	n := len(first)
	at := func(j int) uint64 {
		switch {
		case j < 0:
			return padStart
		case j >= n:
			return padEnd
		}
		return uint64(first[j]) + 1
	}
	add := func(t int, a, b uint64) { out = append(out, perceptron.Bucket(key2(uint64(t), a, b), bits)) }
	f0, f1, f2 := at(i), at(i+1), at(i+2)
	add(tFirst, f0, 0)
	add(tFirstNext1, f1, 0)
	add(tFirstNext2, f2, 0)
	add(tFirstNext12, f1, f2)
	add(tFirstPrevNext, prev, f1)
	add(tFirstLowerNext, lower, f1)
	add(tFirstSelfNext, f0, f1)
	add(tFirstPrev, at(i-1), f0)
	return out
}

// tagPass tags a described sentence greedily with one table; first, if
// not nil, holds the first pass's tags for a second pass.
func (m *Model) tagPass(w *worker, info []wordInfo, src int, table *perceptron.Table, first []int) {
	nt := len(m.tags)
	w.tags = w.tags[:0]
	for i := range info {
		w.feats = tagFeatures(info, i, w.tags, src, m.info.TagBits, w.feats[:0])
		if first != nil {
			p1 := uint64(padStart)
			if i > 0 {
				p1 = uint64(w.tags[i-1]) + 1
			}
			w.feats = secondFeatures(first, i, p1, info[i].lower, m.info.TagBits, w.feats)
		}
		sc := w.scores[:nt]
		clear(sc)
		table.Scores(w.feats, sc)
		best := 0
		for c := 1; c < nt; c++ {
			if sc[c] > sc[best] {
				best = c
			}
		}
		w.tags = append(w.tags, best)
		info[i].tag = best
	}
}

// tag tags a described sentence, writing each word's tag into info and
// w.tags: one pass left to right, and with a second-pass table, a
// second that also sees the first's tags of the words to the right. src
// is the treebank whose conventions to follow (0, the first training
// input, for new text).
func (m *Model) tag(w *worker, info []wordInfo, src int) {
	m.tagPass(w, info, src, m.tagger, nil)
	if m.tagger2 == nil {
		return
	}
	w.first = append(w.first[:0], w.tags...)
	m.tagPass(w, info, src, m.tagger2, w.first)
}
