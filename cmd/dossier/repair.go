package main

import (
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"dossier/repair"
)

// maxRepairInput bounds what "dossier repair" reads into memory.
const maxRepairInput = 256 << 20

func (m *Main) repairCommand() *cobra.Command {
	var report, asJSON bool
	c := &cobra.Command{
		Use:   "repair FILE | -",
		Short: "Print a file's text with mojibake, entities, controls and line endings repaired",
		Long: `Print FILE (or standard input) with its text repaired: mojibake of UTF-8
read as Windows-1252 or Latin-1 (once or twice over), HTML entities,
Unicode NFC, control characters, invalid UTF-8 (replaced, and reported on
standard error with its byte offset) and line endings. Correct text is
printed unchanged.`,
		Args: exactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			name := args[0]
			var r io.Reader = m.Stdin
			if name != "-" {
				f, err := os.Open(name)
				if err != nil {
					return err
				}
				defer f.Close()
				r = f
			}
			b, err := io.ReadAll(io.LimitReader(r, maxRepairInput+1))
			if err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			if len(b) > maxRepairInput {
				return fmt.Errorf("%s: larger than %d MiB", name, maxRepairInput>>20)
			}
			text, rep := repair.Bytes(b)
			if asJSON {
				first := &rep.FirstInvalid
				if rep.Invalid == 0 && rep.Legacy == "" {
					first = nil
				}
				return writeJSON(m.Stdout, map[string]any{"text": text, "changes": nonNilSlice(rep.Changes()),
					"invalid_bytes": rep.Invalid, "first_invalid_offset": first})
			}
			if _, err := io.WriteString(m.Stdout, text); err != nil {
				return err
			}
			if rep.Invalid > 0 {
				fmt.Fprintf(m.Stderr, "dossier: %s: offset %d: invalid UTF-8: %d bytes replaced with U+FFFD\n",
					name, rep.FirstInvalid, rep.Invalid)
			}
			if report {
				for _, ch := range rep.Changes() {
					fmt.Fprintf(m.Stderr, "%s: %s\n", name, ch)
				}
			}
			return nil
		},
	}
	c.Flags().BoolVar(&report, "report", false, "list what was repaired on standard error")
	c.Flags().BoolVar(&asJSON, "json", false, "print the repaired text and what was repaired as JSON")
	return c
}
