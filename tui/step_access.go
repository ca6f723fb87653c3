package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/docspace-wizard/docspace-wizard/docspace"
)

// accessStep sets one access level for everyone, then, optionally, a different one
// for any person. Only the levels the room type allows are offered; Room admin only
// per person, for portal users who may hold it.
type accessStep struct {
	st      *state
	table   bool // the per-person table has the focus
	cursor  int  // in the default list
	row     int  // in the table
	offset  int
	problem string
}

func newAccessStep(st *state) *accessStep { return &accessStep{st: st} }

// defaultLevels are the levels accessQuestion offers as everyone's default.
func (a *accessStep) defaultLevels() []docspace.Access { return accessQuestion(a.st).values() }

// personLevels are the levels personAccessQuestion offers one person.
func (a *accessStep) personLevels(inv docspace.Invitee) []docspace.Access {
	return personAccessQuestion(a.st, inv).values()
}

func (a *accessStep) enter() tea.Cmd {
	a.problem = ""
	d := a.st.d
	levels := a.defaultLevels()
	def := d.defaultFor()
	a.cursor = 0
	for i, l := range levels {
		if l == def {
			a.cursor = i
		}
	}
	a.row = min(a.row, max(0, len(d.list.Invitees)-1))
	return nil
}

func (a *accessStep) resize()      {}
func (a *accessStep) typing() bool { return false }

func (a *accessStep) keys() help.KeyMap {
	k := a.st.keys
	if a.table {
		return bindings{
			short: []key.Binding{k.Next, relabel(k.Left, "←/→", "change"), relabel(k.Up, "↑/↓", "person"), relabel(k.Tab, "tab", "default"), k.Reset, k.Back},
			full: [][]key.Binding{
				{relabel(k.Up, "↑/k", "previous person"), relabel(k.Down, "↓/j", "next person"), relabel(k.PageUp, "pgup/pgdn", "page")},
				{relabel(k.Left, "←/h", "previous level"), relabel(k.Right, "→/l", "next level"), k.Reset},
				{relabel(k.Tab, "tab", "back to the default"), k.Next, k.Back},
			},
		}
	}
	return bindings{short: []key.Binding{k.Next, relabel(k.Up, "↑/↓", "choose"), relabel(k.Tab, "tab", "per person"), k.Back}}
}

func (a *accessStep) Update(msg tea.Msg) tea.Cmd {
	m, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	k, d := a.st.keys, a.st.d
	switch {
	case key.Matches(m, k.Back):
		return back
	case key.Matches(m, k.Next):
		return a.done()
	case key.Matches(m, k.Tab), key.Matches(m, k.ShiftTab):
		a.table = !a.table && len(d.list.Invitees) > 0
		return nil
	}
	levels := a.defaultLevels()
	if !a.table {
		switch {
		case len(levels) == 0:
		case key.Matches(m, k.Up):
			a.cursor = (a.cursor + len(levels) - 1) % len(levels)
		case key.Matches(m, k.Down):
			a.cursor = (a.cursor + 1) % len(levels)
		default:
			return nil
		}
		if len(levels) > 0 {
			d.defaultAccess, d.accessSet = levels[a.cursor], true
			a.problem = ""
		}
		return nil
	}
	n := len(d.list.Invitees)
	if n == 0 {
		return nil
	}
	page := max(1, a.tableHeight()-1)
	switch {
	case key.Matches(m, k.Up):
		a.row = max(0, a.row-1)
	case key.Matches(m, k.Down):
		a.row = min(n-1, a.row+1)
	case key.Matches(m, k.PageUp):
		a.row = max(0, a.row-page)
	case key.Matches(m, k.PageDown):
		a.row = min(n-1, a.row+page)
	case key.Matches(m, k.Left), key.Matches(m, k.Right):
		a.cycle(d.list.Invitees[a.row], key.Matches(m, k.Right))
	case key.Matches(m, k.Reset):
		delete(d.overrides, d.list.Invitees[a.row].Key())
		a.problem = ""
	}
	return nil
}

// cycle moves one person's access to the previous or next level they may get.
func (a *accessStep) cycle(inv docspace.Invitee, forward bool) {
	levels := a.personLevels(inv)
	if len(levels) == 0 {
		return
	}
	cur, _ := a.st.d.accessFor(inv)
	i := -1
	for j, l := range levels {
		if l == cur {
			i = j
		}
	}
	switch {
	case i < 0:
		i = 0
	case forward:
		i = (i + 1) % len(levels)
	default:
		i = (i + len(levels) - 1) % len(levels)
	}
	a.st.d.overrides[inv.Key()] = levels[i]
	a.problem = ""
}

// done takes the highlighted default and moves on when every level is one the room accepts.
func (a *accessStep) done() tea.Cmd {
	if levels := a.defaultLevels(); a.cursor < len(levels) {
		a.st.d.defaultAccess, a.st.d.accessSet = levels[a.cursor], true
	}
	for _, p := range a.st.d.problems(a.st.users) {
		if p.Field != docspace.FieldAccess {
			continue
		}
		a.problem = p.Message
		if p.Invitee >= 0 {
			a.table, a.row = true, p.Invitee
		}
		return nil
	}
	return next
}

// tableHeight is the number of people rows in view: the body less the other lines
// (title, blank, default, blank, heading, range, explanation; the level list when open).
func (a *accessStep) tableHeight() int {
	used := 7
	if !a.table {
		used += len(a.defaultLevels())
		if a.st.d.planRoomType().Allows(docspace.AccessRoomManager) {
			used++
		}
	}
	return max(1, a.st.bodyHeight-used)
}

func (a *accessStep) View() string {
	st := a.st
	s := st.styles
	d := st.d
	w := st.bodyWidth
	var b strings.Builder
	q := accessQuestion(st)
	b.WriteString(s.title.Render(q.heading))
	b.WriteString("\n\n")
	t := d.planRoomType()
	if !t.Valid() {
		if d.roomErr != nil {
			b.WriteString(s.err.Render(wrap("✗ "+errorSentence(d.roomErr), w)))
		} else {
			b.WriteString(s.subtle.Render("Loading the room, to know which levels it offers…"))
		}
		return b.String()
	}
	levels := q.values()
	def := d.defaultFor()
	if a.table {
		b.WriteString(s.label.Render("Default for everyone: ") + s.text.Render(def.String()) + s.subtle.Render("  (tab to change)"))
		b.WriteString("\n")
	} else {
		b.WriteString(s.label.Render(q.help))
		b.WriteString("\n")
		labelW := 0
		for _, l := range levels {
			labelW = max(labelW, ansiWidth(l.String()))
		}
		for i, l := range levels {
			sel := i == a.cursor
			label := s.text.Render(padRight(l.String(), labelW))
			if sel {
				label = s.accent.Render(padRight(l.String(), labelW))
			}
			b.WriteString(st.marker(sel) + label + "  " + s.subtle.Render(truncate(l.Description(), max(10, w-labelW-6))) + "\n")
		}
		if t.Allows(docspace.AccessRoomManager) {
			b.WriteString(s.subtle.Render(truncate("Room admin: set it per person, for portal users who are admins or room admins.", w)))
			b.WriteString("\n")
		}
	}
	b.WriteString("\n")
	a.viewTable(&b, w)
	if a.problem != "" {
		b.WriteString("\n" + s.err.Render(truncate("✗ "+a.problem, w)))
	} else if a.table && a.row < len(d.list.Invitees) {
		cur, _ := d.accessFor(d.list.Invitees[a.row])
		b.WriteString("\n" + s.subtle.Render(truncate(cur.String()+": "+cur.Description(), w)))
	}
	return b.String()
}

// viewTable draws the people rows in view.
func (a *accessStep) viewTable(b *strings.Builder, w int) {
	st := a.st
	s := st.styles
	d := st.d
	n := len(d.list.Invitees)
	heading := "Per person"
	if !a.table {
		heading += " (tab to change anyone's access)"
	}
	count := plural(n, "person", "people")
	b.WriteString(s.label.Render(padRight(heading, max(0, w-len(count)-1))) + " " + s.subtle.Render(count))
	h := a.tableHeight()
	a.offset = window(a.offset, a.row, h, n)
	// The level column is as wide as its widest label, so "‹ Content creator ›" lines
	// up with "  Editor  " and the notes after it.
	labelW := 0
	for _, l := range d.offeredAccess() {
		labelW = max(labelW, ansiWidth(l.String()))
	}
	for i := a.offset; i < min(n, a.offset+h); i++ {
		acc, _ := d.accessFor(d.list.Invitees[i])
		labelW = max(labelW, ansiWidth(acc.String()))
	}
	const noteW = 14
	levelW := labelW + 4
	nameW := max(12, w-2-levelW-noteW-2)
	changed := map[accessSource]string{fromDefault: "default", fromLine: "from the list", fromTable: "changed"}
	for i := a.offset; i < min(n, a.offset+h); i++ {
		inv := d.list.Invitees[i]
		acc, src := d.accessFor(inv)
		who := inv.Email
		if inv.IsGroup() {
			who = st.resolveGroup(inv).Label()
		} else if u, ok := st.userOf(inv.Email); ok && u.state == lookupFound && u.user.DisplayName != "" {
			who = u.user.DisplayName + " <" + inv.Email + ">"
		} else if inv.Name != "" {
			who = inv.Name + " <" + inv.Email + ">"
		}
		sel := a.table && i == a.row
		level := "  " + padRight(acc.String(), labelW) + "  "
		switch {
		case !d.offers(acc):
			level = s.err.Render("✗ " + padRight(acc.String(), labelW+2))
		case sel:
			level = s.accent.Render("‹ " + padRight(acc.String(), labelW) + " ›")
		case src != fromDefault:
			level = s.accent.Render(level)
		default:
			level = s.text.Render(level)
		}
		b.WriteString("\n")
		b.WriteString(st.marker(sel) + s.text.Render(fit(who, nameW)) + " " + level + " " + s.subtle.Render(truncate(changed[src], noteW)))
	}
	if n == 0 {
		b.WriteString("\n" + s.subtle.Render("Nobody to invite yet: go back and add people."))
	} else if n > h {
		b.WriteString("\n" + s.subtle.Render(fmt.Sprintf("%d–%d of %d", a.offset+1, min(n, a.offset+h), n)))
	}
}
