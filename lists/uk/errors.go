package uk

import (
	"errors"
	"fmt"
	"strconv"
)

var (
	errNoName   = errors.New("target without a name")
	errTrailing = errors.New("element after the root element")
)

func errGroupType(t string) error { return fmt.Errorf("unknown Group Type %q", t) }

func itoa(n int) string { return strconv.Itoa(n) }
