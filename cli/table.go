package cli

import (
	"bytes"
	"io"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// table lines up tab-separated cells in columns two spaces apart, as text/tabwriter
// does, but by the cells a terminal gives each character: a wide (CJK) name or title
// takes two cells per character, where tabwriter counts one and the columns after it
// slip. Write collects lines; Flush writes them. The last cell of a line is not padded.
type table struct {
	w    io.Writer
	buf  bytes.Buffer
	rows [][]string
}

func newTable(w io.Writer) *table { return &table{w: w} }

// Write takes text with tab-separated cells and newline-ended lines.
func (t *table) Write(p []byte) (int, error) {
	t.buf.Write(p)
	for {
		line, err := t.buf.ReadString('\n')
		if err != nil { // no newline yet: keep the rest for the next Write
			t.buf.Reset()
			t.buf.WriteString(line)
			return len(p), nil
		}
		t.rows = append(t.rows, strings.Split(strings.TrimSuffix(line, "\n"), "\t"))
	}
}

// Flush writes the lines collected, each cell but a line's last padded to its column.
func (t *table) Flush() error {
	if t.buf.Len() > 0 {
		t.rows = append(t.rows, strings.Split(t.buf.String(), "\t"))
		t.buf.Reset()
	}
	var widths []int
	for _, r := range t.rows {
		for i, c := range r[:len(r)-1] {
			if i == len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], ansi.StringWidth(c))
		}
	}
	var out strings.Builder
	for _, r := range t.rows {
		for i, c := range r[:len(r)-1] {
			out.WriteString(c + strings.Repeat(" ", widths[i]-ansi.StringWidth(c)+2))
		}
		out.WriteString(r[len(r)-1] + "\n")
	}
	t.rows = nil
	_, err := io.WriteString(t.w, out.String())
	return err
}
