package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/docspace-wizard/docspace-wizard/docspace"
)

// peopleStep is the people area: paste or type addresses, see each line checked as
// you type, with duplicates merged and portal users recognised in the background.
type peopleStep struct {
	st *state
	ed editor
	// parsed caches docspace.ParseLine by line text: a keystroke re-parses one line.
	parsed  map[string][]docspace.Entry
	version int // the editor version the draft's list was built from
	// first and count index d.list.Entries by line (entries come in line order).
	first, count []int32
	// firstLine is the line an address first appears on, for "duplicate of line N".
	firstLine map[string]int
	problem   string
	// noteW is the width of the notes beside the lines, as last drawn.
	noteW int
}

// newPeopleStep is the people area holding lines; the entries of a line read already
// are taken as they are, not parsed again.
func newPeopleStep(st *state, lines ...peopleLine) *peopleStep {
	p := &peopleStep{st: st, parsed: map[string][]docspace.Entry{}, version: -1}
	texts := make([]string, len(lines))
	for i, l := range lines {
		texts[i] = l.text
		if l.read {
			p.parsed[l.text] = l.entries
		}
	}
	p.ed = newEditor(strings.Join(texts, "\n"))
	p.reparse()
	p.resize()
	return p
}

func (p *peopleStep) enter() tea.Cmd {
	p.problem = ""
	if p.st.d.list.Invalid > 0 {
		p.jumpToProblem(false)
	}
	return p.st.scheduleLookups()
}

func (p *peopleStep) resize() {
	p.ed.height = max(3, p.st.bodyHeight-7)
}

func (p *peopleStep) typing() bool { return true }

func (p *peopleStep) keys() help.KeyMap {
	k := p.st.keys
	cont := relabel(k.Tab, "tab", "continue")
	nl := key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "new line"))
	jump := key.NewBinding(key.WithKeys("ctrl+n"), key.WithHelp("ctrl+n", "next problem"))
	return bindings{
		short: []key.Binding{cont, nl, jump, k.Back},
		full: [][]key.Binding{
			{cont, nl, k.Back},
			{jump, relabel(k.PageUp, "pgup/pgdn", "scroll")},
			{key.NewBinding(key.WithKeys("ctrl+w"), key.WithHelp("ctrl+w", "delete word")), key.NewBinding(key.WithKeys("ctrl+u"), key.WithHelp("ctrl+u", "delete to line start"))},
		},
	}
}

func (p *peopleStep) Update(msg tea.Msg) tea.Cmd {
	k := p.st.keys
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, k.Back):
			return back
		case key.Matches(msg, k.Tab):
			if p.completeGroup() || p.completeUser() {
				p.reparse()
				return p.st.peopleChanged()
			}
			return p.done()
		case msg.String() == "ctrl+n":
			p.jumpToProblem(true)
			return nil
		case msg.String() == "enter" && p.onEmptyLastLine():
			return p.done()
		}
	case tea.PasteMsg:
	default:
		return nil
	}
	if !p.ed.update(msg) || p.ed.version == p.version {
		return nil
	}
	p.problem = ""
	p.reparse()
	return p.st.peopleChanged()
}

// onEmptyLastLine is true when Enter would only add a blank line at the end: then it
// moves on, as on every other step, once there is someone to invite.
func (p *peopleStep) onEmptyLastLine() bool {
	e := &p.ed
	return e.row == len(e.lines)-1 && strings.TrimSpace(e.lines[e.row]) == "" && len(p.st.d.list.Invitees) > 0
}

// done moves on when every entry is valid, or says what to fix.
func (p *peopleStep) done() tea.Cmd {
	d := p.st.d
	err := peopleQuestion(d).check(d.list)
	switch {
	case err == nil:
		return next
	case d.list.Invalid > 0:
		p.jumpToProblem(false)
		p.problem = strings.TrimSuffix(err.Error(), ".") + " (ctrl+n jumps to the next one)."
	default:
		p.problem = err.Error()
	}
	return nil
}

func pick(c bool, a, b string) string {
	if c {
		return a
	}
	return b
}

// jumpToProblem moves the cursor to the next line with an invalid entry (after the
// cursor when onward, else the first).
func (p *peopleStep) jumpToProblem(onward bool) {
	entries := p.st.d.list.Entries
	from := 0
	if onward {
		from = p.ed.row + 2 // lines are 1-based in entries
	}
	target := -1
	for _, e := range entries {
		if e.Err == "" {
			continue
		}
		if target < 0 {
			target = e.Line
		}
		if e.Line >= from {
			target = e.Line
			break
		}
	}
	if target > 0 {
		p.ed.moveTo(target-1, 1<<30)
	}
}

// reparse re-reads the area: cached ParseLine per line, then Merge.
func (p *peopleStep) reparse() {
	lines := p.ed.lines
	if len(p.parsed) > 4*len(lines)+1000 {
		p.parsed = map[string][]docspace.Entry{} // typing leaves every prefix behind
	}
	entries := make([]docspace.Entry, 0, len(lines))
	for i, l := range lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		es, ok := p.parsed[l]
		if !ok {
			es = docspace.ParseLine(l, 1)
			p.parsed[l] = es
		}
		for _, e := range es {
			e.Line, e.Invitee.Line = i+1, i+1
			entries = append(entries, e)
		}
	}
	d := p.st.d
	d.list = docspace.Merge(entries)
	p.version = p.ed.version
	p.index(len(lines))
}

// index builds the per-line view of the merged entries.
func (p *peopleStep) index(n int) {
	if cap(p.first) < n {
		p.first, p.count = make([]int32, n), make([]int32, n)
	}
	p.first, p.count = p.first[:n], p.count[:n]
	clear(p.count)
	if p.firstLine == nil {
		p.firstLine = make(map[string]int, len(p.st.d.list.Invitees))
	}
	clear(p.firstLine)
	for i, e := range p.st.d.list.Entries {
		ln := e.Line - 1
		if ln < 0 || ln >= n {
			continue
		}
		if p.count[ln] == 0 {
			p.first[ln] = int32(i)
		}
		p.count[ln]++
		if e.Err == "" {
			key := e.Invitee.Key()
			if _, seen := p.firstLine[key]; !seen {
				p.firstLine[key] = e.Line
			}
		}
	}
}

// entriesOn returns the entries parsed from line ln (0-based).
func (p *peopleStep) entriesOn(ln int) []docspace.Entry {
	if ln >= len(p.count) || p.count[ln] == 0 {
		return nil
	}
	f := int(p.first[ln])
	return p.st.d.list.Entries[f : f+int(p.count[ln])]
}

// mark is the gutter glyph and note for one line. A line may hold several entries:
// an invalid one wins, with its reason; otherwise the note counts the new people on
// the line and the duplicates merged, so a duplicate never hides valid people.
func (p *peopleStep) mark(ln int) (string, string) {
	s := p.st.styles
	es := p.entriesOn(ln)
	if len(es) == 0 {
		return " ", ""
	}
	var (
		valid, dups int
		firstValid  docspace.Invitee
		dupOf       = -1 // the line the duplicates repeat, -1 when they repeat several
	)
	if line := p.ed.lines[ln]; !strings.Contains(line, "@") && len(p.st.people.items) > 0 {
		// A name, not an address: the portal's people who match complete it.
		if us := p.st.userCompletions(line, 3); len(us) > 0 {
			names := make([]string, len(us))
			for i, u := range us {
				names[i] = u.DisplayName
			}
			return s.warn.Render("…"), s.subtle.Render("tab: " + strings.Join(names, ", "))
		}
	}
	for _, e := range es {
		switch {
		case e.Err != "":
			return s.err.Render("✗"), s.err.Render(e.Err)
		case e.Duplicate:
			l := p.firstLine[e.Invitee.Key()]
			switch {
			case dups == 0:
				dupOf = l
			case dupOf != l:
				dupOf = -1
			}
			dups++
		case e.Invitee.IsGroup() && p.st.groups.done && !p.groupKnown(e.Invitee):
			if c := p.st.groupCompletions(e.Invitee.GroupName(), 3); len(c) > 0 {
				return s.warn.Render("…"), s.subtle.Render("tab: " + strings.Join(c, ", "))
			}
			return s.err.Render("✗"), s.err.Render("no group so named on this portal")
		default:
			if valid == 0 {
				firstValid = e.Invitee
			}
			valid++
		}
	}
	if valid == 0 {
		note := plural(dups, "duplicate", "duplicates") + " merged"
		if dupOf > 0 && dupOf != ln+1 {
			note = pick(dups == 1, "duplicate", "duplicates") + fmt.Sprintf(" of line %d, merged", dupOf)
		}
		return s.warn.Render("="), s.warn.Render(note)
	}
	if valid == 1 && dups == 0 {
		return s.ok.Render("✓"), p.whoNote(firstValid)
	}
	who := s.subtle.Render(plural(valid, "person", "people"))
	if valid == 1 {
		if n := p.whoNote(firstValid); n != "" {
			who = n
		}
	}
	if dups == 0 {
		return s.ok.Render("✓"), who
	}
	merged := s.warn.Render(plural(dups, "duplicate", "duplicates") + " merged")
	if p.noteW > 0 && ansiWidth(who)+3+ansiWidth(merged) >= p.noteW {
		merged = s.warn.Render(itoa(dups) + " merged") // narrow: the short form still says it
	}
	return s.ok.Render("✓"), who + s.subtle.Render(" · ") + merged
}

// whoNote says what the portal knows about a valid address.
func (p *peopleStep) whoNote(inv docspace.Invitee) string {
	s := p.st.styles
	if inv.IsGroup() {
		g, found := p.st.groupOf(inv)
		switch {
		case found:
			return s.ok.Render("● group, " + plural(g.MembersCount, "member", "members"))
		case p.st.groups.done:
			return s.err.Render("no such group")
		}
		return s.subtle.Render("group")
	}
	u, ok := p.st.userOf(inv.Email)
	switch {
	case !ok:
		return ""
	case u.state == lookupPending:
		return s.subtle.Render("checking…")
	case u.state == lookupFound:
		name := u.user.DisplayName
		if name == "" {
			name = "portal user"
		}
		return s.ok.Render("● " + name)
	case u.state == lookupNotFound:
		return s.subtle.Render("new guest")
	}
	return ""
}

// counts sums the list up in one line.
func (p *peopleStep) counts() string {
	st := p.st
	s := st.styles
	l := st.d.list
	parts := []string{s.text.Render(whoCount(l.Invitees))}
	if l.Invalid > 0 {
		parts = append(parts, s.err.Render(fmt.Sprintf("%d invalid", l.Invalid)))
	}
	if l.Duplicates > 0 {
		parts = append(parts, s.warn.Render(plural(l.Duplicates, "duplicate merged", "duplicates merged")))
	}
	users, pending := 0, 0
	for _, inv := range l.Invitees {
		if u, ok := st.userOf(inv.Email); ok {
			switch u.state {
			case lookupFound:
				users++
			case lookupPending:
				pending++
			}
		}
	}
	if users > 0 {
		parts = append(parts, s.ok.Render(plural(users, "portal user", "portal users")))
	}
	if pending > 0 {
		parts = append(parts, s.subtle.Render(fmt.Sprintf("checking %d…", pending)))
	}
	return strings.Join(parts, s.subtle.Render(" · "))
}

func (p *peopleStep) View() string {
	st := p.st
	s := st.styles
	w := st.bodyWidth
	q := peopleQuestion(st.d)
	var b strings.Builder
	b.WriteString(s.title.Render(q.title))
	b.WriteString("\n")
	b.WriteString(s.subtle.Render(truncate(q.help, w)))
	b.WriteString("\n\n")
	noteW := min(36, w*2/5)
	p.noteW = noteW
	look := editorLook{text: s.text, cursor: newInk(lipgloss.NewStyle().Reverse(true)), placeholder: s.subtle}
	area := p.ed.view(w-2, noteW, p.mark, look, "anna@example.com, Bob Smith <bob@example.com>")
	b.WriteString(indent(area, s.editor.Render("│")+" "))
	b.WriteString("\n")
	pos := s.subtle.Render(fmt.Sprintf("line %d of %d", p.ed.row+1, len(p.ed.lines)))
	counts := p.counts()
	gap := w - ansiWidth(counts) - ansiWidth(pos)
	if gap >= 2 {
		b.WriteString(counts + strings.Repeat(" ", gap) + pos)
	} else {
		b.WriteString(truncate(counts, w))
	}
	b.WriteString("\n")
	if p.problem != "" {
		b.WriteString(s.err.Render(truncate("✗ "+p.problem, w)))
	} else if es := p.entriesOn(p.ed.row); len(es) > 0 && es[0].Err != "" {
		b.WriteString(s.err.Render(truncate(fmt.Sprintf("✗ line %d: %s: %s", p.ed.row+1, strings.TrimSpace(es[0].Raw), es[0].Err), w)))
	}
	return b.String()
}

// groupKnown reports whether the portal has the group an "@name" line names.
func (p *peopleStep) groupKnown(inv docspace.Invitee) bool {
	_, ok := p.st.groupOf(inv)
	return ok
}

// completeGroup completes the "@name" the cursor ends to the portal group it starts
// (the part all such groups share, when several do); false when there is nothing to
// complete, so tab moves on as usual.
func (p *peopleStep) completeGroup() bool {
	e := &p.ed
	line := e.lines[e.row]
	rest, ok := strings.CutPrefix(strings.TrimLeft(line, " "), docspace.GroupPrefix)
	if !ok || e.col != len([]rune(line)) || strings.ContainsAny(rest, "=,") {
		return false
	}
	names := p.st.groupCompletions(rest, 0)
	if len(names) == 0 {
		return false
	}
	common := []rune(names[0])
	for _, n := range names[1:] {
		for !strings.HasPrefix(strings.ToLower(n), strings.ToLower(string(common))) {
			common = common[:len(common)-1]
		}
	}
	if strings.EqualFold(string(common), rest) && (len(names) > 1 || string(common) == rest) {
		return false // nothing to add: tab moves on
	}
	e.killToStart()
	e.insert(docspace.GroupPrefix + string(common))
	return true
}

// completeUser completes the name the cursor ends (a line without an address) to the
// first of the portal's people it names, as `"Name" <address>`; false when none does,
// so tab moves on as usual.
func (p *peopleStep) completeUser() bool {
	e := &p.ed
	line := e.lines[e.row]
	if strings.Contains(line, "@") || e.col != len([]rune(line)) {
		return false
	}
	us := p.st.userCompletions(line, 1)
	if len(us) == 0 {
		return false
	}
	e.killToStart()
	e.insert(pasteForm(docspace.Invitee{Name: us[0].DisplayName, Email: us[0].Email}))
	return true
}
