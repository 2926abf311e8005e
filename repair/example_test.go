package repair_test

import (
	"fmt"

	"dossier/repair"
)

func ExampleString() {
	out, rep := repair.String("Prices rose â€” againâ€¦ at Caf&eacute; MÃ¼ller.\r\n")
	fmt.Printf("%q\n", out)
	for _, c := range rep.Changes() {
		fmt.Println(c)
	}
	// Output:
	// "Prices rose — again… at Café Müller.\n"
	// mojibake: 3 fixed
	// entities: 1 decoded
	// line endings: 1 converted to LF
}
