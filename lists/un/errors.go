package un

import (
	"errors"
	"fmt"
	"strconv"
)

var (
	errNoID     = errors.New("record without DATAID")
	errNoName   = errors.New("record without a name or alias")
	errTrailing = errors.New("element after the root element")
)

func errDuplicate(id string) error { return fmt.Errorf("duplicate DATAID %s", id) }

func itoa(n int) string { return strconv.Itoa(n) }
