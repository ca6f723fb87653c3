package tui

import (
	"testing"

	"github.com/docspace-wizard/docspace-wizard/docspace"
)

// Each line of the people area says honestly what is on it: a duplicate merged never
// hides the new people beside it, and an invalid entry wins with its reason.
func TestPeopleLineMarks(t *testing.T) {
	invalid := docspace.ParseLine("carol@exa", 1)[0].Err
	tests := []struct {
		name  string
		text  string
		line  int // 1-based
		noteW int // 0: as drawn at 80 columns
		glyph string
		note  string
	}{
		{"one new person", "a@example.com", 1, 0, "✓", ""},
		{"several new people", "a@example.com, b@example.com", 1, 0, "✓", "2 people"},
		{"a lone duplicate", "a@example.com\nA@Example.com", 2, 0, "=", "duplicate of line 1, merged"},
		{"duplicates of one line", "a@example.com, b@example.com\nb@example.com, a@example.com", 2, 0, "=", "duplicates of line 1, merged"},
		{"duplicates of several lines", "a@example.com\nb@example.com\na@example.com, b@example.com", 3, 0, "=", "2 duplicates merged"},
		{"new people and a duplicate", "a@example.com, b@example.com\nc@example.com, d@example.com, a@example.com", 2, 0, "✓", "2 people · 1 duplicate merged"},
		{"one new person and a duplicate", "a@example.com\nb@example.com, a@example.com", 2, 0, "✓", "1 person · 1 duplicate merged"},
		{"a duplicate within the line", "x@example.com, x@example.com, y@example.com", 1, 0, "✓", "2 people · 1 duplicate merged"},
		{"new people and two duplicates", "a@example.com, b@example.com\nc@example.com, a@example.com, b@example.com", 2, 0, "✓", "1 person · 2 duplicates merged"},
		{"narrow notes keep the count", "a@example.com\nc@example.com, d@example.com, a@example.com", 2, 23, "✓", "2 people · 1 merged"},
		{"invalid wins with its reason", "a@example.com\nb@example.com, carol@exa, a@example.com", 2, 0, "✗", invalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := newTestState(t, newFakePortal())
			s := newPeopleStep(st, typed(tt.text)...)
			s.View() // sets the note width as drawn
			if tt.noteW > 0 {
				s.noteW = tt.noteW
			}
			glyph, note := s.mark(tt.line - 1)
			if plain(glyph) != tt.glyph || plain(note) != tt.note {
				t.Errorf("line %d: %q %q, want %q %q", tt.line, plain(glyph), plain(note), tt.glyph, tt.note)
			}
			if tt.noteW > 0 && ansiWidth(note) > tt.noteW-1 {
				t.Errorf("note %q is wider than the %d cells it gets", plain(note), tt.noteW-1)
			}
		})
	}
}
