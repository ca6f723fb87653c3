package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// Layout: a header line and a blank, the body, then the notice and the help.
const headerLines = 2

// productName is the wizard's name in the header and the window title, the same on every step.
const productName = "DocSpace wizard"

// layout recomputes the body size and tells the steps.
func (m *model) layout() {
	st := m.st
	st.bodyWidth = max(20, st.width-2)
	st.bodyHeight = max(3, st.height-headerLines-lipgloss.Height(m.footer()))
	for _, s := range m.allSteps() {
		s.resize()
	}
}

// View builds the one tea.View of the program: full window, on the alternate screen.
func (m *model) View() tea.View {
	if m.quitting {
		return tea.NewView("")
	}
	frame := m.render()
	if m.st.ascii {
		frame = toASCII(frame)
	}
	v := tea.NewView(frame)
	v.AltScreen = true
	v.WindowTitle = productName
	if r, ok := m.steps[m.cur].(*runStep); ok && r.total > 0 {
		// The terminal's own progress indicator (tab or taskbar), where supported.
		v.ProgressBar = tea.NewProgressBar(tea.ProgressBarDefault, 100*r.sent/r.total)
	}
	return v
}

// render draws the whole screen as a string (also what golden files hold).
func (m *model) render() string {
	st := m.st
	if m.tooSmallNow() {
		return m.tooSmall()
	}
	body := clipLines(m.steps[m.cur].View(), st.bodyHeight)
	body = indent(body, " ") // by hand: lipgloss would measure every line again
	gap := st.height - headerLines - lipgloss.Height(body) - lipgloss.Height(m.footer())
	var b strings.Builder
	b.WriteString(m.header())
	b.WriteString("\n\n")
	b.WriteString(body)
	b.WriteString(strings.Repeat("\n", max(1, gap+1)))
	b.WriteString(m.footer())
	return b.String()
}

// header is the product, where the user is, and the portal.
func (m *model) header() string {
	st := m.st
	s := st.styles
	host := st.portalHost()
	if st.opts.Demo {
		host += " (demo)"
	}
	right := s.header.Render(host)
	left := " " + s.app.Render(productName) + "  " + m.crumbs(false)
	if ansiWidth(left)+2+ansiWidth(right) > st.width {
		left = " " + s.app.Render(productName) + "  " + m.crumbs(true)
	}
	room := st.width - ansiWidth(left) - 2
	right = truncate(right, max(0, room))
	pad := st.width - ansiWidth(left) - ansiWidth(right) - 1
	return truncate(left+strings.Repeat(" ", max(1, pad))+right, st.width)
}

// crumbs shows the steps with the current one marked, or "Title 3/8" when compact.
func (m *model) crumbs(compact bool) string {
	s := m.st.styles
	if m.cur >= stepRun {
		return s.crumbNow.Render(m.cur.String())
	}
	seq := m.st.sequence()
	pos := 0
	parts := make([]string, len(seq))
	for i, id := range seq {
		switch {
		case id == m.cur:
			parts[i] = s.crumbNow.Render(id.String())
			pos = i + 1
		case compact:
			parts[i] = "" // only the position is shown
		case m.st.answeredBy(id, m.st.shownProblems):
			parts[i] = s.crumbDone.Render(id.String())
		default:
			parts[i] = s.crumb.Render(id.String())
		}
	}
	if !compact {
		return strings.Join(parts, s.crumb.Render(" › "))
	}
	return s.crumbNow.Render(m.cur.String()) + s.crumb.Render(" "+itoa(pos)+"/"+itoa(len(seq)))
}

// footer is the notice (why the user is here) and the help line.
func (m *model) footer() string {
	st := m.st
	var b strings.Builder
	if m.notice != "" {
		b.WriteString(indent(st.styles.warn.Render(wrap(m.notice, st.width-2)), " "))
		b.WriteString("\n")
	}
	k := m.steps[m.cur].keys()
	global := m.globalKeys()
	var groups [][]key.Binding
	if m.showHelp {
		for _, g := range k.FullHelp() {
			groups = append(groups, m.withoutDeadBack(g))
		}
		groups = append(groups, global)
	} else {
		groups = [][]key.Binding{m.withoutDeadBack(k.ShortHelp()), global}
	}
	// Drawing and measuring the help takes bubbles a while; the keys change far less
	// often than the screen, so the line is kept until they (or the width) do.
	id := helpID(groups, st.width, m.showHelp, st.isDark)
	if id != m.help.id {
		line := ""
		if m.showHelp {
			line = m.fullHelp(groups, st.width-2)
		} else {
			line = m.shortHelp(groups[0], groups[1], st.width-2)
		}
		m.help.id, m.help.line = id, indent(line, " ")
	}
	b.WriteString(m.help.line)
	return b.String()
}

// withoutDeadBack drops the plain "esc back" binding on the first step of the
// sequence, where esc has nothing to go back to (see back). Relabelled esc bindings
// (cancel, clear filter) act within the step and stay.
func (m *model) withoutDeadBack(bs []key.Binding) []key.Binding {
	if m.cur >= stepRun || m.hasBack() {
		return bs
	}
	back := m.st.keys.Back.Help()
	out := make([]key.Binding, 0, len(bs))
	for _, b := range bs {
		if h := b.Help(); h.Key == back.Key && h.Desc == back.Desc {
			continue
		}
		out = append(out, b)
	}
	return out
}

// helpID identifies a help line: the bindings shown, the width and the look.
func helpID(groups [][]key.Binding, width int, full, dark bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d %v %v", width, full, dark)
	for _, g := range groups {
		b.WriteByte('|')
		for _, k := range g {
			h := k.Help()
			fmt.Fprintf(&b, "%v\x00%s\x00%s\x00", k.Enabled(), h.Key, h.Desc)
		}
	}
	return b.String()
}

// globalKeys are the bindings every step has: help, and quit (but on the summary).
func (m *model) globalKeys() []key.Binding {
	st := m.st
	helpKey := st.keys.Help
	if m.steps[m.cur].typing() {
		helpKey = st.keys.HelpTyping
	}
	if m.showHelp {
		helpKey = relabel(helpKey, helpKey.Help().Key, "fewer keys")
	}
	global := []key.Binding{helpKey}
	if m.cur != stepSummary && m.cur != stepRun {
		global = append(global, st.keys.Quit)
	}
	return global
}

// shortHelp is one line of "key what" items drawn by bubbles' help: the step's first,
// as many as fit, then the global ones, which always stay. Which fit is measured with
// help's own rendering, so its truncation (which drops the last items, and can overflow
// a narrow line) never has to cut anything.
func (m *model) shortHelp(step, global []key.Binding, width int) string {
	h := m.st.help
	h.SetWidth(0) // measure untruncated
	var enabled []key.Binding
	for _, b := range step {
		if b.Enabled() {
			enabled = append(enabled, b)
		}
	}
	items := global
	for n := len(enabled); n > 0; n-- {
		try := append(append(make([]key.Binding, 0, n+len(global)), enabled[:n]...), global...)
		if lipgloss.Width(h.ShortHelpView(try)) <= width {
			items = try
			break
		}
	}
	h.SetWidth(width)
	return truncate(h.ShortHelpView(items), width)
}

// fullHelp is every binding in bubbles' help columns; when they don't fit one row,
// the columns go on as many rows as needed, each measured with help's own rendering.
func (m *model) fullHelp(groups [][]key.Binding, width int) string {
	h := m.st.help
	h.SetWidth(0)
	var rows [][][]key.Binding
	var row [][]key.Binding
	for _, g := range groups {
		if !anyEnabled(g) {
			continue
		}
		try := append(append([][]key.Binding{}, row...), g)
		if len(row) > 0 && lipgloss.Width(h.FullHelpView(try)) > width {
			rows = append(rows, row)
			try = [][]key.Binding{g}
		}
		row = try
	}
	if len(row) > 0 {
		rows = append(rows, row)
	}
	h.SetWidth(width)
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = h.FullHelpView(r)
	}
	return strings.Join(out, "\n")
}

// anyEnabled reports whether a group has a binding to show.
func anyEnabled(g []key.Binding) bool {
	for _, b := range g {
		if b.Enabled() {
			return true
		}
	}
	return false
}

// tooSmallNow reports whether the window is below the layout's minimum, so the
// screen asks for a larger one instead of showing the step.
func (m *model) tooSmallNow() bool {
	return m.st.width < minWidth || m.st.height < minHeight
}

// tooSmall is the whole screen when the terminal is smaller than the layout needs: a
// centred request to make it larger, instead of a broken layout. The steps keep their
// state, so the wizard re-flows as soon as the window is large enough again.
func (m *model) tooSmall() string {
	st := m.st
	s := st.styles
	w, h := max(1, st.width), max(1, st.height)
	var lines []string
	add := func(k ink, text string) {
		for _, l := range strings.Split(wrap(text, w), "\n") {
			lines = append(lines, k.Render(truncate(l, w)))
		}
	}
	add(s.title, fmt.Sprintf("Make the window larger (at least %d×%d)", minWidth, minHeight))
	add(s.subtle, fmt.Sprintf("It is %d×%d now.", st.width, st.height))
	switch r, _ := m.steps[m.cur].(*runStep); {
	case r != nil && r.stopping:
		add(s.warn, strings.Join(r.inflight.Stopping(), " "))
	case r != nil:
		add(s.subtle, "The run goes on meanwhile.")
	case m.cur == stepSummary:
		add(s.subtle, "q quits.")
	default:
		add(s.subtle, "ctrl+c quits.")
	}
	if len(lines) > h {
		lines = lines[:h]
	}
	out := make([]string, h)
	top := (h - len(lines)) / 2
	for i, l := range lines {
		out[top+i] = strings.Repeat(" ", max(0, (w-ansiWidth(l))/2)) + l
	}
	return strings.Join(out, "\n")
}
