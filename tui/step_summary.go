package tui

import (
	"context"
	"fmt"
	"io"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/onboard"
	"github.com/docspace-wizard/docspace-wizard/planfile"
)

// summaryStep shows what a run did: the room and its link, one line per person,
// totals, and what to do next (retry the failed, another room, quit).
type summaryStep struct {
	st     *state
	result docspace.Result
	offset int
	// resending is true while the invitation is being sent again to the pending
	// guests; resent is the sentence saying how that went ("" before).
	resending bool
	resent    string
	resentOK  bool
	// saved says where the plan file of this run was saved, or why it was not.
	saved savedNote
}

func newSummaryStep(st *state, r docspace.Result) *summaryStep {
	return &summaryStep{st: st, result: r}
}

func (s *summaryStep) enter() tea.Cmd { return nil }
func (s *summaryStep) resize()        {}
func (s *summaryStep) typing() bool   { return false }

// canRetry is true when something failed or never went out. A create whose answer was
// lost (the room may exist) is not run again blindly: that could make a second room.
func (s *summaryStep) canRetry() bool { return s.result.CanRetry() }

func (s *summaryStep) keys() help.KeyMap {
	k := s.st.keys
	short := []key.Binding{}
	if s.canRetry() {
		short = append(short, k.Retry)
	}
	if n := s.canResend(); n > 0 {
		short = append(short, resendKey(n))
	}
	short = append(short, k.Another, k.QuitSummary)
	if s.result.Room != nil {
		short = append(short, k.Save) // after quit: a narrow help line keeps quit
	}
	if len(s.result.Outcomes) > s.listHeight() {
		short = append(short, relabel(k.Up, "↑/↓", "scroll"))
	}
	return bindings{short: short}
}

func (s *summaryStep) Update(msg tea.Msg) tea.Cmd {
	if done, ok := msg.(resendDoneMsg); ok {
		s.resending, s.resentOK = false, done.err == nil
		s.resent = resendWords(s.result.Room.Title, done)
		return nil
	}
	m, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	k := s.st.keys
	switch {
	case key.Matches(m, k.QuitSummary):
		return func() tea.Msg { return quitMsg{} }
	case key.Matches(m, k.Retry) && s.canRetry():
		return func() tea.Msg { return retryMsg{} }
	case key.Matches(m, k.Another):
		return func() tea.Msg { return anotherMsg{} }
	case key.Matches(m, k.Save) && s.result.Room != nil:
		s.saved = s.st.savePlan(s.result.Room.Title, planfile.FromRun(s.st.d.plan(s.st.users), s.result))
	case key.Matches(m, resendKey(0)) && s.canResend() > 0:
		return s.resend()
	default:
		s.st.scroll(m, &s.offset, len(s.result.Outcomes), s.listHeight())
	}
	return nil
}

func (s *summaryStep) listHeight() int {
	extra := len(s.headLines()) - 1 + len(linkLines(roomLink(s.st.portal, s.result.Room), s.st.bodyWidth)) - 1 + len(s.inviteLinkLines()) + len(s.resendLines()) + len(s.saved.lines(s.st))
	return max(1, s.st.bodyHeight-8-max(0, len(s.errLines())-1)-extra-(len(s.totalLines())-1))
}

// totalLines is the totals and how long the run took, on as many lines as the width
// needs, broken between counts so none is cut.
func (s *summaryStep) totalLines() []string {
	sep := " " + onboard.Separator + " "
	parts := append(strings.Split(onboard.Totals(s.result), sep), took(s.result.Elapsed))
	var lines []string
	for _, p := range parts {
		if n := len(lines); n > 0 && ansiWidth(lines[n-1]+sep+p) <= s.st.bodyWidth {
			lines[n-1] += sep + p
			continue
		}
		lines = append(lines, truncate(p, s.st.bodyWidth))
	}
	return lines
}

// headLines is the headline wrapped to the width: the room's sentence, then the
// people's on a line of its own when both do not fit on one.
func (s *summaryStep) headLines() []string {
	w := s.st.bodyWidth
	room, outcome := onboard.Headline(s.result)
	if outcome != "" && ansiWidth(room+" "+outcome) <= w {
		return []string{room + " " + outcome}
	}
	lines := strings.Split(wrap(room, w), "\n")
	if outcome != "" { // may name flags (--room, --link): wrapped at spaces only
		lines = append(lines, strings.Split(wrapAtSpaces(outcome, w), "\n")...)
	}
	for i, l := range lines {
		lines[i] = truncate(l, w) // a word longer than the line (a long title) is cut, not spilled
	}
	return lines
}

// errLines is the error sentence wrapped to the width: all of it, so what to do shows.
func (s *summaryStep) errLines() []string {
	if s.result.Err == nil {
		return nil
	}
	lines := strings.Split(wrap(errorSentence(s.result.Err), s.st.bodyWidth), "\n")
	for i, l := range lines {
		lines[i] = truncate(l, s.st.bodyWidth)
	}
	return lines
}

// linkLines cuts a link into pieces of at most width cells: a link has no spaces to
// wrap at, and a cut one cannot be copied.
func linkLines(link string, width int) []string {
	width = max(1, width)
	var out []string
	for ansiWidth(link) > width {
		cut := ansi.Truncate(link, width, "")
		if cut == "" {
			break
		}
		out = append(out, cut)
		link = link[len(cut):]
	}
	return append(out, link)
}

// roomLink is the room's page on the portal.
func roomLink(portal string, r *docspace.Room) string {
	if r == nil {
		return ""
	}
	if r.Link != "" {
		return r.Link
	}
	return fmt.Sprintf("%s/rooms/shared/%d/filter?folder=%d", strings.TrimSuffix(portal, "/"), r.ID, r.ID)
}

func (s *summaryStep) View() string {
	st := s.st
	sty := st.styles
	w := st.bodyWidth
	r := s.result
	var b strings.Builder
	headStyle := sty.ok.Bold(true)
	if r.Room == nil || r.Cancelled || len(r.Failed()) > 0 {
		headStyle = sty.warn.Bold(true)
	}
	for _, l := range s.headLines() {
		b.WriteString(headStyle.Render(l) + "\n")
	}
	if link := roomLink(st.portal, r.Room); link != "" {
		// Each piece of a long link is the whole link when clicked.
		pieces := linkLines(link, w)
		for i, piece := range pieces {
			pieces[i] = sty.link.Hyperlink(link).Render(piece)
		}
		b.WriteString(strings.Join(pieces, "\n"))
		for _, l := range s.inviteLinkLines() {
			b.WriteString("\n" + l)
		}
		for _, l := range s.resendLines() {
			b.WriteString("\n" + l)
		}
		for _, l := range s.saved.lines(st) {
			b.WriteString("\n" + l)
		}
	} else if r.Err != nil {
		b.WriteString(sty.err.Render(strings.Join(s.errLines(), "\n")))
	}
	b.WriteString("\n\n")
	h := s.listHeight()
	n := len(r.Outcomes)
	s.offset = max(0, min(s.offset, n-h))
	const accessW = 16
	nameW := min(34, max(16, w/3))
	for i := s.offset; i < min(n, s.offset+h); i++ {
		o := r.Outcomes[i]
		style := sty.ok
		switch o.Kind {
		case docspace.OutcomeFailed:
			style = sty.err
		case docspace.OutcomeAlreadyMember, docspace.OutcomeNotSent:
			style = sty.subtle
		case docspace.OutcomeUnconfirmed:
			style = sty.warn
		}
		access := o.Access
		if access == docspace.AccessNone {
			access = o.Invitee.Access
		}
		line := style.Render(onboard.OutcomeMark(o.Kind)) + " " + sty.text.Render(fit(o.Invitee.Label(), nameW)) + " "
		switch {
		case o.Kind == docspace.OutcomeFailed && o.Reason != "":
			// The reason matters more than the level that was not granted.
			line += style.Render(o.Reason)
		case o.Kind == docspace.OutcomeAccessChanged:
			// "Editor → Viewer: lowers access" names the level itself.
			line += style.Render(onboard.OutcomeText(o))
		default:
			line += sty.subtle.Render(fit(access.String(), accessW)) + " " + style.Render(onboard.OutcomeText(o))
		}
		b.WriteString(truncate(line, w) + "\n")
	}
	if n > h {
		b.WriteString(sty.subtle.Render(fmt.Sprintf("%d–%d of %d", s.offset+1, min(n, s.offset+h), n)) + "\n")
	}
	b.WriteString("\n")
	totals := s.totalLines()
	last := len(totals) - 1
	// How long it took is by the way: subtle, like the separator before it.
	when := " " + onboard.Separator + " " + took(r.Elapsed)
	if head, ok := strings.CutSuffix(totals[last], when); ok {
		totals[last] = sty.text.Render(head) + sty.subtle.Render(when)
	} else {
		totals[last] = sty.subtle.Render(totals[last])
	}
	for i := range last {
		totals[i] = sty.text.Render(totals[i])
	}
	b.WriteString(strings.Join(totals, "\n"))
	if r.Err != nil && r.Room != nil {
		b.WriteString("\n" + sty.err.Render(strings.Join(s.errLines(), "\n")))
	}
	return b.String()
}

// printSummary writes a run's summary as plain lines, for the scrollback after the
// program ends and for the accessible mode. hyperlinks adds OSC 8 around the link.
func printSummary(w io.Writer, portal string, r docspace.Result, hyperlinks bool) {
	room, outcome := onboard.Headline(r)
	fmt.Fprintln(w, room)
	if outcome != "" {
		fmt.Fprintln(w, outcome) // its own line: never lost at the end of a long one
	}
	if link := roomLink(portal, r.Room); link != "" {
		if hyperlinks {
			fmt.Fprintln(w, "  "+ansi.SetHyperlink(link)+link+ansi.ResetHyperlink())
		} else {
			fmt.Fprintln(w, "  "+link)
		}
	}
	if l := onboard.LinkLine(r); l != "" {
		fmt.Fprintln(w, "  "+l)
	}
	for _, o := range r.Outcomes {
		who := o.Invitee.Email
		if o.Invitee.IsGroup() {
			who = o.Invitee.Label()
		}
		fmt.Fprintf(w, "  %s %s: %s\n", onboard.OutcomeMark(o.Kind), who, onboard.OutcomeText(o))
	}
	fmt.Fprintf(w, "%s %s %s\n", onboard.Totals(r), onboard.Separator, took(r.Elapsed))
	if r.Err != nil {
		fmt.Fprintln(w, errorSentence(r.Err))
	}
}

// inviteLinkLines are the room's invitation link the run turned on, under the room's
// own: what it gives, then the link whole (cut into pieces, each the link when clicked).
func (s *summaryStep) inviteLinkLines() []string {
	l := s.result.Link
	if l == nil {
		return nil
	}
	sty, w := s.st.styles, s.st.bodyWidth
	words, _ := strings.CutSuffix(onboard.LinkLine(s.result), ": "+l.URL)
	out := []string{sty.subtle.Render(truncate(words+":", w))}
	for _, piece := range linkLines(l.URL, w) {
		out = append(out, sty.link.Hyperlink(l.URL).Render(piece))
	}
	return out
}

// resender is a Portal that can send invitations again (docspace.Client can).
type resender interface {
	Resend(ctx context.Context, roomID int, userIDs []string) error
}

// resendDoneMsg is the answer to resending the invitation to the pending guests.
type resendDoneMsg struct {
	emails []string
	err    error
}

// resendKey is the summary's key for sending the invitation again to n pending guests.
func resendKey(n int) key.Binding {
	return key.NewBinding(key.WithKeys("s"), key.WithHelp("s", fmt.Sprintf("resend to %d pending", n)))
}

// canResend is how many pending guests the summary may send the invitation to again:
// 0 while a resend is under way, after one worked, or when the portal cannot.
func (s *summaryStep) canResend() int {
	if _, ok := s.st.client.(resender); !ok || s.result.Room == nil || s.resending || s.resentOK || s.result.Room.ID == 0 {
		return 0
	}
	return len(s.result.PendingGuests())
}

// resend sends the invitation again to every pending guest of the result, in one
// call (the portal allows 5 per 15 minutes).
func (s *summaryStep) resend() tea.Cmd {
	rs := s.st.client.(resender)
	var ids, emails []string
	for _, o := range s.result.PendingGuests() {
		ids, emails = append(ids, o.MemberID), append(emails, o.Invitee.Email)
	}
	s.resending, s.resent = true, ""
	ctx, roomID := s.st.ctx, s.result.Room.ID
	return func() tea.Msg { return resendDoneMsg{emails: emails, err: rs.Resend(ctx, roomID, ids)} }
}

// resendWords is what a resend did, in one sentence.
func resendWords(room string, done resendDoneMsg) string {
	if done.err == nil {
		return onboard.ResentSentence(room, done.emails)
	}
	if msg := docspace.ResendRefusal(done.err); msg != "" {
		return onboard.MarkFailed + " " + msg
	}
	return onboard.MarkFailed + " Resending failed: " + errorSentence(done.err)
}

// resendLines are the resend's state under the links: under way, or how it went.
func (s *summaryStep) resendLines() []string {
	sty, w := s.st.styles, s.st.bodyWidth
	switch {
	case s.resending:
		return []string{sty.subtle.Render(truncate("Sending the invitation again"+onboard.Ellipsis, w))}
	case s.resent == "":
		return nil
	}
	style := sty.ok
	if !s.resentOK {
		style = sty.err
	}
	lines := strings.Split(wrap(s.resent, w), "\n")
	for i, l := range lines {
		lines[i] = style.Render(truncate(l, w))
	}
	return lines
}

// savedNote is what saving a run as a plan file said: where it went, or why not.
type savedNote struct {
	text string
	ok   bool
}

// lines are the note wrapped to the body, styled as a success or a failure.
func (n savedNote) lines(st *state) []string {
	if n.text == "" {
		return nil
	}
	style := st.styles.ok
	if !n.ok {
		style = st.styles.err
	}
	lines := strings.Split(wrap(n.text, st.bodyWidth), "\n")
	for i, l := range lines {
		lines[i] = style.Render(truncate(l, st.bodyWidth))
	}
	return lines
}

// savePlan writes data as a plan file named after title (planfile.Save, never over a
// file) and says where, with the command that applies it, or why it could not.
func (st *state) savePlan(title string, data []byte) savedNote {
	dir := st.opts.PlanDir
	if dir == "" {
		dir = "."
	}
	path, err := planfile.Save(dir, title, data)
	if err != nil {
		return savedNote{text: onboard.MarkFailed + " " + onboard.UpperFirst(errorSentence(err))}
	}
	return savedNote{text: fmt.Sprintf("%s Saved as %s: `docspace-wizard apply %s` makes a portal match it.", onboard.MarkDone, path, path), ok: true}
}
