package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// Layout: a header line and a blank, the body, then the notice and the help.
const headerLines = 2

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
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.WindowTitle = "DocSpace room wizard"
	if r, ok := m.steps[m.cur].(*runStep); ok && r.total > 0 {
		// The terminal's own progress indicator (tab or taskbar), where supported.
		v.ProgressBar = tea.NewProgressBar(tea.ProgressBarDefault, 100*r.sent/r.total)
	}
	return v
}

// render draws the whole screen as a string (also what golden files hold).
func (m *model) render() string {
	st := m.st
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
	left := " " + s.app.Render("DocSpace room wizard") + "  " + m.crumbs(false)
	if ansiWidth(left)+2+ansiWidth(right) > st.width {
		left = " " + s.app.Render("DocSpace wizard") + "  " + m.crumbs(true)
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
	seq := m.sequence()
	pos := 0
	parts := make([]string, len(seq))
	for i, id := range seq {
		switch {
		case id == m.cur:
			parts[i] = s.crumbNow.Render(id.String())
			pos = i + 1
		case m.answered(id):
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
	var line string
	if m.showHelp {
		line = m.fullHelp(append(append([][]key.Binding{}, k.FullHelp()...), global), st.width-2)
	} else {
		line = m.shortHelp(k.ShortHelp(), global, st.width-2)
	}
	b.WriteString(indent(line, " "))
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

// shortHelp is one line of "key what" items: the step's first, as many as fit, then
// the global ones, which always stay (bubbles' help overflows narrow lines).
func (m *model) shortHelp(step, global []key.Binding, width int) string {
	s := m.st.styles
	sep := s.subtle.Render(" • ")
	item := func(b key.Binding) string { return s.key.Render(b.Help().Key) + " " + s.subtle.Render(b.Help().Desc) }
	tail := make([]string, 0, len(global))
	for _, b := range global {
		tail = append(tail, item(b))
	}
	end := strings.Join(tail, sep)
	var parts []string
	used := ansiWidth(end)
	for _, b := range step {
		if !b.Enabled() {
			continue
		}
		it := item(b)
		if used+ansiWidth(it)+2*ansiWidth(sep) > width {
			break
		}
		parts = append(parts, it)
		used += ansiWidth(it) + ansiWidth(sep)
	}
	return truncate(strings.Join(append(parts, end), sep), width)
}

// fullHelp is the bindings in columns, wrapping onto more rows when narrow.
func (m *model) fullHelp(groups [][]key.Binding, width int) string {
	s := m.st.styles
	var rows, cols []string
	used := 0
	flush := func() {
		if len(cols) > 0 {
			rows = append(rows, lipgloss.JoinHorizontal(lipgloss.Top, cols...))
			cols, used = nil, 0
		}
	}
	for _, g := range groups {
		var keys, descs []string
		for _, b := range g {
			if b.Enabled() {
				keys = append(keys, s.key.Render(b.Help().Key))
				descs = append(descs, s.subtle.Render(b.Help().Desc))
			}
		}
		if len(keys) == 0 {
			continue
		}
		col := lipgloss.JoinHorizontal(lipgloss.Top, strings.Join(keys, "\n"), " ", strings.Join(descs, "\n"))
		if len(cols) > 0 && used+4+lipgloss.Width(col) > width {
			flush()
		}
		if len(cols) > 0 {
			cols = append(cols, "    ")
			used += 4
		}
		cols = append(cols, col)
		used += lipgloss.Width(col)
	}
	flush()
	return strings.Join(rows, "\n")
}
