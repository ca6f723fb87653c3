package tui

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"
)

// notifyStep asks whether to notify existing users, and for an optional message.
type notifyStep struct {
	st      *state
	focus   int // 0 the switch, 1 the message, 2 the language, 3 the invitation link
	message textarea.Model
	// typedOff is set when text is typed with notifications off: there is no message
	// field, so the step says why, and the keys of that text toggle nothing.
	typedOff bool
}

func newNotifyStep(st *state) *notifyStep {
	n := &notifyStep{st: st}
	n.message = textarea.New()
	n.message.ShowLineNumbers = false
	n.message.Prompt = ""
	n.message.Placeholder = "A few words for the people you invite"
	n.message.CharLimit = messageQuestion(st.d).limit
	n.message.KeyMap.InsertNewline.SetKeys("alt+enter", "ctrl+j")
	n.message.SetValue(st.d.message)
	n.resize()
	return n
}

func (n *notifyStep) enter() tea.Cmd {
	n.message.SetValue(n.st.d.message)
	if !n.st.d.notify {
		n.focus = 0
	}
	return n.focusField()
}

func (n *notifyStep) focusField() tea.Cmd {
	if n.focus == 1 {
		return n.message.Focus()
	}
	n.message.Blur()
	return nil
}

func (n *notifyStep) resize() {
	st := n.st
	s := textarea.DefaultStyles(st.isDark)
	s.Cursor.Blink = false
	s.Focused.CursorLine = s.Focused.Text
	s.Focused.Placeholder = st.styles.subtle.Style
	s.Blurred.Placeholder = st.styles.subtle.Style
	n.message.SetStyles(s)
	n.message.SetWidth(max(10, st.bodyWidth-6))
	n.message.SetHeight(max(1, min(4, st.bodyHeight-11-n.languageLines())))
}

func (n *notifyStep) typing() bool { return n.focus == 1 }

// hasLanguage reports whether the language row is shown: the portal's languages are
// known, or --language named one.
func (n *notifyStep) hasLanguage() bool {
	return len(n.st.langs.codes) > 0 || n.st.d.culture != ""
}

// languageLines is how many lines the language and link rows take.
func (n *notifyStep) languageLines() int {
	lines := 0
	if n.hasLanguage() {
		lines += 3
	}
	if n.st.offersLink() {
		lines += 3
	}
	return lines
}

// nextFocus is the field after (or before) the current one: switch, language, message.
func (n *notifyStep) nextFocus(back bool) int {
	order := []int{0}
	if n.hasLanguage() {
		order = append(order, 2)
	}
	if n.st.offersLink() {
		order = append(order, 3)
	}
	if n.st.d.notify {
		order = append(order, 1)
	}
	i := 0
	for j, f := range order {
		if f == n.focus {
			i = j
		}
	}
	if back {
		return order[(i+len(order)-1)%len(order)]
	}
	return order[(i+1)%len(order)]
}

func (n *notifyStep) keys() help.KeyMap {
	k := n.st.keys
	if n.focus == 1 {
		return bindings{short: []key.Binding{k.Next, relabel(k.Tab, "tab", "switch"), key.NewBinding(key.WithKeys("alt+enter"), key.WithHelp("alt+enter", "new line")), k.Back}}
	}
	if n.focus == 2 {
		return bindings{short: []key.Binding{k.Next, key.NewBinding(key.WithKeys("left", "right"), key.WithHelp("←/→", "language")), relabel(k.Tab, "tab", "next field"), k.Back}}
	}
	if n.focus == 3 {
		return bindings{short: []key.Binding{k.Next, key.NewBinding(key.WithKeys("left", "right"), key.WithHelp("←/→", "link access")), relabel(k.Tab, "tab", "next field"), k.Back}}
	}
	if !n.st.d.notify {
		if n.hasLanguage() || n.st.offersLink() {
			return bindings{short: []key.Binding{k.Next, relabel(k.Toggle, "space", "on/off"), relabel(k.Tab, "tab", "language"), k.Back}}
		}
		return bindings{short: []key.Binding{k.Next, relabel(k.Toggle, "space", "on/off"), k.Back}}
	}
	return bindings{short: []key.Binding{k.Next, relabel(k.Toggle, "space", "on/off"), relabel(k.Tab, "tab", "message"), k.Back}}
}

func (n *notifyStep) Update(msg tea.Msg) tea.Cmd {
	st := n.st
	k := st.keys
	if _, ok := msg.(languagesMsg); ok {
		n.resize() // the language row takes room from the message
		return nil
	}
	if m, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(m, k.Back):
			return back
		case key.Matches(m, k.Next):
			st.d.message = n.message.Value()
			return next
		case key.Matches(m, k.Tab), key.Matches(m, k.ShiftTab):
			n.typedOff = false
			n.focus = n.nextFocus(key.Matches(m, k.ShiftTab))
			return n.focusField()
		}
		if n.focus == 3 {
			q := linkQuestion(st)
			i := max(0, indexOf(q, q.def))
			switch m.String() {
			case "right", "l", "space", "down", "j":
				st.d.setLink(q.choices[(i+1)%len(q.choices)].value)
			case "left", "h", "up", "k":
				st.d.setLink(q.choices[(i+len(q.choices)-1)%len(q.choices)].value)
			}
			return nil
		}
		if n.focus == 2 {
			q := languageQuestion(st)
			i := max(0, indexOf(q, st.d.culture))
			switch m.String() {
			case "right", "l", "space", "down", "j":
				st.d.culture = q.choices[(i+1)%len(q.choices)].value
			case "left", "h", "up", "k":
				st.d.culture = q.choices[(i+len(q.choices)-1)%len(q.choices)].value
			}
			return nil
		}
		if n.focus == 0 && !st.d.notify && m.Text != "" {
			// Text typed with notifications off: no field takes it, and its letters and
			// spaces must not flip the switch unseen. The first toggle key counts only
			// when no text came before it.
			if n.typedOff || !strings.Contains(" xyn", m.Text) {
				n.typedOff = true
				return nil
			}
		}
		n.typedOff = false
		if n.focus == 0 {
			switch m.String() {
			case "space", "x", "left", "right", "h", "l":
				st.d.notify = !st.d.notify
			case "y":
				st.d.notify = true
			case "n":
				st.d.notify = false
			}
			return nil
		}
	}
	if n.focus != 1 {
		return nil
	}
	var cmd tea.Cmd
	n.message, cmd = n.message.Update(msg)
	st.d.message = n.message.Value()
	return cmd
}

func (n *notifyStep) View() string {
	st := n.st
	s := st.styles
	d := st.d
	w := st.bodyWidth
	q, mq := notifyQuestion(d), messageQuestion(d)
	var b strings.Builder
	b.WriteString(s.title.Render(q.heading))
	b.WriteString("\n\n")
	box := "[ ]"
	if d.notify {
		box = "[x]"
	}
	c := q.choices[indexOf(q, d.notify)]
	state := c.label + ": " + c.desc
	label := s.text.Render(box + " " + state)
	if n.focus == 0 {
		label = s.accent.Render(box + " " + state)
	}
	b.WriteString(st.marker(n.focus == 0) + label + "\n")
	b.WriteString(indent(s.subtle.Render(wrap(q.help, w-2)), "  ") + "\n\n")
	if n.hasLanguage() {
		lq := languageQuestion(st)
		c := lq.choices[max(0, indexOf(lq, d.culture))]
		row := s.label.Render("Language") + " " + s.text.Render(c.label)
		if n.focus == 2 {
			row = s.label.Render("Language") + " " + s.accent.Render("‹ "+c.label+" ›")
		}
		b.WriteString(st.marker(n.focus == 2) + truncate(row, w-2) + "\n")
		b.WriteString(indent(s.subtle.Render(truncate("Only new guests get it; existing users keep their own.", w-2)), "  ") + "\n\n")
	}
	if st.offersLink() {
		lq := linkQuestion(st)
		c := lq.choices[max(0, indexOf(lq, lq.def))]
		label := c.label
		if d.link != nil {
			label = d.link.Words()
		}
		row := s.label.Render("Invitation link") + " " + s.text.Render(label)
		if n.focus == 3 {
			row = s.label.Render("Invitation link") + " " + s.accent.Render("‹ "+label+" ›")
		}
		b.WriteString(st.marker(n.focus == 3) + truncate(row, w-2) + "\n")
		b.WriteString(indent(s.subtle.Render(truncate("Anyone with it joins with this access; share it to invite many.", w-2)), "  ") + "\n\n")
	}
	if d.notify {
		b.WriteString(st.marker(n.focus == 1) + s.label.Render(mq.title) + "\n")
		b.WriteString(indent(n.message.View(), "  "))
		b.WriteString("\n")
		b.WriteString(indent(s.subtle.Render(wrap(mq.help, w-2)), "  "))
	} else {
		b.WriteString("  " + s.subtle.Render("No message: nobody is notified."))
		if strings.TrimSpace(d.message) != "" {
			b.WriteString("\n" + indent(s.warn.Render(wrap("The message you wrote is not sent while this is off.", w-2)), "  "))
		}
		if n.typedOff {
			b.WriteString("\n" + indent(s.warn.Render(wrap("Notifications are off, so there is no message to type: press → to turn them on, then tab to write one.", w-2)), "  "))
		}
	}
	return b.String()
}

// indent prefixes every line of s.
func indent(s, prefix string) string {
	return prefix + strings.ReplaceAll(s, "\n", "\n"+prefix)
}
