package tui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/onboard"
)

// Messages from the goroutine running Execute, one per event, in order.
type (
	runEventMsg struct{ ev docspace.Event }
	runDoneMsg  struct{ result docspace.Result }
	// quitNowMsg is Ctrl+C while the run stops: the wizard quits without waiting for it.
	quitNowMsg struct{}
)

// runLine is one call of the run as the user sees it.
type runLine struct {
	phase docspace.Phase
	batch int
	text  string
	state docspace.EventState
	err   error
	retry string // why the call is tried again and when, while it waits to be
}

// runStep executes the plan: Execute runs in a Cmd whose events come back through a
// channel that another Cmd reads, one message per event. Ctrl+C stops the run at once
// by cancelling its context (Execute lets the request under way finish, starts nothing
// new, then reads the members back to report) and says what that request may still
// do; Ctrl+C again quits without waiting for it.
type runStep struct {
	runChrome
	plan     docspace.Plan
	pre      *docspace.Preflight
	inflight *docspace.InFlight
	lines    []runLine
	sent     int
	total    int
}

func newRunStep(st *state, plan docspace.Plan, pre *docspace.Preflight) *runStep {
	return &runStep{runChrome: newRunChrome(st), plan: plan, pre: pre, total: len(plan.Invitees), inflight: docspace.NewInFlight(plan)}
}

func (r *runStep) enter() tea.Cmd {
	if !r.start() {
		return nil
	}
	client := r.st.client
	if client == nil {
		res := docspace.Result{Err: fmt.Errorf("not connected to a portal: check the key and try again")}
		return func() tea.Msg { return runDoneMsg{result: res} }
	}
	life := r.st.ctx
	ctx, cancel := context.WithCancel(life)
	r.cancel = cancel
	r.events = make(chan tea.Msg, 64)
	events, plan, pre := r.events, r.plan, r.pre
	send := func(m tea.Msg) {
		select {
		case events <- m:
		case <-life.Done(): // the program is gone: nobody reads any more
		}
	}
	// Execute runs as a Cmd, so a panic in it is Bubble Tea's to catch (it restores
	// the terminal); its events come back through the channel wait reads.
	execute := func() tea.Msg {
		defer cancel()
		res := client.Execute(ctx, plan, pre, func(ev docspace.Event) { send(runEventMsg{ev: ev}) })
		send(runDoneMsg{result: res})
		return nil
	}
	return tea.Batch(r.spin.Tick, r.wait(), execute)
}

func (r *runStep) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case spinner.TickMsg:
		return r.tick(msg)
	case runEventMsg:
		r.now = r.st.now()
		r.apply(msg.ev)
		return r.wait()
	case runDoneMsg:
		res := msg.result
		return func() tea.Msg { return runFinishedMsg{result: res} }
	case tea.KeyPressMsg:
		switch {
		case !key.Matches(msg, r.st.keys.Quit):
		case r.stopping:
			return func() tea.Msg { return quitNowMsg{} }
		default:
			r.stop()
		}
	}
	return nil
}

// stop ends the run after the request under way: nothing new is sent, and the run's
// result (what was done) still arrives as runDoneMsg.
func (r *runStep) stop() {
	r.stopping = true
	if r.cancel != nil {
		r.cancel()
	}
}

// apply records one event: a new line when a call starts, its mark when it ends.
func (r *runStep) apply(ev docspace.Event) {
	if ev.Total > 0 {
		r.total = ev.Total
	}
	r.sent = max(r.sent, ev.Sent)
	r.inflight.Observe(ev)
	i := -1
	for j := len(r.lines) - 1; j >= 0; j-- {
		if r.lines[j].phase == ev.Phase && r.lines[j].batch == ev.Batch {
			i = j
			break
		}
	}
	if i < 0 {
		r.lines = append(r.lines, runLine{phase: ev.Phase, batch: ev.Batch, text: onboard.CallName(r.plan, ev)})
		i = len(r.lines) - 1
	}
	l := &r.lines[i]
	l.state, l.err, l.retry = ev.State, ev.Err, ""
	if ev.State == docspace.EventRetrying {
		l.retry = ev.RetryText()
	}
	if ev.Phase == docspace.PhaseInvite && ev.Batches > 0 {
		l.text = onboard.CallName(r.plan, ev)
	}
	if ev.Phase == docspace.PhaseCreate {
		// A template's job says how far it is at each poll.
		l.text = onboard.CallName(r.plan, ev)
		if ev.State == docspace.EventStarted && ev.Progress > 0 {
			l.text += fmt.Sprintf(" · %.0f%% done", ev.Progress)
		}
	}
}

// took says how long a finished run took: tenths of a second under a minute (a demo run
// takes 0.5 s, which m:ss would show as 0:00), m:ss beyond.
func took(d time.Duration) string {
	if d < time.Minute {
		return fmt.Sprintf("%.1f s", d.Seconds())
	}
	return elapsed(d)
}

// elapsed formats the run's duration as m:ss.
func elapsed(d time.Duration) string {
	s := int(d.Round(time.Second) / time.Second)
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

func (r *runStep) View() string {
	st := r.st
	s := st.styles
	w := st.bodyWidth
	var b strings.Builder
	title := "Inviting people"
	if r.plan.NewRoom != nil {
		title = "Creating the room and inviting people"
	}
	b.WriteString(s.title.Render(title))
	b.WriteString("\n\n")
	// What a stop says goes at the bottom, whole; the call lines get the rest.
	var foot []string
	if r.stopping {
		for i, l := range r.inflight.Stopping() {
			lead, width := "", w
			if i == 0 { // after the spinner, and its continuation lines under the text
				lead, width = r.spin.View()+" ", w-2
			}
			for _, wl := range strings.Split(wrap(l, width), "\n") {
				foot = append(foot, lead+s.warn.Render(truncate(wl, width)))
				if i == 0 {
					lead = "  "
				}
			}
		}
	}
	room := max(1, st.bodyHeight-6-max(1, len(foot)))
	var rows []string
	if len(r.lines) == 0 {
		rows = append(rows, r.spin.View()+" "+s.text.Render("Starting…"))
	}
	for _, l := range r.lines {
		var mark string
		text := l.text
		var under string // the retry's cause and wait, on its own line
		switch l.state {
		case docspace.EventStarted:
			mark = r.spin.View()
		case docspace.EventRetrying:
			mark = s.warn.Render(onboard.MarkRetrying)
			under = "  " + s.warn.Render(truncate(l.retry, w-2))
		case docspace.EventDone:
			mark = s.ok.Render(onboard.MarkDone)
		case docspace.EventFailed:
			mark = s.err.Render(onboard.MarkFailed)
			if l.err != nil {
				text += s.err.Render(" · " + errorSentence(l.err))
			}
		}
		rows = append(rows, mark+" "+truncate(text, w-2))
		if under != "" {
			rows = append(rows, under)
		}
	}
	// The latest lines, as many as fit.
	for _, row := range rows[max(0, len(rows)-room):] {
		b.WriteString(row + "\n")
	}
	b.WriteString("\n")
	pct := 0.0
	if r.total > 0 {
		pct = float64(r.sent) / float64(r.total)
	}
	b.WriteString(r.bar.ViewAs(pct) + s.subtle.Render(fmt.Sprintf("  %d of %d invitations", r.sent, r.total)) + "\n")
	b.WriteString(s.subtle.Render("Elapsed " + elapsed(r.now.Sub(r.begin))))
	b.WriteString("\n\n")
	b.WriteString(strings.Join(foot, "\n"))
	return b.String()
}
