package names

// chunked is an append-only array kept in chunks, so that growing it
// copies nothing and leaves no spare capacity behind but in its last
// chunk. Elements are appended in runs (the parts of a name, say): a run
// is kept in one chunk and read back as one slice, by the address start
// returned for it, chunk<<chunkShift | offset. Chunks grow from 256 to
// chunkElems elements, and a longer run gets a chunk of its own; a run
// has at most 1<<chunkShift elements, and there are at most 1<<(32 −
// chunkShift) chunks.
type chunked[T any] struct {
	c [][]T
}

const (
	chunkShift = 18
	chunkElems = 1 << 14
)

// start makes room for a run of n elements and returns its address; the
// run is appended with add.
func (a *chunked[T]) start(n int) uint32 {
	if n > 1<<chunkShift {
		panic("names: run too long for a chunk") // callers cap their runs well below
	}
	last := len(a.c) - 1
	if last < 0 || len(a.c[last])+n > cap(a.c[last]) {
		size := 256
		if last >= 0 {
			size = min(2*cap(a.c[last]), chunkElems)
		}
		if len(a.c) == 1<<(32-chunkShift) {
			panic("names: store full")
		}
		a.c = append(a.c, make([]T, 0, max(size, n)))
		last++
	}
	return uint32(last)<<chunkShift | uint32(len(a.c[last]))
}

// add appends x to the run started last.
func (a *chunked[T]) add(x T) {
	last := len(a.c) - 1
	a.c[last] = append(a.c[last], x)
}

// at returns the element at address addr.
func (a *chunked[T]) at(addr uint32) *T {
	return &a.c[addr>>chunkShift][addr&(1<<chunkShift-1)]
}

// run returns the n elements from address addr.
func (a *chunked[T]) run(addr uint32, n int) []T {
	c, o := a.c[addr>>chunkShift], int(addr&(1<<chunkShift-1))
	return c[o : o+n : o+n]
}

// clip gives back the spare capacity of the last chunk.
func (a *chunked[T]) clip() {
	if last := len(a.c) - 1; last >= 0 {
		a.c[last] = clipSlice(a.c[last])
	}
}
