package tui

import (
	"context"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/progress"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
)

// runChrome is what the run steps (one room, several rooms) share: the events read
// from the run under way, the stop, the clock, the spinner and the bar, and the keys.
type runChrome struct {
	st       *state
	started  bool
	events   chan tea.Msg
	cancel   context.CancelFunc
	stopping bool
	begin    time.Time
	now      time.Time
	spin     spinner.Model
	bar      progress.Model
}

func newRunChrome(st *state) runChrome {
	c := runChrome{st: st, spin: newSpinner(&st.common)}
	c.resize()
	return c
}

// start marks the run begun, once: false when it already was.
func (c *runChrome) start() bool {
	if c.started {
		return false
	}
	c.started = true
	c.begin = c.st.now()
	c.now = c.begin
	return true
}

// wait reads the next message from the run.
func (c *runChrome) wait() tea.Cmd {
	events := c.events
	return func() tea.Msg { return <-events }
}

// resize fits the bar to the width, in the colours of the current background.
func (c *runChrome) resize() {
	c.bar = progress.New(progress.WithoutPercentage(), progress.WithColors(c.st.styles.bar),
		progress.WithWidth(max(10, min(60, c.st.bodyWidth-24))))
	c.spin.Style = c.st.styles.accent.Style
}

func (c *runChrome) typing() bool { return false }

func (c *runChrome) keys() help.KeyMap {
	k := c.st.keys
	if c.stopping {
		return bindings{short: []key.Binding{relabel(k.Quit, "ctrl+c", "quit now")}}
	}
	return bindings{short: []key.Binding{relabel(k.Quit, "ctrl+c", "stop")}}
}

// tick moves the spinner and the clock on.
func (c *runChrome) tick(msg spinner.TickMsg) tea.Cmd {
	c.now = c.st.now()
	var cmd tea.Cmd
	c.spin, cmd = c.spin.Update(msg)
	return cmd
}
