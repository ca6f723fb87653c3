package tui

import (
	"testing"

	tea "charm.land/bubbletea/v2"
)

// The review's and the summary's lists scroll the same way: by a row, by a page less
// one row, never before the first row or past the last full page.
func TestScrollKeys(t *testing.T) {
	c := newCommon()
	up, down := tea.KeyPressMsg{Code: tea.KeyUp}, tea.KeyPressMsg{Code: tea.KeyDown}
	pgUp, pgDown := tea.KeyPressMsg{Code: tea.KeyPgUp}, tea.KeyPressMsg{Code: tea.KeyPgDown}
	other := tea.KeyPressMsg{Code: 'x', Text: "x"}
	tests := []struct {
		name      string
		from      int
		key       tea.KeyPressMsg
		n, height int
		want      int
	}{
		{"down a row", 0, down, 30, 10, 1},
		{"down stops at the last full page", 20, down, 30, 10, 20},
		{"up a row", 5, up, 30, 10, 4},
		{"up stops at the top", 0, up, 30, 10, 0},
		{"page down keeps a row of context", 0, pgDown, 30, 10, 9},
		{"page down stops at the last full page", 15, pgDown, 30, 10, 20},
		{"page up", 18, pgUp, 30, 10, 9},
		{"page up stops at the top", 3, pgUp, 30, 10, 0},
		{"a list shorter than the window stays put", 0, down, 5, 10, 0},
		{"other keys do nothing", 7, other, 30, 10, 7},
	}
	for _, tt := range tests {
		off := tt.from
		c.scroll(tt.key, &off, tt.n, tt.height)
		if off != tt.want {
			t.Errorf("%s: offset %d, want %d", tt.name, off, tt.want)
		}
	}
}
