package cli

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/docspace-wizard/docspace-wizard/onboard"
)

// Columns line up by the cells a terminal shows: a CJK name takes two per character.
func TestTableLinesUpWideText(t *testing.T) {
	var b strings.Builder
	tw := newTable(&b)
	fmt.Fprintln(tw, "PERSON\t東京チーム\tMarketing")
	fmt.Fprintf(tw, "山田 太郎 <taro@example.com>\t✓ Editor\t✓ Editor\n")
	fmt.Fprint(tw, "ann@example.com\t✓ Viewer\t")
	fmt.Fprintln(tw, "✓ Viewer")
	if err := tw.Flush(); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d lines:\n%s", len(lines), b.String())
	}
	// The third column starts at the same cell on every line.
	var at []int
	for _, l := range lines {
		i := strings.LastIndex(l, "  ")
		at = append(at, ansi.StringWidth(l[:i+2]))
	}
	if at[0] != at[1] || at[1] != at[2] {
		t.Errorf("the last column starts at cells %v:\n%s", at, b.String())
	}
	if strings.HasSuffix(lines[1], " ") {
		t.Errorf("the last cell is padded: %q", lines[1])
	}
}

// The summary of --yes lines up a CJK name's row with the others.
func TestSummaryLinesUpWideNames(t *testing.T) {
	_, te, _ := roomsEnv(t)
	if end := runWith(t, te, RunOptions{RoomID: 101, Invites: []string{"山田 太郎 <taro@example.com>", "ann@example.com"}, Access: "viewer"}); end != onboard.EndDone {
		t.Fatalf("ended %v: %s", end, te.err)
	}
	var at []int
	for _, l := range strings.Split(te.out.String(), "\n") {
		if strings.Contains(l, "taro@example.com") || strings.HasPrefix(l, "ann@example.com") || strings.HasPrefix(l, "PERSON") {
			at = append(at, secondColumn(l))
		}
	}
	if len(at) != 3 || at[0] != at[1] || at[1] != at[2] {
		t.Errorf("the access column starts at cells %v:\n%s", at, te.out)
	}
}

// secondColumn is the cell where a table line's second column starts: after the first
// run of two or more spaces.
func secondColumn(l string) int {
	i := strings.Index(l, "  ")
	if i < 0 {
		return -1
	}
	rest := strings.TrimLeft(l[i:], " ")
	return ansi.StringWidth(l[:len(l)-len(rest)])
}
