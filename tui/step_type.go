package tui

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/docspace-wizard/docspace-wizard/docspace"
)

// typeStep asks the type question (typeQuestion).
type typeStep struct {
	st     *state
	types  []docspace.RoomType
	cursor int
}

func newTypeStep(st *state) *typeStep {
	t := &typeStep{st: st, types: typeQuestion(st.d).values()}
	t.selectCurrent()
	return t
}

// selectCurrent puts the cursor on the draft's type (chosen or remembered); with none,
// it stays where it was (at first on the question's default, the first type).
func (t *typeStep) selectCurrent() {
	if i := indexOf(typeQuestion(t.st.d), t.st.d.roomType); i >= 0 {
		t.cursor = i
	}
}

func (t *typeStep) enter() tea.Cmd {
	t.selectCurrent()
	return nil
}

func (t *typeStep) resize()      {}
func (t *typeStep) typing() bool { return false }

func (t *typeStep) keys() help.KeyMap {
	k := t.st.keys
	return bindings{
		short: []key.Binding{relabel(k.Next, "enter", "select"), relabel(k.Up, "↑/↓", "choose"), k.Back},
		full: [][]key.Binding{
			{k.Up, k.Down, key.NewBinding(key.WithKeys("1"), key.WithHelp("1-5", "pick by number"))},
			{relabel(k.Next, "enter", "select"), k.Back},
		},
	}
}

func (t *typeStep) Update(msg tea.Msg) tea.Cmd {
	msgKey, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	k := t.st.keys
	switch {
	case key.Matches(msgKey, k.Up):
		t.cursor = (t.cursor + len(t.types) - 1) % len(t.types)
	case key.Matches(msgKey, k.Down), key.Matches(msgKey, k.Tab):
		t.cursor = (t.cursor + 1) % len(t.types)
	case key.Matches(msgKey, k.Back):
		return back
	case key.Matches(msgKey, k.Next):
		d := t.st.d
		d.roomType, d.typeSet = t.types[t.cursor], true
		return next
	default:
		if s := msgKey.String(); len(s) == 1 && s[0] >= '1' && int(s[0]-'0') <= len(t.types) {
			t.cursor = int(s[0] - '1')
		}
	}
	return nil
}

func (t *typeStep) View() string {
	st := t.st
	s := st.styles
	w := st.bodyWidth
	q := typeQuestion(st.d)
	var b strings.Builder
	b.WriteString(s.title.Render(q.title))
	b.WriteString("\n")
	b.WriteString(s.subtle.Render(wrap(q.help, w)))
	b.WriteString("\n\n")
	labelW := 0
	for _, c := range q.choices {
		labelW = max(labelW, ansiWidth(c.label))
	}
	for i, c := range q.choices {
		sel := i == t.cursor
		label := padRight(c.label, labelW)
		if sel {
			label = s.accent.Render(label)
		} else {
			label = s.text.Render(label)
		}
		desc := truncate(c.desc, max(10, w-labelW-6))
		b.WriteString(st.marker(sel) + label + "  " + s.subtle.Render(desc) + "\n")
	}
	rt := t.types[t.cursor]
	levels := make([]string, 0, 6)
	for _, a := range rt.AllowedAccess() {
		levels = append(levels, a.String())
	}
	b.WriteString("\n")
	b.WriteString(s.subtle.Render(wrap("In a "+rt.String()+" room people can be: "+strings.Join(levels, ", ")+".", w)))
	return b.String()
}
