package tui

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/onboard"
	"github.com/docspace-wizard/docspace-wizard/planfile"
)

// Messages of a run over several rooms.
type (
	roomsEventMsg struct {
		room int
		ev   docspace.Event
	}
	roomsDoneMsg     struct{ run docspace.RoomsRun }
	roomsFinishedMsg struct{ run docspace.RoomsRun }
	roomsRetryMsg    struct{}
)

// roomsRecord is a run over rooms as the session keeps it: what it did, and the
// access overrides its rooms' types forced, for the summary.
type roomsRecord struct {
	run       docspace.RoomsRun
	overrides [][]docspace.Override
}

// roomsRunStep runs one plan per room side by side (docspace.ExecuteRooms) and shows
// one line per room: what it is doing now, then how it ended. Ctrl+C stops every room
// after its request under way; Ctrl+C again quits without waiting.
type roomsRunStep struct {
	runChrome
	plans  []docspace.Plan
	pres   []*docspace.Preflight
	titles []string
	lines  []runLine // one per room: its latest call
	sent   []int
	total  int
	// inflight follows each room's events, to say what its requests under way may still
	// do when the user stops or quits without waiting.
	inflight *docspace.RoomsInFlight
}

func newRoomsRunStep(st *state, plans []docspace.Plan, pres []*docspace.Preflight, titles []string) *roomsRunStep {
	r := &roomsRunStep{runChrome: newRunChrome(st), plans: plans, pres: pres, titles: titles, lines: make([]runLine, len(plans)), sent: make([]int, len(plans)),
		inflight: docspace.NewRoomsInFlight(plans)}
	for i, p := range plans {
		r.total += len(p.Invitees)
		r.lines[i] = runLine{text: "waiting", state: docspace.EventStarted}
	}
	return r
}

func (r *roomsRunStep) enter() tea.Cmd {
	if !r.start() {
		return nil
	}
	client := r.st.client
	if client == nil {
		run := docspace.RoomsRun{}
		for _, p := range r.plans {
			run.Rooms = append(run.Rooms, docspace.RoomRun{Plan: p, Result: docspace.Result{Err: fmt.Errorf("not connected to a portal: check the key and try again")}})
		}
		return func() tea.Msg { return roomsDoneMsg{run: run} }
	}
	life := r.st.ctx
	ctx, cancel := context.WithCancel(life)
	r.cancel = cancel
	r.events = make(chan tea.Msg, 64)
	events, plans, pres, inflight := r.events, r.plans, r.pres, r.inflight
	send := func(m tea.Msg) {
		select {
		case events <- m:
		case <-life.Done():
		}
	}
	execute := func() tea.Msg {
		defer cancel()
		run := executeRooms(ctx, client, plans, pres, func(room int, ev docspace.Event) {
			inflight.Observe(room, ev) // at once, not when the screen catches up: a quit may come first
			send(roomsEventMsg{room: room, ev: ev})
		})
		send(roomsDoneMsg{run: run})
		return nil
	}
	return tea.Batch(r.spin.Tick, r.wait(), execute)
}

// roomsPortal is a Portal that runs plans over several rooms itself (docspace.Client
// does, on one budget of requests for all rooms).
type roomsPortal interface {
	ExecuteRooms(ctx context.Context, plans []docspace.Plan, pres []*docspace.Preflight, onEvent func(int, docspace.Event)) docspace.RoomsRun
}

// executeRooms runs the plans through the portal's ExecuteRooms, or, for a Portal
// without it, one Execute per room after the other.
func executeRooms(ctx context.Context, client Portal, plans []docspace.Plan, pres []*docspace.Preflight, onEvent func(int, docspace.Event)) docspace.RoomsRun {
	if rp, ok := client.(roomsPortal); ok {
		return rp.ExecuteRooms(ctx, plans, pres, onEvent)
	}
	start := time.Now()
	run := docspace.RoomsRun{Rooms: make([]docspace.RoomRun, len(plans))}
	for i, p := range plans {
		var pre *docspace.Preflight
		if i < len(pres) {
			pre = pres[i]
		}
		run.Rooms[i] = docspace.RoomRun{Plan: p, Result: client.Execute(ctx, p, pre, func(e docspace.Event) { onEvent(i, e) })}
	}
	run.Elapsed = time.Since(start)
	return run
}

func (r *roomsRunStep) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case spinner.TickMsg:
		return r.tick(msg)
	case roomsEventMsg:
		r.now = r.st.now()
		r.apply(msg.room, msg.ev)
		return r.wait()
	case roomsDoneMsg:
		run := msg.run
		return func() tea.Msg { return roomsFinishedMsg{run: run} }
	case tea.KeyPressMsg:
		switch {
		case !key.Matches(msg, r.st.keys.Quit):
		case r.stopping:
			return func() tea.Msg { return quitNowMsg{} }
		default:
			r.stopping = true
			if r.cancel != nil {
				r.cancel()
			}
		}
	}
	return nil
}

// apply makes one room's line say its latest call.
func (r *roomsRunStep) apply(room int, ev docspace.Event) {
	if room < 0 || room >= len(r.lines) {
		return
	}
	if ev.Room != nil {
		r.titles[room] = ev.Room.Title
	}
	r.sent[room] = max(r.sent[room], ev.Sent)
	l := &r.lines[room]
	l.phase, l.state, l.err, l.retry = ev.Phase, ev.State, ev.Err, ""
	l.text = onboard.CallName(r.plans[room], ev)
	if ev.State == docspace.EventRetrying {
		l.retry = ev.RetryText()
	}
	if ev.Phase == docspace.PhaseConfirm && ev.State == docspace.EventDone {
		l.text = "done: members confirmed"
	}
}

func (r *roomsRunStep) View() string {
	st := r.st
	s := st.styles
	w := st.bodyWidth
	var b strings.Builder
	b.WriteString(s.title.Render(fmt.Sprintf("Inviting people to %d rooms", len(r.plans))))
	b.WriteString("\n\n")
	rows := max(1, st.bodyHeight-7)
	titleW := min(24, max(10, w/3))
	sent := 0
	for i, l := range r.lines {
		sent += r.sent[i]
		if i >= rows {
			continue
		}
		var mark string
		text := l.text
		switch l.state {
		case docspace.EventStarted:
			mark = r.spin.View()
		case docspace.EventRetrying:
			mark = s.warn.Render(onboard.MarkRetrying)
			text = l.retry
		case docspace.EventDone:
			mark = s.ok.Render(onboard.MarkDone)
		case docspace.EventFailed:
			mark = s.err.Render(onboard.MarkFailed)
			if l.err != nil {
				text += " · " + errorSentence(l.err)
			}
		}
		b.WriteString(mark + " " + s.text.Render(fit(r.titles[i], titleW)) + " " + s.subtle.Render(truncate(text, max(1, w-titleW-3))) + "\n")
	}
	if n := len(r.lines) - rows; n > 0 {
		b.WriteString(s.subtle.Render(fmt.Sprintf("  … and %d more rooms", n)) + "\n")
	}
	b.WriteString("\n")
	pct := 0.0
	if r.total > 0 {
		pct = float64(sent) / float64(r.total)
	}
	b.WriteString(r.bar.ViewAs(pct) + s.subtle.Render(fmt.Sprintf("  %d of %d invitations", sent, r.total)) + "\n")
	b.WriteString(s.subtle.Render("Elapsed " + elapsed(r.now.Sub(r.begin))))
	if r.stopping {
		stopping := r.inflight.Stopping()
		b.WriteString("\n\n" + r.spin.View() + " " + s.warn.Render(wrap(stopping[0], w-2)))
		for _, l := range stopping[1:] {
			b.WriteString("\n" + s.warn.Render(wrap(l, w)))
		}
	}
	return b.String()
}

// roomsSummaryStep shows a run over rooms: a headline, the room × person table
// (people down, rooms across, scrolled with ↑/↓), the overrides made and why anyone is
// not in, and the totals; r retries only what failed, per room.
type roomsSummaryStep struct {
	st     *state
	rec    roomsRecord
	titles []string
	offset int
	// saved says where the plan file of this run was saved, or why it was not.
	saved savedNote
}

func newRoomsSummaryStep(st *state, rec roomsRecord) *roomsSummaryStep {
	return &roomsSummaryStep{st: st, rec: rec, titles: roomTitles(rec.run)}
}

// roomTitles names each room of a run as its table's columns do.
func roomTitles(run docspace.RoomsRun) []string {
	tbl := run.Table()
	out := make([]string, len(tbl.Rooms))
	for i, c := range tbl.Rooms {
		out[i] = c.Title
	}
	return out
}

func (s *roomsSummaryStep) enter() tea.Cmd { return nil }
func (s *roomsSummaryStep) resize()        {}
func (s *roomsSummaryStep) typing() bool   { return false }

func (s *roomsSummaryStep) canRetry() bool {
	_, ok := s.rec.run.RetryPlans()
	return ok
}

func (s *roomsSummaryStep) keys() help.KeyMap {
	k := s.st.keys
	var short []key.Binding
	if s.canRetry() {
		short = append(short, k.Retry)
	}
	short = append(short, k.Another, k.QuitSummary, k.Save) // after quit: a narrow help line keeps quit
	if len(s.bodyLines()) > s.height() {
		short = append(short, relabel(k.Up, "↑/↓", "scroll"))
	}
	return bindings{short: short}
}

func (s *roomsSummaryStep) Update(msg tea.Msg) tea.Cmd {
	m, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	k := s.st.keys
	switch {
	case key.Matches(m, k.QuitSummary):
		return func() tea.Msg { return quitMsg{} }
	case key.Matches(m, k.Retry) && s.canRetry():
		return func() tea.Msg { return roomsRetryMsg{} }
	case key.Matches(m, k.Another):
		return func() tea.Msg { return anotherMsg{} }
	case key.Matches(m, k.Save):
		plans := make([]docspace.Plan, len(s.rec.run.Rooms))
		for i, rr := range s.rec.run.Rooms {
			plans[i] = rr.Plan
		}
		s.saved = s.st.savePlan(s.titles[0], planfile.FromRuns(plans, s.rec.run.Results()))
		s.offset = len(s.bodyLines()) // the note is the last line: scroll to it
	default:
		s.st.scroll(m, &s.offset, len(s.bodyLines()), s.height())
	}
	return nil
}

// height is the lines the scrolled part gets: the body less the headline, the table's
// head, the position line and the totals.
func (s *roomsSummaryStep) height() int { return max(1, s.st.bodyHeight-7) }

// columns are the widths of the table: the person's column, then each room's, as
// wide as its widest cell (a title is cut before a cell is); when that leaves the
// person too little, every room gets an equal share.
func (s *roomsSummaryStep) columns() (nameW int, cellW []int) {
	w, n := s.st.bodyWidth, max(1, len(s.titles))
	tbl := s.rec.run.Table()
	// Titles up to 18 cells when the person keeps 16, else up to 12.
	for _, titleCap := range []int{18, 12} {
		cellW = make([]int, len(s.titles))
		used := 0
		for r := range s.titles {
			cellW[r] = min(ansiWidth(s.titles[r]), titleCap)
			for p := range tbl.People {
				if o, ok := tbl.Cell(p, r); ok {
					cellW[r] = max(cellW[r], ansiWidth(onboard.CellText(o, ok)))
				}
			}
			cellW[r] = min(18, max(8, cellW[r]))
			used += cellW[r] + 1
		}
		if left := w - used - 1; left >= 16 || titleCap == 12 && left >= 12 {
			return min(34, left), cellW
		}
	}
	for r := range cellW {
		cellW[r] = min(18, max(9, (w-14)/n-1))
	}
	return max(12, min(34, w-n*(cellW[0]+1)-1)), cellW
}

// personLabel is a row's person: name and e-mail when they fit, else the e-mail.
func personLabel(inv docspace.Invitee, width int) string {
	if l := inv.Label(); ansiWidth(l) <= width || inv.Email == "" {
		return l
	}
	return inv.Email
}

// headLine is the table's head: the room titles over their columns.
func (s *roomsSummaryStep) headLine() string {
	nameW, cellW := s.columns()
	sty := s.st.styles
	line := sty.label.Render(fit("Person", nameW))
	for r, t := range s.titles {
		line += " " + sty.label.Render(fit(t, cellW[r]))
	}
	return truncate(line, s.st.bodyWidth)
}

// bodyLines are the scrolled lines: one per person, then the overrides, the reasons
// anyone is not in, and each room's link.
func (s *roomsSummaryStep) bodyLines() []string {
	st := s.st
	sty := st.styles
	w := st.bodyWidth
	tbl := s.rec.run.Table()
	nameW, cellW := s.columns()
	var out []string
	for p, person := range tbl.People {
		line := sty.text.Render(fit(personLabel(person, nameW), nameW))
		for r := range tbl.Rooms {
			o, ok := tbl.Cell(p, r)
			text := onboard.CellText(o, ok)
			style := sty.ok
			switch {
			case !ok:
				text, style = "–", sty.subtle
			case o.Kind == docspace.OutcomeFailed:
				style = sty.err
			case o.Kind == docspace.OutcomeAlreadyMember, o.Kind == docspace.OutcomeNotSent:
				style = sty.subtle
			case o.Kind == docspace.OutcomeUnconfirmed:
				style = sty.warn
			}
			line += " " + style.Render(fit(text, cellW[r]))
		}
		out = append(out, truncate(line, w))
	}
	wrapped := func(style func(...string) string, text string) {
		for _, l := range strings.Split(wrap(text, w-2), "\n") {
			out = append(out, "  "+style(truncate(l, w-2)))
		}
	}
	for i, os := range s.rec.overrides {
		for _, o := range os {
			if i < len(s.titles) {
				wrapped(sty.warn.Render, fmt.Sprintf("! %s: %s gets %s (no %s there)", s.titles[i], o.Invitee.Label(), o.Given, o.Asked))
			}
		}
	}
	for p := range tbl.People {
		for r := range tbl.Rooms {
			if o, ok := tbl.Cell(p, r); ok {
				if why := onboard.CellReason(s.titles[r], o); why != "" {
					wrapped(sty.err.Render, onboard.MarkFailed+" "+why)
				}
			}
		}
	}
	for i, c := range tbl.Rooms {
		if c.Room == nil {
			if err := c.Result.Err; err != nil {
				wrapped(sty.err.Render, fmt.Sprintf("%s %s: %s", onboard.MarkFailed, s.titles[i], errorSentence(err)))
			}
			continue
		}
		link := roomLink(st.portal, c.Room)
		titleW := min(24, w/3)
		name := c.Room.Title
		if c.Created {
			name += " (new)"
		}
		if ansiWidth(link) <= w-titleW-3 {
			out = append(out, "  "+sty.subtle.Render(fit(name, titleW))+" "+sty.link.Hyperlink(link).Render(link))
		} else {
			// Narrow: the link on lines of its own, whole, so it can be copied.
			out = append(out, "  "+sty.subtle.Render(truncate(name, w-2)))
			for _, piece := range linkLines(link, w-4) {
				out = append(out, "    "+sty.link.Hyperlink(link).Render(piece))
			}
		}
		if c.Result.Link != nil {
			// The invitation link whole, on lines of its own, so it can be copied.
			l := c.Result.Link.URL
			out = append(out, "    "+sty.subtle.Render(truncate(strings.TrimSuffix(onboard.LinkLine(c.Result), l), w-4)))
			for _, piece := range linkLines(l, w-6) {
				out = append(out, "      "+sty.link.Hyperlink(l).Render(piece))
			}
		}
	}
	out = append(out, s.saved.lines(st)...)
	return out
}

func (s *roomsSummaryStep) View() string {
	st := s.st
	sty := st.styles
	w := st.bodyWidth
	run := s.rec.run
	var b strings.Builder
	status := run.Status()
	head := fmt.Sprintf("Everyone is in all %d rooms.", len(run.Rooms))
	if len(run.Rooms) == 2 {
		head = "Everyone is in both rooms."
	}
	headStyle := sty.ok.Bold(true)
	if status != docspace.StatusComplete {
		head = "Not everyone got in everywhere: see the table."
		headStyle = sty.warn.Bold(true)
	}
	b.WriteString(headStyle.Render(truncate(head, w)) + "\n\n")
	b.WriteString(s.headLine() + "\n")
	lines := s.bodyLines()
	h := s.height()
	s.offset = max(0, min(s.offset, len(lines)-h))
	for i := s.offset; i < min(len(lines), s.offset+h); i++ {
		b.WriteString(lines[i] + "\n")
	}
	if len(lines) > h {
		b.WriteString(sty.subtle.Render(fmt.Sprintf("%d–%d of %d lines (↑/↓)", s.offset+1, min(len(lines), s.offset+h), len(lines))) + "\n")
	}
	b.WriteString("\n")
	b.WriteString(sty.text.Render(truncate(onboard.RoomsTotals(run), w-8)) + sty.subtle.Render(" "+onboard.Separator+" "+took(run.Elapsed)))
	return b.String()
}

// printRoomsSummary writes a run over rooms as plain lines, for the scrollback after
// the program ends and for the accessible mode: each room and its link, each person's
// outcome in each room, the overrides, and the totals.
func printRoomsSummary(w io.Writer, portal string, rec roomsRecord, hyperlinks bool) {
	tbl := rec.run.Table()
	titles := roomTitles(rec.run)
	for i, c := range tbl.Rooms {
		if c.Room == nil {
			fmt.Fprintf(w, "%s: %s\n", titles[i], errorSentence(c.Result.Err))
			continue
		}
		link := roomLink(portal, c.Room)
		if hyperlinks {
			link = ansi.SetHyperlink(link) + link + ansi.ResetHyperlink()
		}
		fmt.Fprintf(w, "%s (%s): %s\n", c.Room.Title, c.Room.RoomType, link)
		if l := onboard.LinkLine(c.Result); l != "" {
			fmt.Fprintf(w, "  %s\n", l)
		}
	}
	for p, person := range tbl.People {
		fmt.Fprintln(w, "  "+person.Label())
		for r := range tbl.Rooms {
			if o, ok := tbl.Cell(p, r); ok {
				fmt.Fprintf(w, "    %s %s: %s\n", onboard.CellText(o, ok), titles[r], onboard.OutcomeText(o))
			}
		}
	}
	for i, os := range rec.overrides {
		for _, o := range os {
			if i < len(titles) {
				fmt.Fprintf(w, "  ! %s: %s gets %s (no %s there)\n", titles[i], o.Invitee.Label(), o.Given, o.Asked)
			}
		}
	}
	fmt.Fprintf(w, "%s %s %s\n", onboard.RoomsTotals(rec.run), onboard.Separator, took(rec.run.Elapsed))
}
