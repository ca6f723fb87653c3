package tui

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/docspace-wizard/docspace-wizard/docspace"
)

// preflightMsg is the portal's read-only check of the plan shown on the review.
type preflightMsg struct {
	gen int
	pre *docspace.Preflight
	err error
}

// roomsPreflightMsg is the portal's read-only check of each room of a run over
// several rooms, in the order of the draft's roomPlans.
type roomsPreflightMsg struct {
	gen  int
	pres []*docspace.Preflight
	errs []error
}

// roomsChecker is a Portal that checks several rooms' plans at once, reading the key
// and the portal's settings once (docspace.Client does).
type roomsChecker interface {
	CheckRooms(ctx context.Context, plans []docspace.Plan) ([]*docspace.Preflight, []error)
}

// checkRooms checks every room's plan: at once through CheckRooms, or, for a Portal
// without it, one Check after the other.
func checkRooms(ctx context.Context, client Portal, plans []docspace.Plan) ([]*docspace.Preflight, []error) {
	if rc, ok := client.(roomsChecker); ok {
		return rc.CheckRooms(ctx, plans)
	}
	pres, errs := make([]*docspace.Preflight, len(plans)), make([]error, len(plans))
	for i, p := range plans {
		pres[i], errs[i] = client.Check(ctx, p)
	}
	return pres, errs
}

// keyRejectedMsg tells the root a background call found the key rejected.
type keyRejectedMsg struct{ err error }

// reviewStep shows the whole plan on one screen. Nothing is written before Enter here;
// anything invalid sends the user to the step that owns it.
type reviewStep struct {
	st     *state
	plan   docspace.Plan
	probs  docspace.Problems
	offset int
	spin   spinner.Model
	gen    int
	pre    *docspace.Preflight
	preErr error
	checks bool // a check is under way
	// rooms, for a run over several rooms, are the plans the check read, one per room
	// (the draft's roomPlans), with each room's check (nil where it failed or is under
	// way) and its error; roomNotes are what the Rooms lines say of each room.
	rooms     []docspace.Plan
	pres      []*docspace.Preflight
	preErrs   []error
	roomNotes [][]roomNote
	// confirmed is set when Enter came before the key check or the portal's check of
	// the plan finished: the run starts as soon as it is done, with its answers, so
	// nothing is read twice after the confirm.
	confirmed bool
}

func newReviewStep(st *state) *reviewStep {
	return &reviewStep{st: st, spin: newSpinner(&st.common)}
}

func (r *reviewStep) enter() tea.Cmd {
	r.confirmed = false
	return r.check()
}

// check refreshes the plan and its problems and asks the portal to check it.
func (r *reviewStep) check() tea.Cmd {
	st := r.st
	r.plan = st.d.plan(st.users)
	r.probs = st.d.problems(st.users)
	r.gen++
	r.pre, r.preErr, r.checks = nil, nil, false
	r.rooms, r.pres, r.preErrs, r.roomNotes = nil, nil, nil, nil
	if len(r.probs) > 0 || st.client == nil || st.keyStatus != keyOK {
		if len(r.probs) == 0 && (st.keyStatus == keyResolving || st.keyStatus == keyChecking) {
			return r.spin.Tick // the key check is under way: the check follows it
		}
		return nil
	}
	r.checks = true
	client, ctx, plan, gen := st.client, st.ctx, r.plan, r.gen
	if st.d.several() {
		// Every room is checked now, not only the first: the run then sends no check.
		plans, _ := st.d.roomPlans(st.users)
		r.rooms = plans
		return tea.Batch(r.spin.Tick, func() tea.Msg {
			pres, errs := checkRooms(ctx, client, plans)
			return roomsPreflightMsg{gen: gen, pres: pres, errs: errs}
		})
	}
	return tea.Batch(r.spin.Tick, func() tea.Msg {
		pre, err := client.Check(ctx, plan)
		return preflightMsg{gen: gen, pre: pre, err: err}
	})
}

func (r *reviewStep) resize()      { r.spin.Style = r.st.styles.accent.Style }
func (r *reviewStep) typing() bool { return false }

func (r *reviewStep) keys() help.KeyMap {
	k := r.st.keys
	confirm := relabel(k.Next, "enter", "create and invite")
	if len(r.plan.Invitees) == 0 {
		confirm = relabel(k.Next, "enter", "create the room")
	}
	if r.plan.NewRoom == nil {
		confirm = relabel(k.Next, "enter", "invite")
	}
	if len(r.probs) > 0 {
		confirm = relabel(k.Next, "enter", "fix the first problem")
	}
	return bindings{
		short: []key.Binding{confirm, relabel(k.Up, "↑/↓", "scroll"), k.Back},
		full:  [][]key.Binding{{confirm, k.Back}, {k.Up, k.Down, relabel(k.PageUp, "pgup/pgdn", "page")}},
	}
}

func (r *reviewStep) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case spinner.TickMsg:
		if r.checks || r.confirmed || r.st.keyStatus == keyResolving || r.st.keyStatus == keyChecking {
			var cmd tea.Cmd
			r.spin, cmd = r.spin.Update(msg)
			return cmd
		}
	case preflightMsg:
		if msg.gen != r.gen {
			return nil
		}
		r.checks = false
		r.pre, r.preErr = msg.pre, msg.err
		if docspace.KindOf(msg.err) == docspace.KindUnauthorized {
			r.confirmed = false
			err := msg.err
			return func() tea.Msg { return keyRejectedMsg{err: err} }
		}
		if msg.pre != nil {
			// The portal's answers replace the look-ups': one list, each problem once.
			r.probs = r.st.d.check(msg.pre.Resolve(r.plan), msg.pre.Facts())
		}
		if r.confirmed {
			r.confirmed = false
			if len(r.probs) > 0 {
				return nil // the problem shows; enter goes to fix it
			}
			return r.confirm()
		}
	case roomsPreflightMsg:
		if msg.gen != r.gen {
			return nil
		}
		r.checks = false
		r.pres, r.preErrs = msg.pres, msg.errs
		for _, err := range msg.errs {
			if docspace.KindOf(err) == docspace.KindUnauthorized {
				r.confirmed = false
				return func() tea.Msg { return keyRejectedMsg{err: err} }
			}
		}
		r.probs = r.roomsProblems()
		if r.confirmed {
			r.confirmed = false
			if len(r.probs) > 0 {
				return nil
			}
			return r.confirm()
		}
	case lookupDoneMsg:
		r.plan = r.st.d.plan(r.st.users)
	case roomLoadedMsg:
		return r.check() // the room's type decides which levels are allowed
	case keyCheckedMsg:
		if r.st.keyStatus != keyOK {
			return nil
		}
		cmd := r.check()
		if r.confirmed && !r.checks {
			// Nothing to check (a problem shows instead, or no portal): don't wait.
			r.confirmed = false
			if len(r.probs) == 0 {
				return r.confirm()
			}
		}
		return cmd
	case tea.KeyPressMsg:
		k := r.st.keys
		switch {
		case key.Matches(msg, k.Back):
			return back
		case key.Matches(msg, k.Next):
			if len(r.probs) > 0 {
				p := r.probs[0]
				return goTo(owner(p.Field), p.Message)
			}
			if r.st.keyStatus != keyOK || r.checks {
				// A check is still under way: go as soon as it is done.
				r.confirmed = true
				return r.spin.Tick
			}
			return r.confirm()
		default:
			// Rows may take two lines: scroll as if the list ended at the last first row
			// that still shows the end.
			h := r.listHeight()
			r.st.scroll(msg, &r.offset, r.lastOffset(h)+h, h)
		}
	}
	return nil
}

// confirm starts the run with the plan as it is now.
func (r *reviewStep) confirm() tea.Cmd {
	pre := r.pre
	if r.preErr != nil || r.checks {
		pre = nil
	}
	plan := r.st.d.plan(r.st.users)
	if r.st.d.several() {
		// Each room's check goes to the run, which checks only a room whose check failed.
		plans, overrides := r.st.d.roomPlans(r.st.users)
		var pres []*docspace.Preflight
		if !r.checks && len(r.pres) == len(plans) {
			pres = r.pres
		}
		return func() tea.Msg { return startRunMsg{plan: plan, rooms: plans, roomPres: pres, overrides: overrides} }
	}
	return func() tea.Msg { return startRunMsg{plan: plan, pre: pre} }
}

// roomNote is one thing the review says of one room of several: a problem (it stops
// the run) or a warning.
type roomNote struct {
	text    string
	problem bool
}

// roomReadFailed reports whether a room's check failed because the room itself could
// not be read (gone, or not the key's to open), rather than the portal or the network.
func roomReadFailed(p docspace.Plan, err error) bool {
	k := docspace.KindOf(err)
	return p.NewRoom == nil && (k == docspace.KindNotFound || k == docspace.KindForbidden) && !errors.Is(err, docspace.ErrMissingScope)
}

// roomsProblems are the problems of a run over several rooms once every room was
// checked: the draft's, then each room's as its check found them (a problem every room
// has is said once, without a room's name), a room that could not be read, and the
// portal-wide invitation limit over all rooms' e-mail invitations together. It also
// sets roomNotes and pre (the first existing room's check, for the people's notes).
func (r *reviewStep) roomsProblems() docspace.Problems {
	d := r.st.d
	probs := d.problems(r.st.users)
	seen := map[string]bool{}
	for _, p := range probs {
		seen[p.Message] = true
	}
	cols := d.roomColumns()
	n := len(r.rooms)
	r.roomNotes = make([][]roomNote, n)
	resolved := make([]docspace.Plan, n)
	per := make([]docspace.Problems, n)
	count := map[string]int{}
	checked := 0
	warned := map[string]bool{}
	for i, p := range r.rooms {
		resolved[i] = p
		var pre *docspace.Preflight
		var err error
		if i < len(r.pres) {
			pre, err = r.pres[i], r.preErrs[i]
		}
		if pre == nil {
			switch {
			case err == nil:
			case roomReadFailed(p, err):
				// What to do first: two lines of a narrow review hold it whatever the error says.
				msg := fmt.Sprintf("%s could not be read: pick the rooms again. %s", cols[i].title, errorSentence(err))
				probs = append(probs, docspace.Problem{Field: docspace.FieldRoom, Invitee: -1, Message: msg})
				r.roomNotes[i] = append(r.roomNotes[i], roomNote{text: msg, problem: true})
			case !warned[err.Error()]:
				// The portal or the network, not the room: the run checks it again.
				warned[err.Error()] = true
				r.roomNotes[i] = append(r.roomNotes[i], roomNote{text: fmt.Sprintf("%s could not be checked; the run checks it again. %s", cols[i].title, errorSentence(err))})
			}
			continue
		}
		if r.pre == nil && p.NewRoom == nil {
			r.pre = pre
		}
		checked++
		resolved[i] = pre.Resolve(p)
		facts := pre.Facts()
		facts.InvitationsLimited = false // counted over all rooms together, below
		per[i] = resolved[i].ValidateParsed(facts)
		once := map[string]bool{}
		for _, pr := range per[i] {
			if !once[pr.Message] {
				once[pr.Message] = true
				count[pr.Message]++
			}
		}
	}
	for i, ps := range per {
		for _, pr := range ps {
			if seen[pr.Message] {
				continue
			}
			if checked > 1 && count[pr.Message] == checked {
				seen[pr.Message] = true // the same in every room: the portal's, said once
				probs = append(probs, pr)
				continue
			}
			pr.Message = cols[i].title + ": " + pr.Message
			if seen[pr.Message] {
				continue
			}
			seen[pr.Message] = true
			probs = append(probs, pr)
			r.roomNotes[i] = append(r.roomNotes[i], roomNote{text: pr.Message, problem: true})
		}
	}
	if pr, over := docspace.RoomsOverInvitationLimit(resolved, r.pres); over {
		probs = append(probs, pr)
	}
	return probs
}

// listHeight is the number of invitation rows in view.
func (r *reviewStep) listHeight() int { return max(1, r.st.bodyHeight-12-len(r.roomsBlock())+1) }

// roomsBlock is roomsLines cut to what the window leaves beside the other rows, one
// person and the last line (which says the first problem): a short window says how
// many lines it leaves out rather than losing the last line.
func (r *reviewStep) roomsBlock() []string {
	lines := r.roomsLines()
	extra := 0
	if languageWords(r.st) != "" {
		extra++
	}
	if r.plan.Link != nil {
		extra++
	}
	room := max(2, r.st.bodyHeight-12-extra)
	if len(lines) <= room {
		return lines
	}
	out := append([]string(nil), lines[:room-1]...)
	more := fmt.Sprintf("… %d more lines: a taller window shows them", len(lines)-room+1)
	return append(out, padRight("", 9)+" "+r.st.styles.subtle.Render(truncate(more, r.st.bodyWidth-10)))
}

// roomsLines are the Room rows of a run over several rooms: the rooms, then each
// access override the rooms' types force, one line per room and level; nil for one room.
func (r *reviewStep) roomsLines() []string {
	d := r.st.d
	if !d.several() {
		return nil
	}
	s, w := r.st.styles, r.st.bodyWidth
	rooms := d.roomColumns()
	var titles []string
	existing := 0
	for _, room := range rooms {
		if room.isNew {
			titles = append(titles, fmt.Sprintf("new room \"%s\" (%s)", room.title, room.typ))
			continue
		}
		existing++
		titles = append(titles, fmt.Sprintf("\"%s\" (%s)", room.title, room.typ))
	}
	head := fmt.Sprintf("%d existing rooms: %s", existing, strings.Join(titles, ", "))
	if d.alsoNew {
		head = fmt.Sprintf("%d rooms: %s", len(rooms), strings.Join(titles, ", "))
	}
	var out []string
	for i, l := range strings.Split(wrap(head, max(10, w-10)), "\n") {
		label := ""
		if i == 0 {
			label = "Rooms"
		}
		out = append(out, s.label.Render(padRight(label, 9))+" "+s.text.Render(truncate(l, w-10)))
	}
	for _, notes := range r.roomNotes {
		for _, n := range notes {
			mark, style := "! ", s.warn
			if n.problem {
				mark, style = "✗ ", s.err
			}
			for _, l := range strings.Split(clipLines(wrap(mark+n.text, max(10, w-10)), 2), "\n") {
				out = append(out, s.label.Render(padRight("", 9))+" "+style.Render(truncate(l, w-10)))
			}
		}
	}
	_, overrides := d.roomPlans(r.st.users)
	for i, os := range overrides {
		type change struct{ from, to docspace.Access }
		counts := map[change]int{}
		var order []change
		for _, o := range os {
			c := change{o.Asked, o.Given}
			if counts[c] == 0 {
				order = append(order, c)
			}
			counts[c]++
		}
		for _, c := range order {
			who := plural(counts[c], "person", "people") + " get"
			if counts[c] == 1 {
				for _, o := range os {
					if o.Asked == c.from && o.Given == c.to {
						who = o.Invitee.Label() + " gets"
					}
				}
			}
			line := fmt.Sprintf("! %s offers no %s: %s %s there", rooms[i].title, c.from, who, c.to)
			for _, l := range strings.Split(wrap(line, max(10, w-10)), "\n") {
				out = append(out, s.label.Render(padRight("", 9))+" "+s.warn.Render(truncate(l, w-10)))
			}
		}
	}
	if set := d.options.Set(); d.alsoNew && len(set) > 0 {
		// The new room's settings, wrapped, never cut; the existing rooms keep theirs.
		label := "Settings"
		for _, line := range strings.Split(ansi.Wrap("new room: "+strings.Join(set, " · "), max(10, w-10), ""), "\n") {
			out = append(out, s.label.Render(padRight(label, 9))+" "+s.text.Render(line))
			label = ""
		}
	}
	return out
}

// accessSummary is "10 Editor, 2 Viewer", most common first.
func accessSummary(invs []docspace.Invitee) string {
	counts := map[docspace.Access]int{}
	for _, inv := range invs {
		counts[inv.Access]++
	}
	levels := make([]docspace.Access, 0, len(counts))
	for a := range counts {
		levels = append(levels, a)
	}
	sort.Slice(levels, func(i, j int) bool {
		if counts[levels[i]] != counts[levels[j]] {
			return counts[levels[i]] > counts[levels[j]]
		}
		return levels[i] < levels[j]
	})
	parts := make([]string, len(levels))
	for i, a := range levels {
		parts[i] = fmt.Sprintf("%d %s", counts[a], a)
	}
	return strings.Join(parts, ", ")
}

func (r *reviewStep) View() string {
	st := r.st
	s := st.styles
	w := st.bodyWidth
	p := r.plan
	var b strings.Builder
	b.WriteString(s.title.Render("Review"))
	b.WriteString("\n\n")
	row := func(label, value string) {
		b.WriteString(s.label.Render(padRight(label, 9)) + " " + truncate(value, w-10) + "\n")
	}
	row("Portal", s.text.Render(st.portalHost()))
	switch {
	case p.NewRoom != nil:
		words, kind := newRoomWords(p.NewRoom), " · "+p.NewRoom.Type.String()
		if p.NewRoom.FromTemplate() && ansiWidth(words+kind) > w-10 {
			// Narrow: the template gets a line of its own rather than being cut.
			row("Room", s.text.Render(fmt.Sprintf("new room \"%s\"", p.NewRoom.Title))+s.subtle.Render(kind))
			row("", s.text.Render(fmt.Sprintf("from template \"%s\"", p.NewRoom.Template)))
			break
		}
		if ansiWidth(words+kind) > w-10 {
			// Narrow: the type gets a line of its own rather than being cut.
			row("Room", s.text.Render(words))
			row("", s.subtle.Render(p.NewRoom.Type.String()))
			break
		}
		row("Room", s.text.Render(words)+s.subtle.Render(kind))
	case st.d.several():
		for _, l := range r.roomsBlock() {
			b.WriteString(l + "\n")
		}
	case st.d.room != nil:
		row("Room", s.text.Render(fmt.Sprintf("existing room \"%s\"", st.d.room.Title))+s.subtle.Render(fmt.Sprintf(" · %s · #%d", st.d.room.RoomType, st.d.room.ID)))
	default:
		row("Room", s.text.Render(fmt.Sprintf("existing room #%d", p.RoomID)))
	}
	if p.NewRoom != nil {
		// Each setting on its own lines, wrapped: a value is never cut off.
		label := "Settings"
		for _, set := range p.NewRoom.Options.Set() {
			for _, line := range strings.Split(ansi.Wrap(set, max(10, w-10), ""), "\n") {
				row(label, s.text.Render(line))
				label = ""
			}
		}
	}
	users, guests, checking, members, groups, groupPeople := 0, 0, 0, 0, 0, 0
	for _, inv := range p.Invitees {
		switch n := r.note(inv); {
		case n.checking:
			checking++
		case n.member:
			members++
		case inv.IsGroup():
			groups++
			groupPeople += inv.GroupMembers()
		case inv.UserID != "":
			users++
		default:
			guests++
		}
	}
	if len(p.Invitees) == 0 {
		row("People", s.warn.Render("Nobody is invited: the room is created empty."))
		row("", s.subtle.Render("Add people to it later, here or in DocSpace."))
	} else {
		row("People", s.text.Render(whoCount(p.Invitees)+": "+accessSummary(p.Invitees)))
		counts := []string{}
		if members > 0 {
			counts = append(counts, plural(members, "member already", "members already"))
		}
		if groups > 0 {
			counts = append(counts, plural(groups, "group", "groups")+" of "+plural(groupPeople, "member", "members"))
		}
		if users > 0 || members+guests+checking+groups == 0 {
			counts = append(counts, plural(users, "portal user", "portal users"))
		}
		if guests > 0 {
			counts = append(counts, plural(guests, "invitation", "invitations")+" by e-mail")
		}
		if checking > 0 {
			counts = append(counts, fmt.Sprintf("%d being checked", checking))
		}
		row("", s.subtle.Render(strings.Join(counts, ", ")))
	}
	notify := "off"
	if p.Notify {
		notify = "on"
		if p.Message != "" {
			notify += fmt.Sprintf(" · message %q", strings.ReplaceAll(p.Message, "\n", " "))
		}
	}
	row("Notify", s.text.Render(notify))
	if lw := languageWords(r.st); lw != "" {
		row("Language", s.text.Render(truncate(lw, max(10, w-10))))
	}
	if p.Link != nil {
		row("Link", s.text.Render(truncate("invitation link on: "+p.Link.Words(), max(10, w-10))))
	}
	b.WriteString("\n")
	r.viewList(&b, w)
	b.WriteString("\n")
	switch {
	case len(r.probs) > 0:
		msg := r.probs[0].Message
		if len(r.probs) > 1 {
			msg += fmt.Sprintf(" (and %d more)", len(r.probs)-1)
		}
		b.WriteString(s.err.Render(clipLines(wrap("✗ "+msg, w), 2)))
	case r.confirmed && r.st.keyStatus != keyOK:
		b.WriteString(r.spin.View() + s.subtle.Render(" Checking the key; the run starts as soon as it works…"))
	case r.confirmed:
		b.WriteString(r.spin.View() + s.subtle.Render(" Finishing the portal's check; the run starts right after…"))
	case r.checks || r.st.keyStatus == keyResolving || r.st.keyStatus == keyChecking:
		b.WriteString(r.spin.View() + s.subtle.Render(" Checking with the portal… (you can confirm already)"))
	case r.preErr != nil:
		b.WriteString(s.warn.Render(clipLines(wrap("! The portal could not check the plan; the run checks again. "+errorSentence(r.preErr), w), 2)))
	default:
		b.WriteString(s.ok.Render("✓ ") + s.subtle.Render("Nothing is written until you press enter."))
	}
	return b.String()
}

// reviewNote is what the review says about one person.
type reviewNote struct {
	text     string
	change   bool // text is "Editor → Viewer: lowers access": it stands for the level too
	member   bool // a member of the room already
	checking bool // the portal has not answered about them yet
}

// note says what the run will do for one person, as far as the portal has answered:
// never "new guest" for someone whose look-up is still under way.
func (r *reviewStep) note(inv docspace.Invitee) reviewNote {
	st := r.st
	if r.plan.NewRoom == nil && r.pre == nil && (r.checks || st.keyStatus == keyResolving || st.keyStatus == keyChecking) {
		return reviewNote{text: "checking…", checking: true} // who is a member is not known yet
	}
	if m, ok := r.pre.MemberOf(inv); ok {
		switch {
		case m.IsOwner:
			return reviewNote{text: "the room's owner", member: true}
		case m.Access == inv.Access:
			return reviewNote{text: "already a member", member: true}
		}
		return reviewNote{text: docspace.AccessChange(m.Access, inv.Access), change: true, member: true}
	}
	if inv.IsGroup() {
		if inv.GroupID() == "" {
			return reviewNote{text: "no such group"}
		}
		return reviewNote{text: "group, by id"}
	}
	if inv.UserID != "" {
		return reviewNote{text: "portal user, by id"}
	}
	if r.pre != nil {
		if _, ok := r.pre.Users[strings.ToLower(inv.Email)]; ok {
			return reviewNote{text: "portal user"}
		}
	}
	switch u, ok := st.userOf(inv.Email); {
	case ok && u.state == lookupPending, !ok && st.client != nil && st.keyStatus != keyBad && st.lookups < maxLookups:
		return reviewNote{text: "checking…", checking: true}
	case ok && u.state == lookupNotFound:
		return reviewNote{text: "new guest, by e-mail"}
	}
	// The look-up failed or was not made: the portal tells guests and users apart.
	return reviewNote{text: "by e-mail, unchecked"}
}

const reviewLevelW, reviewNoteW = 16, 20

// rowLines draws one person: one line, or two when what the run changes for a member
// does not fit after the name (it is never cut).
func (r *reviewStep) rowLines(inv docspace.Invitee, w int) []string {
	s := r.st.styles
	nameW := max(12, w-reviewLevelW-reviewNoteW-4)
	who := "  " + s.text.Render(fit(inv.Label(), nameW)) + " "
	n := r.note(inv)
	if !n.change {
		return []string{who + s.accent.Render(fit(inv.Access.String(), reviewLevelW)) + " " + s.subtle.Render(truncate(n.text, reviewNoteW))}
	}
	if ansiWidth(n.text) <= w-nameW-3 {
		return []string{who + s.accent.Render(n.text)}
	}
	return []string{who, "    " + s.accent.Render(truncate(n.text, w-4))}
}

// lastOffset is the first row that, shown at the top, still shows the last row.
func (r *reviewStep) lastOffset(h int) int {
	invs := r.plan.Invitees
	lines := 0
	for i := len(invs) - 1; i >= 0; i-- {
		lines += len(r.rowLines(invs[i], r.st.bodyWidth))
		if lines > h {
			return i + 1
		}
	}
	return 0
}

// viewList draws the invitations in view.
func (r *reviewStep) viewList(b *strings.Builder, w int) {
	st := r.st
	s := st.styles
	invs := r.plan.Invitees
	h := r.listHeight()
	r.offset = max(0, min(r.offset, r.lastOffset(h)))
	used, last := 0, r.offset
	for i := r.offset; i < len(invs); i++ {
		lines := r.rowLines(invs[i], w)
		if used+len(lines) > h {
			break
		}
		for _, l := range lines {
			b.WriteString(l + "\n")
		}
		used += len(lines)
		last = i + 1
	}
	if r.offset > 0 || last < len(invs) {
		b.WriteString(s.subtle.Render(fmt.Sprintf("  %d–%d of %d (↑/↓ to scroll)", r.offset+1, last, len(invs))))
		b.WriteString("\n")
	}
}
