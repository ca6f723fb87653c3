package tui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/docspace/docspacetest"
)

// Below 60x20 the wizard asks for a larger window, centred, instead of drawing a
// broken layout; every line stays within the window, down to a single cell.
func TestTooSmallAsksForALargerWindow(t *testing.T) {
	opts := testOptions(goldenPortal())
	opts.Prefill = Prefill{Title: ptr("Q3 sales kickoff"), Type: ptr(docspace.RoomCollaboration), Invites: invites(goldenPeople)}
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
				golden.RequireEqual(t, got) // testdata/TestTooSmallAsksForALargerWindow/40x10.golden
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
	opts.Prefill = Prefill{Title: ptr("Q3 sales kickoff"), Type: ptr(docspace.RoomCollaboration), Invites: invites("a@example.com")}
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

// settledRequests waits until the portal has seen no new request for a moment (the
// people step's look-ups are done) and returns how many it saw.
func settledRequests(t *testing.T, p *docspacetest.Portal) int {
	t.Helper()
	n := len(p.Requests())
	for quiet := time.Now(); time.Since(quiet) < 300*time.Millisecond; time.Sleep(10 * time.Millisecond) {
		if m := len(p.Requests()); m != n {
			n, quiet = m, time.Now()
		}
	}
	return n
}

// While the window is too small the keys that would act on the hidden step are
// dropped: enter three times at the access step, unseen, must not go through the
// notify step and the review to create the room and invite everyone.
func TestTooSmallIgnoresBlindKeys(t *testing.T) {
	collab := docspace.RoomCollaboration
	f := newFlow(t, Prefill{Title: ptr("Blind"), Type: &collab}, nil)
	f.on(stepPeople, "People to invite")
	f.paste("a@example.com\nb@example.com\nc@example.com\nd@example.com\ne@example.com")
	f.on(stepPeople, "5 people")
	f.press("tab")
	f.on(stepAccess, "Default for everyone")
	before := settledRequests(t, f.portal)

	f.tm.Send(tea.WindowSizeMsg{Width: 40, Height: 10})
	f.waitFor("the request for a larger window", func(_ stepID, screen string) bool {
		return strings.Contains(screen, "Make the window larger")
	})
	f.press("enter", "enter", "enter")
	f.paste("x@example.com")
	f.tm.Send(tea.MouseClickMsg{X: 5, Y: 5, Button: tea.MouseLeft})
	f.tm.Send(tea.WindowSizeMsg{Width: 60, Height: 20})
	f.waitFor("the window to be large again", func(_ stepID, screen string) bool {
		return !strings.Contains(screen, "Make the window larger")
	})
	time.Sleep(300 * time.Millisecond) // room for anything the keys might have started
	f.mu.Lock()
	step, screen := f.step, f.screen
	f.mu.Unlock()
	if step != stepAccess || !strings.Contains(screen, "Default for everyone") {
		t.Errorf("after enter x3 on the small screen the wizard is on %s, want still Access:\n%s", step, screen)
	}
	if c, s := writes(f.portal); c+s != 0 {
		t.Errorf("%d creates and %d share calls from keys pressed on the small screen", c, s)
	}
	if after := len(f.portal.Requests()); after != before {
		t.Errorf("%d requests reached the portal after the window got small, want none", after-before)
	}
	if n := len(f.m.st.d.list.Invitees); n != 5 {
		t.Errorf("%d people after a paste on the small screen, want the 5 there were", n)
	}
	f.press("ctrl+c")
	f.tm.FinalModel(t, teatestFinalTimeout())
}

// On the small screen, what it offers still works and everything but keys flows:
// ctrl+c quits, and the key check finishes in the background.
func TestTooSmallStillQuitsAndListens(t *testing.T) {
	d := newDriver(t, testOptions(goldenPortal()), 40, 10)
	settled(d)
	if d.m.st.keyStatus != keyOK {
		t.Errorf("the key check did not finish while the window was small: status %v", d.m.st.keyStatus)
	}
	at := d.m.cur
	d.keys("enter", "f1")
	d.send(tea.PasteMsg{Content: "a@example.com"})
	if d.m.cur != at || d.m.showHelp {
		t.Errorf("keys acted on the hidden screen: step %s (was %s), help %v", d.m.cur, at, d.m.showHelp)
	}
	d.keys("ctrl+c")
	if !d.m.quitting {
		t.Error("ctrl+c did not quit on the small screen")
	}
}
