package recognize

import "dossier/internal/perceptron"

// denseTable makes the inference table of one stage's quantized weights
// (2^bits buckets × nl labels, times scale).
func denseTable(bits uint, nl int, scale float32, w []int16) *perceptron.Table {
	return perceptron.TableFromDense(perceptron.Shape{Buckets: 1 << bits, Classes: nl}, scale, w)
}
