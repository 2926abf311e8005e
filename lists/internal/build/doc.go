// Package build holds what the list loaders share: reading and
// decoding input files, position-carrying errors, content hashing,
// date and name helpers, and a Builder that assembles entities in order.
// It is internal to dossier/lists: the loaders import it, nothing else.
package build
