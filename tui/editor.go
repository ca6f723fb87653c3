package tui

import (
	"strings"
	"unicode"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/docspace-wizard/docspace-wizard/internal/outside"
)

// editor is the people area: a plain multi-line text buffer that takes pastes of any
// size and draws only the lines in view, so a keystroke costs the same with ten lines
// or ten thousand (bubbles' textarea re-renders every line and caps at 10,000).
type editor struct {
	lines    []string
	row, col int // cursor: line, and rune index within it
	offset   int // first line in view
	height   int
	// version bumps with every change of the text, so callers re-parse only then.
	version int
}

func newEditor(text string) editor {
	e := editor{lines: []string{""}}
	if text != "" {
		e.insert(text)
		e.row, e.col = 0, 0
	}
	return e
}

func (e *editor) runes() []rune { return []rune(e.lines[e.row]) }

// clean turns pasted text into plain lines: CRLF and CR become newlines, tabs spaces,
// other hidden characters (controls, bidi, zero-width: outside.Hidden) go.
func clean(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n':
			return r
		case r == '\t':
			return ' '
		case outside.Hidden(r):
			return -1
		}
		return r
	}, s)
}

// insert puts text at the cursor; it may span lines.
func (e *editor) insert(text string) {
	text = clean(text)
	if text == "" {
		return
	}
	cur := e.runes()
	before, after := string(cur[:e.col]), string(cur[e.col:])
	parts := strings.Split(text, "\n")
	if len(parts) == 1 {
		e.lines[e.row] = before + parts[0] + after
		e.col += len([]rune(parts[0]))
		e.version++
		return
	}
	last := parts[len(parts)-1]
	repl := make([]string, 0, len(parts))
	repl = append(repl, before+parts[0])
	repl = append(repl, parts[1:len(parts)-1]...)
	repl = append(repl, last+after)
	lines := make([]string, 0, len(e.lines)+len(parts)-1)
	lines = append(lines, e.lines[:e.row]...)
	lines = append(lines, repl...)
	lines = append(lines, e.lines[e.row+1:]...)
	e.lines = lines
	e.row += len(parts) - 1
	e.col = len([]rune(last))
	e.version++
}

// newline splits the line at the cursor.
func (e *editor) newline() { e.insert("\n") }

// backspace deletes the character before the cursor, joining lines at a line start.
func (e *editor) backspace() {
	if e.col > 0 {
		r := e.runes()
		e.lines[e.row] = string(r[:e.col-1]) + string(r[e.col:])
		e.col--
		e.version++
		return
	}
	if e.row == 0 {
		return
	}
	prev := []rune(e.lines[e.row-1])
	e.lines[e.row-1] += e.lines[e.row]
	e.lines = append(e.lines[:e.row], e.lines[e.row+1:]...)
	e.row--
	e.col = len(prev)
	e.version++
}

// del deletes the character under the cursor, joining lines at a line end.
func (e *editor) del() {
	r := e.runes()
	if e.col < len(r) {
		e.lines[e.row] = string(r[:e.col]) + string(r[e.col+1:])
		e.version++
		return
	}
	if e.row+1 >= len(e.lines) {
		return
	}
	e.lines[e.row] += e.lines[e.row+1]
	e.lines = append(e.lines[:e.row+1], e.lines[e.row+2:]...)
	e.version++
}

// deleteWordBack deletes from the cursor back to the start of the word.
func (e *editor) deleteWordBack() {
	if e.col == 0 {
		e.backspace()
		return
	}
	r := e.runes()
	i := e.col
	for i > 0 && unicode.IsSpace(r[i-1]) {
		i--
	}
	for i > 0 && !unicode.IsSpace(r[i-1]) && r[i-1] != ',' && r[i-1] != ';' {
		i--
	}
	e.lines[e.row] = string(r[:i]) + string(r[e.col:])
	e.col = i
	e.version++
}

// killToStart deletes from the line start to the cursor; killToEnd from the cursor on.
func (e *editor) killToStart() {
	if e.col == 0 {
		return
	}
	e.lines[e.row] = string(e.runes()[e.col:])
	e.col = 0
	e.version++
}

func (e *editor) killToEnd() {
	r := e.runes()
	if e.col >= len(r) {
		e.del()
		return
	}
	e.lines[e.row] = string(r[:e.col])
	e.version++
}

// moveTo puts the cursor on line row at column col, both clamped.
func (e *editor) moveTo(row, col int) {
	e.row = max(0, min(row, len(e.lines)-1))
	e.col = max(0, min(col, len(e.runes())))
}

func (e *editor) left() {
	if e.col > 0 {
		e.col--
	} else if e.row > 0 {
		e.moveTo(e.row-1, 1<<30)
	}
}

func (e *editor) right() {
	if e.col < len(e.runes()) {
		e.col++
	} else if e.row+1 < len(e.lines) {
		e.moveTo(e.row+1, 0)
	}
}

// update applies one key or paste; it reports whether the key was an editing key.
func (e *editor) update(msg tea.Msg) bool {
	switch msg := msg.(type) {
	case tea.PasteMsg:
		e.insert(msg.Content)
		return true
	case tea.KeyPressMsg:
		page := max(1, e.height-1)
		switch msg.String() {
		case "enter":
			e.newline()
		case "backspace", "ctrl+h":
			e.backspace()
		case "delete", "ctrl+d":
			e.del()
		case "alt+backspace", "ctrl+w":
			e.deleteWordBack()
		case "ctrl+u":
			e.killToStart()
		case "ctrl+k":
			e.killToEnd()
		case "left", "ctrl+b":
			e.left()
		case "right", "ctrl+f":
			e.right()
		case "up", "ctrl+p":
			e.moveTo(e.row-1, e.col)
		case "down":
			e.moveTo(e.row+1, e.col)
		case "home", "ctrl+a":
			e.col = 0
		case "end", "ctrl+e":
			e.col = len(e.runes())
		case "pgup":
			e.moveTo(e.row-page, e.col)
		case "pgdown":
			e.moveTo(e.row+page, e.col)
		case "ctrl+home":
			e.moveTo(0, 0)
		case "ctrl+end":
			e.moveTo(len(e.lines)-1, 1<<30)
		case "space":
			e.insert(" ")
		default:
			if msg.Text == "" || msg.Mod&(tea.ModCtrl|tea.ModAlt) != 0 {
				return false
			}
			e.insert(msg.Text)
		}
		return true
	}
	return false
}

// editorLook is how the editor draws text, the cursor and the placeholder.
type editorLook struct {
	text, cursor, placeholder ink
}

// view draws the lines in view, each with a gutter from mark (called only for those
// lines) and the cursor as a reversed cell; placeholder shows while the area is empty.
// noteWidth is the notes' least room: they take more where the lines leave it, so a
// name is cut only when the width needs it.
func (e *editor) view(width, noteWidth int, mark func(line int) (gutter, note string), look editorLook, placeholder string) string {
	h := max(1, e.height)
	e.offset = window(e.offset, e.row, h, len(e.lines))
	type marks struct{ gutter, note string }
	shown := make([]marks, 0, h)
	widest, longest := 0, 0
	for i := e.offset; i < min(len(e.lines), e.offset+h); i++ {
		g, n := mark(i)
		shown = append(shown, marks{g, n})
		widest = max(widest, ansiWidth(n))
		longest = max(longest, ansi.StringWidth(e.lines[i]))
	}
	if noteWidth > 0 {
		// The text keeps its longest line and the cursor cell after it.
		noteWidth = max(noteWidth, min(widest+1, width-2-(longest+1)))
	}
	textW := max(4, width-2-noteWidth)
	var b strings.Builder
	for i := e.offset; i < e.offset+h; i++ {
		if i > e.offset {
			b.WriteByte('\n')
		}
		if i >= len(e.lines) {
			continue
		}
		gutter, note := shown[i-e.offset].gutter, shown[i-e.offset].note
		b.WriteString(gutter)
		b.WriteString(" ")
		var text string
		switch {
		case i == e.row && len(e.lines) == 1 && e.lines[0] == "" && placeholder != "":
			text = look.cursor.Render(" ") + look.placeholder.Render(truncate(placeholder, textW-1))
		case i == e.row:
			text = e.cursorLine(textW, look.text, look.cursor)
		default:
			text = look.text.Render(truncate(e.lines[i], textW))
		}
		if noteWidth > 0 && note != "" {
			b.WriteString(padRight(text, textW))
			b.WriteString(" ")
			b.WriteString(truncate(note, noteWidth-1))
		} else {
			b.WriteString(text)
		}
	}
	return b.String()
}

// cursorLine draws the cursor's line, scrolled sideways to keep the cursor in view.
func (e *editor) cursorLine(w int, textStyle, cursorStyle ink) string {
	r := e.runes()
	start := 0
	if e.col >= w {
		start = e.col - w + 1
	}
	visible := r[start:]
	col := e.col - start
	under := " "
	if col < len(visible) {
		under = string(visible[col])
	}
	left := string(visible[:col])
	right := ""
	if col+1 <= len(visible) {
		right = string(visible[min(col+1, len(visible)):])
	}
	right = ansi.Truncate(right, max(0, w-ansi.StringWidth(left)-1), "…")
	return textStyle.Render(left) + cursorStyle.Render(under) + textStyle.Render(right)
}
