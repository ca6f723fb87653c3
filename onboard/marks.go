package onboard

import (
	"io"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// The marks every front-end draws, by what they mean. Each has an ASCII look-alike
// (see ASCIIText and ASCIICell) that replaces it when the locale cannot show UTF-8.
const (
	MarkDone     = "✓" // a call that succeeded; a person now in the room
	MarkFailed   = "✗" // a call or an invitation that failed
	MarkWarning  = "!" // works, but something needs attention
	MarkWorking  = "•" // a step under way, in a line-by-line log
	MarkRetrying = "↻" // a call waiting to be tried again
	MarkSame     = "=" // already so before the run
	MarkUnsure   = "?" // sent, but not confirmed
	MarkSkipped  = "-" // never sent
	Ellipsis     = "…" // more is coming, or more was cut
	Arrow        = "→" // from one access level to another
	Separator    = "·" // between the parts of a one-line count
)

// glyph is a symbol's ASCII stand-ins: cell keeps a fixed layout (one cell, as wide as
// the symbol), text reads best where nothing is aligned ("..." for "…").
type glyph struct {
	cell rune
	text string
}

// palette is every non-ASCII symbol the program draws, with its stand-ins.
var palette = map[rune]glyph{
	'✓': {'+', "+"}, '✗': {'x', "x"}, '×': {'x', "x"},
	'•': {'*', "*"}, '●': {'*', "*"},
	'…': {'~', "..."}, '↻': {'~', "~"},
	'→': {'>', "->"}, '›': {'>', ">"},
	'←': {'<', "<-"}, '‹': {'<', "<"},
	'·': {'|', "|"}, '│': {'|', "|"},
	'–': {'-', "-"}, '—': {'-', "--"}, '─': {'-', "-"}, '░': {'-', "-"},
	'↑': {'^', "^"}, '↓': {'v', "v"},
	'▌': {'#', "#"}, '█': {'#', "#"},
}

// UTF8Locale reports whether the locale in the environment can show UTF-8, as tmux
// decides it: the first of LC_ALL, LC_CTYPE and LANG that is set must name UTF-8.
// With none set the terminal is assumed to be a modern, UTF-8 one. TERM=dumb says
// nothing about the character set (Emacs' shell, screen readers show UTF-8), so it
// does not count.
func UTF8Locale(getenv func(string) string) bool {
	for _, k := range []string{"LC_ALL", "LC_CTYPE", "LANG"} {
		if v := getenv(k); v != "" {
			v = strings.ToLower(v)
			return strings.Contains(v, "utf-8") || strings.Contains(v, "utf8")
		}
	}
	return true
}

// ASCIICell is the one-cell ASCII stand-in for a symbol of the palette, for screens
// whose layout must not move; ok is false for any other character.
func ASCIICell(r rune) (rune, bool) {
	g, ok := palette[r]
	return g.cell, ok
}

// ASCIIText rewrites the palette's symbols in s as ASCII ("✓" "+", "…" "...",
// "→" "->"). Other characters (names, titles: the user's data) are left as they are.
func ASCIIText(s string) string {
	return rewrite(s, func(b *strings.Builder, r rune) {
		if g, ok := palette[r]; ok {
			b.WriteString(g.text)
		} else {
			b.WriteRune(r)
		}
	})
}

// ASCIIScreen rewrites a screen for a terminal without UTF-8, keeping its layout: the
// palette's symbols become their one-cell stand-ins, a braille spinner dot a turning
// bar, and any other character question marks of its width. Escape sequences are
// ASCII already and pass through.
func ASCIIScreen(s string) string {
	return rewrite(s, func(b *strings.Builder, r rune) {
		switch g, ok := palette[r]; {
		case ok:
			b.WriteRune(g.cell)
		case r >= 0x2800 && r <= 0x28FF: // braille: the spinner
			b.WriteByte(`|/-\`[r%4])
		default:
			b.WriteString(strings.Repeat("?", ansi.StringWidth(string(r))))
		}
	})
}

// rewrite passes each character of s beyond ASCII through one.
func rewrite(s string, one func(b *strings.Builder, r rune)) string {
	if IsASCII(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if r < utf8.RuneSelf {
			b.WriteRune(r)
		} else {
			one(&b, r)
		}
	}
	return b.String()
}

// IsASCII reports whether s has no character beyond ASCII.
func IsASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// Output is w for a UTF-8 locale and w with the palette's symbols in ASCII otherwise:
// each front-end's text streams go through it once, chosen from its environment.
func Output(w io.Writer, getenv func(string) string) io.Writer {
	if getenv == nil || UTF8Locale(getenv) {
		return w
	}
	return NewRewriter(w, ASCIIText)
}

// Rewriter passes what is written through rewrite; a character split across writes
// waits for the rest of its bytes.
type Rewriter struct {
	w       io.Writer
	rewrite func(string) string
	pending []byte
}

// NewRewriter returns a Rewriter writing rewrite(text) to w.
func NewRewriter(w io.Writer, rewrite func(string) string) *Rewriter {
	return &Rewriter{w: w, rewrite: rewrite}
}

func (a *Rewriter) Write(p []byte) (int, error) {
	buf := append(a.pending, p...)
	// Keep back an incomplete character at the end.
	cut := len(buf)
	for i := len(buf) - 1; i >= 0 && i >= len(buf)-utf8.UTFMax; i-- {
		if utf8.RuneStart(buf[i]) {
			if !utf8.FullRune(buf[i:]) {
				cut = i
			}
			break
		}
	}
	a.pending = append([]byte(nil), buf[cut:]...)
	if _, err := io.WriteString(a.w, a.rewrite(string(buf[:cut]))); err != nil {
		return 0, err
	}
	return len(p), nil
}
