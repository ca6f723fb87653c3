package tui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/docspace-wizard/docspace-wizard/docspace"
)

// Below 60x20 the wizard asks for a larger window, centred, instead of drawing a
// broken layout; every line stays within the window, down to a single cell.
func TestTooSmallAsksForALargerWindow(t *testing.T) {
	opts := testOptions(goldenPortal())
	opts.Prefill = Prefill{Title: ptr("Q3 sales kickoff"), Type: ptr(docspace.RoomCollaboration), Invitees: goldenPeople}
	d := newDriver(t, opts, 80, 24)
	settled(d)
	for _, size := range [][2]int{{40, 10}, {59, 20}, {60, 19}, {30, 8}, {20, 5}, {10, 3}, {1, 1}} {
		w, h := size[0], size[1]
		t.Run(fmt.Sprintf("%dx%d", w, h), func(t *testing.T) {
			d.send(tea.WindowSizeMsg{Width: w, Height: h})
			got := d.screen()
			lines := strings.Split(got, "\n")
			if len(lines) != h {
				t.Errorf("%d lines, want %d", len(lines), h)
			}
			for i, l := range lines {
				if ansiWidth(l) > w {
					t.Errorf("line %d is %d wide: %q", i+1, ansiWidth(l), l)
				}
			}
			if w >= 40 && !strings.Contains(got, "Make the window larger (at least 60×20)") {
				t.Errorf("no request for a larger window:\n%s", got)
			}
			if strings.Contains(got, "People to invite") {
				t.Errorf("the step is drawn at %dx%d:\n%s", w, h, got)
			}
			if w == 40 && h == 10 {
				golden(t, "too_small_40x10", got)
			}
		})
	}
	// Large enough again: the step is back, as it was.
	d.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	if got := d.screen(); !strings.Contains(got, "People to invite") || !strings.Contains(got, "robin@example.com") {
		t.Errorf("after growing back the people step is not drawn:\n%s", got)
	}
	if got := d.screen(); got != plain(d.m.render()) || len(strings.Split(got, "\n")) != 24 {
		t.Errorf("after growing back the screen is not 24 lines")
	}
}

// During a run the small screen still says what is going on, and what a stop may
// leave behind once ctrl+c was pressed.
func TestTooSmallDuringARun(t *testing.T) {
	opts := testOptions(goldenPortal())
	opts.Prefill = Prefill{Title: ptr("Q3 sales kickoff"), Type: ptr(docspace.RoomCollaboration), Invitees: "a@example.com"}
	d := newDriver(t, opts, 40, 10)
	settled(d)
	r := newRunStep(d.m.st, d.m.st.d.plan(d.m.st.users), nil)
	r.started = true
	d.m.steps[stepRun], d.m.cur = r, stepRun
	if got := d.screen(); !strings.Contains(got, "The run goes on meanwhile.") {
		t.Errorf("no word about the run:\n%s", got)
	}
	r.apply(docspace.Event{Phase: docspace.PhaseCreate, State: docspace.EventStarted})
	r.stopping = true
	if got := strings.Join(strings.Fields(d.screen()), " "); !strings.Contains(got, "Ctrl+C again") || !strings.Contains(got, `"Q3 sales kickoff" may still be created`) {
		t.Errorf("the stop and what the request in flight may still do are hidden:\n%s", d.screen())
	}
}
