package tui

import (
	"regexp"
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
	opts.Prefill = Prefill{Title: ptr("Launch"), Type: ptr(docspace.RoomCollaboration), Invites: invites("a@example.com")}
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

// The help offers "esc back" only where esc goes back: never on the step the wizard
// opens on when nothing comes before it, whichever step that is.
func TestEscBackOnlyWhereThereIsABack(t *testing.T) {
	tests := []struct {
		name  string
		setup func(*Options)
		first stepID
		back  stepID // where esc goes from the first step; stepNone: nowhere
	}{
		{"portal step", func(o *Options) { o.Keys = &fakeKeys{} }, stepPortal, stepNone},
		{"action step", nil, stepAction, stepNone},
		{"--room", func(o *Options) { o.Prefill = Prefill{RoomID: 12} }, stepPeople, stepAction},
		{"--title --type", func(o *Options) {
			o.Prefill = Prefill{Title: ptr("Launch"), Type: ptr(docspace.RoomCollaboration)}
		}, stepPeople, stepSettings},
	}
	escBack := regexp.MustCompile(`esc +back`)
	helpLines := func(d *driver) (short, full string) {
		lines := strings.Split(d.screen(), "\n")
		short = lines[len(lines)-1]
		d.m.showHelp = true
		d.m.layout()
		full = d.screen()
		d.m.showHelp = false
		d.m.layout()
		return short, full
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := testOptions(goldenPortal())
			if tt.setup != nil {
				tt.setup(&opts)
			}
			d := newDriver(t, opts, 120, 40)
			d.until("the first step", func() bool {
				return d.m.cur == tt.first && d.m.st.keyStatus != keyResolving && d.m.st.keyStatus != keyChecking
			})
			d.settle()
			short, full := helpLines(d)
			offered := strings.Contains(short, "esc back")
			if offered != (tt.back != stepNone) {
				t.Errorf("on %s, esc back offered: %v, want %v; help line %q", d.m.cur, offered, tt.back != stepNone, short)
			}
			if got := escBack.MatchString(full); got != offered { // columns: "esc   back"
				t.Errorf("on %s the full help says esc back: %v, the short one %v:\n%s", d.m.cur, got, offered, full)
			}
			d.keys("esc")
			want := tt.back
			if want == stepNone {
				want = tt.first
			}
			if d.m.cur != want {
				t.Fatalf("esc on %s went to %s, want %s", tt.first, d.m.cur, want)
			}
			if tt.back == stepAction {
				// Back on the room step, which is now the first: no back from there.
				if short, _ := helpLines(d); strings.Contains(short, "esc back") {
					t.Errorf("on the first step %s the help offers esc back: %q", d.m.cur, short)
				}
			}
		})
	}
}
