package tui

import (
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/docspace-wizard/docspace-wizard/docspace"
)

// The short help is bubbles' help line: as many of the step's keys as fit, then the
// global ones, which are never cut, at any width from the smallest supported up.
func TestShortHelpFitsAndKeepsGlobalKeys(t *testing.T) {
	opts := testOptions(newFakePortal())
	opts.Prefill = Prefill{Title: ptr("Launch"), Type: ptr(docspace.RoomCollaboration), Invitees: "a@example.com"}
	d := newDriver(t, opts, 80, 24)
	for _, id := range []stepID{stepPeople, stepAccess, stepReview, stepTitle} {
		d.goTo(id, "")
		for w := minWidth; w <= 130; w++ {
			d.send(tea.WindowSizeMsg{Width: w, Height: 24})
			lines := strings.Split(plain(d.m.render()), "\n")
			last := strings.TrimSpace(lines[len(lines)-1])
			if ansiWidth(lines[len(lines)-1]) > w {
				t.Errorf("%s at %d columns: help line is %d wide", id, w, ansiWidth(lines[len(lines)-1]))
			}
			global := d.m.globalKeys()
			var tail []string
			for _, b := range global {
				tail = append(tail, b.Help().Key+" "+b.Help().Desc)
			}
			if want := strings.Join(tail, " • "); !strings.HasSuffix(last, want) {
				t.Errorf("%s at %d columns: help line %q does not end with %q", id, w, last, want)
			}
			// It is exactly what bubbles' help draws for the bindings shown.
			h := d.m.st.help
			h.SetWidth(0)
			var shown []key.Binding
			for _, b := range d.m.steps[id].keys().ShortHelp() {
				if b.Enabled() && strings.Contains(last, b.Help().Key+" "+b.Help().Desc) {
					shown = append(shown, b)
				}
			}
			if got, want := last, strings.TrimSpace(plain(h.ShortHelpView(append(shown, global...)))); got != want {
				t.Errorf("%s at %d columns: help line %q, bubbles' help draws %q", id, w, got, want)
			}
		}
	}
}
