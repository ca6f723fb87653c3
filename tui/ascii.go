package tui

import (
	"io"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// utf8Locale reports whether the locale in the environment can show UTF-8, as tmux
// decides it: the first of LC_ALL, LC_CTYPE and LANG that is set must name UTF-8.
// With none set the terminal is assumed to be a modern, UTF-8 one.
func utf8Locale(getenv func(string) string) bool {
	for _, k := range []string{"LC_ALL", "LC_CTYPE", "LANG"} {
		if v := getenv(k); v != "" {
			v = strings.ToLower(v)
			return strings.Contains(v, "utf-8") || strings.Contains(v, "utf8")
		}
	}
	return true
}

// asciiGlyph is the ASCII stand-in for a symbol the wizard draws, one cell wide like
// the symbol it replaces, so the layout does not move.
func asciiGlyph(r rune) (rune, bool) {
	switch r {
	case '›', '→':
		return '>', true
	case '‹', '←':
		return '<', true
	case '✓':
		return '+', true
	case '✗', '×':
		return 'x', true
	case '•', '●':
		return '*', true
	case '…', '↻':
		return '~', true
	case '·', '│':
		return '|', true
	case '–', '—', '─', '░':
		return '-', true
	case '↑':
		return '^', true
	case '↓':
		return 'v', true
	case '▌', '█':
		return '#', true
	}
	return 0, false
}

// toASCII rewrites a frame for a terminal without UTF-8 (LANG=C and the like): the
// wizard's symbols become ASCII look-alikes, the spinner's braille dots a turning
// bar, and any other character question marks of the same width. Escape sequences
// are ASCII already and pass through.
func toASCII(s string) string {
	if isASCII(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch g, ok := asciiGlyph(r); {
		case r < utf8.RuneSelf:
			b.WriteRune(r)
		case ok:
			b.WriteRune(g)
		case r >= 0x2800 && r <= 0x28FF: // braille: the spinner
			b.WriteByte(`|/-\`[r%4])
		default:
			b.WriteString(strings.Repeat("?", ansi.StringWidth(string(r))))
		}
	}
	return b.String()
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// asciiWriter passes text through toASCII; a character split across writes waits for
// the rest of its bytes.
type asciiWriter struct {
	w       io.Writer
	pending []byte
}

func (a *asciiWriter) Write(p []byte) (int, error) {
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
	if _, err := io.WriteString(a.w, toASCII(string(buf[:cut]))); err != nil {
		return 0, err
	}
	return len(p), nil
}
