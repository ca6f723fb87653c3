package tui

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/onboard"
)

// settingsPortal is what a portal client offers for room settings; the fakes of older
// tests lack it, and the step then offers no portal tags and no quota.
type settingsPortal interface {
	Tags(ctx context.Context) ([]string, error)
	RoomQuotasOn(ctx context.Context) (bool, error)
}

// maxCoversShown is how many cover names the cover row's hint lists.
const maxCoversShown = 12

// coverPortal is a portal client that lists the room covers; without it the cover
// is typed without completions.
type coverPortal interface {
	Covers(ctx context.Context) ([]string, error)
}

// settingsFactsMsg is what the portal said about tags, covers and room quotas.
type settingsFactsMsg struct {
	tags     []string
	covers   []string
	quotasOn bool
}

// loadSettingsFacts reads the portal's tags and its room quota setting; a failed read
// leaves them out (no tags offered, no quota row) rather than stopping the wizard.
func loadSettingsFacts(ctx context.Context, c Portal) tea.Cmd {
	sp, ok := c.(settingsPortal)
	if !ok {
		return nil
	}
	return func() tea.Msg {
		tags, _ := sp.Tags(ctx)
		on, _ := sp.RoomQuotasOn(ctx)
		var covers []string
		if cp, ok := c.(coverPortal); ok {
			covers, _ = cp.Covers(ctx)
		}
		return settingsFactsMsg{tags: tags, covers: covers, quotasOn: on}
	}
}

// rowKind is how a settings row is answered.
type rowKind int

const (
	rowText   rowKind = iota // typed, with completions
	rowSwitch                // on or off
	rowChoice                // one of a few words, ←/→
	rowMulti                 // any of a few words, ←/→ and space
)

// settingsRow is one line of the settings step: an option, or a part of one (the
// lifetime's period, the watermark's details).
type settingsRow struct {
	def     docspace.RoomSetting
	part    string // "" for the option itself; "period", "delete", "info", "text", "rotate"
	kind    rowKind
	label   string
	on      bool            // a switch's state
	input   textinput.Model // a text row's value
	choices []string        // a choice or multi row's words
	idx     int             // the chosen word; the word under the cursor of a multi row
	bits    []bool          // a multi row's picks
	err     string          // why the option cannot be used, "" when it can
}

var (
	lifetimePeriods  = []string{"days", "months", "years"}
	watermarkKinds   = []string{"none", "viewer details", "text"}
	watermarkDetails = []string{"user name", "e-mail", "IP", "date", "room name"}
	watermarkWords   = []string{"user", "email", "ip", "date", "room"}
	watermarkRotates = []string{"diagonal", "horizontal"}
)

// settingsStep asks the optional room settings (settingsQuestion): the options the
// chosen type supports, each read by its definition.
type settingsStep struct {
	st      *state
	rows    []settingsRow
	cursor  int
	forType docspace.RoomType // the type the rows were built for
	quotaOn bool              // the row set includes quota
	loaded  bool              // the portal's tags and quota setting are in
	tags    []string
	covers  []string // the portal's cover names, offered as completions
	dropped string   // the notice of options a type change dropped
}

func newSettingsStep(st *state) *settingsStep { return &settingsStep{st: st} }

func (g *settingsStep) enter() tea.Cmd {
	d := g.st.d
	if g.rows == nil || g.forType != d.newRoomType() || g.quotaOn != g.showQuota() {
		g.dropped = dropUnsupported(d)
		g.build()
	}
	if g.loaded || g.st.client == nil {
		return g.focus()
	}
	return tea.Batch(g.focus(), loadSettingsFacts(g.st.ctx, g.st.client))
}

// showQuota reports whether the quota row is offered: the portal has room quotas on,
// or a flag set one (shown so it can be seen and cleared).
func (g *settingsStep) showQuota() bool { return g.quotaOn || g.st.d.options.Quota != nil }

// dropUnsupported removes from the draft the options its type does not offer and
// says which; they came from flags or from before a type change.
func dropUnsupported(d *draft) string {
	t := d.newRoomType()
	if !t.Valid() {
		return "" // the type is not known yet (a template still loading): keep the flags'
	}
	var names []string
	for _, s := range docspace.RoomSettings() {
		if s.IsSet(d.options) && !s.Supports(t) {
			names = append(names, s.Name)
			clearSetting(&d.options, s)
		}
	}
	if len(names) == 0 {
		return ""
	}
	return fmt.Sprintf("Left out, as a %s room does not offer %s: %s.", t, pick(len(names) == 1, "it", "them"), strings.Join(names, ", "))
}

// clearSetting unsets one option of o.
func clearSetting(o *docspace.RoomOptions, s docspace.RoomSetting) {
	var zero docspace.RoomOptions
	for _, other := range docspace.RoomSettings() {
		if other.Flag != s.Flag && other.IsSet(*o) {
			_ = other.Apply(&zero, settingValue(other, *o))
		}
	}
	*o = zero
}

// textRow is a typed row with completions.
func (g *settingsStep) textRow(s docspace.RoomSetting, part, label, value, hint string) settingsRow {
	in := g.st.newInput("", hint)
	in.ShowSuggestions = true
	in.KeyMap.AcceptSuggestion.SetKeys("right")
	in.SetValue(value)
	in.SetWidth(max(10, g.st.bodyWidth-settingsLabelWidth-8))
	return settingsRow{def: s, part: part, kind: rowText, label: label, input: in}
}

// build makes the rows for the draft's type from the draft's options.
func (g *settingsStep) build() {
	d := g.st.d
	o := d.options
	g.forType, g.quotaOn = d.newRoomType(), g.showQuota()
	g.rows = g.rows[:0]
	for _, s := range settingsFor(g.forType, g.quotaOn) {
		set := s.IsSet(o)
		switch {
		case s.Bool:
			g.rows = append(g.rows, settingsRow{def: s, kind: rowSwitch, label: s.Name, on: set})
		case s.Flag == "lifetime":
			l := docspace.Lifetime{}
			if set {
				l = *o.Lifetime
			}
			v := ""
			if set {
				v = strconv.Itoa(l.Value)
			}
			g.rows = append(g.rows,
				g.textRow(s, "", s.Name, v, "e.g. 30 (empty: none)"),
				settingsRow{def: s, part: "period", kind: rowChoice, label: "  after", choices: lifetimePeriods, idx: min(2, max(0, int(l.Period)))},
				settingsRow{def: s, part: "delete", kind: rowSwitch, label: "Delete permanently, not to Trash", on: l.DeletePermanently})
		case s.Flag == "watermark":
			w := docspace.Watermark{Rotate: docspace.WatermarkDiagonal}
			kind := 0
			if set {
				w = *o.Watermark
				kind = choose2(w.Text != "", 2, 1)
			}
			bits := make([]bool, len(watermarkDetails))
			for i := range bits {
				bits[i] = w.Additions&(1<<i) != 0
			}
			g.rows = append(g.rows,
				settingsRow{def: s, kind: rowChoice, label: s.Name, choices: watermarkKinds, idx: kind},
				settingsRow{def: s, part: "info", kind: rowMulti, label: "  shows", choices: watermarkDetails, bits: bits},
				g.textRow(s, "text", "  text", w.Text, "e.g. Confidential"),
				settingsRow{def: s, part: "rotate", kind: rowChoice, label: "  layout", choices: watermarkRotates, idx: choose2(w.Rotate == docspace.WatermarkHorizontal, 1, 0)})
		default:
			v := ""
			if set {
				v = settingValue(s, o)
			}
			g.rows = append(g.rows, g.textRow(s, "", s.Name, v, placeholder(s)))
		}
	}
	g.cursor = min(g.cursor, len(g.rows)-1)
	g.suggest()
}

// group is the rows of the option row i belongs to.
func (g *settingsStep) group(flag string) []*settingsRow {
	var out []*settingsRow
	for i := range g.rows {
		if g.rows[i].def.Flag == flag {
			out = append(out, &g.rows[i])
		}
	}
	return out
}

// visible reports whether row i is shown: a lifetime's parts once it has a value, a
// watermark's parts for its kind.
func (g *settingsStep) visible(i int) bool {
	r := g.rows[i]
	if r.part == "" {
		return true
	}
	head := g.group(r.def.Flag)[0]
	switch r.def.Flag {
	case "lifetime":
		return strings.TrimSpace(head.input.Value()) != ""
	case "watermark":
		switch r.part {
		case "info":
			return head.idx == 1
		case "text":
			return head.idx == 2
		}
		return head.idx != 0
	}
	return true
}

// value is what the rows of one option say, written as its flag takes it; "" for unset.
func (g *settingsStep) value(s docspace.RoomSetting) string {
	rows := g.group(s.Flag)
	head := rows[0]
	switch {
	case s.Bool:
		return pick(head.on, "true", "")
	case s.Flag == "lifetime":
		v := strings.TrimSpace(head.input.Value())
		if v == "" {
			return ""
		}
		v += lifetimePeriods[rows[1].idx]
		if rows[2].on {
			v += ",delete"
		}
		return v
	case s.Flag == "watermark":
		var v string
		switch head.idx {
		case 0:
			return ""
		case 1:
			var words []string
			for i, b := range rows[1].bits {
				if b {
					words = append(words, watermarkWords[i])
				}
			}
			v = "info:" + strings.Join(words, ",")
		case 2:
			v = "text:" + rows[2].input.Value()
		}
		return v + pick(rows[3].idx == 1, ";horizontal", "")
	}
	return strings.TrimSpace(head.input.Value())
}

// settingsFor are the options a room of type t offers, the quota only when quotas
// are on, in the definitions' order.
func settingsFor(t docspace.RoomType, quota bool) []docspace.RoomSetting {
	var out []docspace.RoomSetting
	for _, s := range docspace.RoomSettings() {
		if s.Supports(t) && (s.Flag != "quota" || quota) {
			out = append(out, s)
		}
	}
	return out
}

// placeholder is an example value for an empty field: the definition's first value.
func placeholder(s docspace.RoomSetting) string {
	switch {
	case s.Flag == "color":
		return "e.g. 2DB482"
	case s.Flag == "tag":
		return "e.g. Finance, Legal"
	case s.Flag == "cover":
		return "e.g. anchor (empty: none)"
	case len(s.Values) > 0:
		return "e.g. " + s.Values[len(s.Values)/2]
	}
	return ""
}

// settingValue is a set option written as its flag takes it, so a field shows what a
// flag set and the same parser reads it back.
func settingValue(s docspace.RoomSetting, o docspace.RoomOptions) string {
	switch s.Flag {
	case "tag":
		return strings.Join(o.Tags, ", ")
	case "color":
		return o.Color
	case "cover":
		return o.Cover
	case "quota":
		if *o.Quota == docspace.QuotaNone {
			return "none"
		}
		return strings.ReplaceAll(docspace.SizeText(*o.Quota), " ", "")
	case "lifetime":
		l := o.Lifetime
		v := fmt.Sprintf("%d%s", l.Value, []string{"d", "m", "y"}[min(2, max(0, int(l.Period)))])
		if l.DeletePermanently {
			v += ",delete"
		}
		return v
	case "watermark":
		w := o.Watermark
		v := "text:" + w.Text
		if w.Text == "" {
			var words []string
			for _, p := range []struct {
				a    docspace.WatermarkAdditions
				word string
			}{{docspace.WatermarkUserName, "user"}, {docspace.WatermarkUserEmail, "email"}, {docspace.WatermarkIP, "ip"}, {docspace.WatermarkDate, "date"}, {docspace.WatermarkRoomName, "room"}} {
				if w.Additions&p.a != 0 {
					words = append(words, p.word)
				}
			}
			v = "info:" + strings.Join(words, ",")
		}
		if w.Rotate == docspace.WatermarkHorizontal {
			v += ";horizontal"
		}
		return v
	}
	if s.IsSet(o) {
		return "true"
	}
	return ""
}

// options reads the rows through the definitions: the options they set, and each
// option's error on its first row.
func (g *settingsStep) options() (docspace.RoomOptions, bool) {
	var o docspace.RoomOptions
	ok := true
	for i := range g.rows {
		g.rows[i].err = ""
	}
	for i := range g.rows {
		r := &g.rows[i]
		if r.part != "" {
			continue
		}
		v := g.value(r.def)
		if v == "" {
			continue
		}
		err := r.def.Apply(&o, v)
		switch {
		case r.def.Flag == "watermark" && (v == "info:" || strings.HasPrefix(v, "info:;")):
			r.err, ok = "Pick at least one viewer detail for the watermark, or choose none.", false
		case r.def.Flag == "watermark" && strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(v, "text:"), ";horizontal")) == "" && strings.HasPrefix(v, "text:"):
			r.err, ok = "Type the watermark's text, or choose none.", false
		case r.def.Flag == "lifetime" && strings.Trim(strings.TrimSpace(r.input.Value()), "0123456789") != "":
			r.err, ok = fmt.Sprintf("The file lifetime is a number of days, months or years, 1 to %d.", docspace.MaxLifetimeValue), false
		case err != nil:
			r.err, ok = onboard.UpperFirst(err.Error())+".", false
		}
	}
	return o, ok
}

// suggest offers, in the tags field, the portal's tags that complete the last one typed.
func (g *settingsStep) suggest() {
	for i := range g.rows {
		r := &g.rows[i]
		switch {
		case r.kind != rowText:
		case r.def.Flag == "tag":
			v := r.input.Value()
			head := ""
			if j := strings.LastIndex(v, ","); j >= 0 {
				rest := v[j+1:]
				head = v[:j+1] + rest[:len(rest)-len(strings.TrimLeft(rest, " "))]
			}
			var s []string
			for _, t := range g.tags {
				if !strings.Contains(","+strings.ReplaceAll(v, ", ", ",")+",", ","+t+",") {
					s = append(s, head+t)
				}
			}
			r.input.SetSuggestions(s)
		case r.def.Flag == "cover":
			r.input.SetSuggestions(g.covers)
		case r.part == "":
			r.input.SetSuggestions(r.def.Values)
		}
	}
}

func (g *settingsStep) focus() tea.Cmd {
	var cmd tea.Cmd
	for i := range g.rows {
		if g.rows[i].kind != rowText {
			continue
		}
		if i == g.cursor {
			cmd = g.rows[i].input.Focus()
		} else {
			g.rows[i].input.Blur()
		}
	}
	return cmd
}

func (g *settingsStep) resize() {
	for i := range g.rows {
		if g.rows[i].kind == rowText {
			g.st.styleInput(&g.rows[i].input)
			g.rows[i].input.SetWidth(max(10, g.st.bodyWidth-settingsLabelWidth-8))
		}
	}
}

func (g *settingsStep) typing() bool {
	return g.cursor < len(g.rows) && g.rows[g.cursor].kind == rowText
}

// nothingSet reports whether no row sets anything: enter then continues with none.
func (g *settingsStep) nothingSet() bool {
	o, _ := g.options()
	return len(o.Set()) == 0
}

func (g *settingsStep) keys() help.KeyMap {
	k := g.st.keys
	next := relabel(k.Next, "enter", "continue")
	if g.nothingSet() {
		next = relabel(k.Next, "enter", "continue with none")
	}
	short := []key.Binding{next, relabel(k.Tab, "↑/↓", "option")}
	if g.cursor < len(g.rows) {
		switch g.rows[g.cursor].kind {
		case rowSwitch:
			short = append(short, relabel(k.Toggle, "space", "on/off"))
		case rowChoice:
			short = append(short, relabel(k.Right, "←/→", "choose"))
		case rowMulti:
			short = append(short, relabel(k.Right, "←/→", "move"), relabel(k.Toggle, "space", "pick"))
		default:
			short = append(short, relabel(k.Right, "→", "complete"))
		}
	}
	return bindings{short: append(short, k.Back)}
}

// move puts the cursor on the next shown row in direction dir.
func (g *settingsStep) move(dir int) {
	n := len(g.rows)
	for i := 1; i <= n; i++ {
		c := ((g.cursor+dir*i)%n + n) % n
		if g.visible(c) {
			g.cursor = c
			return
		}
	}
}

func (g *settingsStep) Update(msg tea.Msg) tea.Cmd {
	st := g.st
	k := st.keys
	switch m := msg.(type) {
	case settingsFactsMsg:
		g.loaded, g.tags, g.covers = true, m.tags, m.covers
		if m.quotasOn && !g.quotaOn {
			g.quotaOn = true
			g.build()
			return g.focus()
		}
		g.suggest()
		return nil
	case tea.KeyPressMsg:
		switch {
		case key.Matches(m, k.Back):
			st.d.options, _ = g.options()
			return back
		case key.Matches(m, k.Next):
			o, ok := g.options()
			if !ok {
				for i, r := range g.rows {
					if r.err != "" {
						g.cursor = i
						break
					}
				}
				return g.focus()
			}
			st.d.options = o
			return next
		case m.String() == "up" || key.Matches(m, k.ShiftTab):
			g.move(-1)
			return g.focus()
		case m.String() == "down" || key.Matches(m, k.Tab):
			g.move(1)
			return g.focus()
		}
		if g.cursor >= len(g.rows) {
			return nil
		}
		r := &g.rows[g.cursor]
		switch r.kind {
		case rowSwitch:
			switch m.String() {
			case "space", "x", "left", "right":
				r.on = !r.on
			case "y":
				r.on = true
			case "n":
				r.on = false
			}
		case rowChoice:
			switch m.String() {
			case "right", "space", "l":
				r.idx = (r.idx + 1) % len(r.choices)
			case "left", "h":
				r.idx = (r.idx + len(r.choices) - 1) % len(r.choices)
			}
		case rowMulti:
			switch m.String() {
			case "right", "l":
				r.idx = (r.idx + 1) % len(r.choices)
			case "left", "h":
				r.idx = (r.idx + len(r.choices) - 1) % len(r.choices)
			case "space", "x":
				r.bits[r.idx] = !r.bits[r.idx]
			}
		}
		if r.kind != rowText {
			if o, ok := g.options(); ok {
				st.d.options = o
			}
			return nil
		}
	}
	if g.cursor >= len(g.rows) || g.rows[g.cursor].kind != rowText {
		return nil
	}
	r := &g.rows[g.cursor]
	var cmd tea.Cmd
	r.input, cmd = r.input.Update(msg)
	g.suggest()
	if o, ok := g.options(); ok {
		st.d.options = o
	}
	for _, gr := range g.group(r.def.Flag) {
		gr.err = "" // said once the row is left or enter is pressed, not while typing
	}
	return cmd
}

// settingsLabelWidth is the width of the options' names column.
const settingsLabelWidth = 16

func (g *settingsStep) View() string {
	st := g.st
	s := st.styles
	w := st.bodyWidth
	q := settingsQuestion(st.d, g.quotaOn)
	var b strings.Builder
	for i := range g.rows {
		if !g.visible(i) {
			continue
		}
		r := &g.rows[i]
		sel := i == g.cursor
		ink := s.label
		if sel {
			ink = s.accent
		}
		var line string
		switch r.kind {
		case rowSwitch:
			line = pick(r.on, "[x] ", "[ ] ") + r.label
			if r.part != "" {
				line = "  " + line
			}
			line = choose2(sel, s.accent, s.text).Render(line)
		case rowText:
			line = ink.Render(padRight(r.label, settingsLabelWidth)) + truncate(r.input.View(), max(10, w-settingsLabelWidth-2))
		case rowChoice:
			word := r.choices[r.idx]
			if sel {
				word = "‹ " + word + " ›"
			}
			line = ink.Render(padRight(r.label, settingsLabelWidth)) + choose2(sel, s.accent, s.text).Render(word)
		case rowMulti:
			parts := make([]string, len(r.choices))
			for j, c := range r.choices {
				p := pick(r.bits[j], "[x] ", "[ ] ") + c
				if sel && j == r.idx {
					p = s.accent.Render(p)
				} else {
					p = s.text.Render(p)
				}
				parts[j] = p
			}
			// Packed into lines that fit, so every detail stays visible at 60 columns.
			avail, lines, cur := max(10, w-settingsLabelWidth-2), []string{}, ""
			for _, p := range parts {
				switch {
				case cur == "":
					cur = p
				case ansiWidth(cur)+1+ansiWidth(p) <= avail:
					cur += " " + p
				default:
					lines, cur = append(lines, cur), p
				}
			}
			lines = append(lines, cur)
			line = ink.Render(padRight(r.label, settingsLabelWidth)) + strings.Join(lines, "\n"+strings.Repeat(" ", settingsLabelWidth+2))
		}
		b.WriteString(st.marker(sel) + line + "\n")
		if r.err != "" {
			b.WriteString(indent(s.err.Render(wrap(r.err, w-4)), "    ") + "\n")
		}
	}
	if g.cursor < len(g.rows) {
		r := g.rows[g.cursor]
		hint := onboard.UpperFirst(r.def.Usage) + "."
		switch {
		case r.def.Flag == "tag" && len(g.tags) > 0:
			hint = "On the portal: " + strings.Join(g.tags, ", ") + ". Type one (→ completes) or a new one; separate tags with commas."
		case r.def.Flag == "cover" && len(g.covers) > 0:
			names := strings.Join(g.covers[:min(len(g.covers), maxCoversShown)], ", ")
			if n := len(g.covers) - maxCoversShown; n > 0 {
				names += fmt.Sprintf(" and %d more", n) // a real portal has about 55: the hint stays a few lines
			}
			hint = "The portal's covers: " + names + ". An icon on the room's logo, drawn on the colour; → completes."
		case r.def.Flag == "lifetime":
			hint = "Files are deleted this long after they were uploaded."
		case r.def.Flag == "watermark":
			hint = "What viewers see over the room's documents: their own details, or a text."
		}
		b.WriteString("\n" + s.subtle.Render(wrap(hint, w)))
	}
	top := s.title.Render(q.heading) + "\n"
	help := s.subtle.Render(wrap(q.help, w)) + "\n"
	if g.dropped != "" {
		top += s.warn.Render(wrap(g.dropped, w)) + "\n"
	}
	body := b.String()
	if strings.Count(top+help+body, "\n")+2 > st.bodyHeight {
		help = "" // the rows and the focused row's hint matter more on a small terminal
	}
	return clipLines(top+help+"\n"+body, max(1, st.bodyHeight))
}

// choose2 is a when cond holds, else b.
func choose2[T any](cond bool, a, b T) T {
	if cond {
		return a
	}
	return b
}
