package ofac

import (
	"fmt"
	"strconv"
)

func errf(format string, args ...any) error { return fmt.Errorf(format, args...) }

func itoa(n int) string { return strconv.Itoa(n) }
