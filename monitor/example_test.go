package monitor_test

import (
	"fmt"
	"time"

	"dossier/monitor"
)

// Decisions on an ad-hoc subject are keyed by its normalized name (and
// birth date when screened with one); on a watch, by the watch.
func ExampleSubjectKey() {
	fmt.Println(monitor.SubjectKey(0, "CABELLO RONDÓN, Diosdado", ""))
	fmt.Println(monitor.SubjectKey(0, "Diosdado Cabello Rondon", "1963"))
	fmt.Println(monitor.SubjectKey(42, "Diosdado Cabello", ""))
	// Output:
	// name:cabello diosdado rondon
	// name:cabello diosdado rondon|1963
	// watch:42
}

// The webhook waits between attempts: doubling from the base delay up
// to the cap, half of each wait fixed and half random.
func ExampleBackoff() {
	for n := 1; n <= 5; n++ {
		lo := monitor.Backoff(n, time.Second, 10*time.Second, 0)
		hi := monitor.Backoff(n, time.Second, 10*time.Second, 1)
		fmt.Printf("after attempt %d: %v to %v\n", n, lo, hi)
	}
	// Output:
	// after attempt 1: 500ms to 1s
	// after attempt 2: 1s to 2s
	// after attempt 3: 2s to 4s
	// after attempt 4: 4s to 8s
	// after attempt 5: 5s to 10s
}
